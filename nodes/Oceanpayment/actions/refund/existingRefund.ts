import { NodeApiError, randomString, type IDataObject, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { oceanpaymentApiRequest, rejectionHint, type GatewayReply, type RequestOptions } from '../../transport';
import type { ExecutionMemory } from '../../helpers/executionMemory';
import type { ItemParameters } from '../../helpers/parameters';
import { answerShape, describeShape, holdsRefund, refusalOf, sameShape, type AnswerShape } from '../../helpers/refundAnswers';

/**
 * Is there already a refund under this refund number? Oceanpayment does not document how the
 * refund query says "no such refund", so the node learns it from the gateway: once per
 * execution and credential it asks about a refund number that cannot exist (random, never sent
 * as a refund) and keeps that answer. An answer about the real number means "no such refund"
 * only when it has the same shape: same result field and code, same texts (the number asked for
 * replaced by a placeholder), same fields carrying values, and no refund in it. With the option
 * No-Such-Refund Codes the listed codes decide instead. A refund found counts only when the
 * gateway shows none for the number that cannot exist. Either way a refusal (signature, account,
 * terminal, IP, busy, system, parameters; by code or text) is never "no such refund", nor is an
 * HTTP, network or unreadable answer: the item stops and nothing is sent.
 */

export const CHECK = 'check for an existing refund';
const CONTRAST = 'check for an existing refund: the answer for a refund number that cannot exist';
const CONTRAST_KEY = 'refundQuery:contrast';

/** A refund number no refund has: letters and digits, as a shop's numbers are, 32 characters. */
const contrastNumber = () => `N8NX${randomString(28).toUpperCase()}`;

/** The outcome of the check: a refund found under the number, or the reason to believe none exists. */
export type CheckResult = { found: IDataObject } | { found: undefined; decidedBy: 'learned' | 'codes' };

function stop(context: IExecuteFunctions, parameters: ItemParameters, reply: GatewayReply | undefined, problem: string, description: string, what = CHECK): NodeApiError {
	return new NodeApiError(context.getNode(), { message: problem, code: reply?.outcome.code ?? '' } as JsonObject, {
		message: `Refund › Create (${what}): ${problem}. No refund was sent`,
		description,
		itemIndex: parameters.itemIndex,
	});
}

const answered = (reply: GatewayReply) => `code ${reply.outcome.code || '(none)'} ("${reply.outcome.message}")`;

/** A refusal says nothing about refunds: the item stops, with the refusal's own hint (never "list its code"). */
function stopOnRefusal(context: IExecuteFunctions, parameters: ItemParameters, reply: GatewayReply, problem: (refusal: string) => string, then: string, what = CHECK): void {
	const refusal = refusalOf(reply);
	if (refusal) throw stop(context, parameters, reply, problem(`${answered(reply)}, ${refusal.what}`), `${rejectionHint(reply.outcome)} ${then}`, what);
}

/** The answer for a refund number that cannot exist, asked once per execution and credential. */
async function contrastShape(context: IExecuteFunctions, parameters: ItemParameters, request: RequestOptions, memory: ExecutionMemory): Promise<AnswerShape> {
	const cached = memory.values.get(CONTRAST_KEY) as AnswerShape | undefined;
	if (cached) return cached;
	const number = contrastNumber();
	const reply = await oceanpaymentApiRequest.call(context, 'refundQuery', { refund_number: number }, { ...request, operation: `Refund › Create (${CONTRAST})`, returnRejections: true });
	stopOnRefusal(
		context,
		parameters,
		reply,
		(refusal) => `the gateway refused even the question about a refund number that cannot exist with ${refusal}, so it cannot show how it says "no such refund"`,
		'Then run this again.',
		CONTRAST,
	);
	if (holdsRefund(reply.data)) {
		throw stop(
			context,
			parameters,
			reply,
			`the gateway answered with a refund (${String(reply.data.refund_id ?? '')}) for the refund number ${number}, which no refund has, so it does not look refunds up by refund number as the node expects`,
			'Look the refund number up with Refund › Get, or in the Oceanpayment dashboard, before you refund. Account › Self-Check shows what the refund query answers.',
			CONTRAST,
		);
	}
	const shape = answerShape(reply, number);
	memory.values.set(CONTRAST_KEY, shape);
	return shape;
}

/**
 * The refund the gateway shows under `refundNumber`, or the reason to believe there is none.
 * Throws (the item stops, nothing is sent) for any other answer.
 */
export async function checkExistingRefund(
	this: IExecuteFunctions,
	parameters: ItemParameters,
	refundNumber: string,
	notFoundCodes: string[],
	request: RequestOptions,
	memory: ExecutionMemory,
): Promise<CheckResult> {
	const reply = await oceanpaymentApiRequest.call(this, 'refundQuery', { refund_number: refundNumber }, { ...request, operation: `Refund › Create (${CHECK})`, returnRejections: true });
	stopOnRefusal(
		this,
		parameters,
		reply,
		(refusal) => `the gateway refused the check with ${refusal}, so it is unknown whether a refund has the number "${refundNumber}"`,
		'Then run this again; until the check is answered, nothing is refunded.',
	);
	if (reply.outcome.success && holdsRefund(reply.data)) {
		if (String(reply.data.refund_id ?? '').trim() === '') {
			throw stop(this, parameters, reply, 'the gateway answered with refund details but no refund ID', 'The answer neither shows the refund nor says there is none. Look the refund number up with Refund › Get before you run this again.');
		}
		// Unless the codes decide, a refund found under the number asked counts only from a gateway
		// that finds none for a number that cannot exist (one that answers any number with a refund
		// does not look up by number). A refund under another number is stopped by the match.
		const sameNumber = String(reply.data.refund_number ?? '').trim() === refundNumber;
		if (sameNumber && notFoundCodes.length === 0) await contrastShape(this, parameters, request, memory);
		return { found: reply.data };
	}
	if (holdsRefund(reply.data)) {
		throw stop(this, parameters, reply, `the gateway answered ${answered(reply)} with refund details in it`, 'The answer neither shows the refund clearly nor says there is none. Look the refund number up with Refund › Get before you run this again.');
	}
	if (notFoundCodes.length > 0) {
		if (notFoundCodes.includes(reply.outcome.code)) return { found: undefined, decidedBy: 'codes' };
		throw stop(
			this,
			parameters,
			reply,
			`the gateway answered ${answered(reply)}, which is not one of the No-Such-Refund Codes (${notFoundCodes.join(', ')}), so it does not confirm that no refund has the number "${refundNumber}"`,
			'Look the number up with Refund › Get. If this answer is how your gateway says "no such refund", empty the option No-Such-Refund Codes (the node then learns the answer from the gateway) or list this code in it.',
		);
	}
	const contrast = await contrastShape(this, parameters, request, memory);
	const shape = answerShape(reply, refundNumber);
	if (sameShape(shape, contrast)) return { found: undefined, decidedBy: 'learned' };
	throw stop(
		this,
		parameters,
		reply,
		`the gateway answered ${describeShape(shape)}, not what it answers for a refund number that cannot exist (${describeShape(contrast)}), so it does not confirm that no refund has the number "${refundNumber}"`,
		'Look the number up with Refund › Get or in the Oceanpayment dashboard. If this answer is how your gateway says "no such refund", list its code in the option No-Such-Refund Codes.',
	);
}
