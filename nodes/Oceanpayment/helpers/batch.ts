import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError, errorItem } from './execute';

export interface BatchRequest {
	itemIndex: number;
	keys: string[];
	options: IDataObject;
}

/**
 * A lookup that answers many keys per call (order numbers, card BINs). With batching on, the
 * keys of all items share calls (each key asked once) and every answer goes back to each item
 * that asked for it; with batching off, each item makes its own calls.
 */
export interface BatchedLookup<Result> {
	maxPerCall: number;
	/** Reads and checks an item's keys and options; throws for bad input. */
	read(itemIndex: number): Omit<BatchRequest, 'itemIndex'>;
	/** One gateway call for `keys` on behalf of `asker` (errors name that item). */
	lookup(keys: string[], asker: BatchRequest): Promise<Map<string, Result>>;
	/** Output items for one key of one item; `result` is undefined when the gateway had none. */
	toItems(key: string, result: Result | undefined, request: BatchRequest): IDataObject[];
}

export async function executeBatched<Result>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	lookup: BatchedLookup<Result>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[][] = items.map(() => []);
	const requests: BatchRequest[] = [];

	// Every item is checked before the first call.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			requests.push({ itemIndex, ...lookup.read(itemIndex) });
		} catch (error) {
			if (!context.continueOnFail()) throw asNodeError(context, error, itemIndex);
			output[itemIndex].push(errorItem(error, itemIndex));
		}
	}

	const batched = requests.filter((request) => request.options.batching !== false);
	const groups = [...(batched.length ? [batched] : []), ...requests.filter((r) => r.options.batching === false).map((r) => [r])];

	for (const group of groups) {
		const unique = [...new Set(group.flatMap((request) => request.keys))];
		const results = new Map<string, Result>();
		const failures = new Map<string, unknown>();
		for (let start = 0; start < unique.length; start += lookup.maxPerCall) {
			const chunk = unique.slice(start, start + lookup.maxPerCall);
			const asker = group.find((request) => request.keys.some((key) => chunk.includes(key))) ?? group[0];
			try {
				for (const [key, result] of await lookup.lookup(chunk, asker)) results.set(key, result);
			} catch (error) {
				if (!context.continueOnFail()) throw asNodeError(context, error, asker.itemIndex);
				for (const key of chunk) failures.set(key, error);
			}
		}
		for (const request of group) {
			const failed = request.keys.find((key) => failures.has(key));
			if (failed !== undefined) {
				output[request.itemIndex].push(errorItem(failures.get(failed), request.itemIndex));
				continue;
			}
			for (const key of request.keys) {
				for (const json of lookup.toItems(key, results.get(key), request)) {
					output[request.itemIndex].push({ json, pairedItem: { item: request.itemIndex } });
				}
			}
		}
	}
	return output.flat();
}
