import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { DateTime } from 'luxon';

import { classifyRejection, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, oceanpaymentApiRequest, type GatewayReply } from '../../transport';
import { baseUrlFor, merchantKeys } from '../../transport/authentication';
import { ENDPOINTS, type EndpointDefinition, type EndpointId, type Grade } from '../../transport/catalogue';
import { fromGatewayDate, toGatewayDate } from '../../transport/dates';
import { parseGatewayJson, parseGatewayXml } from '../../transport/xml';
import { forEachItem, type RunContext } from '../../helpers/execute';
import { detailsOf } from '../../helpers/orderStatus';
import { answerShape, describeShape, holdsRefund, notFoundEvidence, otherNumberIn, refusalOf } from '../../helpers/refundAnswers';
import { anyOf, type OperationOutput, type OutputFields } from '../../helpers/output';
import { maskCardLikeNumbers } from '../../helpers/parameters';
import { writeOptions } from '../common.descriptions';

/**
 * Account › Self-Check: calls each endpoint once with values that touch nothing and reports, per
 * call, what the answer shows about the package's guesses (signature rules, answer fields, time
 * zone, page size, how the refund query says "no such refund"), next to the grade the catalogue
 * gives each guess.
 */

const OPERATION = 'Account › Self-Check';
const MADE_UP = {
	orderNumber: 'n8n-self-check',
	// Oceanpayment's IDs are digits; letters make sure no real payment or refund has these.
	refundId: 'N8NSELFCHECK000000',
	refundNumber: 'N8NSELFCHECK',
	paymentId: 'N8NSELFCHECK000000000',
	site: 'n8n-self-check.example.com',
	cardBin: '411111',
};
/** The disputes list serves 30 days; a day less keeps the start inside it. */
const MAX_LOOK_BACK_HOURS = 29 * 24;
/** Clocks differ a little; a time this far ahead of now is not yet a time-zone problem. */
const CLOCK_SKEW_MINUTES = 10;

type Verdict = 'accepted' | 'rejected' | 'inconclusive';

interface Probe {
	endpoint: EndpointId;
	name: string;
	fields: IDataObject;
	/** Money and upload calls: the gateway may look the payment up before the signature. */
	write?: boolean;
	/** A payment made within the look-back period: its times must lie in that period. */
	recent?: boolean;
}

interface ProbeSettings {
	now: DateTime;
	zone: string;
	hours: number;
	site: string;
	cardBin: string;
	recentOrder: string;
	money: boolean;
}

const properties: INodeProperties[] = [
	{
		displayName: 'Probe Money Endpoints',
		name: 'probeMoneyEndpoints',
		type: 'boolean',
		default: false,
		description: `Whether to also send a refund, a capture, a void, a tracking upload and a customs submission for the payment ID ${MADE_UP.paymentId}, which cannot exist, to see whether the gateway accepts their signatures. Warning: these go to the real money endpoints of the credential's environment; only the made-up payment ID keeps them from acting. Try the sandbox first.`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Card BIN',
				name: 'cardBin',
				type: 'string',
				default: '411111',
				description: 'A public test BIN (6 to 8 digits) for the Card BIN call. Never enter a card number.',
			},
			{
				displayName: 'Health Check Site',
				name: 'site',
				type: 'string',
				default: '',
				placeholder: 'e.g. shop.example.com',
				description: `The site sent with the Health Check call; empty sends ${MADE_UP.site}`,
			},
			{
				displayName: 'Look Back (Hours)',
				name: 'lookBackHours',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_LOOK_BACK_HOURS },
				default: 1,
				description: 'How far back the list queries look. Records in that period let the check compare answer fields and times.',
			},
			{
				displayName: 'Recent Test Order Number',
				name: 'recentOrderNumber',
				type: 'string',
				default: '',
				description:
					"The order number of a test payment you made within the look-back period. Its status is queried, and its time shows whether the gateway's times fit the credential's Gateway Time Zone (list queries cannot show that).",
			},
			// Timeout only: the self-check calls each endpoint once and never retries.
			...writeOptions,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['selfCheck'] } }, properties);

const CHECK_FIELDS: OutputFields = {
	type: { type: 'string', description: 'check (one per call) or summary (the last item)' },
	check: { type: 'string', description: 'What the call probes' },
	endpoint: { type: 'string', description: "The endpoint's name" },
	path: { type: 'string', description: "The endpoint's path" },
	host: { type: 'string', description: 'The host called' },
	httpStatus: { type: ['integer', 'null'], description: 'HTTP status of the answer (null without one)' },
	verdict: { type: 'string', description: 'accepted, rejected or inconclusive: what the answer shows about the signature' },
	grade: { type: 'string', description: "The catalogue's grade of the signature rule as sent: CONFIRMED, INFERRED or UNKNOWN" },
	signature: { type: 'object', description: 'The signature verdict, its evidence, grade and rule' },
	resultCode: { type: ['string', 'null'], description: "The gateway's result code (null without a readable answer)" },
	resultMessage: { type: ['string', 'null'], description: "The gateway's result text (null without a readable answer)" },
	answerFields: { type: 'object', description: "The answer's fields next to the ones the package expects" },
	timeZone: { type: 'object', optional: true, description: "Whether the answer's times fit the Gateway Time Zone (endpoints with times)" },
	pageSize: { type: 'object', optional: true, description: 'The page size the answer shows (list endpoints)' },
	noSuchRefund: { type: 'object', optional: true, description: 'How Refund › Create would read this answer about a refund that cannot exist (refund query)' },
	sent: { type: 'object', description: 'The fields sent (made-up values)' },
	answer: { type: ['object', 'null'], description: "The answer's fields, without its signature and with lists cut to their first record" },
	problem: { type: 'string', optional: true, description: 'Why the call got no answer the package can read' },
};

const SUMMARY_FIELDS: OutputFields = {
	type: { type: 'string', description: 'summary' },
	checks: { type: 'integer', description: 'Number of calls made' },
	counts: { type: 'object', description: 'Number of calls per verdict: accepted, rejected, inconclusive' },
	moneyEndpointsProbed: { type: 'boolean', description: 'Whether the money endpoints were called' },
	report: { type: 'string', description: 'The whole result as text with masked keys, for a bug report' },
};

export const output: OperationOutput = { title: 'One item per call, then a summary item with the report', fields: anyOf(CHECK_FIELDS, SUMMARY_FIELDS) };

function probesFor({ now, zone, hours, site, cardBin, recentOrder, money }: ProbeSettings): Probe[] {
	const range = { order_beginDate: toGatewayDate(now.minus({ hours }), zone), order_endDate: toGatewayDate(now, zone) };
	const page1 = { ...range, pages: '1' };
	const probes: Probe[] = [
		{ endpoint: 'orderStatus', name: 'Order Status Query, made-up order number', fields: { order_number: MADE_UP.orderNumber } },
		...(recentOrder
			? [{ endpoint: 'orderStatus', name: 'Order Status Query, your recent test order', fields: { order_number: recentOrder }, recent: true } as const]
			: []),
		{ endpoint: 'successfulOrders', name: 'Successful Orders Query, page 1 without pages (how the package asks for page 1)', fields: range },
		{ endpoint: 'successfulOrders', name: 'Successful Orders Query, page 1 with pages=1 (how the package asks for later pages)', fields: page1 },
		{ endpoint: 'businessOrders', name: 'Business Orders Query, page 1', fields: page1 },
		{ endpoint: 'businessOrders', name: 'Business Orders Query, page 1 with count=50 (page size 50)', fields: { ...page1, count: '50' } },
		{ endpoint: 'businessOrders', name: 'Business Orders Query, page 1 with date_type=1 (transaction time)', fields: { ...page1, date_type: '1' } },
		{ endpoint: 'disputedOrders', name: 'Disputed Orders Query, page 1', fields: page1 },
		{ endpoint: 'disputedOrders', name: 'Disputed Orders Query, page 1 with notice_type=dispute', fields: { ...page1, notice_type: 'dispute' } },
		{ endpoint: 'refundQuery', name: 'Refund Query, made-up refund ID', fields: { refund_id: MADE_UP.refundId } },
		{ endpoint: 'refundQuery', name: 'Refund Query, made-up refund number', fields: { refund_number: MADE_UP.refundNumber } },
		{ endpoint: 'healthCheck', name: 'Health Check', fields: { site } },
		{ endpoint: 'cardBin', name: `Card BIN, test BIN ${cardBin}`, fields: { card_bin: [cardBin.startsWith('0') ? cardBin : Number(cardBin)] } },
	];
	if (!money) return probes;
	const payment_id = MADE_UP.paymentId;
	const refund = { payment_id, refund_type: '2', refund_amount: '0.01', refund_description: 'n8n self-check' };
	return [
		...probes,
		{ endpoint: 'refund', name: 'Refund Request, payment that cannot exist', fields: refund, write: true },
		{ endpoint: 'refund', name: 'Refund Request, payment that cannot exist, with refund_number', fields: { ...refund, refund_number: MADE_UP.refundNumber }, write: true },
		{ endpoint: 'preAuthorization', name: 'Pre-Authorization capture, payment that cannot exist', fields: { payment_id, payment_authType: '1', order_amount: '0.01' }, write: true },
		{ endpoint: 'preAuthorization', name: 'Pre-Authorization void, payment that cannot exist', fields: { payment_id, payment_authType: '2' }, write: true },
		{
			endpoint: 'trackingUpload',
			name: 'Tracking Numbers Upload, payment that cannot exist',
			fields: { payment_id, tracking_number: MADE_UP.refundNumber, tracking_site: 'https://www.example.com', tracking_handler: 'n8n self-check' },
			write: true,
		},
		{
			endpoint: 'customsUpload',
			name: 'Customs Submission, payment that cannot exist',
			fields: { payment_id, type: '1', pay_userId: MADE_UP.refundNumber, pay_userName: 'n8n self-check', customs: '00', customs_number: MADE_UP.refundNumber, customs_name: 'n8n self-check' },
			write: true,
		},
	];
}

const GRADE_ORDER: Grade[] = ['UNKNOWN', 'INFERRED', 'CONFIRMED'];

/** The grade of the signature rule as sent: the weakest of the rule's and the sent fields'. */
function signGradeOf(endpoint: EndpointDefinition, fields: IDataObject): { grade: Grade; weakFields: string[] } {
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

function ruleOf(endpoint: EndpointDefinition, fields: IDataObject): string {
	if (endpoint.bodyKind === 'json') return 'none: account, terminal and secure code go as HTTP headers';
	return ['account', 'terminal', ...endpoint.signOrder.filter((name) => fields[name] !== undefined), 'secureCode'].join(' + ');
}

const scalar = (value: unknown): value is string | number | boolean =>
	typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function resultText(reply: GatewayReply): string {
	return `code ${reply.outcome.code || '(none)'} ("${reply.outcome.message}")`;
}

/** What the answer shows about the signature, and nothing more. */
function judge(probe: Probe, endpoint: EndpointDefinition, reply: GatewayReply | undefined, failure: string | undefined): { verdict: Verdict; evidence: string } {
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

const ENVELOPE = ['account', 'terminal', 'signValue'];
/** The fields a status record about an order without payments has (its payment fields it cannot have). */
const NOT_FOUND_RECORD_FIELDS = ['order_number', 'payment_results', 'payment_details'];

function checkFields(endpoint: EndpointDefinition, reply: GatewayReply | undefined): IDataObject {
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

const utcOffset = (minutes: number): string =>
	`UTC${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;

/**
 * Times of past events must not lie ahead of now when read in the gateway time zone; those of a
 * recent test payment must also lie within the look-back period (a list cannot show a zone that
 * is wrong the same way for the period sent and the times answered; a known payment can).
 */
function checkTimes(
	endpoint: EndpointDefinition,
	reply: GatewayReply | undefined,
	settings: { zone: string; now: DateTime; recentWithinHours?: number },
): IDataObject | undefined {
	const { zone, now } = settings;
	const fields = endpoint.answer.dateFields ?? [];
	if (fields.length === 0 && !endpoint.dateFields) return undefined;
	const base = { zone, grade: endpoint.timeZoneGrade ?? 'UNKNOWN' };
	if (!reply) return { ...base, verdict: 'not checked', datesChecked: 0, problems: [] };
	const problems: string[] = [];
	let checked = 0;
	for (const source of [reply.data, ...reply.records]) {
		for (const field of fields) {
			const value = source[field];
			if (typeof value !== 'string' || value.trim() === '') continue;
			checked++;
			const raw = value.trim();
			const withOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(raw) ? DateTime.fromISO(raw, { setZone: true }) : undefined;
			// Otherwise the package's own reader of gateway times: what it cannot read, no item can show.
			const iso = withOffset?.isValid ? '' : fromGatewayDate(raw, zone);
			const moment = withOffset?.isValid ? withOffset : iso ? DateTime.fromISO(iso, { setZone: true }) : undefined;
			if (!moment) {
				problems.push(`${field} "${raw}" is not a time the package can read`);
				continue;
			}
			if (withOffset?.isValid) {
				const expected = withOffset.setZone(zone).offset;
				if (withOffset.offset !== expected) problems.push(`${field} "${raw}" carries ${utcOffset(withOffset.offset)}, but ${zone} is ${utcOffset(expected)} then`);
			}
			const ahead = moment.diff(now, 'minutes').minutes;
			const oldest = settings.recentWithinHours === undefined ? undefined : -(settings.recentWithinHours * 60 + CLOCK_SKEW_MINUTES);
			const looksLike = `the gateway's times look like about ${utcOffset(moment.offset + Math.round(ahead / 60) * 60)}`;
			if (ahead > CLOCK_SKEW_MINUTES) {
				problems.push(`${field} "${raw}" is ${Math.round(ahead / 60)} h in the future when read in ${zone}; ${looksLike}`);
			} else if (oldest !== undefined && ahead < oldest) {
				problems.push(`${field} "${raw}" of the recent test payment is ${Math.round(-ahead / 60)} h old when read in ${zone}, older than the look-back period; ${looksLike}`);
			}
		}
	}
	return {
		...base,
		verdict: checked === 0 ? 'nothing to check' : problems.length === 0 ? 'fits' : 'does not fit',
		datesChecked: checked,
		problems,
		...(checked === 0 ? { note: 'the answer held no times; run the check after a test payment to have some' } : {}),
	};
}

function checkPageSize(endpoint: EndpointDefinition, probe: Probe, reply: GatewayReply | undefined): IDataObject | undefined {
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

/** How Refund › Create would read this answer to a refund query for a refund that cannot exist. */
function checkNotFound(endpoint: EndpointDefinition, probe: Probe, reply: GatewayReply | undefined): IDataObject | undefined {
	if (probe.endpoint !== 'refundQuery') return undefined;
	const base = { grade: endpoint.notFoundGrade ?? 'UNKNOWN', learnedAtRunTime: true };
	if (!reply) return { ...base, verdict: 'not checked' };
	const asked = String(probe.fields.refund_number ?? probe.fields.refund_id ?? '');
	const refusal = refusalOf(reply, asked);
	const answer = describeShape(answerShape(reply, asked));
	if (refusal) {
		return { ...base, answer, verdict: `differs: ${refusal.what}, not an answer about the refund; Refund › Create stops every refund with a Refund Number while the refund query answers like this` };
	}
	if (holdsRefund(reply.data)) return { ...base, answer, verdict: 'differs: the gateway answered with a refund for a number that cannot exist; Refund › Create stops every refund with a Refund Number' };
	const other = otherNumberIn(reply.data, asked);
	if (other) return { ...base, answer, verdict: `differs: the answer names ${other.field} "${other.value}", not the number asked; Refund › Create stops every refund with a Refund Number while the refund query answers like this` };
	const evidence = notFoundEvidence(reply, asked);
	if (!evidence) {
		return {
			...base,
			answer,
			verdict:
				'differs: the answer does not say that no refund exists (an unknown code, an empty answer or a refusal the node does not recognise); Refund › Create stops every refund with a Refund Number until Oceanpayment confirms what it means (then list its code under No-Such-Refund Codes)',
		};
	}
	return { ...base, answer, verdict: `fits: Refund › Create reads an answer of this shape (the refund number replaced) as "no such refund" (${evidence})` };
}

/** The answer without its signature, each record list cut to its first record. */
function answerOf(endpoint: EndpointDefinition, data: IDataObject | undefined): IDataObject | undefined {
	if (!data) return undefined;
	const copy: IDataObject = { ...data };
	delete copy.signValue;
	if (endpoint.recordElement && Array.isArray(copy[endpoint.recordElement])) {
		const records = copy[endpoint.recordElement] as IDataObject[];
		copy[endpoint.recordElement] = `[${records.length} record${records.length === 1 ? '' : 's'}]`;
		if (records.length > 0) {
			const first = { ...records[0] };
			delete first.signValue;
			copy.firstRecord = first;
		}
	}
	return copy;
}

const mask = (value: string): string => (value.length <= 4 ? '*'.repeat(value.length) : `${value.slice(0, 2)}${'*'.repeat(value.length - 4)}${value.slice(-2)}`);

/** Replaces the secure code and the full account and terminal wherever they appear. */
function redactor(keys: { account: string; terminal: string; secureCode: string }) {
	const swaps = [
		[keys.secureCode, '[secure code]'],
		...[keys.terminal, keys.account].sort((a, b) => b.length - a.length).map((value) => [value, mask(value)]),
	].filter(([value]) => value !== '');
	const text = (value: string) => swaps.reduce((result, [secret, shown]) => result.split(secret).join(shown), value);
	const deep = (value: unknown): unknown => {
		if (typeof value === 'string') return text(value);
		if (typeof value === 'number' && text(String(value)) !== String(value)) return text(String(value));
		if (Array.isArray(value)) return value.map(deep);
		if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, deep(entry)]));
		return value;
	};
	return deep;
}

function reportOf(
	checks: IDataObject[],
	counts: Record<Verdict, number>,
	context: { now: DateTime; environment: string; account: string; terminal: string; zone: string; money: boolean; customBaseUrls: string[] },
): string {
	const lines = [
		'Oceanpayment self-check (n8n-nodes-oceanpayment, Account › Self-Check)',
		`Time: ${context.now.toUTC().toISO()}; environment: ${context.environment}; account ${context.account}, terminal ${context.terminal}; gateway time zone: ${context.zone}`,
		`Money endpoints probed: ${context.money ? 'yes' : 'no'}`,
		`Verdicts: ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.inconclusive} inconclusive`,
		'',
	];
	checks.forEach((check, index) => {
		const signature = check.signature as IDataObject;
		const fields = check.answerFields as IDataObject;
		const list = (label: string, values: unknown) => (Array.isArray(values) && values.length > 0 ? `; ${label}: ${values.join(', ')}` : '');
		lines.push(`${index + 1}. ${String(check.check)}: ${String(check.verdict).toUpperCase()}`);
		// The report names only Oceanpayment's own hosts, never a custom proxy's.
		const host = context.environment === 'custom' ? 'a custom host' : String(check.host);
		lines.push(`   ${String(check.path)} on ${host}, HTTP ${check.httpStatus === null ? '(none)' : String(check.httpStatus)}`);
		lines.push(`   signature ${String(signature.rule)} [${String(signature.grade)}]: ${String(signature.evidence)}`);
		lines.push(`   answer fields [${String(fields.grade)}]: ${String(fields.verdict)}${list('missing', fields.missing)}${list('new', fields.new)}`);
		const times = check.timeZone as IDataObject | undefined;
		if (times) lines.push(`   time zone ${String(times.zone)} [${String(times.grade)}]: ${String(times.verdict)}${list('problems', times.problems)}`);
		const pageSize = check.pageSize as IDataObject | undefined;
		if (pageSize) {
			lines.push(
				`   page size [${String(pageSize.grade)}]: ${String(pageSize.verdict)} (expected ${String(pageSize.packageExpects ?? 'none, the gateway decides')}, records ${String(pageSize.records ?? '-')}, count ${String(pageSize.count ?? '-')}, totalpages ${String(pageSize.totalPages ?? '-')})`,
			);
		}
		const notFound = check.noSuchRefund as IDataObject | undefined;
		if (notFound) lines.push(`   "no such refund" [${String(notFound.grade)}]: ${String(notFound.verdict)}${notFound.answer ? ` (answered ${String(notFound.answer)})` : ''}`);
	});
	return withoutAddresses(lines.join('\n'), context.customBaseUrls);
}

/** The endpoint paths the report names on purpose (Oceanpayment's own, the same for every merchant). */
const ENDPOINT_PATHS = new Set(Object.values(ENDPOINTS).map((endpoint) => endpoint.path));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The report goes into public issues: no address of any kind (a redirect's target, absolute,
 * scheme-relative or relative, an address in an error), and no host, path, path segment or
 * query of a Custom base URL, wherever they stand and in any letter case.
 */
function withoutAddresses(report: string, customBaseUrls: string[]): string {
	const parts = new Set<string>();
	const endpointSegments = new Set([...ENDPOINT_PATHS].flatMap((path) => path.toLowerCase().split('/')));
	for (const base of customBaseUrls) {
		let url: URL;
		try {
			url = new URL(base);
		} catch {
			continue;
		}
		const path = url.pathname.replace(/\/+$/, '');
		for (const part of [url.host, url.hostname, path, url.search.slice(1)]) if (part.length > 1) parts.add(escapeRegExp(part));
		// A path segment where it stands on its own ("acme-internal" in any text), unless an endpoint path has it.
		for (const segment of path.split('/')) {
			if (segment.length > 2 && !endpointSegments.has(segment.toLowerCase())) parts.add(`(?<![A-Za-z0-9])${escapeRegExp(segment)}(?![A-Za-z0-9])`);
		}
	}
	let text = report
		// A redirect's target, whatever its form.
		.replace(/(redirect \(HTTP \d+\) to )"[^"]*"/g, '$1"[an address]"')
		.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '[an address]')
		// Scheme-relative (//host/…) and relative (/path?query) addresses, except the endpoint paths.
		.replace(/(?<![\w.:/\]])\/\/?[^\s"'<>),;]+/g, (found) => (ENDPOINT_PATHS.has(found.replace(/\.+$/, '')) ? found : '[an address]'));
	for (const part of [...parts].sort((a, b) => b.length - a.length)) text = text.replace(new RegExp(part, 'gi'), '[custom]');
	return text;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	// One self-check per run, whatever the number of input items; its items pair to the first.
	return await forEachItem(this, items.slice(0, 1), run, async (parameters, itemIndex) => {
		const money = parameters.flag('probeMoneyEndpoints', 'Probe Money Endpoints', false);
		const hours = parameters.wholeNumber('options.lookBackHours', 'Look Back (Hours)', { fallback: 1, min: 1, max: MAX_LOOK_BACK_HOURS });
		const site = parameters.text('options.site', 'Health Check Site', { maxLength: 255, guessedLimit: true }) || MADE_UP.site;
		const recentOrder = parameters.id('options.recentOrderNumber', 'Recent Test Order Number', { maxLength: 50 });
		const cardBin = parameters.id('options.cardBin', 'Card BIN', { fallback: MADE_UP.cardBin }) || MADE_UP.cardBin;
		if (!/^\d{6,8}$/.test(cardBin)) {
			throw parameters.fail('Card BIN', 'must be 6 to 8 digits', 'Enter a public test BIN such as 411111, never a card number.');
		}
		const timeoutMs = parameters.wholeNumber('options.timeout', 'Timeout (Ms)', { fallback: DEFAULT_TIMEOUT_MS, min: 1000, max: MAX_TIMEOUT_MS });

		const credentials = await this.getCredentials('oceanpaymentApi');
		const keys = merchantKeys(credentials);
		const redact = redactor(keys);
		const environment = String(credentials.environment ?? 'sandbox');

		const checks: IDataObject[] = [];
		for (const probe of probesFor({ now: run.now, zone: run.gatewayZone, hours, site, cardBin, recentOrder, money })) {
			const endpoint = ENDPOINTS[probe.endpoint];
			let http: { statusCode: number; body: string } | undefined;
			let reply: GatewayReply | undefined;
			let failure: string | undefined;
			try {
				reply = await oceanpaymentApiRequest.call(this, probe.endpoint, probe.fields, {
					itemIndex,
					operation: `${OPERATION} (${probe.name})`,
					retry: { retries: 0, delayMs: 0 },
					timeoutMs,
					returnRejections: true,
					onHttpResponse: (answer) => {
						http = answer;
					},
				});
			} catch (error) {
				failure = (error as Error).message;
			}
			// An answer the transport refused (no result field, HTTP error) still shows its fields.
			const parsed = reply ? undefined : http && (endpoint.bodyKind === 'json' ? parseGatewayJson(http.body) : parseGatewayXml(http.body));
			const { verdict, evidence } = judge(probe, endpoint, reply, failure);
			const signGrade = signGradeOf(endpoint, probe.fields);
			const host = new URL(baseUrlFor(credentials, endpoint.family)).host;
			const timeZone = checkTimes(endpoint, reply, { zone: run.gatewayZone, now: run.now, recentWithinHours: probe.recent ? hours : undefined });
			const pageSize = checkPageSize(endpoint, probe, reply);
			const noSuchRefund = checkNotFound(endpoint, probe, reply);
			checks.push({
				type: 'check',
				check: probe.name,
				endpoint: endpoint.title,
				path: endpoint.path,
				host,
				httpStatus: http?.statusCode ?? null,
				verdict,
				grade: signGrade.grade,
				signature: {
					verdict,
					evidence,
					grade: signGrade.grade,
					rule: ruleOf(endpoint, probe.fields),
					...(signGrade.weakFields.length > 0 ? { weakerParts: signGrade.weakFields } : {}),
					...(endpoint.unsignedFields?.some((name) => probe.fields[name] !== undefined)
						? { sentUnsigned: endpoint.unsignedFields.filter((name) => probe.fields[name] !== undefined) }
						: {}),
				},
				resultCode: reply?.outcome.code ?? null,
				resultMessage: reply?.outcome.message ?? null,
				answerFields: checkFields(endpoint, reply),
				...(timeZone ? { timeZone } : {}),
				...(pageSize ? { pageSize } : {}),
				...(noSuchRefund ? { noSuchRefund } : {}),
				sent: probe.fields,
				answer: answerOf(endpoint, reply?.data ?? (parsed?.ok ? parsed.data : undefined)) ?? null,
				...(failure ? { problem: failure } : {}),
			});
		}

		const counts: Record<Verdict, number> = { accepted: 0, rejected: 0, inconclusive: 0 };
		for (const check of checks) counts[check.verdict as Verdict]++;
		const report = reportOf(checks, counts, {
			now: run.now,
			environment,
			account: mask(keys.account),
			terminal: mask(keys.terminal),
			zone: run.gatewayZone,
			money,
			customBaseUrls: environment === 'custom' ? (['query', 'gateway', 'checkout'] as const).map((family) => baseUrlFor(credentials, family)) : [],
		});
		const summary: IDataObject = { type: 'summary', checks: checks.length, counts, moneyEndpointsProbed: money, report };
		return redact([...checks, summary]) as IDataObject[];
	});
}
