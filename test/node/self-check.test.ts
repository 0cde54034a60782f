/**
 * Account › Self-Check against the simulator: real n8n execution, the credential's real signing,
 * real HTTP. The simulator's signing-rule override plays a gateway whose rule differs from the
 * catalogue's, so the check must point at exactly that call.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { ENDPOINTS } from '../../nodes/Oceanpayment/transport/catalogue';
import {
	simplifyBusinessEvent,
	simplifyDispute,
	simplifyPaymentInfo,
	simplifyRefund,
	simplifySuccessfulOrder,
} from '../../nodes/Oceanpayment/helpers/simplify';
import { runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { SEED_MERCHANT, startGateway, type Simulator } from '../helpers/gateway';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());
beforeEach(() => sim.admin.reset());

const READ_PATHS = [
	'/service/check/normal',
	'/service/QueryOrdersList',
	'/service/QueryOrdersList',
	'/service/BusinessOrdersList',
	'/service/BusinessOrdersList',
	'/service/BusinessOrdersList',
	'/service/DisputeOrderList',
	'/service/DisputeOrderList',
	'/service/queryRefund',
	'/service/queryRefund',
	'/pinc/check-account',
	'/pinc/check-card-bin',
];
const MONEY_PATHS = ['/service/applyRefund', '/service/applyRefund', '/gateway/service/auth', '/gateway/service/auth', '/service/uploadTrackingNo', '/gateway/service/customsUpload'];
const NO_PAYMENT = 'N8NSELFCHECK000000000';

interface SelfCheckRun {
	result: RunResult;
	checks: IDataObject[];
	summary: IDataObject;
}

async function selfCheck(parameters: INodeParameters = {}, options: { credentials?: CredentialData; items?: IDataObject[]; onError?: 'continueErrorOutput' } = {}): Promise<SelfCheckRun> {
	const result = await runNode({
		node: { type: 'oceanpayment', parameters: { resource: 'account', operation: 'selfCheck', ...parameters }, onError: options.onError },
		nodeTypes: { oceanpayment: new Oceanpayment() },
		credentials: options.credentials ?? credentials,
		items: options.items ?? [{}],
	});
	const items = result.output.map((item) => item.json);
	return { result, checks: items.filter((item) => item.type === 'check'), summary: items.find((item) => item.type === 'summary') ?? {} };
}

const verdicts = (checks: IDataObject[]) => Object.fromEntries(checks.map((check) => [String(check.check), check.verdict]));
const named = (checks: IDataObject[], text: string) => {
	const found = checks.filter((check) => String(check.check).includes(text));
	expect(found).toHaveLength(1);
	return found[0];
};

describe('read-only self-check', () => {
	test('against the normal simulator every call is accepted, once per endpoint variant, and nothing else is called', async () => {
		const { result, checks, summary } = await selfCheck();
		expect(result.error).toBeUndefined();
		expect(checks).toHaveLength(READ_PATHS.length);
		expect(checks.every((check) => check.verdict === 'accepted')).toBe(true);
		expect(summary).toMatchObject({ checks: READ_PATHS.length, counts: { accepted: READ_PATHS.length, rejected: 0, inconclusive: 0 }, moneyEndpointsProbed: false });

		const log = sim.admin.getLog();
		expect(log.map((entry) => entry.path)).toEqual(READ_PATHS);
		expect(log.filter((entry) => entry.signature !== 'not-applicable').every((entry) => entry.signature === 'valid')).toBe(true);
		// All output pairs to the one input item.
		expect(result.output.every((item) => JSON.stringify(item.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);

		const host = new URL(sim.url).host;
		for (const check of checks) {
			expect(check).toMatchObject({ host, httpStatus: 200 });
			expect((check.answerFields as IDataObject).verdict).toBe('as expected');
		}
		// Grades come from the catalogue, for the rule as sent.
		expect(named(checks, 'without pages')).toMatchObject({ grade: 'CONFIRMED', signature: { rule: 'account + terminal + order_beginDate + order_endDate + secureCode' } });
		expect(named(checks, 'with pages=1')).toMatchObject({
			grade: 'INFERRED',
			signature: { rule: 'account + terminal + order_beginDate + order_endDate + pages + secureCode', weakerParts: ['pages: INFERRED'] },
		});
		expect(named(checks, 'count=50')).toMatchObject({ grade: 'UNKNOWN', signature: { sentUnsigned: ['count'] }, pageSize: { grade: 'CONFIRMED', sent: 50, packageExpects: 50 } });
		expect(named(checks, 'made-up refund number')).toMatchObject({
			grade: 'UNKNOWN',
			resultCode: '05',
			noSuchRefund: {
				grade: 'UNKNOWN',
				learnedAtRunTime: true,
				answer: 'refund_results 05 "Refund does not exist" with the fields refund_description, refund_number, refund_results',
				verdict: expect.stringMatching(/^fits/),
			},
		});
		expect(named(checks, 'Health Check')).toMatchObject({ grade: 'CONFIRMED', resultCode: '000', answerFields: { grade: 'UNKNOWN' } });
		expect(named(checks, 'made-up order number')).toMatchObject({
			grade: 'CONFIRMED',
			answerFields: { grade: 'CONFIRMED', recordsChecked: 1 },
			noSuchOrder: { grade: 'UNKNOWN', answer: 'code 80001 ("Order does not exist")', verdict: expect.stringMatching(/^fits/) },
		});
		expect(String(summary.report)).toContain('"no such order" [UNKNOWN]: fits');

		const report = String(summary.report);
		expect(report).toContain('Verdicts: 12 accepted, 0 rejected, 0 inconclusive');
		expect(report).toContain(`account ${SEED_MERCHANT.account.slice(0, 2)}**${SEED_MERCHANT.account.slice(-2)}`);
		expect(report).toContain('Successful Orders Query, page 1 with pages=1 (how the package asks for later pages): ACCEPTED');
		// A custom base URL is named only as such in the report.
		expect(report).toContain('on a custom host');
		expect(report).not.toContain(host);
		// Oceanpayment's own endpoint paths stay: only other addresses (redirect targets, custom paths) go.
		for (const path of new Set(READ_PATHS)) expect(report).toContain(`   ${path} on a custom host`);
		expect(report).not.toContain('[an address]');
	});

	test.each([
		['pages not signed on the successful-orders list', '/service/QueryOrdersList', ['order_beginDate', 'order_endDate'], 'Successful Orders Query, page 1 with pages=1'],
		['count signed on the business-orders list', '/service/BusinessOrdersList', ['order_beginDate', 'order_endDate', 'pages', 'count'], 'count=50'],
		['date_type signed on the business-orders list', '/service/BusinessOrdersList', ['order_beginDate', 'order_endDate', 'pages', 'date_type'], 'date_type=1'],
		['notice_type signed on the dispute list', '/service/DisputeOrderList', ['order_beginDate', 'order_endDate', 'pages', 'notice_type'], 'notice_type=dispute'],
		['pages not signed on the dispute list', '/service/DisputeOrderList', ['order_beginDate', 'order_endDate'], 'Disputed Orders Query, page 1'],
		['refund_number not signed in the refund query', '/service/queryRefund', ['refund_id'], 'made-up refund number'],
	])('a gateway with %s: exactly that call is rejected, all others accepted', async (_case, path, rule, rejectedCheck) => {
		sim.admin.setSignRule(path, rule);
		const { checks, summary } = await selfCheck();
		const rejected = checks.filter((check) => check.verdict === 'rejected');
		const expected = checks.filter((check) => String(check.check).includes(rejectedCheck));
		expect(expected.length).toBeGreaterThan(0);
		expect(rejected.map((check) => check.check)).toEqual(expected.map((check) => check.check));
		expect(checks.filter((check) => check.verdict === 'accepted')).toHaveLength(READ_PATHS.length - expected.length);
		expect((rejected[0].signature as IDataObject).evidence).toContain('a signature error');
		expect(summary.counts).toEqual({ accepted: READ_PATHS.length - expected.length, rejected: expected.length, inconclusive: 0 });
		expect(String(summary.report)).toContain(`${String(rejected[0].check)}: REJECTED`);
	});

	test('with a wrong secure code every call, money probes included, is rejected and no secret or full account/terminal appears anywhere', async () => {
		const merchant = { account: 'SCQ7X2', terminal: 'SCQ7X2T9', secureCode: 'right-Code-5k2' };
		sim.admin.addMerchant(merchant);
		const wrong = { ...credentials, ...merchant, secureCode: 'wrong-Secret-9q' };
		const { result, checks, summary } = await selfCheck({ probeMoneyEndpoints: true }, { credentials: wrong });
		expect(result.error).toBeUndefined();
		expect(checks).toHaveLength(READ_PATHS.length + MONEY_PATHS.length);
		expect(verdicts(checks)).toEqual(Object.fromEntries(checks.map((check) => [String(check.check), 'rejected'])));
		expect(summary.counts).toEqual({ accepted: 0, rejected: checks.length, inconclusive: 0 });
		// The answers echo account and terminal; the output shows them masked.
		expect(named(checks, 'made-up order number').answer).toMatchObject({ account: 'SC**X2', terminal: 'SC****T9' });
		expect(String(summary.report)).toContain('account SC**X2, terminal SC****T9');

		const everything = JSON.stringify({ run: result.run, error: result.error });
		for (const secret of [wrong.secureCode, merchant.secureCode, merchant.account, merchant.terminal]) expect(everything).not.toContain(secret);
		expect(JSON.stringify(sim.admin.getLog())).not.toContain(wrong.secureCode);
	});

	test('answers that cannot tell are inconclusive, with the HTTP status and the fields they lacked', async () => {
		sim.admin.setFault('/pinc/check-account', { mode: 'emptyResponse' });
		sim.admin.setFault('/service/DisputeOrderList', { mode: 'http503' });
		sim.admin.setFault('/service/check/normal', { mode: 'xhtml' });
		sim.admin.setFault('/service/BusinessOrdersList', { mode: 'busy' });
		const { checks, summary } = await selfCheck();
		expect(named(checks, 'Health Check')).toMatchObject({
			verdict: 'inconclusive',
			httpStatus: 200,
			answerFields: { verdict: 'differs', missing: ['code', 'msg', 'data'] },
		});
		for (const check of checks.filter((entry) => String(entry.check).startsWith('Disputed'))) {
			expect(check).toMatchObject({ verdict: 'inconclusive', httpStatus: 503, answer: null, answerFields: { verdict: 'not checked' } });
			expect(String(check.problem)).toContain('HTTP 503');
		}
		expect(named(checks, 'made-up order number')).toMatchObject({ verdict: 'inconclusive', httpStatus: 200, answer: null });
		for (const check of checks.filter((entry) => String(entry.check).startsWith('Business'))) {
			expect(check).toMatchObject({ verdict: 'inconclusive', resultCode: '99' });
		}
		expect(summary.counts).toEqual({ accepted: 5, rejected: 0, inconclusive: 7 });
		// One call each: the self-check never retries.
		expect(sim.admin.getLog()).toHaveLength(READ_PATHS.length);
	});

	test('a "no such refund" answer of another code fits (the node learns it); a refusal as the answer is pointed out, with no hint to list its code', async () => {
		sim.admin.setFault('/service/queryRefund', { mode: 'wrongCode' });
		expect(named((await selfCheck()).checks, 'made-up refund number')).toMatchObject({ verdict: 'accepted', resultCode: '98', noSuchRefund: { verdict: expect.stringMatching(/^fits/) } });
		sim.admin.reset();
		sim.admin.setFault('/service/queryRefund', { mode: 'reject', code: '05', text: 'Account error' });
		const { checks, summary } = await selfCheck();
		const refusal = named(checks, 'made-up refund number');
		expect(refusal).toMatchObject({ verdict: 'inconclusive', resultCode: '05', noSuchRefund: { verdict: expect.stringContaining('differs: an account or terminal refusal') } });
		expect(JSON.stringify(refusal)).not.toContain('No-Such-Refund Codes');
		expect(String(summary.report)).toContain('"no such refund" [UNKNOWN]: differs: an account or terminal refusal');
	});

	test.each([
		['a refusal inside the record', { code: '80002', text: 'invalid terminal' }, 'code 80002 ("invalid terminal")'],
		['a bare code', { code: '80009', text: '' }, 'code 80009 without a text'],
		['words the node does not know', { code: '80001', text: 'Order number unknown' }, 'code 80001 ("Order number unknown")'],
	])('the made-up order number answered with %s: "differs", as a two-terminal lookup by order number stops on it', async (_name, fault, answer) => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', inRecord: true, ...fault });
		const { checks, summary } = await selfCheck();
		expect(named(checks, 'made-up order number')).toMatchObject({ noSuchOrder: { answer, verdict: expect.stringMatching(/^differs: .*Options › Terminal/) } });
		expect(String(summary.report)).toContain('"no such order" [UNKNOWN]: differs');
	});

	test.each([
		['a bare code', { mode: 'reject', code: '09' }],
		['a text the node does not know', { mode: 'reject', code: '20', text: 'Interface not enabled for this merchant' }],
		['an empty result element', { mode: 'emptyResult' }],
		['a "not found" about the payment', { mode: 'reject', code: '17', text: 'Payment ID does not exist' }],
	])('the made-up refund number answered with %s: "differs", as Refund › Create cannot read it as "no such refund"', async (_name, fault) => {
		sim.admin.setFault('/service/queryRefund', fault);
		const { checks } = await selfCheck();
		expect(named(checks, 'made-up refund number')).toMatchObject({ noSuchRefund: { verdict: expect.stringMatching(/^differs: /) } });
	});

	test('page sizes: a full page shows the size; the successful-orders size is whatever the gateway uses', async () => {
		await sim.close();
		({ sim, credentials } = await startGateway({ defaultPageSize: 7 }));
		const now = DateTime.now();
		sim.admin.addOrders(Array.from({ length: 12 }, (_, index) => ({ order_number: `PS-${index}`, payment_dateTime: now.minus({ minutes: 5 + index }).toJSDate() })));
		sim.admin.addBusinessEvents(Array.from({ length: 12 }, (_, index) => ({ type: 'refund', order_number: `PS-${index}`, payment_id: `PSE${index}`, amount: '1.00' })));
		const { checks } = await selfCheck();
		expect(named(checks, 'without pages').pageSize).toMatchObject({ grade: 'UNKNOWN', packageExpects: null, observed: 7, verdict: "the gateway's page size is 7" });
		expect(named(checks, 'Business Orders Query, page 1 with date_type')).toBeDefined();
		const business = checks.find((check) => check.check === 'Business Orders Query, page 1');
		expect(business?.pageSize).toMatchObject({ packageExpects: 10, observed: 10, totalPages: 2, verdict: 'fits' });
		expect(named(checks, 'count=50').pageSize).toMatchObject({ packageExpects: 50, observed: null, verdict: 'cannot tell: every record fits on one page' });
		await sim.close();
		({ sim, credentials } = await startGateway());
	});
});

describe('gateway time zone', () => {
	const justPaid = () => sim.admin.addOrder({ order_number: 'TZ-1', payment_dateTime: DateTime.now().minus({ minutes: 2 }).toJSDate() });
	const recentCheck = (checks: IDataObject[]) => named(checks, 'your recent test order').timeZone as IDataObject;

	test('a recent test payment fits the right zone', async () => {
		justPaid();
		const { checks } = await selfCheck({ options: { recentOrderNumber: 'TZ-1' } });
		expect(recentCheck(checks)).toMatchObject({ zone: 'Asia/Shanghai', grade: 'INFERRED', verdict: 'fits', datesChecked: 1, problems: [] });
		expect(checks.filter((check) => (check.timeZone as IDataObject | undefined)?.verdict === 'does not fit')).toEqual([]);
	});

	test.each([
		['UTC', /8 h in the future when read in UTC; the gateway's times look like about UTC\+08:00/],
		['America/New_York', /1[23] h in the future when read in America\/New_York; the gateway's times look like about UTC\+08:00/],
		['Pacific/Kiritimati', /is 6 h old when read in Pacific\/Kiritimati, older than the look-back period; the gateway's times look like about UTC\+08:00/],
	])('a credential zone of %s does not fit a gateway writing UTC+8, and the offset it suggests is UTC+8', async (zone, problem) => {
		justPaid();
		const { checks, summary } = await selfCheck({ options: { recentOrderNumber: 'TZ-1' } }, { credentials: { ...credentials, gatewayTimeZone: zone } });
		const times = recentCheck(checks);
		expect(times).toMatchObject({ zone, verdict: 'does not fit' });
		expect((times.problems as string[]).join(' ')).toMatch(problem);
		expect(String(summary.report)).toContain(`time zone ${zone} [INFERRED]: does not fit`);
	});
});

describe('money endpoints', () => {
	test('off by default; on request only calls for a payment that cannot exist, and nothing changes', async () => {
		const before = sim.admin.getState();
		const { checks, summary } = await selfCheck({ probeMoneyEndpoints: 'true' });
		const log = sim.admin.getLog();
		expect(log.map((entry) => entry.path)).toEqual([...READ_PATHS, ...MONEY_PATHS]);
		const moneyCalls = log.slice(READ_PATHS.length);
		expect(moneyCalls.every((entry) => entry.fields.payment_id === NO_PAYMENT && entry.signature === 'valid')).toBe(true);
		expect(sim.admin.getOrder(NO_PAYMENT)).toBeUndefined();
		expect(sim.admin.getState()).toEqual(before);
		expect(sim.admin.getRefunds()).toEqual([]);

		const money = checks.slice(READ_PATHS.length);
		expect(money.map((check) => check.verdict)).toEqual(MONEY_PATHS.map(() => 'inconclusive'));
		for (const check of money) expect((check.signature as IDataObject).evidence).toContain('may have looked the payment up before checking the signature');
		expect(named(checks, 'with refund_number')).toMatchObject({ grade: 'INFERRED' });
		expect(named(checks, 'Tracking')).toMatchObject({ grade: 'INFERRED' });
		expect(named(checks, 'capture')).toMatchObject({ grade: 'CONFIRMED' });
		expect(summary).toMatchObject({ moneyEndpointsProbed: true, counts: { accepted: READ_PATHS.length, rejected: 0, inconclusive: MONEY_PATHS.length } });
	});

	test('a wrong refund_number slot shows as that one refund probe rejected', async () => {
		sim.admin.setSignRule('/service/applyRefund', ['payment_id', 'refund_type', 'refund_amount', 'refund_description', 'refund_number']);
		const { checks } = await selfCheck({ probeMoneyEndpoints: true });
		expect(checks.filter((check) => check.verdict === 'rejected').map((check) => check.check)).toEqual([
			'Refund Request, payment that cannot exist, with refund_number',
		]);
		expect(checks.find((check) => check.check === 'Refund Request, payment that cannot exist')?.verdict).toBe('inconclusive');
		expect(sim.admin.getRefunds()).toEqual([]);
	});
});

describe('parameters', () => {
	test('values from expressions (numbers, text booleans) work; several input items still run one self-check', async () => {
		const { result, checks } = await selfCheck(
			{ probeMoneyEndpoints: false, options: { lookBackHours: '3', cardBin: 411111, site: ' shop.example.com ', timeout: 5000 } },
			{ items: [{}, {}, {}] },
		);
		expect(result.error).toBeUndefined();
		expect(checks).toHaveLength(READ_PATHS.length);
		const log = sim.admin.getLog();
		expect(log).toHaveLength(READ_PATHS.length);
		const list = log.find((entry) => entry.path === '/service/QueryOrdersList');
		const begin = DateTime.fromFormat(String(list?.fields.order_beginDate), 'yyyy-MM-dd HH:mm:ss', { zone: 'Asia/Shanghai' });
		const end = DateTime.fromFormat(String(list?.fields.order_endDate), 'yyyy-MM-dd HH:mm:ss', { zone: 'Asia/Shanghai' });
		expect(end.diff(begin, 'hours').hours).toBe(3);
		expect(log.find((entry) => entry.path === '/pinc/check-card-bin')?.fields.card_bin).toEqual([411111]);
		expect(log.find((entry) => entry.path === '/pinc/check-account')?.fields.site).toBe('shop.example.com');
	});

	test.each([
		[{ options: { cardBin: '4111' } }, 'Card BIN: must be 6 to 8 digits'],
		[{ options: { lookBackHours: 10_000 } }, 'Look Back (Hours): must be at most 696'],
		[{ probeMoneyEndpoints: 'maybe' }, 'Probe Money Endpoints: expected true or false'],
	])('bad input %j stops before any call', async (parameters, message) => {
		const { result } = await selfCheck(parameters as INodeParameters);
		expect(result.error?.message).toContain(message);
		expect(sim.admin.getLog()).toHaveLength(0);
		const continued = await selfCheck(parameters as INodeParameters, { onError: 'continueErrorOutput' });
		expect(continued.result.errorOutput).toEqual([expect.objectContaining({ json: { error: expect.stringContaining(message) }, pairedItem: { item: 0 } })]);
	});
});

describe('parameters as expressions return them', () => {
	// [parameter, value the expression returns, 'ok' or the start of the refusal]
	const cases: Array<[string, unknown, string]> = [
		['probeMoneyEndpoints', 'FALSE', 'ok'],
		['probeMoneyEndpoints', 1, 'Probe Money Endpoints: expected true or false but got a number'],
		['probeMoneyEndpoints', ['true'], 'Probe Money Endpoints: expected true or false but got a list'],
		['probeMoneyEndpoints', { on: true }, 'Probe Money Endpoints: expected true or false but got an object'],
		['probeMoneyEndpoints', null, 'ok'],
		['options.cardBin', 545454, 'ok'],
		['options.cardBin', ' 411111 ', 'ok'],
		['options.cardBin', true, 'Card BIN: expected text but got a boolean'],
		['options.cardBin', { bin: '411111' }, 'Card BIN: expected text but got an object'],
		['options.cardBin', '4111111111111111', 'Card BIN: must be 6 to 8 digits'],
		['options.cardBin', null, 'ok'],
		['options.site', ' shop.example.com ', 'ok'],
		['options.site', 42, 'ok'],
		['options.site', false, 'Health Check Site: expected text but got a boolean'],
		['options.site', ['a.example.com'], 'Health Check Site: expected text but got a list'],
		['options.site', { host: 'a' }, 'Health Check Site: expected text but got an object'],
		['options.lookBackHours', '2', 'ok'],
		['options.lookBackHours', 2.5, 'Look Back (Hours): expected a whole number but got 2.5'],
		['options.lookBackHours', true, 'Look Back (Hours): expected a whole number but got a boolean'],
		['options.lookBackHours', [1], 'Look Back (Hours): expected a whole number but got a list'],
		['options.lookBackHours', null, 'ok'],
		['options.recentOrderNumber', 1001, 'ok'],
		['options.recentOrderNumber', 2 ** 60, 'Recent Test Order Number: 1152921504606847000 is a number too large'],
		['options.recentOrderNumber', { id: 1 }, 'Recent Test Order Number: expected text but got an object'],
		['options.timeout', '5000', 'ok'],
		['options.timeout', 'soon', 'Timeout (Ms): expected a whole number but got "soon"'],
	];

	test.each(cases)('%s = %j', async (parameter, value, expected) => {
		const [head, tail] = parameter.split('.');
		const expression = '={{ $json.v }}';
		const parameters: INodeParameters = tail ? { [head]: { [tail]: expression } } : { [head]: expression };
		const { result, checks } = await selfCheck(parameters, { items: [{ v: value as never }] });
		if (expected === 'ok') {
			expect(result.error).toBeUndefined();
			expect(checks.length).toBeGreaterThanOrEqual(READ_PATHS.length);
			expect(JSON.stringify(sim.admin.getLog())).not.toContain('[object Object]');
		} else {
			expect(result.error?.message.slice(0, expected.length)).toBe(expected);
			expect(result.error?.message).toContain('[item 0]');
			expect(sim.admin.getLog()).toHaveLength(0);
		}
		expect(JSON.stringify([result.output, result.error?.message, result.error?.description])).not.toContain('4111111111111111');
	});
});

describe('the catalogue holds what the package reads', () => {
	/** The fields a simplifier reads from a record. */
	function fieldsRead(simplify: (record: IDataObject, zone: string) => IDataObject): string[] {
		const read = new Set<string>();
		const record = new Proxy({}, { get: (_target, key) => (typeof key === 'string' && read.add(key), undefined) });
		simplify(record as IDataObject, 'Asia/Shanghai');
		return [...read].sort();
	}

	test.each([
		['orderStatus', simplifyPaymentInfo],
		['successfulOrders', simplifySuccessfulOrder],
		['businessOrders', simplifyBusinessEvent],
		['disputedOrders', simplifyDispute],
	] as const)('%s: the record fields of its answer shape are the ones its simplifier reads', (endpoint, simplify) => {
		expect(fieldsRead(simplify)).toEqual([...(ENDPOINTS[endpoint].answer.recordReads ?? [])].sort());
	});

	test('refund query: its answer fields are the result field and the fields Refund › Get reads', () => {
		expect(['refund_results', ...fieldsRead(simplifyRefund)].sort()).toEqual([...ENDPOINTS.refundQuery.answer.reads].sort());
	});
});
