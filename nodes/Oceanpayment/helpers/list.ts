import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { EndpointId } from '../transport/catalogue';
import { toGatewayDate } from '../transport/dates';
import { forEachItem, requestOptionsFrom, validatorFor, type RunContext } from './execute';
import { fetchPages } from './paging';
import { withoutEnvelope } from './simplify';
import type { InputValidator } from './validation';

export interface ListOperation {
	endpoint: EndpointId;
	operation: string;
	/** How far back the gateway serves this list. */
	windowDays: number;
	omitFirstPage?: boolean;
	/** Filters and page size of this list, read and checked per item. */
	extraFields?: (this: IExecuteFunctions, itemIndex: number, validator: InputValidator) => IDataObject;
	simplify: (record: IDataObject, zone: string) => IDataObject;
}

/** One date-range list query per item, paged, each record its own output item. */
export async function executeList(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	list: ListOperation,
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const validator = validatorFor(this, itemIndex);
		const range = validator.dateRange(
			'Start Date',
			this.getNodeParameter('startDate', itemIndex),
			'End Date',
			this.getNodeParameter('endDate', itemIndex),
			{ workflowZone: run.workflowZone, now: run.now, windowDays: list.windowDays },
		);
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? 0 : (this.getNodeParameter('limit', itemIndex, 50) as number);
		if (!returnAll && (!Number.isInteger(limit) || limit < 1)) throw validator.fail('Limit', 'must be a whole number of at least 1');
		const fields: IDataObject = {
			order_beginDate: toGatewayDate(range.start, run.gatewayZone),
			order_endDate: toGatewayDate(range.end, run.gatewayZone),
			...(list.extraFields ? list.extraFields.call(this, itemIndex, validator) : {}),
		};
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const { records } = await fetchPages.call(this, {
			endpoint: list.endpoint,
			fields,
			returnAll,
			limit,
			omitFirstPage: list.omitFirstPage,
			request: requestOptionsFrom(options, itemIndex, list.operation),
		});
		return records.map((record) => (simplify ? list.simplify(record, run.gatewayZone) : withoutEnvelope(record)));
	});
}
