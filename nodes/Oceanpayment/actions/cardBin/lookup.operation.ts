import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest, type RequestOptions } from '../../transport';
import { executeBatched } from '../../helpers/batch';
import { requestOptionsFrom, type RunContext } from '../../helpers/execute';
import type { OperationOutput } from '../../helpers/output';
import { MAX_PARALLEL_CALLS, parallelCallsOption, readOptions } from '../common.descriptions';

export const MAX_BINS_PER_CALL = 100;
const OPERATION = 'Card BIN › Lookup';

const properties: INodeProperties[] = [
	{
		displayName: 'Card BINs',
		name: 'bins',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 411111 or 411111,545454',
		description: 'The first 6 to 8 digits of card numbers, separated by commas. Never enter full card numbers.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Items',
				name: 'batching',
				type: 'boolean',
				default: true,
				description: 'Whether to combine the BINs of all input items into as few calls as possible (up to 100 each)',
			},
			parallelCallsOption,
			...readOptions,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['cardBin'], operation: ['lookup'] } }, properties);

export const output: OperationOutput = {
	title: 'One card BIN',
	fields: {
		cardBin: { type: 'string', description: 'The BIN asked about' },
		found: { type: 'boolean', optional: true, description: 'Whether the gateway knows the BIN (absent when its answer is not a list of BINs)' },
		response: { type: 'object', optional: true, description: "The gateway's whole answer, when it is not a list of BINs" },
	},
	gatewayFields: "the gateway's fields for the BIN, whose names Oceanpayment does not document (e.g. brand, type, level, issuer and country)",
};

/** A BIN goes as a JSON number, as in Oceanpayment's example, unless a leading zero would be lost. */
const wireBin = (bin: string): number | string => (bin.startsWith('0') ? bin : Number(bin));

/**
 * The answer's shape is not documented. When it is a list of objects with `card_bin`, each BIN
 * gets its own entry (or `found: false`); otherwise each BIN gets the whole answer.
 */
function resultsByBin(bins: string[], data: IDataObject): Map<string, IDataObject> {
	const list = Array.isArray(data.data) ? data.data : undefined;
	if (!list || !list.every((entry) => typeof entry === 'object' && entry !== null && 'card_bin' in entry)) {
		return new Map(bins.map((bin) => [bin, { response: data }]));
	}
	const byBin = new Map((list as IDataObject[]).map((entry) => [String(entry.card_bin), entry]));
	return new Map(bins.map((bin) => [bin, { found: byBin.has(bin) && byBin.get(bin)?.found !== false, ...(byBin.get(bin) ?? {}) }]));
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await executeBatched<IDataObject, { request: RequestOptions }>(this, items, run, {
		maxPerCall: MAX_BINS_PER_CALL,
		read: (parameters) => {
			const batching = parameters.flag('options.batching', 'Batch Items', true);
			const keys = parameters.list('bins', 'Card BINs', {
				required: true,
				max: batching ? undefined : MAX_BINS_PER_CALL,
				pattern: /^\d{6,8}$/,
				patternHint: 'A BIN is the first 6 to 8 digits of a card number; never enter a full card number.',
				maskCardNumbers: true,
			});
			return { keys, batching, parallelCalls: parameters.wholeNumber('options.parallelCalls', 'Parallel Calls', { fallback: 1, min: 1, max: MAX_PARALLEL_CALLS }), settings: { request: requestOptionsFrom(parameters, OPERATION) } };
		},
		lookup: async (bins, asker) => {
			const reply = await oceanpaymentApiRequest.call(this, 'cardBin', { card_bin: bins.map(wireBin) }, asker.settings.request);
			return resultsByBin(bins, reply.data);
		},
		toItems: (bin, result) => [{ cardBin: bin, ...(result ?? { found: false }) }],
	});
}
