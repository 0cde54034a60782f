/**
 * The one table of Oceanpayment endpoints. The credential signs from it, the transport sends
 * and interprets responses from it, and the endpoint table of docs/self-check.md is checked against it.
 * A new endpoint is one row. Grades (CONFIRMED / INFERRED / UNKNOWN) come from
 * shared/oceanpayment-api.md and are repeated here so that nobody mistakes a guess for a fact.
 */
import { moneyEndpoints } from './money';
import { orderEndpoints } from './orders';
import { pincEndpoints } from './pinc';
import type { EndpointDefinition, HostFamily } from './types';
import { uploadEndpoints } from './uploads';

export type { AnswerShape, EndpointDefinition, Grade, HostFamily, ResultRule } from './types';
export { REJECTION_CODES, TRACKING_RESULT_MESSAGES } from './codes';

/** Every row, in the order the tables were written: orders, money, uploads, pinc. */
const endpointList = [...orderEndpoints, ...moneyEndpoints, ...uploadEndpoints, ...pincEndpoints] as const;

export type EndpointId = (typeof endpointList)[number]['id'];

export const ENDPOINTS: Readonly<Record<EndpointId, EndpointDefinition>> = Object.fromEntries(
	endpointList.map((endpoint) => [endpoint.id, endpoint]),
) as unknown as Record<EndpointId, EndpointDefinition>;

/** Looks an endpoint up by the path of a request URL (absolute or relative, query ignored). */
export function findEndpointByUrl(url: string | undefined): EndpointDefinition | undefined {
	if (!url) return undefined;
	const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0].replace(/\/+$/, '');
	return endpointList.find((endpoint) => path === endpoint.path || path.endsWith(endpoint.path)) as
		| EndpointDefinition
		| undefined;
}

/** Production and sandbox base URLs of each host family (shared/oceanpayment-api.md §2.1). */
export const BASE_URLS: Readonly<Record<'production' | 'sandbox', Record<HostFamily, string>>> = {
	production: {
		query: 'https://query.oceanpayment.com',
		gateway: 'https://secure.oceanpayment.com',
		checkout: 'https://checkout.oceanpayment.com',
	},
	sandbox: {
		query: 'https://test-query.oceanpayment.com',
		gateway: 'https://test-secure.oceanpayment.com',
		checkout: 'https://test-checkout.oceanpayment.com',
	},
};
