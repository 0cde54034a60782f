import {
	NodeApiError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { executeBatched } from '../../helpers/batch';
import { addHints, listed } from '../../helpers/hints';
import type { RequestOptions } from '../../transport';
import { requestOptionsFrom, type RunContext } from '../../helpers/execute';
import { adviceFor, describeUnclear, unclearAbsence } from '../../helpers/orderAbsence';
import { MAX_ORDER_NUMBERS_PER_CALL, queryOrderStatus, type OrderStatusAnswer } from '../../helpers/orderStatus';
import { anyOf, type OperationOutput } from '../../helpers/output';
import { NOT_FOUND_FIELDS, PAYMENT_FIELDS, notFoundStatus, simplifyPaymentInfo, withoutEnvelope } from '../../helpers/simplify';
import { MAX_PARALLEL_CALLS, parallelCallsOption, readOptions, simplifyField } from '../common.descriptions';
import { TERMINAL_FIELDS, onTerminal, readTerminals, terminalReadOption, withTerminal } from '../../helpers/terminalChoice';
import type { CredentialTerminal } from '../../transport/terminals';

export { MAX_ORDER_NUMBERS_PER_CALL };
const OPERATION = 'Order › Get Status';

const properties: INodeProperties[] = [
	{
		displayName: 'Order Numbers',
		name: 'orderNumbers',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1001 or 1001,1002',
		description:
			'Your order number(s) as sent to Oceanpayment at checkout, separated by commas. Orders of the last 6 months only.',
	},
	simplifyField,
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
				description:
					'Whether to combine the order numbers of all input items into as few calls as possible (up to 100 numbers each). Turn off to make one call per item.',
			},
			parallelCallsOption,
			terminalReadOption,
			...readOptions,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['getStatus'] } }, properties);

export const output: OperationOutput = {
	title: 'One payment of an order number (newest first), or the order number with found: false when it has none',
	fields: { ...anyOf(PAYMENT_FIELDS, NOT_FOUND_FIELDS), ...TERMINAL_FIELDS },
};

/** What each terminal asked said about one order number (undefined: its answer had no entry). */
type TerminalAnswers = Array<{ terminal: CredentialTerminal; answer: OrderStatusAnswer | undefined }>;

/**
 * Looks order numbers up in calls of at most 100. With batching on, the numbers of all items
 * share calls (duplicates asked once) and each answer goes back to every item that asked.
 * An order the gateway reports without payments comes back `found: false` with the gateway's
 * text; an order the answer does not mention at all fails its item (its status is unknown), and
 * so does, with Both, a terminal that answers with a refusal rather than "no such order".
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	const notFound = new Set<string>();
	const output = await executeBatched<TerminalAnswers, { simplify: boolean; request: RequestOptions; terminals: CredentialTerminal[] }>(this, items, run, {
		maxPerCall: MAX_ORDER_NUMBERS_PER_CALL,
		// Items asking other terminals never share a call.
		groupOf: (settings) => settings.terminals.map((terminal) => terminal.role).join(','),
		read: (parameters) => {
			const batching = parameters.flag('options.batching', 'Batch Items', true);
			const keys = parameters.list('orderNumbers', 'Order Numbers', {
				required: true,
				maxLength: 50,
				max: batching ? undefined : MAX_ORDER_NUMBERS_PER_CALL,
			});
			const settings = { simplify: parameters.flag('simplify', 'Simplify', true), request: requestOptionsFrom(parameters, OPERATION), terminals: readTerminals(parameters, run.terminals) };
			return { keys, batching, parallelCalls: parameters.wholeNumber('options.parallelCalls', 'Parallel Calls', { fallback: 1, min: 1, max: MAX_PARALLEL_CALLS }), settings };
		},
		lookup: async (orderNumbers, asker) => {
			// Both terminals: one call each for the same numbers, the answers kept per terminal.
			const merged = new Map<string, TerminalAnswers>(orderNumbers.map((number) => [number, []]));
			for (const terminal of asker.settings.terminals) {
				const answers = await queryOrderStatus.call(this, orderNumbers, onTerminal(asker.settings.request, terminal));
				for (const number of orderNumbers) merged.get(number)?.push({ terminal, answer: answers.get(number) });
			}
			return merged;
		},
		toItems: (orderNumber, answers, request) => {
			// An answer without the number, from any terminal asked, leaves its status unknown.
			const missing = answers?.find((part) => !part.answer);
			if (!answers || missing) {
				const on = missing && run.terminals.length > 1 ? ` of the ${missing.terminal.label} terminal ${missing.terminal.terminal}` : '';
				throw new NodeApiError(this.getNode(), { message: `no entry for order number ${orderNumber}` }, {
					message: `${OPERATION} failed: the gateway's answer${on} had no entry for order number "${orderNumber}", so its status is unknown`,
					description: 'The gateway answers every order number it is asked about, even unknown ones; an answer without it cannot be read as "not found". Try again, and report it if it persists.',
					itemIndex: request.itemIndex,
				});
			}
			// Both: a terminal that refuses (in its record) was not read, so neither "not found" nor the
			// other terminal's payments alone would be the whole answer.
			if (answers.length > 1) {
				for (const { terminal, answer } of answers) {
					const unclear = answer && unclearAbsence(answer);
					if (!unclear) continue;
					throw new NodeApiError(this.getNode(), { message: `order number ${orderNumber} not answered by terminal ${terminal.terminal}` }, {
						message: `${OPERATION} failed: the ${terminal.label} terminal ${terminal.terminal} did not answer about order number "${orderNumber}": it said ${describeUnclear(unclear)}, so its status on that terminal is unknown`,
						description: `${adviceFor(unclear, terminal)} To read the other terminal alone, choose it in Options › Terminal.`,
						itemIndex: request.itemIndex,
					});
				}
			}
			const raw = !request.settings.simplify;
			const payments = answers.flatMap(({ terminal, answer }) => (answer?.payments ?? []).map((payment) => ({ terminal, payment })));
			if (payments.length === 0) {
				notFound.add(orderNumber);
				const emptyEntry = answers[0].answer?.emptyEntry;
				const item = raw && emptyEntry ? { ...withoutEnvelope(emptyEntry), found: false } : notFoundStatus(orderNumber, emptyEntry);
				// Not found on any terminal asked: the item names them all.
				return [run.terminals.length > 1 ? { ...item, terminal: answers.map((part) => part.terminal.terminal).join(',') } : item];
			}
			return payments.map(({ terminal, payment }) => withTerminal(raw ? withoutEnvelope(payment) : simplifyPaymentInfo(payment, run.gatewayZone), terminal, run.terminals));
		},
	});
	const numbers = [...notFound];
	addHints(this, numbers.length === 0 ? [] : [`${numbers.length === 1 ? `1 order number was` : `${numbers.length} order numbers were`} not found: ${listed(numbers)} (they come out with found: false)`]);
	return output;
}
