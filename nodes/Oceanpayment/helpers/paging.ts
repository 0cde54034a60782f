import type { IDataObject } from 'n8n-workflow';

import type { EndpointId } from '../transport/catalogue';
import { oceanpaymentApiRequest, type OceanpaymentContext, type RequestOptions } from '../transport';

export interface PageRequest {
	endpoint: EndpointId;
	fields: IDataObject;
	request: RequestOptions;
	/**
	 * Whether to leave `pages` out of the first request. The successful-orders signature is
	 * CONFIRMED only without `pages` (page 1 is the default), so page 1 is asked for that way.
	 */
	omitFirstPage?: boolean;
}

export interface Page {
	records: IDataObject[];
	/** Pages the query has, when the answer says (`totalpages`, or `count` over the page size). */
	totalPages?: number;
	/** The gateway's total number of matching records, when it said. */
	total?: number;
}

/** One page of a list query. */
export async function readPage(this: OceanpaymentContext, query: PageRequest, page: number): Promise<Page> {
	const fields = { ...query.fields };
	if (!(page === 1 && query.omitFirstPage)) fields.pages = String(page);
	const reply = await oceanpaymentApiRequest.call(this, query.endpoint, fields, query.request);
	const total = Number.parseInt(String(reply.data.count ?? ''), 10);
	const totalPages = Number.parseInt(String(reply.data.totalpages ?? ''), 10);
	return {
		records: reply.records,
		total: Number.isFinite(total) ? total : undefined,
		// `totalpages` may be empty (documented for disputes); then the total count decides.
		totalPages: Number.isFinite(totalPages)
			? totalPages
			: Number.isFinite(total) && page === 1
				? reply.records.length === 0
					? 1
					: Math.ceil(total / reply.records.length)
				: undefined,
	};
}

export interface FetchRequest extends PageRequest {
	returnAll: boolean;
	limit: number;
	/** Stop after this many pages even under Return All (a bounded sample). */
	maxPages?: number;
}

export interface FetchResult {
	/** The records, or the items `toItem` made of them. */
	records: IDataObject[];
	calls: number;
	total?: number;
}

/**
 * Follows `pages`/`totalpages` until every record (or `limit` records) has been read. With
 * `toItem`, each page's records become items before the next page is asked for, so only one
 * page of XML and parsed records is held at a time.
 */
export async function fetchPages(
	this: OceanpaymentContext,
	query: FetchRequest,
	toItem: (record: IDataObject) => IDataObject = (record) => record,
): Promise<FetchResult> {
	const items: IDataObject[] = [];
	let totalPages: number | undefined;
	let total: number | undefined;
	for (let current = 1; ; current++) {
		const page = await readPage.call(this, query, current);
		if (current === 1) totalPages = page.totalPages;
		total = page.total ?? total;
		for (const record of page.records) {
			if (!query.returnAll && items.length >= query.limit) break;
			items.push(toItem(record));
		}
		if (!query.returnAll && items.length >= query.limit) return { records: items, calls: current, total };
		const lastPage = totalPages === undefined || current >= totalPages;
		if (page.records.length === 0 || lastPage || current === query.maxPages) return { records: items, calls: current, total };
	}
}
