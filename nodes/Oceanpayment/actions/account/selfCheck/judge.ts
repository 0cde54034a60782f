import type { IDataObject } from 'n8n-workflow';

import { classifyRejection, type GatewayReply } from '../../../transport';
import type { EndpointDefinition, Grade } from '../../../transport/catalogue';
import { detailsOf } from '../../../helpers/orderStatus';
import { maskCardLikeNumbers } from '../../../helpers/cardNumbers';
import type { Probe } from './probes';

/** What an answer shows about the signature rule as sent, and how firm that rule is. */

export type Verdict = 'accepted' | 'rejected' | 'inconclusive';

const GRADE_ORDER: Grade[] = ['UNKNOWN', 'INFERRED', 'CONFIRMED'];

/** The grade of the signature rule as sent: the weakest of the rule's and the sent fields'. */
export function signGradeOf(endpoint: EndpointDefinition, fields: IDataObject): { grade: Grade; weakFields: string[] } {
	let grade = endpoint.signGrade;
	const weakFields: string[] = [];
	for (const name of Object.keys(fields)) {
		const fieldGrade = endpoint.fieldSignGrades?.[name];
		if (!fieldGrade || GRADE_ORDER.indexOf(fieldGrade) >= GRADE_ORDER.indexOf(endpoint.signGrade)) continue;
		weakFields.push(`${name}: ${fieldGrade}`);
		if (GRADE_ORDER.indexOf(fieldGrade) < GRADE_ORDER.indexOf(grade)) grade = fieldGrade;
	}
	return { grade, weakFields };
}

export function ruleOf(endpoint: EndpointDefinition, fields: IDataObject): string {
	if (endpoint.bodyKind === 'json') return 'none: account, terminal and secure code go as HTTP headers';
	return ['account', 'terminal', ...endpoint.signOrder.filter((name) => fields[name] !== undefined), 'secureCode'].join(' + ');
}

export const scalar = (value: unknown): value is string | number | boolean =>
	typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function resultText(reply: GatewayReply): string {
	return `code ${reply.outcome.code || '(none)'} ("${reply.outcome.message}")`;
}

/** What the answer shows about the signature, and nothing more. */
export function judge(probe: Probe, endpoint: EndpointDefinition, reply: GatewayReply | undefined, failure: string | undefined): { verdict: Verdict; evidence: string } {
	if (!reply) return { verdict: 'inconclusive', evidence: `No answer the package can read: ${failure ?? 'no answer'}` };
	const hasResultField = endpoint.results.some((rule) => scalar(reply.data[rule.field]));
	if (!hasResultField) {
		if (!endpoint.recordElement || reply.records.length === 0) {
			return { verdict: 'inconclusive', evidence: `The answer has none of the result fields ${endpoint.results.map((rule) => rule.field).join(', ')}` };
		}
		// The status query answers per order number; a refusal may sit in a record's payment_details,
		// read as the same refusal at the top would be.
		for (const record of reply.records) {
			const details = detailsOf(record.payment_details);
			const kind = classifyRejection({ code: '', detailCode: details.code, message: details.text });
			const says = `The answer's payment_details says "${maskCardLikeNumbers(String(record.payment_details))}"`;
			if (kind === 'signature') return { verdict: 'rejected', evidence: `${says}, a signature error` };
			if (kind !== 'other') return { verdict: 'inconclusive', evidence: `${says}, a refusal (${kind}) that does not show whether it checked the signature` };
		}
		const details = reply.records.map((record) => maskCardLikeNumbers(String(record.payment_details ?? ''))).find((text) => text !== '');
		return { verdict: 'accepted', evidence: `The gateway answered about the order number${details ? ` (payment_details "${details}")` : ''}, not with a signature error` };
	}
	if (reply.outcome.success) {
		return probe.write
			? { verdict: 'accepted', evidence: `The gateway answered success, ${resultText(reply)}, for a payment that cannot exist: check the Oceanpayment dashboard and report this` }
			: { verdict: 'accepted', evidence: `The gateway answered ${resultText(reply)}` };
	}
	const kind = classifyRejection(reply.outcome);
	// The pinc calls carry no signature: refusing the header keys is their "signature error".
	const keysRefused = endpoint.bodyKind === 'json' && (kind === 'account' || /secure\s*code/i.test(reply.outcome.message));
	if (kind === 'signature' || keysRefused) {
		return { verdict: 'rejected', evidence: `The gateway answered ${resultText(reply)}, ${keysRefused ? 'a refusal of the keys' : 'a signature error'}` };
	}
	if (kind !== 'other') {
		return { verdict: 'inconclusive', evidence: `The gateway answered ${resultText(reply)}, a refusal (${kind}) that does not show whether it checked the signature` };
	}
	if (probe.write) {
		return {
			verdict: 'inconclusive',
			evidence: `The gateway answered ${resultText(reply)}, not a signature error; it may have looked the payment up before checking the signature`,
		};
	}
	return { verdict: 'accepted', evidence: `The gateway answered ${resultText(reply)}, not a signature error` };
}
