import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { asNodeError, errorItem, requestOptionsFrom, validatorFor } from '../../helpers/execute';
import { readOptions } from '../common.descriptions';

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
			...readOptions,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['cardBin'], operation: ['lookup'] } }, properties);

interface ItemRequest {
	itemIndex: number;
	bins: string[];
	options: IDataObject;
}

/** A BIN goes as a JSON number, as in Oceanpayment's example, unless a leading zero would be lost. */
const wireBin = (bin: string): number | string => (bin.startsWith('0') ? bin : Number(bin));

/**
 * The answer's shape is not documented. When it is a list of objects with `card_bin`, each BIN
 * gets its own entry (or `found: false`); otherwise every item gets the whole answer.
 */
function resultsByBin(data: IDataObject): Map<string, IDataObject> | undefined {
	const list = Array.isArray(data.data) ? data.data : undefined;
	if (!list || !list.every((entry) => typeof entry === 'object' && entry !== null && 'card_bin' in entry)) return undefined;
	return new Map((list as IDataObject[]).map((entry) => [String(entry.card_bin), entry]));
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[][] = items.map(() => []);
	const requests: ItemRequest[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const bins = validatorFor(this, itemIndex).list('Card BINs', this.getNodeParameter('bins', itemIndex), {
				required: true,
				max: options.batching === false ? MAX_BINS_PER_CALL : undefined,
				pattern: /^\d{6,8}$/,
				patternHint: 'A BIN is the first 6 to 8 digits of a card number; never enter a full card number.',
			});
			requests.push({ itemIndex, bins, options });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			output[itemIndex].push(errorItem(error, itemIndex));
		}
	}
	const groups: ItemRequest[][] = [];
	const batched = requests.filter((request) => request.options.batching !== false);
	if (batched.length) groups.push(batched);
	for (const request of requests.filter((r) => r.options.batching === false)) groups.push([request]);

	for (const group of groups) {
		const unique = [...new Set(group.flatMap((request) => request.bins))];
		for (let start = 0; start < unique.length; start += MAX_BINS_PER_CALL) {
			const chunk = unique.slice(start, start + MAX_BINS_PER_CALL);
			const askers = group.filter((request) => request.bins.some((bin) => chunk.includes(bin)));
			try {
				const reply = await oceanpaymentApiRequest.call(
					this,
					'cardBin',
					{ card_bin: chunk.map(wireBin) },
					requestOptionsFrom(askers[0].options, askers[0].itemIndex, OPERATION),
				);
				const byBin = resultsByBin(reply.data);
				for (const request of askers) {
					const pairedItem = { item: request.itemIndex };
					for (const bin of request.bins.filter((b) => chunk.includes(b))) {
						const json: IDataObject = byBin
							? { cardBin: bin, found: byBin.has(bin) && byBin.get(bin)?.found !== false, ...(byBin.get(bin) ?? {}) }
							: { cardBin: bin, response: reply.data };
						output[request.itemIndex].push({ json, pairedItem });
					}
				}
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(this, error, askers[0].itemIndex);
				for (const request of askers) output[request.itemIndex].push(errorItem(error, request.itemIndex));
			}
		}
	}
	return output.flat();
}
