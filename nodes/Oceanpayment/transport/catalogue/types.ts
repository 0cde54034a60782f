import type { EndpointId } from './index';

/** The shape of a catalogue row and of its grades. */

export type HostFamily = 'query' | 'gateway' | 'checkout';

export type Grade = 'CONFIRMED' | 'INFERRED' | 'UNKNOWN';

/**
 * How to tell whether the gateway accepted a call. The first rule whose field is present in the
 * response decides. When no rule's field is present the response is malformed, unless every
 * rule is `optional` (then the call counts as accepted).
 */
export interface ResultRule {
	field: string;
	successCodes: readonly string[];
	/** Response field holding the human text of the outcome. */
	messageFields?: readonly string[];
	/** Known code meanings, used when the response carries only a code. */
	messages?: Readonly<Record<string, string>>;
	optional?: boolean;
}

export interface EndpointDefinition {
	id: EndpointId;
	title: string;
	family: HostFamily;
	path: string;
	bodyKind: 'form' | 'json';
	/** Business fields the endpoint accepts (account and terminal are added by the credential). */
	fields: readonly string[];
	/**
	 * Field order of the signature between account+terminal and secureCode. An empty or absent
	 * field adds nothing to the string, so optional fields can share one order.
	 */
	signOrder: readonly string[];
	/** Grade of the rule for the fields always sent (the optional ones below left out). */
	signGrade: Grade;
	/**
	 * Grades of optional fields that are weaker than `signGrade`: of a signed field's slot in the
	 * rule, or of an unsigned field being left out of it. The rule as sent has the weakest grade
	 * among `signGrade` and the fields sent.
	 */
	fieldSignGrades?: Readonly<Partial<Record<string, Grade>>>;
	/** Fields sent but, as far as the sources show, not part of the signature. */
	unsignedFields?: readonly string[];
	/** Body fields the credential fills from its own (non-secret) fields when a node leaves them empty. */
	credentialDefaults?: Readonly<Record<string, string>>;
	/** Date fields sent as `yyyy-MM-dd HH:mm:ss` in the gateway time zone. */
	dateFields?: readonly string[];
	/** That the endpoint's dates (sent and answered) are in UTC+8 (the credential's default zone). */
	timeZoneGrade?: Grade;
	results: readonly ResultRule[];
	/** Element that repeats once per record in the response. */
	recordElement?: 'paymentInfo' | 'orderInfo';
	/**
	 * An answer without any result field must hold at least one record to count as an answer
	 * (the status query: a proxy page or an empty `<response>` is not "no payments").
	 */
	recordsRequired?: boolean;
	/**
	 * How the endpoint says "no such record" (the refund query by refund number). Oceanpayment
	 * documents no answer for it, so the package learns it from the gateway at run time (see
	 * actions/refund/existingRefund.ts): this is the grade of that knowledge, not a code.
	 */
	notFoundGrade?: Grade;
	/** The answer of a successful call as the package knows it. */
	answer: AnswerShape;
	/** Records per page of a list: the `field` that asks for a size, the size the package uses. */
	pageSize?: { field?: string; size?: number; grade: Grade };
	/** Read-only calls may be retried on transport failures; nothing else ever is. */
	readOnly: boolean;
	/** Calls that move money (refunds, captures, voids). Never retried. */
	movesMoney: boolean;
}

/**
 * What the package reads from a successful answer (Account › Self-Check reports fields missing
 * from it, and fields it does not know).
 */
export interface AnswerShape {
	grade: Grade;
	/** Top-level fields the package reads. */
	reads: readonly string[];
	/** Fields of each record (`recordElement`) the package reads. */
	recordReads?: readonly string[];
	/** Documented fields the package does not read: known, so not reported as new. */
	alsoKnown?: readonly string[];
	/** Times of past events (in the gateway time zone): never later than now. */
	dateFields?: readonly string[];
}

/** A row as written in the tables (its `id` becomes an EndpointId once all rows are listed). */
export type EndpointRow = Omit<EndpointDefinition, 'id'> & { id: string };
