import { NodeApiError, randomString, type IDataObject, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { oceanpaymentApiRequest, rejectionHint, type GatewayReply, type RequestOptions } from '../../transport';
import type { ExecutionMemory } from '../../helpers/executionMemory';
import type { ItemParameters } from '../../helpers/parameters';
import {
	answerShape,
	describeAnswer,
	describeShape,
	holdsRefund,
	notFoundEvidence,
	otherNumberIn,
	refusalOf,
	REFUSAL_CODES,
	sameShape,
	type AnswerShape,
	type NotFoundEvidence,
} from '../../helpers/refundAnswers';

/**
 * Is there already a refund under this refund number? Oceanpayment does not document how the
 * refund query says "no such refund", so the node learns it from the gateway: once per
 * execution and merchant account it asks about a refund number that cannot exist (random, never
 * sent as a refund) and keeps that answer. An answer about the real number means "no such
 * refund" only when both hold:
 * - it has the same shape as that answer: same result field and code, same texts (the number
 *   asked for replaced by a placeholder), same fields carrying values, no refund in it, and no
 *   other refund number echoed;
 * - that answer positively says "no such refund" (see notFoundEvidence): the same answer for
 *   every number only shows that it does not depend on the number, not what it means.
 * With the option No-Such-Refund Codes the listed codes decide instead. A refund found counts
 * only when the gateway shows none for the number that cannot exist. Either way a refusal
 * (signature, account, terminal, IP, busy, system, parameters; by code or any text) is never
 * "no such refund", nor is an unknown code, an empty answer, an HTTP, network or unreadable
 * answer: the item stops and nothing is sent.
 */

export const CHECK = 'check for an existing refund';
const CONTRAST = 'check for an existing refund: the answer for a refund number that cannot exist';
const CONTRAST_KEY = 'refundQuery:contrast';

/** A refund number no refund has: letters and digits, as a shop's numbers are, 32 characters. */
const contrastNumber = () => `N8NX${randomString(28).toUpperCase()}`;

/** The outcome of the check: a refund found under the number, or the reason to believe none exists. */
export type CheckResult = { found: IDataObject } | { found: undefined; decidedBy: 'learned' | 'codes' };

/** The answer for a number that cannot exist, and whether it positively says "no such refund". */
interface Contrast {
	shape: AnswerShape;
	evidence?: NotFoundEvidence;
}

function stop(context: IExecuteFunctions, parameters: ItemParameters, reply: GatewayReply | undefined, problem: string, description: string, what = CHECK): NodeApiError {
	return new NodeApiError(context.getNode(), { message: problem, code: reply?.outcome.code ?? '' } as JsonObject, {
		message: `Refund › Create (${what}): ${problem}. No refund was sent`,
		description,
		itemIndex: parameters.itemIndex,
	});
}

/** A refusal says nothing about refunds: the item stops, with the refusal's own hint (never "list its code"). */
function stopOnRefusal(context: IExecuteFunctions, parameters: ItemParameters, reply: GatewayReply, asked: string, problem: (refusal: string) => string, then: string, what = CHECK): void {
	const refusal = refusalOf(reply, asked);
	if (refusal) throw stop(context, parameters, reply, problem(`${describeAnswer(reply, asked)}, ${refusal.what}`), `${rejectionHint(reply.outcome)} ${then}`, what);
}

/** An answer naming another refund number is about another refund: neither "found" nor "not found". */
function stopOnOtherNumber(context: IExecuteFunctions, parameters: ItemParameters, reply: GatewayReply, asked: string, what = CHECK): void {
	const other = otherNumberIn(reply.data, asked);
	if (!other) return;
	throw stop(
		context,
		parameters,
		reply,
		`asked about the refund number "${asked}", the gateway answered ${describeAnswer(reply, asked)} naming ${other.field} "${other.value}", so the answer is about something else (a caching proxy replaying an earlier answer, or a gateway that does not look refunds up by number) and it is unknown whether a refund has the number`,
		'Look the refund number up with Refund › Get or in the Oceanpayment dashboard before you refund. If a proxy sits between n8n and Oceanpayment, make sure it does not cache answers. Account › Self-Check shows how your gateway answers the refund query.',
		what,
	);
}

/**
 * The answer for a refund number that cannot exist. Asked once per execution and merchant; kept
 * only when it positively says "no such refund", so an unclear answer (perhaps a passing
 * refusal) is asked again for the next item.
 */
async function contrastAnswer(context: IExecuteFunctions, parameters: ItemParameters, request: RequestOptions, memory: ExecutionMemory): Promise<Contrast> {
	const cached = memory.values.get(CONTRAST_KEY) as Contrast | undefined;
	if (cached) return cached;
	const number = contrastNumber();
	const reply = await oceanpaymentApiRequest.call(context, 'refundQuery', { refund_number: number }, { ...request, operation: `Refund › Create (${CONTRAST})`, returnRejections: true });
	stopOnRefusal(
		context,
		parameters,
		reply,
		number,
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
	stopOnOtherNumber(context, parameters, reply, number, CONTRAST);
	const contrast: Contrast = { shape: answerShape(reply, number), evidence: notFoundEvidence(reply, number) };
	if (contrast.evidence) memory.values.set(CONTRAST_KEY, contrast);
	return contrast;
}

/**
 * Whether a hint may mention listing `code` under No-Such-Refund Codes: never for a code the code
 * table knows as a refusal (the option refuses those), nor for an answer without a code.
 */
const mayList = (code: string) => code !== '' && !REFUSAL_CODES.includes(code);

/** What to do about an answer that does not say "no such refund": ask Oceanpayment, never guess. */
const UNCLEAR_HINT = (code: string) =>
	`Ask Oceanpayment what result code ${code || '(none)'} with this text means for the refund query.${
		mayList(code) ? ' List it under the option No-Such-Refund Codes only if Oceanpayment confirms that it means no refund has the number.' : ''
	} Until then, look the refund number up with Refund › Get or in the Oceanpayment dashboard; nothing is refunded with a Refund Number while the gateway answers like this.`;

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
		refundNumber,
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
		if (sameNumber && notFoundCodes.length === 0) await contrastAnswer(this, parameters, request, memory);
		return { found: reply.data };
	}
	if (holdsRefund(reply.data)) {
		throw stop(this, parameters, reply, `the gateway answered ${describeAnswer(reply, refundNumber)} with refund details in it`, 'The answer neither shows the refund clearly nor says there is none. Look the refund number up with Refund › Get before you run this again.');
	}
	stopOnOtherNumber(this, parameters, reply, refundNumber);
	if (notFoundCodes.length > 0) {
		if (notFoundCodes.includes(reply.outcome.code)) return { found: undefined, decidedBy: 'codes' };
		throw stop(
			this,
			parameters,
			reply,
			`the gateway answered ${describeAnswer(reply, refundNumber)}, which is not one of the No-Such-Refund Codes (${notFoundCodes.join(', ')}), so it does not confirm that no refund has the number "${refundNumber}"`,
			`Look the number up with Refund › Get.${
				mayList(reply.outcome.code)
					? ' If Oceanpayment confirms that this answer means no refund has the number, list its code in the option No-Such-Refund Codes; or empty the option to let the node learn the answer from the gateway.'
					: ' Or empty the option No-Such-Refund Codes to let the node learn the answer from the gateway.'
			}`,
		);
	}
	const contrast = await contrastAnswer(this, parameters, request, memory);
	const shape = answerShape(reply, refundNumber);
	const same = sameShape(shape, contrast.shape);
	if (!contrast.evidence) {
		const answers = same
			? `${describeShape(shape)} both for "${refundNumber}" and for a refund number that cannot exist`
			: `${describeShape(shape)} for "${refundNumber}" and ${describeShape(contrast.shape)} for a refund number that cannot exist`;
		throw stop(
			this,
			parameters,
			reply,
			`the gateway answered ${answers}; ${same ? 'that answer does' : 'neither answer does'} not say that no refund exists (an unknown code, an empty answer or a refusal the node does not recognise), so it is unknown whether a refund has the number "${refundNumber}"`,
			UNCLEAR_HINT(reply.outcome.code),
		);
	}
	if (same) return { found: undefined, decidedBy: 'learned' };
	throw stop(
		this,
		parameters,
		reply,
		`the gateway answered ${describeShape(shape)}, not what it answers for a refund number that cannot exist (${describeShape(contrast.shape)}), so it does not confirm that no refund has the number "${refundNumber}"`,
		`Look the number up with Refund › Get or in the Oceanpayment dashboard.${
			mayList(reply.outcome.code) ? ' If Oceanpayment confirms that this answer means no refund has the number, list its code in the option No-Such-Refund Codes.' : ''
		}`,
	);
}
