import type { IDataObject } from 'n8n-workflow';

import type { EndpointId } from '../transport/catalogue';
import { oceanpaymentApiRequest, type OceanpaymentContext, type RequestOptions } from '../transport';

export interface PageRequest {
	endpoint: EndpointId;
	fields: IDataObject;
	returnAll: boolean;
	limit: number;
	/** Stop after this many pages even under Return All (a bounded sample). */
	maxPages?: number;
	request: RequestOptions;
	/**
	 * Whether to leave `pages` out of the first request. The successful-orders signature is
	 * CONFIRMED only without `pages` (page 1 is the default), so page 1 is asked for that way.
	 */
	omitFirstPage?: boolean;
}

export interface PageResult {
	records: IDataObject[];
	calls: number;
	/** The gateway's total number of matching records, when it said. */
	total?: number;
}

/** Follows `pages`/`totalpages` until every record (or `limit` records) has been read. */
export async function fetchPages(this: OceanpaymentContext, page: PageRequest): Promise<PageResult> {
	const records: IDataObject[] = [];
	let total: number | undefined;
	let calls = 0;
	for (let current = 1; ; current++) {
		const fields = { ...page.fields };
		if (!(current === 1 && page.omitFirstPage)) fields.pages = String(current);
		const reply = await oceanpaymentApiRequest.call(this, page.endpoint, fields, page.request);
		calls++;
		const count = Number.parseInt(String(reply.data.count ?? ''), 10);
		if (Number.isFinite(count)) total = count;
		records.push(...reply.records);
		if (!page.returnAll && records.length >= page.limit) return { records: records.slice(0, page.limit), calls, total };
		const totalPages = Number.parseInt(String(reply.data.totalpages ?? ''), 10);
		// `totalpages` may be empty (documented for disputes); then the total count decides.
		const lastPage = Number.isFinite(totalPages)
			? current >= totalPages
			: total === undefined || records.length >= total;
		if (reply.records.length === 0 || lastPage || current === page.maxPages) return { records, calls, total };
	}
}
