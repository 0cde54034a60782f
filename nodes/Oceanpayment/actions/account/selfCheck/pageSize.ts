import type { IDataObject } from 'n8n-workflow';

import type { GatewayReply } from '../../../transport';
import type { EndpointDefinition } from '../../../transport/catalogue';
import type { Probe } from './probes';

/** The page size a list answer shows, next to the one the package expects. */
export function checkPageSize(endpoint: EndpointDefinition, probe: Probe, reply: GatewayReply | undefined): IDataObject | undefined {
	const rule = endpoint.pageSize;
	if (!rule) return undefined;
	const sent = rule.field !== undefined && probe.fields[rule.field] !== undefined ? Number(probe.fields[rule.field]) : undefined;
	const expected = sent ?? rule.size;
	const base = { grade: rule.grade, field: rule.field ?? null, sent: sent ?? null, packageExpects: expected ?? null };
	if (!reply?.outcome.success) return { ...base, verdict: 'not checked' };
	const count = Number.parseInt(String(reply.data.count ?? ''), 10);
	const totalPages = Number.parseInt(String(reply.data.totalpages ?? ''), 10);
	// Only a full page shows the size: more records match than the page holds.
	const observed = Number.isFinite(count) && count > reply.records.length ? reply.records.length : undefined;
	const verdict =
		observed === undefined
			? 'cannot tell: every record fits on one page'
			: expected === undefined
				? `the gateway's page size is ${observed}`
				: observed === expected
					? 'fits'
					: 'differs';
	return {
		...base,
		records: reply.records.length,
		count: Number.isFinite(count) ? count : null,
		totalPages: Number.isFinite(totalPages) ? totalPages : null,
		observed: observed ?? null,
		verdict,
	};
}
