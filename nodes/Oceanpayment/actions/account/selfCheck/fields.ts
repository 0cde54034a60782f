import type { IDataObject } from 'n8n-workflow';

import type { GatewayReply } from '../../../transport';
import type { EndpointDefinition } from '../../../transport/catalogue';
import { scalar } from './judge';

/** The answer's fields next to the ones the package reads. */

const ENVELOPE = ['account', 'terminal', 'signValue'];
/** The fields a status record about an order without payments has (its payment fields it cannot have). */
const NOT_FOUND_RECORD_FIELDS = ['order_number', 'payment_results', 'payment_details'];

export function checkFields(endpoint: EndpointDefinition, reply: GatewayReply | undefined): IDataObject {
	const shape = endpoint.answer;
	if (!reply) return { grade: shape.grade, verdict: 'not checked', reason: 'no answer the package can read' };
	const known = new Set<string>([
		...ENVELOPE,
		...shape.reads,
		...(shape.recordReads ?? []),
		...(shape.alsoKnown ?? []),
		...endpoint.results.flatMap((rule) => [rule.field, ...(rule.messageFields ?? [])]),
		...(endpoint.recordElement ? [endpoint.recordElement] : []),
	]);
	// A refusal has its own, smaller shape: only its result field is expected there.
	const decidingRule = endpoint.results.find((rule) => scalar(reply.data[rule.field]));
	const expected = reply.outcome.success ? [...shape.reads] : decidingRule ? [decidingRule.field] : [];
	const missing = expected.filter((name) => !(name in reply.data));
	const added = new Set(Object.keys(reply.data).filter((name) => !known.has(name)));
	const recordExpected = reply.outcome.success ? (shape.recordReads ?? []) : [];
	for (const record of reply.records) {
		// A record without a payment ("order does not exist") cannot have the payment's fields.
		const expectedHere = String(record.payment_id ?? '').trim() === '' ? recordExpected.filter((name) => NOT_FOUND_RECORD_FIELDS.includes(name)) : recordExpected;
		for (const name of expectedHere) if (!(name in record)) missing.push(`${endpoint.recordElement}.${name}`);
		for (const name of Object.keys(record)) if (!known.has(name)) added.add(`${endpoint.recordElement}.${name}`);
	}
	const missingOnce = [...new Set(missing)];
	return {
		grade: shape.grade,
		verdict: missingOnce.length === 0 && added.size === 0 ? 'as expected' : 'differs',
		expected: [...expected, ...(reply.records.length > 0 ? recordExpected.map((name) => `${endpoint.recordElement}.${name}`) : [])],
		missing: missingOnce,
		new: [...added],
		recordsChecked: reply.records.length,
		...(endpoint.recordElement && reply.outcome.success && reply.records.length === 0 ? { note: 'no records, so the record fields were not checked' } : {}),
	};
}
