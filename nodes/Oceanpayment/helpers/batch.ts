import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError, errorItem, type RunContext } from './execute';
import type { ItemParameters } from './parameters';

export interface BatchRequest<Settings = unknown> {
	itemIndex: number;
	keys: string[];
	batching: boolean;
	/** How many of the node's calls may be in flight at once (the option Parallel Calls). */
	parallelCalls: number;
	parameters: ItemParameters;
	/** The item's other parameters, read with its keys (before any call). */
	settings: Settings;
}

/**
 * A lookup that answers many keys per call (order numbers, card BINs). With batching on, the
 * keys of all items share calls (each key asked once) and every answer goes back to each item
 * that asked for it; with batching off, each item makes its own calls.
 */
export interface BatchedLookup<Result, Settings> {
	maxPerCall: number;
	/** Batched items share calls only with items of the same group (e.g. the same Terminal); default: one group. */
	groupOf?: (settings: Settings) => string;
	/** Reads and checks an item's keys and other parameters; throws for bad input. */
	read(parameters: ItemParameters): { keys: string[]; batching: boolean; parallelCalls: number; settings: Settings };
	/** One gateway call for `keys` on behalf of `asker` (errors name that item). */
	lookup(keys: string[], asker: BatchRequest<Settings>): Promise<Map<string, Result>>;
	/**
	 * Output items for one key of one item; `result` is undefined when the answer had nothing for
	 * that key. Throwing fails that item only.
	 */
	toItems(key: string, result: Result | undefined, request: BatchRequest<Settings>): IDataObject[];
}

export async function executeBatched<Result, Settings>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	lookup: BatchedLookup<Result, Settings>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[][] = items.map(() => []);
	const requests: Array<BatchRequest<Settings>> = [];
	const fail = (error: unknown, itemIndex: number) => {
		if (!context.continueOnFail()) throw asNodeError(context, error, itemIndex);
		output[itemIndex] = [errorItem(error, itemIndex)];
	};

	// Every item is checked before the first call.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const parameters = run.parameters.item(itemIndex);
		try {
			requests.push({ itemIndex, parameters, ...lookup.read(parameters) });
		} catch (error) {
			fail(error, itemIndex);
		}
	}

	// Loops, not spreads or recursion, over items and keys: a million items must not overflow the stack.
	const batchedGroups = new Map<string, Array<BatchRequest<Settings>>>();
	for (const request of requests) {
		if (!request.batching) continue;
		const key = lookup.groupOf ? lookup.groupOf(request.settings) : '';
		const group = batchedGroups.get(key);
		if (group) group.push(request);
		else batchedGroups.set(key, [request]);
	}
	const groups: Array<Array<BatchRequest<Settings>>> = Array.from(batchedGroups.values());
	for (const request of requests) if (!request.batching) groups.push([request]);

	// The calls of every group, in order; each key asked once per group, on behalf of the first item asking.
	const jobs: Array<{ group: number; chunk: string[]; asker: BatchRequest<Settings> }> = [];
	const jobsOfGroup: number[][] = groups.map(() => []);
	groups.forEach((group, index) => {
		const askers = new Map<string, BatchRequest<Settings>>();
		for (const request of group) for (const key of request.keys) if (!askers.has(key)) askers.set(key, request);
		const unique = Array.from(askers.keys());
		for (let start = 0; start < unique.length; start += lookup.maxPerCall) {
			const chunk = unique.slice(start, start + lookup.maxPerCall);
			jobsOfGroup[index].push(jobs.length);
			jobs.push({ group: index, chunk, asker: askers.get(chunk[0]) ?? group[0] });
		}
	});
	// Up to Parallel Calls at once (the smallest any item asks for); read-only calls only.
	let width = Infinity;
	for (const request of requests) width = Math.min(width, request.parallelCalls);
	width = Math.max(1, Number.isFinite(width) ? width : 1);
	const settled: Array<{ ok: true; value: Map<string, Result> } | { ok: false; error: unknown }> = new Array(jobs.length);
	let next = 0;
	const worker = async () => {
		while (next < jobs.length) {
			const index = next++;
			const { chunk, asker } = jobs[index];
			try {
				settled[index] = { ok: true, value: await lookup.lookup(chunk, asker) };
			} catch (error) {
				settled[index] = { ok: false, error };
				// Without Continue On Fail the node stops at the first failed call: start no more.
				if (!context.continueOnFail()) next = jobs.length;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));

	for (const [index, group] of groups.entries()) {
		const results = new Map<string, Result>();
		const failures = new Map<string, unknown>();
		for (const jobIndex of jobsOfGroup[index]) {
			const job = jobs[jobIndex];
			const outcome = settled[jobIndex];
			if (!outcome) continue;
			if (outcome.ok) for (const [key, result] of outcome.value) results.set(key, result);
			else {
				if (!context.continueOnFail()) throw asNodeError(context, outcome.error, job.asker.itemIndex);
				for (const key of job.chunk) failures.set(key, outcome.error);
			}
		}
		for (const request of group) {
			const failed = request.keys.find((key) => failures.has(key));
			if (failed !== undefined) {
				output[request.itemIndex].push(errorItem(failures.get(failed), request.itemIndex));
				continue;
			}
			try {
				const jsons = request.keys.flatMap((key) => lookup.toItems(key, results.get(key), request));
				for (const json of jsons) output[request.itemIndex].push({ json, pairedItem: { item: request.itemIndex } });
			} catch (error) {
				fail(error, request.itemIndex);
			}
		}
	}
	return output.flat();
}
