import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { EndpointId } from '../transport/catalogue';
import { toGatewayDate } from '../transport/dates';
import { forEachItem, requestOptionsFrom, type RunContext } from './execute';
import { fetchPages } from './paging';
import type { ItemParameters } from './parameters';
import { withoutEnvelope } from './simplify';

export interface ListOperation {
	endpoint: EndpointId;
	operation: string;
	/** How far back the gateway serves this list. */
	windowDays: number;
	omitFirstPage?: boolean;
	/** Filters and page size of this list, read and checked per item. */
	extraFields?: (parameters: ItemParameters) => IDataObject;
	simplify: (record: IDataObject, zone: string) => IDataObject;
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
		const { records } = await fetchPages.call(
			this,
			{
				endpoint: list.endpoint,
				fields,
				returnAll,
				limit,
				omitFirstPage: list.omitFirstPage,
				request: requestOptionsFrom(parameters, list.operation),
			},
			(record) => (simplify ? list.simplify(record, run.gatewayZone) : withoutEnvelope(record)),
		);
		return records;
	});
}
