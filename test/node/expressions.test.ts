/**
 * Inputs as n8n really passes them (issue 17). Every parameter of every operation is fed through a
 * real n8n expression (`={{ $json.v }}`, the item holding the value) with the shapes an expression
 * can return: numbers, booleans, lists, objects, null, padded text, and per kind the values that
 * go wrong in practice (IDs beyond 2^53 and in exponent form, "true"/"false" for on/off fields,
 * whole numbers as text, Unix seconds for dates, emoji for length limits, 0.00 for customs amounts).
 *
 * Each case is either refused — a NodeOperationError naming the field, `[item 0]` and the type it
 * received, with no gateway call at all — or accepted and sent exactly right: the value the
 * simulator received (or, for on/off and number fields, the behaviour it caused) is asserted.
 */
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { SEED_MERCHANT, signFor, startGateway, type Simulator, type SimulatorLogEntry } from '../helpers/gateway';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());

const GATEWAY_ZONE = 'Asia/Shanghai';
const START = DateTime.now().minus({ days: 2 }).startOf('second');
const END = DateTime.now().plus({ hours: 1 }).startOf('second');
const gatewayTime = (moment: DateTime) => moment.setZone(GATEWAY_ZONE).toFormat('yyyy-MM-dd HH:mm:ss');
const emoji = (count: number) => '😀'.repeat(count);

const SEED_PAYMENT = '260101000000000001001'; // SIM-1001, 25.00 USD, paid
const CAPTURABLE_PAYMENT = '260101000000000001004'; // SIM-1004, 40.00 USD, awaiting capture
const WECHAT_PAYMENT = '260101000000000001005'; // SIM-1005, 88.00 CNY, WeChat Pay
const SEEDED_REFUND_NUMBER = 'R-SEEDED';

/** A refund made by a signed request of the test's own (not through the package). */
async function seedRefund(): Promise<void> {
	const fields: Record<string, string> = {
		account: SEED_MERCHANT.account,
		terminal: SEED_MERCHANT.terminal,
		payment_id: SEED_PAYMENT,
		refund_number: SEEDED_REFUND_NUMBER,
		refund_type: '2',
		refund_amount: '1.00',
		refund_description: 'Seeded',
	};
	fields.signValue = signFor('/service/applyRefund', fields, SEED_MERCHANT.secureCode);
	const response = await fetch(`${sim.url}/service/applyRefund`, { method: 'POST', body: new URLSearchParams(fields) });
	expect(await response.text()).toContain('<refund_results>00</refund_results>');
}

/** A first customs declaration of the WeChat Pay payment, so that it can be resubmitted. */
async function seedCustomsSubmission(): Promise<void> {
	const fields: Record<string, string> = {
		account: SEED_MERCHANT.account,
		terminal: SEED_MERCHANT.terminal,
		payment_id: WECHAT_PAYMENT,
		type: '1',
		customs: '01',
		customs_number: 'C1',
		customs_name: 'Example Ltd',
	};
	fields.signValue = signFor('/gateway/service/customsUpload', fields, SEED_MERCHANT.secureCode);
	const response = await fetch(`${sim.url}/gateway/service/customsUpload`, { method: 'POST', body: new URLSearchParams(fields) });
	expect(await response.text()).toContain('<status>1</status>');
}

const lastPast = (minutes: number) => DateTime.now().minus({ minutes }).toISO();
const listRecords = {
	successful: () => sim.admin.addOrders(Array.from({ length: 60 }, (_, i) => ({ order_number: `L-${i}`, payment_dateTime: lastPast(i + 1) }))),
	business: () => sim.admin.addBusinessEvents(Array.from({ length: 60 }, (_, i) => ({ type: 'refund', review_dateTime: lastPast(i + 1) }))),
	disputes: () => sim.admin.addDisputes(Array.from({ length: 60 }, (_, i) => ({ order_number: `D-${i}`, disputes_date: lastPast(i + 1) }))),
};

interface Operation {
	/** A valid call of the operation. */
	parameters: INodeParameters;
	/** The endpoint whose request carries the operation's fields. */
	path: string;
	setup?: () => Promise<unknown> | unknown;
}

const range = { startDate: START.toISO(), endDate: END.toISO(), returnAll: false, limit: 2 };
const customs = { paymentId: WECHAT_PAYMENT, customs: '01', customsNumber: 'C1', customsName: 'Example Ltd', payerIdNumber: '', payerName: '' };

const OPERATIONS = {
	healthCheck: { parameters: { resource: 'account', operation: 'healthCheck', site: 'shop.example.com' }, path: '/pinc/check-account' },
	cardBin: { parameters: { resource: 'cardBin', operation: 'lookup', bins: '411111' }, path: '/pinc/check-card-bin' },
	customsSubmit: { parameters: { resource: 'customs', operation: 'submit', ...customs }, path: '/gateway/service/customsUpload' },
	customsResubmit: { parameters: { resource: 'customs', operation: 'resubmit', ...customs }, path: '/gateway/service/customsUpload', setup: seedCustomsSubmission },
	getStatus: { parameters: { resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001' }, path: '/service/check/normal' },
	getManySuccessful: { parameters: { resource: 'order', operation: 'getManySuccessful', ...range }, path: '/service/QueryOrdersList', setup: listRecords.successful },
	getManyBusinessEvents: { parameters: { resource: 'order', operation: 'getManyBusinessEvents', ...range }, path: '/service/BusinessOrdersList', setup: listRecords.business },
	getManyDisputes: { parameters: { resource: 'order', operation: 'getManyDisputes', ...range }, path: '/service/DisputeOrderList', setup: listRecords.disputes },
	capture: { parameters: { resource: 'preAuthorization', operation: 'capture', identifyBy: 'paymentId', paymentId: CAPTURABLE_PAYMENT, orderNumber: 'SIM-1004' }, path: '/gateway/service/auth' },
	void: { parameters: { resource: 'preAuthorization', operation: 'void', identifyBy: 'paymentId', paymentId: CAPTURABLE_PAYMENT, orderNumber: 'SIM-1004' }, path: '/gateway/service/auth' },
	reverse: { parameters: { resource: 'preAuthorization', operation: 'reverse', orderNumber: 'SIM-1005' }, path: '/gateway/service/auth' },
	refundCreate: {
		parameters: { resource: 'refund', operation: 'create', identifyBy: 'paymentId', paymentId: SEED_PAYMENT, orderNumber: 'SIM-1001', refundType: '2', amount: '1.00', description: 'Damaged' },
		path: '/service/applyRefund',
	},
	refundGet: { parameters: { resource: 'refund', operation: 'get', lookupBy: 'refundNumber', refundNumber: SEEDED_REFUND_NUMBER }, path: '/service/queryRefund', setup: seedRefund },
	tracking: {
		parameters: { resource: 'tracking', operation: 'upload', identifyBy: 'paymentId', paymentId: SEED_PAYMENT, orderNumber: 'SIM-1001', trackingNumbers: 'AB123', trackingSite: 'https://www.ups.com', handler: 'N/A' },
		path: '/service/uploadTrackingNo',
	},
} satisfies Record<string, Operation>;
type OperationName = keyof typeof OPERATIONS;

type Kind = 'text' | 'id' | 'amount' | 'flag' | 'whole' | 'choice' | 'list' | 'url' | 'date';

interface Field {
	op: OperationName;
	/** The parameter, dotted into collections (options.refundNumber). */
	param: string;
	label: string;
	kind: Kind;
	/** The request field the value travels in (on the operation's path). */
	wire?: string;
	/** Or what the value did, for fields that are not sent (on/off, numbers, choices of branch). */
	observe?: (result: RunResult, log: SimulatorLogEntry[]) => unknown;
	required?: boolean;
	maxLength?: number;
	/** The limit is the node's own guess (UNKNOWN in the API notes). */
	guessed?: boolean;
	/** The simulator checks the same length in UTF-16 units, so it refuses emoji at the limit. */
	unitsOnGateway?: boolean;
	allowZero?: boolean;
	/** What an empty value gives (default: the field is not sent). */
	whenEmpty?: unknown;
	/** Flags and whole numbers: the default; whole numbers: a valid sample and the minimum/maximum. */
	fallback?: unknown;
	sample?: number;
	min?: number;
	max?: number;
	/** Options fields: accepted values and what each gives. */
	accepted?: Array<[unknown, unknown]>;
	/** Lists: two valid entries (text and number form) and what a list of entries gives. */
	entries?: [string, string];
	numbers?: [number, number];
	seenOf?: (entries: string[]) => unknown;
	/** Parameters this field needs besides the operation's (a branch, a fault, a second item). */
	extra?: INodeParameters;
	fault?: IDataObject;
	items?: number;
	/** The made-up values are unknown to the gateway: it may answer with an error after the call. */
	mayReject?: boolean;
	/** Field-specific cases. */
	more?: Case[];
}

type Outcome = { refused: string; hint?: string; hidden?: string } | { seen: unknown };
interface Case {
	name: string;
	value: unknown;
	/** An expression of its own instead of `{{ $json.v }}` (values JSON cannot hold). */
	expression?: string;
	outcome: Outcome;
	/** The gateway may refuse this value after the call (e.g. it counts a limit differently). */
	mayReject?: boolean;
}

const refused = (text: string, extra: { hint?: string; hidden?: string } = {}): Outcome => ({ refused: text, ...extra });
const seen = (value: unknown): Outcome => ({ seen: value });
const c = (name: string, value: unknown, outcome: Outcome, expression?: string): Case => ({ name, value, outcome, expression });

const ID_HINT = 'Pass the ID as text';
const calls = (log: SimulatorLogEntry[], path: string) => log.filter((entry) => entry.path === path).length;
const simplified = (key: string) => (result: RunResult) => (result.output.length ? !(key in result.output[0].json) : 'no output');

// ---- the cases of each kind ---------------------------------------------------------------

function textCases(field: Field): Case[] {
	const empty = field.required ? refused('is required') : seen(field.whenEmpty);
	const limit = field.maxLength;
	return [
		c('a number', 42, seen('42')),
		c('a decimal number', 1.5, seen('1.5')),
		c('true', true, refused('expected text but got a boolean (true)')),
		c('false', false, refused('expected text but got a boolean (false)')),
		c('a list', ['a', 'b'], refused('expected text but got a list')),
		c('an object', { text: 'x' }, refused('expected text but got an object')),
		c('null', null, empty),
		c('empty text', '', empty),
		c('padded text', '  Fine  text \n', seen('Fine  text')),
		c('Infinity', null, refused('expected text but got the number Infinity'), '={{ 1 / 0 }}'),
		...(limit === undefined
			? []
			: [
					{ ...c(`${limit} emoji`, emoji(limit), seen(emoji(limit))), mayReject: field.unitsOnGateway },
					c(`${limit + 1} emoji`, emoji(limit + 1), refused(`is ${limit + 1} characters long; ${field.guessed ? 'this node allows' : 'the gateway allows'} at most ${limit}`)),
				]),
	];
}

function idCases(field: Field): Case[] {
	const text = textCases(field).filter((one) => !['a decimal number', 'padded text'].includes(one.name));
	return [
		...text,
		c('padded ID', '  PAY-1 \n', seen('PAY-1')),
		c('a decimal number', 1.5, refused('1.5 is a number too large (or not whole) to be an exact ID', { hint: ID_HINT })),
		c('2^53 + 2 as a number', 2 ** 53 + 2, refused('9007199254740994 is a number too large (or not whole) to be an exact ID', { hint: ID_HINT })),
		c('a 21-digit number', 260101000000000000000, refused('260101000000000000000 is a number too large', { hint: ID_HINT })),
		c('a 22-digit number', 2601010000000000000000, refused('2.60101e+21 is a number too large', { hint: ID_HINT })),
		c('exponent form as text', '2.60101e+21', refused('"2.60101e+21" is a number in exponent form, not an exact ID', { hint: ID_HINT })),
		c('exponent form, capital E', '1E21', refused('"1E21" is a number in exponent form', { hint: ID_HINT })),
		c('a 21-digit ID as text', '260101000000000000999', seen('260101000000000000999')),
		c('a big integer made text by String()', null, seen('260101000000000000999'), '={{ String("260101000000000000999") }}'),
	];
}

function amountCases(field: Field): Case[] {
	const empty = field.required ? refused('is required') : seen(undefined);
	const zero = (text: string) => (field.allowZero ? seen(text) : refused('must be greater than 0'));
	return [
		c('a whole number', 10, seen('10')),
		c('a decimal number', 10.5, seen('10.5')),
		c('text with 2 decimals', '10.50', seen('10.50')),
		c('padded text', ' 10.50 \n', seen('10.50')),
		c('0', 0, zero('0')),
		c('0.00', '0.00', zero('0.00')),
		c('a floating-point sum', 0.1 + 0.2, refused('"0.30000000000000004" is not an amount')),
		c('1e21', 1e21, refused('"1e+21" is not an amount')),
		c('a negative number', -1, refused('"-1" is not an amount')),
		c('three decimals', '1.005', refused('"1.005" is not an amount')),
		c('true', true, refused('expected text but got a boolean (true)')),
		c('a list', [10], refused('expected text but got a list')),
		c('an object', { value: 10 }, refused('expected text but got an object')),
		c('null', null, empty),
		c('empty text', '', empty),
	];
}

function flagCases(field: Field): Case[] {
	return [
		c('true', true, seen(true)),
		c('false', false, seen(false)),
		c('"true"', 'true', seen(true)),
		c('"false"', 'false', seen(false)),
		c('"TRUE"', 'TRUE', seen(true)),
		c('" False " padded', ' False ', seen(false)),
		c('null', null, seen(field.fallback)),
		c('empty text', '', seen(field.fallback)),
		c('1', 1, refused('expected true or false but got a number')),
		c('0', 0, refused('expected true or false but got a number')),
		c('"yes"', 'yes', refused('expected true or false but got "yes"')),
		c('a list', [true], refused('expected true or false but got a list')),
		c('an object', { on: true }, refused('expected true or false but got an object')),
	];
}

function wholeCases(field: Field): Case[] {
	const n = field.sample ?? 2;
	return [
		c('a number', n, seen(n)),
		c('text', String(n), seen(n)),
		c('padded text', ` ${n} \n`, seen(n)),
		c('null', null, seen(field.fallback)),
		c('empty text', '', seen(field.fallback)),
		c('a fraction', n + 0.5, refused(`expected a whole number but got ${n + 0.5}`)),
		c('a fraction as text', `${n}.5`, refused(`expected a whole number but got "${n}.5"`)),
		c('exponent form as text', '1e3', refused('expected a whole number but got "1e3"')),
		c('true', true, refused('expected a whole number but got a boolean (true)')),
		c('a list', [n], refused('expected a whole number but got a list')),
		c('an object', { n }, refused('expected a whole number but got an object')),
		...(field.min === undefined ? [] : [c('below the minimum', field.min - 1, refused(`must be a whole number of at least ${field.min}`))]),
		...(field.max === undefined ? [] : [c('above the maximum', String(field.max + 1), refused(`must be at most ${field.max}`))]),
	];
}

function choiceCases(field: Field): Case[] {
	return [
		...(field.accepted ?? []).map(([value, gives]) => c(`${JSON.stringify(value)}`, value, seen(gives))),
		c('true', true, refused('a boolean (true) is not one of')),
		c('a list', [field.accepted?.[0][0]], refused('a list is not one of')),
		c('an object', { value: field.accepted?.[0][0] }, refused('an object is not one of')),
		c('null', null, refused('null is not one of')),
		c('an unknown value', 'nope', refused('"nope" is not one of')),
	];
}

function listCases(field: Field): Case[] {
	const [a, b] = field.entries ?? ['A1', 'A2'];
	const [x, y] = field.numbers ?? [1001, 1002];
	const gives = field.seenOf ?? ((entries: string[]) => entries.join(','));
	const empty = field.required === false ? seen(gives([])) : refused('is required');
	return [
		c('one entry as text', a, seen(gives([a]))),
		c('comma-separated padded text', `  ${a} , ${b} ,`, seen(gives([a, b]))),
		c('text on several lines', `${a}\n${b}\n`, seen(gives([a, b]))),
		c('a list', [a, ` ${b} `], seen(gives([a, b]))),
		c('a number', x, seen(gives([String(x)]))),
		c('a list of numbers', [x, y], seen(gives([String(x), String(y)]))),
		c('true', true, refused('expected text or a list but got a boolean (true)')),
		c('an object', { entry: a }, refused('expected text or a list but got an object')),
		c('a list holding an object', [a, { entry: b }], refused('expected text or a list but got a list holding an object')),
		c('a list holding a boolean', [true], refused('expected text or a list but got a list holding a boolean (true)')),
		c('a list holding a list', [[a]], refused('expected text or a list but got a list holding a list')),
		c('2^53 + 2 as a number', 2 ** 53 + 2, refused('is a number that cannot be exact here')),
		c('a decimal number', 1.5, refused('1.5 is a number that cannot be exact here')),
		c('null', null, empty),
		c('an empty list', [], empty),
	];
}

function urlCases(): Case[] {
	return [
		c('padded address', ' https://www.ups.com/track \n', seen('https://www.ups.com/track')),
		c('a number', 42, refused('"42" is not a web address')),
		c('no scheme', 'www.ups.com', refused('"www.ups.com" is not a web address')),
		c('true', true, refused('expected text but got a boolean (true)')),
		c('a list', ['https://www.ups.com'], refused('expected text but got a list')),
		c('an object', { url: 'https://www.ups.com' }, refused('expected text but got an object')),
		c('null', null, refused('is required')),
	];
}

function dateCases(field: Field): Case[] {
	const isStart = field.param === 'startDate';
	const at = isStart ? START : END;
	const wire = gatewayTime(at);
	const old = DateTime.now().minus({ days: 400 }).startOf('second');
	return [
		c('ISO text', at.toISO(), seen(wire)),
		c('padded ISO text', ` ${at.toISO()} \n`, seen(wire)),
		c('Unix seconds', at.toUnixInteger(), seen(wire)),
		c('Unix seconds as text', String(at.toUnixInteger()), seen(wire)),
		c('Unix milliseconds', at.toMillis(), seen(wire)),
		c('a luxon DateTime', null, seen(wire), `={{ DateTime.fromMillis(${at.toMillis()}) }}`),
		c('a JavaScript Date', null, seen(wire), `={{ new Date(${at.toMillis()}) }}`),
		c('true', true, refused('a boolean (true) is not a date')),
		c('a list', [at.toISO()], refused('a list is not a date')),
		c('an object', { date: at.toISO() }, refused('an object is not a date')),
		c('null', null, refused('"" is not a date')),
		c('words', 'yesterday', refused('"yesterday" is not a date')),
		...(isStart
			? [
					c('Unix seconds of 400 days ago', old.toUnixInteger(), refused("(a number read as Unix seconds) is more than")),
					c('Unix milliseconds of 400 days ago', old.toMillis(), refused("(a number read as Unix milliseconds) is more than")),
				]
			: [c('before the start', START.minus({ hours: 1 }).toUnixInteger(), refused('is before the start date'))]),
	];
}

const CASES: Record<Kind, (field: Field) => Case[]> = {
	text: textCases,
	id: idCases,
	amount: amountCases,
	flag: flagCases,
	whole: wholeCases,
	choice: choiceCases,
	list: listCases,
	url: urlCases,
	date: dateCases,
};

// ---- the fields of every operation --------------------------------------------------------

const RETRY_FAULT = { mode: 'http503' };
/** Retries: calls made under a lasting HTTP 503, less the first. */
const retriesOf = (path: string) => (_result: RunResult, log: SimulatorLogEntry[]) => calls(log, path) - 1;
/** Timeout: nothing on the wire shows it; accepted means the call was made (a named test shows the value is used). */
const timeoutUsed = (path: string) => (_result: RunResult, log: SimulatorLogEntry[]) => (calls(log, path) > 0 ? 'called' : 'not called');

function readOptionFields(op: OperationName): Field[] {
	const { path } = OPERATIONS[op];
	return [
		{ op, param: 'options.retries', label: 'Retries on Network Errors', kind: 'whole', observe: retriesOf(path), fault: RETRY_FAULT, mayReject: true, sample: 1, fallback: 2, min: 0, max: 5 },
		...writeOptionFields(op),
	];
}

function writeOptionFields(op: OperationName): Field[] {
	const observe = timeoutUsed(OPERATIONS[op].path);
	return [{ op, param: 'options.timeout', label: 'Timeout (Ms)', kind: 'whole', observe, sample: 1000, fallback: 'called', min: 1000, max: 3600000, mayReject: true }];
}
/**
 * Options › Terminal (issue 29), with this matrix's one-terminal credential: every accepted choice
 * asks the credential's own terminal; 3-D Secure is refused before any call.
 */
function terminalField(op: OperationName, kind: 'read' | 'write'): Field {
	const accepted: Array<[unknown, unknown]> = kind === 'read' ? [['main', SEED_MERCHANT.terminal], [' both ', SEED_MERCHANT.terminal]] : [['payment', SEED_MERCHANT.terminal], [' main ', SEED_MERCHANT.terminal]];
	return {
		op,
		param: 'options.terminal',
		label: 'Terminal',
		kind: 'choice',
		wire: 'terminal',
		accepted,
		mayReject: true,
		more: [c('3-D Secure, which the credential does not have', 'threeDSecure', refused('is 3-D Secure, but the credential has no 3-D Secure Terminal'))],
	};
}

/**
 * Timeout and Parallel Calls: nothing on the wire shows the number, so an accepted case "sees" the
 * call being made (named tests show the values are used: the timeout below, parallel calls in
 * behaviour.test.ts).
 */
const SEEN_AS_CALLED = ['options.timeout', 'options.parallelCalls'];
const timeoutSeen = (field: Field, one: Case): Case =>
	SEEN_AS_CALLED.includes(field.param) && 'seen' in one.outcome ? { ...one, outcome: seen('called') } : one;
function parallelCallsField(op: 'getStatus' | 'cardBin'): Field {
	return { op, param: 'options.parallelCalls', label: 'Parallel Calls', kind: 'whole', observe: timeoutUsed(OPERATIONS[op].path), sample: 3, fallback: 'called', min: 1, max: 8 };
}

function listOperationFields(op: 'getManySuccessful' | 'getManyBusinessEvents' | 'getManyDisputes'): Field[] {
	const key = 'payment_id';
	return [
		{ op, param: 'startDate', label: 'Start Date', kind: 'date', wire: 'order_beginDate' },
		{ op, param: 'endDate', label: 'End Date', kind: 'date', wire: 'order_endDate' },
		{ op, param: 'returnAll', label: 'Return All', kind: 'flag', fallback: false, observe: (result) => result.output.length > 2 },
		{ op, param: 'limit', label: 'Limit', kind: 'whole', sample: 3, fallback: 50, min: 1, observe: (result) => result.output.length },
		{ op, param: 'simplify', label: 'Simplify', kind: 'flag', fallback: true, observe: simplified(key) },
		...readOptionFields(op),
		terminalField(op, 'read'),
	];
}

/** Both branches of "Identify Payment By" (refund, capture, void). */
function identifyPaymentFieldsOf(op: 'refundCreate' | 'capture' | 'void'): Field[] {
	return [
		{
			op,
			param: 'identifyBy',
			label: 'Identify Payment By',
			kind: 'choice',
			accepted: [['paymentId', 'paymentId'], [' orderNumber ', 'orderNumber']],
			observe: (_result, log) => (calls(log, '/service/check/normal') ? 'orderNumber' : 'paymentId'),
		},
		{ op, param: 'paymentId', label: 'Payment ID', kind: 'id', wire: 'payment_id', required: true, maxLength: 50, guessed: true, mayReject: true, extra: { identifyBy: 'paymentId' } },
		{
			op,
			param: 'orderNumber',
			label: 'Order Number',
			kind: 'id',
			required: true,
			maxLength: 50,
			mayReject: true,
			extra: { identifyBy: 'orderNumber' },
			// The order number goes to the status query that finds the payment.
			observe: (_result, log) => log.find((entry) => entry.path === '/service/check/normal')?.fields.order_number,
		},
	];
}

const FIELDS: Field[] = [
	// Account › Health Check
	{ op: 'healthCheck', param: 'site', label: 'Site', kind: 'text', wire: 'site', required: true, maxLength: 255, guessed: true },
	{ op: 'healthCheck', param: 'publicKey', label: 'Public Key', kind: 'text', wire: 'key', maxLength: 4096, guessed: true },
	...readOptionFields('healthCheck'),
	terminalField('healthCheck', 'read'),
	// Card BIN › Lookup
	{
		op: 'cardBin',
		param: 'bins',
		label: 'Card BINs',
		kind: 'list',
		wire: 'card_bin',
		entries: ['411111', '545454'],
		numbers: [411111, 545454],
		// A BIN goes as a JSON number unless a leading zero would be lost.
		seenOf: (entries) => entries.map((bin) => (bin.startsWith('0') ? bin : Number(bin))),
		more: [
			c('a BIN with a leading zero', '012345', seen(['012345'])),
			c('a full card number as text', '4111111111111111', refused('"411111…1111" is not valid', { hidden: '4111111111111111' })),
			c('a full card number as a number', 4111111111111111, refused('"411111…1111" is not valid', { hidden: '4111111111111111' })),
			c('a BIN and a full card number', '411111,4111111111111111', refused('"411111…1111" is not valid', { hidden: '4111111111111111' })),
			c('a list with a full card number', ['411111', 5454545454545454], refused('"545454…5454" is not valid', { hidden: '5454545454545454' })),
			c('a 19-digit card number as a number', Number('6011000990139424123'), refused('601100…4000 is a number that cannot be exact here', { hidden: '6011000990139424' })),
			c('a card number with spaces', '4111 1111 1111 1111', refused('is not valid', { hidden: '4111 1111 1111 1111' })),
		],
	},
	{ op: 'cardBin', param: 'options.batching', label: 'Batch Items', kind: 'flag', fallback: true, items: 2, observe: (_result, log) => calls(log, '/pinc/check-card-bin') === 1 },
	parallelCallsField('cardBin'),
	...readOptionFields('cardBin'),
	// Customs › Submit and Resubmit
	...(['customsSubmit', 'customsResubmit'] as const).flatMap((op): Field[] => [
		{ op, param: 'paymentId', label: 'Payment ID', kind: 'id', wire: 'payment_id', required: true, maxLength: 50, guessed: true, mayReject: true },
		{ op, param: 'customs', label: 'Customs Code', kind: 'text', wire: 'customs', required: true, maxLength: 20, guessed: true },
		{ op, param: 'customsNumber', label: 'Customs Registration Number', kind: 'text', wire: 'customs_number', required: true, maxLength: 50, guessed: true },
		{ op, param: 'customsName', label: 'Customs Registered Name', kind: 'text', wire: 'customs_name', required: true, maxLength: 100, guessed: true },
		{ op, param: 'payerIdNumber', label: 'Payer ID Number', kind: 'id', wire: 'pay_userId', maxLength: 30, guessed: true },
		{ op, param: 'payerName', label: 'Payer Name', kind: 'text', wire: 'pay_userName', maxLength: 100, guessed: true },
		{ op, param: 'options.price', label: 'Goods Amount', kind: 'amount', wire: 'price', allowZero: true },
		{ op, param: 'options.totalAmount', label: 'Total Amount', kind: 'amount', wire: 'total_amount', allowZero: true },
		{ op, param: 'options.shippingFee', label: 'Shipping Fee', kind: 'amount', wire: 'shipping_fee', allowZero: true },
		{ op, param: 'options.subOrderNumber', label: 'Sub-Order Number', kind: 'text', wire: 'sub_order_number', maxLength: 50, guessed: true },
		...writeOptionFields(op),
		terminalField(op, 'write'),
	]),
	// Order › Get Status
	{ op: 'getStatus', param: 'orderNumbers', label: 'Order Numbers', kind: 'list', wire: 'order_number', more: [{ ...c('50 emoji', emoji(50), seen(emoji(50))), mayReject: true }, c('51 emoji', emoji(51), refused('is longer than 50 characters'))] },
	{ op: 'getStatus', param: 'simplify', label: 'Simplify', kind: 'flag', fallback: true, observe: simplified('payment_id') },
	{ op: 'getStatus', param: 'options.batching', label: 'Batch Items', kind: 'flag', fallback: true, items: 2, observe: (_result, log) => calls(log, '/service/check/normal') === 1 },
	parallelCallsField('getStatus'),
	...readOptionFields('getStatus'),
	terminalField('getStatus', 'read'),
	// Order › Get Many Successful / Business Events / Disputes
	...listOperationFields('getManySuccessful'),
	...listOperationFields('getManyBusinessEvents'),
	{
		op: 'getManyBusinessEvents',
		param: 'dateType',
		label: 'Date Type',
		kind: 'choice',
		wire: 'date_type',
		// The gateway's default (0) is left out.
		accepted: [['1', '1'], [2, '2'], [' 2 ', '2'], ['0', undefined]],
	},
	{ op: 'getManyBusinessEvents', param: 'options.pageSize', label: 'Page Size', kind: 'choice', wire: 'count', accepted: [[50, '50'], ['100', '100'], [' 50 ', '50'], [10, undefined]] },
	...listOperationFields('getManyDisputes'),
	{ op: 'getManyDisputes', param: 'disputeType', label: 'Dispute Type', kind: 'choice', wire: 'notice_type', accepted: [['dispute', 'dispute'], [' disputes-period ', 'disputes-period'], ['', undefined]] },
	{ op: 'getManyDisputes', param: 'options.paymentId', label: 'Payment ID', kind: 'id', wire: 'payment_id', maxLength: 50 },
	{ op: 'getManyDisputes', param: 'options.orderNumber', label: 'Order Number', kind: 'id', wire: 'order_number', maxLength: 50 },
	// Pre-Authorization › Capture, Void, Reverse
	...identifyPaymentFieldsOf('capture'),
	{ op: 'capture', param: 'options.amount', label: 'Amount', kind: 'amount', wire: 'order_amount' },
	...writeOptionFields('capture'),
	terminalField('capture', 'write'),
	...identifyPaymentFieldsOf('void'),
	...writeOptionFields('void'),
	terminalField('void', 'write'),
	{ op: 'reverse', param: 'orderNumber', label: 'Order Number', kind: 'id', wire: 'order_number', required: true, maxLength: 50, mayReject: true },
	...writeOptionFields('reverse'),
	terminalField('reverse', 'write'),
	// Refund › Create
	...identifyPaymentFieldsOf('refundCreate'),
	{ op: 'refundCreate', param: 'refundType', label: 'Refund Type', kind: 'choice', wire: 'refund_type', accepted: [['1', '1'], [2, '2'], [' 2 ', '2']], mayReject: true },
	{ op: 'refundCreate', param: 'amount', label: 'Amount', kind: 'amount', wire: 'refund_amount', required: true },
	{ op: 'refundCreate', param: 'description', label: 'Description', kind: 'text', wire: 'refund_description', required: true, maxLength: 255, guessed: true },
	{ op: 'refundCreate', param: 'options.refundNumber', label: 'Refund Number', kind: 'id', wire: 'refund_number', maxLength: 50, guessed: true, unitsOnGateway: true, extra: { options: { skipExisting: false } } },
	{ op: 'refundCreate', param: 'options.refundReference', label: 'Refund Reference', kind: 'text', wire: 'refund_reference', maxLength: 100, guessed: true },
	{
		op: 'refundCreate',
		param: 'options.skipExisting',
		label: 'Skip If This Refund Number Already Exists',
		kind: 'flag',
		fallback: true,
		extra: { options: { refundNumber: 'R-NEW' } },
		// The check asks about the number (and once about a number that cannot exist).
		observe: (_result, log) => calls(log, '/service/queryRefund') > 0,
	},
	{
		op: 'refundCreate',
		param: 'options.notFoundCodes',
		label: 'No-Such-Refund Codes',
		kind: 'list',
		required: false,
		entries: ['05', '98'],
		numbers: [5, 98],
		extra: { options: { refundNumber: 'R-NEW' } },
		// The check answers 05 for an unknown refund number: with no codes the node learns that (the
		// refund goes out); a list of codes decides instead, so the refund goes out only when it holds 05.
		seenOf: (entries) => entries.length === 0 || entries.includes('05'),
		observe: (_result, log) => calls(log, '/service/applyRefund') === 1,
		mayReject: true,
		more: [c('11 characters', '05,12345678901', refused('"12345678901" is longer than 10 characters'))],
	},
	{ op: 'refundCreate', param: 'simplify', label: 'Simplify', kind: 'flag', fallback: true, observe: simplified('refund_amount') },
	...writeOptionFields('refundCreate'),
	terminalField('refundCreate', 'write'),
	// Refund › Get
	{
		op: 'refundGet',
		param: 'lookupBy',
		label: 'Look Up By',
		kind: 'choice',
		accepted: [['refundNumber', 'refundNumber'], [' refundId ', 'refundId']],
		extra: { refundId: '1' },
		mayReject: true,
		observe: (_result, log) => (log.at(-1)?.fields.refund_id !== undefined ? 'refundId' : 'refundNumber'),
	},
	{ op: 'refundGet', param: 'refundId', label: 'Refund ID', kind: 'id', wire: 'refund_id', required: true, maxLength: 50, guessed: true, mayReject: true, extra: { lookupBy: 'refundId' } },
	{ op: 'refundGet', param: 'refundNumber', label: 'Refund Number', kind: 'id', wire: 'refund_number', required: true, maxLength: 50, guessed: true, mayReject: true },
	{ op: 'refundGet', param: 'simplify', label: 'Simplify', kind: 'flag', fallback: true, observe: simplified('refund_amount') },
	...readOptionFields('refundGet'),
	terminalField('refundGet', 'read'),
	// Tracking › Upload
	{
		op: 'tracking',
		param: 'identifyBy',
		label: 'Identify Order By',
		kind: 'choice',
		accepted: [['paymentId', 'paymentId'], [' orderNumber ', 'orderNumber']],
		observe: (_result, log) => (log.at(-1)?.fields.order_number !== undefined ? 'orderNumber' : 'paymentId'),
	},
	{ op: 'tracking', param: 'paymentId', label: 'Payment ID', kind: 'id', wire: 'payment_id', required: true, maxLength: 50, guessed: true, mayReject: true },
	{ op: 'tracking', param: 'orderNumber', label: 'Order Number', kind: 'id', wire: 'order_number', required: true, maxLength: 50, mayReject: true, extra: { identifyBy: 'orderNumber' } },
	{
		op: 'tracking',
		param: 'trackingNumbers',
		label: 'Tracking Numbers',
		kind: 'list',
		wire: 'tracking_number',
		entries: ['AB123', 'CD456'],
		numbers: [123, 456],
		more: [c('50 emoji', emoji(50), refused('is not valid')), c('51 emoji', emoji(51), refused('is longer than 50 characters'))],
	},
	{ op: 'tracking', param: 'trackingSite', label: 'Tracking Site', kind: 'url', wire: 'tracking_site' },
	{ op: 'tracking', param: 'handler', label: 'Handler', kind: 'text', wire: 'tracking_handler', maxLength: 50, guessed: true, whenEmpty: 'N/A' },
	...writeOptionFields('tracking'),
	terminalField('tracking', 'write'),
];

// ---- running one case ---------------------------------------------------------------------

/** Sets a dotted parameter (options.refundNumber) in a copy of the parameters. */
function withParameter(parameters: INodeParameters, path: string, value: unknown): INodeParameters {
	const copy = JSON.parse(JSON.stringify(parameters)) as INodeParameters;
	const keys = path.split('.');
	let target = copy as IDataObject;
	for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as IDataObject;
	target[keys.at(-1)!] = value as never;
	return copy;
}

function merge(base: INodeParameters, extra: INodeParameters = {}): INodeParameters {
	const options = { ...((base.options as IDataObject) ?? {}), ...((extra.options as IDataObject) ?? {}) };
	return { ...base, ...extra, options: options as INodeParameters };
}

interface MatrixRow {
	title: string;
	field: Field;
	one: Case;
}

const MATRIX: MatrixRow[] = FIELDS.flatMap((field) =>
	[...CASES[field.kind](field), ...(field.more ?? [])].map((one) => {
		const adjusted = timeoutSeen(field, one);
		return { title: `${field.op} › ${field.label} (${field.param}) ← ${one.name}`, field, one: adjusted };
	}),
);

test('the matrix covers every operation, and its size is known', () => {
	const operations = new Set(FIELDS.map((field) => field.op));
	expect([...operations].sort()).toEqual(Object.keys(OPERATIONS).sort());
	const refusals = MATRIX.filter((row) => 'refused' in row.one.outcome).length;
	// The note quotes these numbers.
	// eslint-disable-next-line no-console
	console.log(`expression matrix: ${MATRIX.length} cases over ${FIELDS.length} fields of ${operations.size} operations (${refusals} refused, ${MATRIX.length - refusals} accepted)`);
	expect(MATRIX.length).toBeGreaterThanOrEqual(600);
});

/** Every parameter the node shows for an operation (collections opened), by dotted name. */
/** The parameters of node version 1, which the matrix runs (version 2's own fields: refund-v2.test.ts). */
function shownParameters(resource: string, operation: string): string[] {
	const names: string[] = [];
	for (const property of new Oceanpayment().description.properties) {
		const show = property.displayOptions?.show ?? {};
		if (['resource', 'operation'].includes(property.name)) continue;
		const versions = show['@version'] as unknown[] | undefined;
		if (versions && !versions.includes(1)) continue;
		if (!(show.resource as string[] | undefined)?.includes(resource) || !(show.operation as string[] | undefined)?.includes(operation)) continue;
		if (property.type === 'collection') for (const option of (property.options ?? []) as INodeProperties[]) names.push(`${property.name}.${option.name}`);
		else names.push(property.name);
	}
	return names.sort();
}

test('the matrix has every operation of the node (Self-Check, added later, is the one known gap)', () => {
	const operationProperty = new Oceanpayment().description.properties.filter((property) => property.name === 'operation');
	const all = operationProperty.flatMap((property) => ((property.options ?? []) as Array<{ value: string }>).map((option) => `${String((property.displayOptions?.show?.resource as string[])[0])}.${option.value}`));
	const covered = Object.values(OPERATIONS).map(({ parameters }) => `${String(parameters.resource)}.${String(parameters.operation)}`);
	expect(all.filter((name) => !covered.includes(name)).sort()).toEqual(['account.selfCheck']);
});

/**
 * Parameters never read from an expression: "Allow AI Agent to Run This" (tool variant only) is
 * read as stored, so a model cannot switch it on through $fromAI (test/node/agent-tool.test.ts).
 */
const STORED_ONLY = ['allowAgent'];

test.each(Object.entries(OPERATIONS))('the matrix has every parameter of %s', (op, { parameters }) => {
	const inMatrix = new Set(FIELDS.filter((field) => field.op === op).map((field) => field.param));
	const shown = shownParameters(String(parameters.resource), String(parameters.operation)).filter((name) => !STORED_ONLY.includes(name));
	expect([...inMatrix].sort()).toEqual(shown);
});

const ITEM_INDEX = /\[item 0\]/;

describe.each(Object.keys(OPERATIONS))('%s', (op) => {
	const rows = MATRIX.filter((row) => row.field.op === op);
	const operation = OPERATIONS[op as OperationName] as Operation;

	beforeEach(async () => {
		sim.admin.reset();
		await operation.setup?.();
		sim.admin.clearLog();
	});

	test.each(rows.map((row) => [row.title, row] as const))('%s', async (_title, { field, one }) => {
		if (field.fault) sim.admin.setFault(operation.path, field.fault);
		const parameters = withParameter(merge(operation.parameters, field.extra), field.param, one.expression ?? '={{ $json.v }}');
		const items = Array.from({ length: field.items ?? 1 }, () => ({ v: one.value }));
		const result = await runNode({ node: { type: 'oceanpayment', parameters }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials, items: items as IDataObject[] });
		const log = sim.admin.getLog();

		if ('refused' in one.outcome) {
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toMatch(new RegExp(`^${field.label.replace(/[()]/g, '\\$&')}: `));
			expect(result.error?.message).toContain(one.outcome.refused);
			expect(result.error?.message).toMatch(ITEM_INDEX);
			if (one.outcome.hint) expect(result.error?.description).toContain(one.outcome.hint);
			if (one.outcome.hidden) {
				const { message, description, stack } = result.error ?? {};
				const nodeRun = result.run.data.resultData.runData.Oceanpayment;
				expect(JSON.stringify({ message, description, stack, nodeRun, error: result.error })).not.toContain(one.outcome.hidden);
			}
			if (field.guessed && one.outcome.refused.includes('characters long')) expect(result.error?.description).toContain('does not document this limit');
			expect(log).toHaveLength(0);
			return;
		}

		// Accepted: never refused as this field, and the value arrived exactly (or did what it says).
		if (result.error) {
			const error = `${result.error.name}: ${result.error.message}`;
			if (!field.mayReject && !one.mayReject) expect(error).toBe('no error');
			expect(error).not.toContain(`Error: ${field.label}: `);
		}
		expect(log.length).toBeGreaterThan(0);
		expect(JSON.stringify(log)).not.toContain('[object Object]');
		const observed = field.observe
			? field.observe(result, log)
			: log.filter((entry) => entry.path === operation.path).at(-1)?.fields[field.wire!];
		expect(observed).toEqual(one.outcome.seen);
	});
});

/** Limits the node chose itself (UNKNOWN in the API notes) are said in the field's description. */
test.each(FIELDS.filter((field) => field.guessed && field.maxLength).map((field) => [`${field.op} › ${field.label}`, field] as const))(
	'%s: the guessed limit is said in the field description',
	(_name, field) => {
		const { resource, operation } = OPERATIONS[field.op].parameters as { resource: string; operation: string };
		const [top, option] = field.param.split('.');
		const candidates = new Oceanpayment().description.properties.filter((property) => {
			const show = property.displayOptions?.show ?? {};
			return property.name === top && (show.resource as string[]).includes(resource) && (show.operation as string[]).includes(operation);
		});
		const property = option ? ((candidates[0]?.options ?? []) as INodeProperties[]).find((one) => one.name === option) : candidates[0];
		expect(property?.description).toContain(`${field.maxLength} characters`);
		expect(property?.description).toContain('a limit this node chose');
	},
);

// ---- the behaviours of issue 17, one named test each -------------------------------------

describe('issue 17: inputs as n8n really passes them', () => {
	beforeEach(() => sim.admin.reset());

	type OnError = 'continueErrorOutput' | 'continueRegularOutput';
	const run = async (parameters: INodeParameters, items: IDataObject[] = [{}], onError?: OnError, credentialData: CredentialData = credentials) =>
		await runNode({ node: { type: 'oceanpayment', parameters, onError }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials: credentialData, items });
	const callsTo = (path: string) => sim.admin.getLog().filter((entry) => entry.path === path);
	const fieldsOf = (path: string) => callsTo(path).map((entry) => entry.fields);

	describe('a full card number never shows', () => {
		const FULL = '4111111111111111';
		/** What the node wrote, without the input's own fields (n8n copies those onto error items). */
		const written = (result: RunResult) => {
			const { message, description, stack } = result.error ?? {};
			const strip = (items: RunResult['output']) => items.map(({ json, pairedItem }) => ({ json: { ...json, card: undefined }, pairedItem }));
			const nodeRun = result.run.data.resultData.runData.Oceanpayment?.map((one) => ({ ...one, data: undefined }));
			return JSON.stringify({ message, description, stack, error: result.error, nodeRun, output: strip(result.output), errorOutput: strip(result.errorOutput) });
		};

		test.each([undefined, 'continueErrorOutput', 'continueRegularOutput'] as const)('Card BINs "411111,<card number>" is refused with the number masked (on error: %s)', async (onError) => {
			const result = await run({ resource: 'cardBin', operation: 'lookup', bins: '={{ "411111," + $json.card }}' }, [{ card: FULL }, { card: FULL }], onError);
			const expected = 'Card BINs: "411111…1111" is not valid';
			if (onError === undefined) expect(result.error?.message).toBe(`${expected} [item 0]`);
			else {
				const items = onError === 'continueErrorOutput' ? result.errorOutput : result.output;
				expect(items.map((item) => [item.json.error, item.pairedItem])).toEqual([
					[`${expected} [item 0]`, { item: 0 }],
					[`${expected} [item 1]`, { item: 1 }],
				]);
			}
			expect(written(result)).not.toContain(FULL);
			expect(sim.admin.getLog()).toHaveLength(0);
		});

		test.each([
			['with spaces', '4111 1111 1111 1111'],
			['with dashes', '4111-1111-1111-1111'],
			['as a number', 4111111111111111],
			['in a list', ['411111', FULL]],
		])('a card number %s is masked too', async (_name, card) => {
			const result = await run({ resource: 'cardBin', operation: 'lookup', bins: '={{ $json.card }}' }, [{ card }], 'continueErrorOutput');
			expect(result.errorOutput[0].json.error).toContain('411111…1111');
			expect(written(result)).not.toMatch(/4111[ -]?1111[ -]?1111[ -]?1111/);
		});
	});

	describe('a card number given to any field never shows in its error', () => {
		const forms: Array<[string, unknown]> = [
			['plain', '4111111111111111'],
			['in groups of 4', '4111 1111 1111 1111'],
			['with dashes', '4111-1111-1111-1111'],
			['as a number', 4111111111111111],
			['after another number', '1 4111111111111111'],
			['in a list', ['4111111111111111']],
			['a 15-digit card', '378282246310005'],
		];
		const anyGrouping = /4111[ -]?1111[ -]?1111[ -]?1111|378282[ -]?246310[ -]?005|3782[ -]?822463[ -]?10005/;
		const fields = FIELDS.map((field) => [`${field.op} › ${field.label} (${field.param})`, field] as const);

		test.each(fields)('%s', async (_name, field) => {
			const operation = OPERATIONS[field.op] as Operation;
			for (const [form, card] of forms) {
				sim.admin.reset();
				await operation.setup?.();
				sim.admin.clearLog();
				const parameters = withParameter(merge(operation.parameters, field.extra), field.param, '={{ $json.card }}');
				const result = await run(parameters, [{ card }] as IDataObject[], 'continueErrorOutput');
				if (sim.admin.getLog().length > 0) continue; // accepted and sent: the card number was the workflow's own choice
				const nodeRun = result.run.data.resultData.runData.Oceanpayment?.map((one) => ({ ...one, data: undefined }));
				const written = JSON.stringify({ errors: result.errorOutput.map((item) => item.json.error), nodeRun });
				expect({ form, written }).toEqual({ form, written: expect.not.stringMatching(anyGrouping) });
				expect(result.errorOutput[0].json.error).toMatch(/^.+: .*\[item 0\]$/);
			}
		});
	});

	describe('objects never become "[object Object]"', () => {
		const refund = { resource: 'refund', operation: 'create', identifyBy: 'paymentId', paymentId: SEED_PAYMENT, refundType: '2', amount: '1.00', description: 'Damaged' };

		test('a refund description from {{ $json.reason }} where reason is an object is refused; no refund is made', async () => {
			const result = await run({ ...refund, description: '={{ $json.reason }}' }, [{ reason: { code: 'damaged', text: 'Arrived broken' } }]);
			expect(result.error?.message).toBe('Description: expected text but got an object [item 0]');
			expect(result.error?.description).toContain('{{ $json.reason.text }}');
			expect(sim.admin.getLog()).toHaveLength(0);
			expect(sim.admin.getRefunds()).toHaveLength(0);
		});

		test('two items whose refund numbers are objects: both refused on the error output, neither "already existed", nothing refunded', async () => {
			const result = await run({ ...refund, options: { refundNumber: '={{ $json.refund }}' } }, [{ refund: { id: 1 } }, { refund: { id: 2 } }], 'continueErrorOutput');
			expect(result.output).toHaveLength(0);
			expect(result.errorOutput.map((item) => [item.json.error, item.pairedItem])).toEqual([
				['Refund Number: expected text but got an object [item 0]', { item: 0 }],
				['Refund Number: expected text but got an object [item 1]', { item: 1 }],
			]);
			expect(sim.admin.getLog()).toHaveLength(0);
			expect(sim.admin.getRefunds()).toHaveLength(0);
		});

		test('Order Numbers given as objects are refused; no status call for "[object Object]"', async () => {
			const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}' }, [{ order: { number: 1001 } }]);
			expect(result.error?.message).toBe('Order Numbers: expected text or a list but got an object [item 0]');
			expect(sim.admin.getLog()).toHaveLength(0);
		});

	});

	describe('IDs that lost digits are refused, with the hint to pass them as text', () => {
		const operations: Array<[string, INodeParameters]> = [
			['void', { resource: 'preAuthorization', operation: 'void', identifyBy: 'paymentId' }],
			['capture', { resource: 'preAuthorization', operation: 'capture', identifyBy: 'paymentId' }],
			['refund', { resource: 'refund', operation: 'create', identifyBy: 'paymentId', refundType: '2', amount: '1.00', description: 'Damaged' }],
		];
		test.each(operations)('%s: 260101000000000000000 as a number, 2.60101e21 and "2.60101e+21" are refused before any call', async (_name, parameters) => {
			const result = await run({ ...parameters, paymentId: '={{ $json.id }}' }, [{ id: 260101000000000000000 }, { id: 2601010000000000000000 }, { id: '2.60101e+21' }], 'continueErrorOutput');
			expect(result.errorOutput.map((item) => item.json.error)).toEqual([
				'Payment ID: 260101000000000000000 is a number too large (or not whole) to be an exact ID [item 0]',
				'Payment ID: 2.60101e+21 is a number too large (or not whole) to be an exact ID [item 1]',
				'Payment ID: "2.60101e+21" is a number in exponent form, not an exact ID [item 2]',
			]);
			const direct = await run({ ...parameters, paymentId: '={{ $json.id }}' }, [{ id: 260101000000000000000 }]);
			expect(direct.error?.description).toBe('Pass the ID as text, for example {{ String($json.id) }}, or keep it quoted in the source data.');
			expect(sim.admin.getLog()).toHaveLength(0);
		});

		test.each(operations)('%s: the same 21-digit ID as text is sent exactly', async (_name, parameters) => {
			await run({ ...parameters, paymentId: '={{ $json.id }}' }, [{ id: '260101000000000001004' }]);
			const path = parameters.resource === 'refund' ? '/service/applyRefund' : '/gateway/service/auth';
			expect(fieldsOf(path).map((fields) => fields.payment_id)).toEqual(['260101000000000001004']);
		});
	});

	describe('a credential-level failure fails every item, on the error output and paired', () => {
		const failures: Array<[string, CredentialData, string, string]> = [
			['a misspelt Gateway Time Zone', { gatewayTimeZone: 'Asia/Shangai' }, 'Gateway Time Zone "Asia/Shangai" in the Oceanpayment credential is not a time zone', 'Asia/Shanghai'],
			['a custom Query Base URL without scheme', { queryBaseUrl: '127.0.0.1:1' }, 'The Oceanpayment credential\'s "Query Base URL" ("127.0.0.1:1") does not start with http:// or https://. Add the scheme, e.g. https://127.0.0.1:1.', 'Fix the Oceanpayment credential'],
		];
		const operations = Object.entries(OPERATIONS).map(([name, operation]) => [name, operation.parameters] as const);

		describe.each(failures)('%s', (_name, broken, message, hint) => {
			test.each(operations)('%s under "continueErrorOutput": one error item per input item, nothing on the success output', async (_op, parameters) => {
				const result = await run(parameters, [{ n: 1 }, { n: 2 }], 'continueErrorOutput', { ...credentials, ...broken });
				expect(result.output).toHaveLength(0);
				expect(result.errorOutput.map((item) => [item.json.error, item.pairedItem])).toEqual([
					[message, { item: 0 }],
					[message, { item: 1 }],
				]);
				expect(sim.admin.getLog()).toHaveLength(0);
			});

			test('under "continueRegularOutput": one error item per input item, paired, no input passed through unchanged', async () => {
				const result = await run(OPERATIONS.refundCreate.parameters, [{ n: 1 }, { n: 2 }], 'continueRegularOutput', { ...credentials, ...broken });
				expect(result.output.map((item) => [item.json, item.pairedItem])).toEqual([
					[{ error: message }, { item: 0 }],
					[{ error: message }, { item: 1 }],
				]);
				expect(sim.admin.getLog()).toHaveLength(0);
			});

			test('without Continue On Fail: the node stops with a clear error', async () => {
				const result = await run(OPERATIONS.refundCreate.parameters, [{ n: 1 }, { n: 2 }], undefined, { ...credentials, ...broken });
				expect(result.error?.name).toBe('NodeOperationError');
				expect(result.error?.message).toBe(message);
				expect(result.error?.description).toContain(hint);
				expect(result.output).toHaveLength(0);
				expect(sim.admin.getLog()).toHaveLength(0);
			});
		});

		test.each([
			['queryBaseUrl', 'Query Base URL', OPERATIONS.getStatus.parameters],
			['gatewayBaseUrl', 'Secure Gateway Base URL', OPERATIONS.capture.parameters],
			['checkoutBaseUrl', 'Checkout Base URL', OPERATIONS.healthCheck.parameters],
		])('a custom %s without http:// or https:// names the credential field and is not called temporary', async (name, label, parameters) => {
			const host = sim.url.replace(/^http:\/\//, '');
			const result = await run(parameters, [{}], undefined, { ...credentials, [name]: host });
			expect(result.error?.message).toBe(`The Oceanpayment credential's "${label}" ("${host}") does not start with http:// or https://. Add the scheme, e.g. https://${host}.`);
			expect(`${result.error?.message} ${result.error?.description}`).not.toMatch(/temporary|try again/i);
			expect(sim.admin.getLog()).toHaveLength(0);
		});
	});

	describe.each([
		['a trailing space', ' '],
		['a trailing new line', '\n'],
		['spaces and a new line around it', '  \t'],
	])('a Secure Code pasted with %s', (_name, padding) => {
		const padded = () => ({ ...credentials, secureCode: padding === '  \t' ? `  ${SEED_MERCHANT.secureCode}\r\n` : `${SEED_MERCHANT.secureCode}${padding}` });

		test('signs calls the gateway accepts (status query, refund)', async () => {
			const status = await run(OPERATIONS.getStatus.parameters, [{}], undefined, padded());
			expect(status.error).toBeUndefined();
			const made = await run(OPERATIONS.refundCreate.parameters, [{}], undefined, padded());
			expect(made.error).toBeUndefined();
			expect(sim.admin.getLog().map((entry) => [entry.path, entry.signature])).toEqual([
				['/service/check/normal', 'valid'],
				['/service/applyRefund', 'valid'],
			]);
		});

		test('and Health Check and Card BIN agree (their header carries the trimmed code)', async () => {
			const health = await run(OPERATIONS.healthCheck.parameters, [{}], undefined, padded());
			expect(health.output[0]?.json).toMatchObject({ healthy: true, site: 'shop.example.com' });
			const bin = await run(OPERATIONS.cardBin.parameters, [{}], undefined, padded());
			expect(bin.output[0]?.json).toMatchObject({ cardBin: '411111', found: true });
		});
	});

	describe('on/off fields read "false" as false', () => {
		test('Return All "false" keeps to the Limit; "true" returns everything', async () => {
			listRecords.successful();
			const limited = await run({ ...OPERATIONS.getManySuccessful.parameters, returnAll: '={{ $json.all }}', limit: 3 }, [{ all: 'false' }]);
			expect(limited.output).toHaveLength(3);
			const all = await run({ ...OPERATIONS.getManySuccessful.parameters, returnAll: '={{ $json.all }}', limit: 3 }, [{ all: 'TRUE' }]);
			expect(all.output.length).toBeGreaterThan(60);
		});

		test('Simplify "false" returns the raw gateway fields', async () => {
			const result = await run({ ...OPERATIONS.getStatus.parameters, simplify: '={{ $json.simplify }}' }, [{ simplify: 'false' }]);
			expect(result.output[0].json).toMatchObject({ order_number: 'SIM-1001', payment_id: SEED_PAYMENT });
		});

		test('Batch Items "false" makes one call per item', async () => {
			await run({ ...OPERATIONS.getStatus.parameters, orderNumbers: '={{ $json.order }}', options: { batching: '={{ $json.batch }}' } }, [
				{ order: 'SIM-1001', batch: 'false' },
				{ order: 'SIM-1002', batch: 'false' },
			]);
			expect(fieldsOf('/service/check/normal').map((fields) => fields.order_number)).toEqual(['SIM-1001', 'SIM-1002']);
		});

		test('Skip If This Refund Number Already Exists "false" skips the check', async () => {
			await run({ ...OPERATIONS.refundCreate.parameters, options: { refundNumber: 'R-FALSE', skipExisting: '={{ $json.skip }}' } }, [{ skip: 'false' }]);
			expect(sim.admin.getLog().map((entry) => entry.path)).toEqual(['/service/applyRefund']);
		});

		test('anything but true/false is refused', async () => {
			const result = await run({ ...OPERATIONS.getStatus.parameters, simplify: '={{ $json.simplify }}' }, [{ simplify: 'no' }]);
			expect(result.error?.message).toBe('Simplify: expected true or false but got "no" [item 0]');
			expect(sim.admin.getLog()).toHaveLength(0);
		});
	});

	test('Limit "2" (a whole number as text) returns 2 records', async () => {
		listRecords.successful();
		const result = await run({ ...OPERATIONS.getManySuccessful.parameters, limit: '={{ $json.limit }}' }, [{ limit: '2' }]);
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2);
	});

	test('Timeout "1000" as text is the timeout used', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'latency', latencyMs: 1500 });
		const result = await run({ ...OPERATIONS.getStatus.parameters, options: { retries: 0, timeout: '={{ $json.timeout }}' } }, [{ timeout: '1000' }]);
		expect(result.error?.message).toBe('Order › Get Status failed: The gateway did not answer in time');
	});

	test.each([
		['Get Status', OPERATIONS.getStatus.parameters],
		['Account › Self-Check', { resource: 'account', operation: 'selfCheck' }],
	])('%s: a Timeout beyond one hour (which would overflow Node\'s timer and time out at once) is refused before any call', async (_name, parameters) => {
		const result = await run({ ...parameters, options: { timeout: '={{ $json.timeout }}' } } as INodeParameters, [{ timeout: 4111111111111111 }]);
		expect(result.error?.message).toBe('Timeout (Ms): must be at most 3600000 [item 0]');
		expect(sim.admin.getLog()).toHaveLength(0);
	});

	describe('amounts', () => {
		test.each([
			['0.00 as text', '0.00'],
			['0 as a number', 0],
			['0.99', '0.99'],
		])('Shipping Fee (and the other customs amounts) %s accepted and sent as given', async (_name, fee) => {
			const result = await run({ ...OPERATIONS.customsSubmit.parameters, options: { shippingFee: '={{ $json.fee }}', price: '={{ $json.fee }}', totalAmount: '={{ $json.fee }}' } }, [{ fee }]);
			expect(result.error).toBeUndefined();
			const [fields] = fieldsOf('/gateway/service/customsUpload');
			expect([fields.shipping_fee, fields.price, fields.total_amount]).toEqual([String(fee), String(fee), String(fee)]);
		});

		// The API notes give no minimum for any amount; a refund or capture of 0 would move no money
		// (or, for capture, might be read as "the authorized amount"), so those two keep refusing it.
		test.each([
			['refund Amount', { ...OPERATIONS.refundCreate.parameters, amount: '={{ $json.amount }}' }, 'Amount: must be greater than 0 [item 0]'],
			['capture Amount', { ...OPERATIONS.capture.parameters, options: { amount: '={{ $json.amount }}' } }, 'Amount: must be greater than 0 [item 0]'],
		])('%s 0.00 is refused, nothing sent', async (_name, parameters, message) => {
			const result = await run(parameters as INodeParameters, [{ amount: '0.00' }]);
			expect(result.error?.message).toBe(message);
			expect(sim.admin.getLog()).toHaveLength(0);
		});
	});

	test('200 emoji are 200 characters: a refund description of 200 emoji is sent as it is; 256 are refused as 256 characters', async () => {
		const accepted = await run({ ...OPERATIONS.refundCreate.parameters, description: '={{ $json.reason }}' }, [{ reason: emoji(200) }]);
		expect(accepted.error).toBeUndefined();
		expect(fieldsOf('/service/applyRefund').map((fields) => fields.refund_description)).toEqual([emoji(200)]);
		const refusedOne = await run({ ...OPERATIONS.refundCreate.parameters, description: '={{ $json.reason }}' }, [{ reason: emoji(256) }]);
		expect(refusedOne.error?.message).toBe('Description: is 256 characters long; this node allows at most 255 [item 0]');
		expect(refusedOne.error?.description).toBe('Oceanpayment does not document this limit; the node keeps to a safe guess.');
	});

	describe('Start Date as Unix seconds', () => {
		test('{{ $now.minus({ days: 1 }).toUnixInteger() }} is read as seconds and sent as that moment', async () => {
			const before = DateTime.now().minus({ days: 1 });
			const result = await run({ ...OPERATIONS.getManySuccessful.parameters, startDate: '={{ $now.minus({ days: 1 }).toUnixInteger() }}' });
			expect(result.error).toBeUndefined();
			const sent = DateTime.fromFormat(String(fieldsOf('/service/QueryOrdersList')[0].order_beginDate), 'yyyy-MM-dd HH:mm:ss', { zone: GATEWAY_ZONE });
			expect(Math.abs(sent.diff(before, 'seconds').seconds)).toBeLessThan(5);
		});

		test('{{ $now.toUnixInteger() }} (the issue\'s example) is accepted', async () => {
			const result = await run({ ...OPERATIONS.getManySuccessful.parameters, startDate: '={{ $now.toUnixInteger() }}' });
			expect(result.error).toBeUndefined();
			expect(callsTo('/service/QueryOrdersList')).toHaveLength(1);
		});

		test('a start too old says which unit it read', async () => {
			const old = DateTime.now().minus({ days: 200 }).toUnixInteger();
			const result = await run({ ...OPERATIONS.getManySuccessful.parameters, startDate: '={{ $json.start }}' }, [{ start: old }]);
			expect(result.error?.message).toContain('(a number read as Unix seconds) is more than 183 days ago');
		});
	});
});
