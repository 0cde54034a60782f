import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { EndpointId } from '../transport/catalogue';
import { toGatewayDate } from '../transport/dates';
import { forEachItem, requestOptionsFrom, type RunContext } from './execute';
import { fetchPages } from './paging';
import type { ItemParameters } from './parameters';
import { withoutEnvelope } from './simplify';
import { onTerminal, readTerminals, withTerminal } from './terminalChoice';

export interface ListOperation {
	endpoint: EndpointId;
	operation: string;
	/** How far back the gateway serves this list. */
	windowDays: number;
	omitFirstPage?: boolean;
	/** Filters and page size of this list, read and checked per item. */
	extraFields?: (parameters: ItemParameters) => IDataObject;
	simplify: (record: IDataObject, zone: string) => IDataObject;
	/** The gateway-time field two terminals' records are merged by (oldest first), given the request's fields. */
	mergeField: (fields: IDataObject) => string;
}

/**
 * Two sorted runs merged by a gateway time text ("yyyy-MM-dd HH:mm:ss" sorts as text), stable:
 * on a tie the earlier run's record comes first. Neither run is reordered.
 */
export function mergeByTime<T extends { at: string }>(runs: T[][]): T[] {
	const merged: T[] = [];
	const next = runs.map(() => 0);
	for (;;) {
		let pick = -1;
		for (let run = 0; run < runs.length; run++) {
			if (next[run] >= runs[run].length) continue;
			if (pick === -1 || runs[run][next[run]].at < runs[pick][next[pick]].at) pick = run;
		}
		if (pick === -1) return merged;
		merged.push(runs[pick][next[pick]++]);
	}
}

/** One date-range list query per item, paged, each record its own output item. */
export async function executeList(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	list: ListOperation,
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, run, async (parameters) => {
		const range = parameters.dateRange(
			{ name: 'startDate', label: 'Start Date' },
			{ name: 'endDate', label: 'End Date' },
			{ workflowZone: run.workflowZone, now: run.now, windowDays: list.windowDays },
		);
		const returnAll = parameters.flag('returnAll', 'Return All', false);
		const limit = returnAll ? 0 : parameters.wholeNumber('limit', 'Limit', { fallback: 50, min: 1 });
		const fields: IDataObject = {
			order_beginDate: toGatewayDate(range.start, run.gatewayZone),
			order_endDate: toGatewayDate(range.end, run.gatewayZone),
			...(list.extraFields ? list.extraFields(parameters) : {}),
		};
		const simplify = parameters.flag('simplify', 'Simplify', true);
		const terminals = readTerminals(parameters, run.terminals);
		const request = requestOptionsFrom(parameters, list.operation);
		const mergeField = list.mergeField(fields);
		// Each terminal's list up to Limit, then merged by time and cut to Limit: Limit holds across both.
		const runs: Array<Array<{ at: string; json: IDataObject }>> = [];
		for (const terminal of terminals) {
			const { records } = await fetchPages.call(
				this,
				{ endpoint: list.endpoint, fields, returnAll, limit, omitFirstPage: list.omitFirstPage, request: onTerminal(request, terminal) },
				(record) => ({
					at: String(record[mergeField] ?? ''),
					json: withTerminal(simplify ? list.simplify(record, run.gatewayZone) : withoutEnvelope(record), terminal, run.terminals),
				}),
			);
			runs.push(records as unknown as Array<{ at: string; json: IDataObject }>);
		}
		const merged = runs.length === 1 ? runs[0] : mergeByTime(runs);
		return (returnAll ? merged : merged.slice(0, limit)).map((entry) => entry.json);
	});
}
