'use strict';
/** The simulator on its own: its rules, state, paging and faults, through real HTTP. */
const { startSimulator, signFor } = require('./index');

const MERCHANT = { account: '123456', terminal: '12345601', secureCode: 'sim-Secure-Code-7f3a' };
let sim;
beforeEach(async () => {
	sim = await startSimulator();
});
afterEach(async () => sim.close());

function signed(path, fields, merchant = MERCHANT) {
	const body = { account: merchant.account, terminal: merchant.terminal, ...fields };
	return { ...body, signValue: signFor(path, body, merchant.secureCode) };
}

async function post(path, fields, { timeoutMs = 5000 } = {}) {
	const response = await fetch(sim.url + path, { method: 'POST', body: new URLSearchParams(fields), signal: AbortSignal.timeout(timeoutMs) });
	return { status: response.status, text: await response.text() };
}

const tag = (xml, name) => (new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml) || [])[1];
const count = (xml, name) => (xml.match(new RegExp(`<${name}>`, 'g')) || []).length;
const at = (days) => new Date(Date.now() - days * 86400000);
const gatewayText = (date) => new Date(date.getTime() + 8 * 3600000).toISOString().slice(0, 19).replace('T', ' ');
const range = { order_beginDate: gatewayText(at(3)), order_endDate: gatewayText(at(-1)) };

describe('published vectors from the simulator\'s own rules (shared/oceanpayment-api.md §4.1)', () => {
	const postman = (fields) => ({ account: '995378', terminal: '99537801', ...fields });
	const pay = '231220170723834010513';
	const dates = { order_beginDate: '2023-12-25 15:29:42', order_endDate: '2023-12-26 15:29:45' };
	test.each([
		['/service/check/normal', { order_number: 'ae866' }, '2e27426ca627e4734ca9c43bd18e593c4af1848688486a3c167d39f7f75cf7b2'],
		['/service/QueryOrdersList', dates, '3bf8550e7773b414a35ac966e5855d8781c5264224dfdb9418f13ceefb79ebda'],
		['/service/BusinessOrdersList', { ...dates, pages: '0' }, 'a54dd863aaa1cabcd7285da666fc7f6fdb92cfd3151334b3e1f271332fe1fc19'],
		['/service/applyRefund', { payment_id: pay, refund_type: '1', refund_amount: '0.1', refund_description: 'ProductDamage' }, 'c719beb74b87d4f200a1c9c42aa87d3ecdab6b78aa9f2f4f9a126b16cb1d4a91'],
		['/service/queryRefund', { refund_id: '0' }, '9aa2eb3fbba5ae6cc151f7d7500c77033cd4ca1d6b92a0fb3ed14cb63e02b226'],
		['/gateway/service/auth', { payment_id: pay, payment_authType: '1', order_amount: '10' }, '0ebca4617f30d89bdac0a25cf2033ca920e1f9bece180f904f75efc1c5257735'],
		['/gateway/service/auth', { order_number: pay, payment_authType: '3' }, '14b420a0660f292dacb54f7d5c790bb80d9175635e47e32956637f50a39e4bc4'],
		['/gateway/service/customsUpload', { payment_id: pay, type: '1', pay_userId: '370481199308167756', pay_userName: 'aiden' }, '1f8b244b8c8c6d2e9b3f233b6fee34cc778fa850a5e43aec452a8ce902299855'],
	])('%s %j', (path, fields, expected) => expect(signFor(path, postman(fields), '12345678')).toBe(expected));
});

describe('request checks', () => {
	test('a wrong signature, an unknown account and a wrong terminal are refused with codes', async () => {
		const good = signed('/service/check/normal', { order_number: 'SIM-1001' });
		expect(tag((await post('/service/check/normal', good)).text, 'payment_results')).toBe('1');
		const bad = { ...good, signValue: good.signValue.replace(/.$/, (c) => (c === '0' ? '1' : '0')) };
		const rejected = await post('/service/check/normal', bad);
		expect(rejected.status).toBe(200);
		expect(tag(rejected.text, 'results')).toBe('04');
		expect(count(rejected.text, 'paymentInfo')).toBe(0);
		expect(tag((await post('/service/check/normal', { ...good, account: '000000' })).text, 'results')).toBe('02');
		expect(tag((await post('/service/check/normal', { ...good, terminal: '12345699' })).text, 'results')).toBe('03');
		const log = sim.admin.getLog();
		expect(log.map((entry) => entry.signature)).toEqual(['valid', 'invalid', 'not-applicable', 'not-applicable']);
		expect(log[1].resultCode).toBe('04');
	});

	test('status query: several payments newest first, unknown numbers, more than 100 refused', async () => {
		sim.admin.addOrder({ order_number: 'R-1', payment_id: '1', payment_results: '0', payment_dateTime: '2026-11-01 10:00:00' });
		sim.admin.addOrder({ order_number: 'R-1', payment_id: '2', payment_results: '1', payment_dateTime: '2026-11-01 10:05:00' });
		const { text } = await post('/service/check/normal', signed('/service/check/normal', { order_number: 'R-1,NOPE' }));
		expect(text.match(/<payment_id>[^<]*<\/payment_id>/g)).toEqual(['<payment_id>2</payment_id>', '<payment_id>1</payment_id>', '<payment_id></payment_id>']);
		expect(text).toContain('80001:Order does not exist');
		const many = Array.from({ length: 101 }, (_, i) => `N${i}`).join(',');
		const rejected = await post('/service/check/normal', signed('/service/check/normal', { order_number: many }));
		expect(tag(rejected.text, 'results')).toBe('10');
		const hundred = Array.from({ length: 100 }, (_, i) => `N${i}`).join(',');
		expect(count((await post('/service/check/normal', signed('/service/check/normal', { order_number: hundred }))).text, 'paymentInfo')).toBe(100);
	});
});

describe('paging', () => {
	// A simulator with the merchant only, so seed records do not count.
	beforeEach(async () => {
		await sim.close();
		sim = await startSimulator({ seed: { merchants: [MERCHANT] } });
	});

	test('25 successful orders in pages of 10: 3 pages of 10/10/5 with count 25', async () => {
		for (let i = 0; i < 25; i++) sim.admin.addOrder({ order_number: `P-${i}`, payment_dateTime: at(1 + i / 1000) });
		const sizes = [];
		for (const pages of ['1', '2', '3', '4']) {
			const { text } = await post('/service/QueryOrdersList', signed('/service/QueryOrdersList', { ...range, pages }));
			expect(tag(text, 'results')).toBe('00');
			expect(tag(text, 'totalpages')).toBe('3');
			expect(tag(text, 'pages')).toBe(pages);
			sizes.push(count(text, 'orderInfo'));
		}
		expect(sizes).toEqual([10, 10, 5, 0]);
		const { text } = await post('/service/QueryOrdersList', signed('/service/QueryOrdersList', range));
		expect(tag(text, 'count')).toBe('25');
		expect(tag(text, 'pages')).toBe('1');
	});

	test('business events honour count, date_type and inclusive ranges; bad page size refused', async () => {
		for (let i = 0; i < 12; i++) sim.admin.addBusinessEvent({ type: 'fraud', payment_cpdTime: '2026-11-10 00:00:00', review_dateTime: at(1) });
		sim.admin.addBusinessEvent({ type: 'refund', payment_cpdTime: '2026-11-10 00:00:00', review_dateTime: at(20) });
		const list = async (extra) => (await post('/service/BusinessOrdersList', signed('/service/BusinessOrdersList', { ...range, pages: '1', ...extra }))).text;
		expect(count(await list({}), 'orderInfo')).toBe(10);
		expect(count(await list({ count: '50' }), 'orderInfo')).toBe(12);
		const byException = await list({ date_type: '2', count: '50', order_beginDate: '2026-11-10 00:00:00', order_endDate: '2026-11-10 00:00:00' });
		expect(count(byException, 'orderInfo')).toBe(13);
		expect(tag(await list({ count: '20' }), 'results')).toBe('10');
	});

	test('disputes: filters and the 30-day window', async () => {
		sim.admin.addDispute({ order_number: 'K-1', payment_id: 'K1', notice_type: 'disputes-period', disputes_date: at(1) });
		const list = async (extra) => (await post('/service/DisputeOrderList', signed('/service/DisputeOrderList', { ...range, pages: '1', ...extra }))).text;
		sim.admin.addDispute({ order_number: 'K-2', payment_id: 'K2', notice_type: 'dispute', disputes_date: at(2) });
		expect(count(await list({}), 'orderInfo')).toBe(2);
		expect(count(await list({ notice_type: 'disputes-period' }), 'orderInfo')).toBe(1);
		expect(count(await list({ date_type: 'dispute' }), 'orderInfo')).toBe(1);
		expect(count(await list({ order_number: 'K-1' }), 'orderInfo')).toBe(1);
		expect(tag(await list({ order_beginDate: gatewayText(at(31)) }), 'results')).toBe('24');
	});
});

describe('money and state', () => {
	const refund = (fields) => post('/service/applyRefund', signed('/service/applyRefund', { refund_description: 'x', ...fields }));

	test('refunds: partial, over-refund refused, full of the rest, running total, query by id and number', async () => {
		const pay = '260101000000000001001'; // 25.00 USD
		expect(tag((await refund({ payment_id: pay, refund_type: '2', refund_amount: '10.00', refund_number: 'N-1' })).text, 'refund_results')).toBe('00');
		const over = await refund({ payment_id: pay, refund_type: '2', refund_amount: '15.01' });
		expect(tag(over.text, 'refund_results')).toBe('21');
		expect(tag(over.text, 'refund_description')).toContain('15.00');
		expect(tag((await refund({ payment_id: pay, refund_type: '1', refund_amount: '14.00' })).text, 'refund_results')).toBe('22');
		const full = await refund({ payment_id: pay, refund_type: '1', refund_amount: '15.00' });
		expect(tag(full.text, 'refund_results')).toBe('00');
		expect(sim.admin.getOrder(pay).refund_status).toBe('1');
		expect(sim.admin.getRefunds({ payment_id: pay }).map((r) => r.refund_amount)).toEqual(['10.00', '15.00']);
		const byId = await post('/service/queryRefund', signed('/service/queryRefund', { refund_id: tag(full.text, 'refund_id') }));
		expect(tag(byId.text, 'refund_amount')).toBe('15.00');
		const byNumber = await post('/service/queryRefund', signed('/service/queryRefund', { refund_number: 'N-1' }));
		expect(tag(byNumber.text, 'refund_amount')).toBe('10.00');
		expect(tag((await post('/service/queryRefund', signed('/service/queryRefund', { refund_id: '42' }))).text, 'refund_results')).toBe('05');
	});

	test('pre-authorization: capture once, no void after capture; reverse offline wallets once', async () => {
		const auth = (fields) => post('/gateway/service/auth', signed('/gateway/service/auth', fields));
		const pay = '260101000000000001004';
		expect(tag((await auth({ payment_id: pay, payment_authType: '1', order_amount: '40.01' })).text, 'payment_results')).toBe('0');
		expect(tag((await auth({ payment_id: pay, payment_authType: '1' })).text, 'payment_results')).toBe('1');
		const again = await auth({ payment_id: pay, payment_authType: '1' });
		expect(tag(again.text, 'payment_details')).toBe('20004:Order is not a pending pre-authorization');
		expect(tag((await auth({ payment_id: pay, payment_authType: '2' })).text, 'payment_results')).toBe('0');
		const voidable = sim.admin.addOrder({ order_number: 'V-1', preauth: true });
		expect(tag((await auth({ payment_id: voidable.payment_id, payment_authType: '2' })).text, 'payment_results')).toBe('1');
		expect(tag((await auth({ payment_id: voidable.payment_id, payment_authType: '2' })).text, 'payment_results')).toBe('0');
		expect(tag((await auth({ order_number: 'SIM-1005', payment_authType: '3' })).text, 'payment_results')).toBe('1');
		expect(tag((await auth({ order_number: 'SIM-1005', payment_authType: '3' })).text, 'payment_results')).toBe('0');
		expect(tag((await auth({ order_number: 'SIM-1001', payment_authType: '3' })).text, 'payment_results')).toBe('0');
	});

	test('tracking: re-upload overwrites; bad numbers and URLs refused', async () => {
		const upload = (fields) => post('/service/uploadTrackingNo', signed('/service/uploadTrackingNo', { tracking_site: 'https://www.ups.com', tracking_handler: 'N/A', ...fields }));
		expect(tag((await upload({ payment_id: '260101000000000001001', tracking_number: 'AAA1' })).text, 'tracking_results')).toBe('01');
		expect(tag((await upload({ order_number: 'SIM-1001', tracking_number: 'BBB2,CCC3' })).text, 'tracking_results')).toBe('01');
		expect(sim.admin.getOrder('SIM-1001').tracking.number).toBe('BBB2,CCC3');
		expect(tag((await upload({ payment_id: '260101000000000001001', tracking_number: 'A-1' })).text, 'tracking_results')).toBe('06');
		expect(tag((await upload({ payment_id: '260101000000000001001', tracking_number: 'A1', tracking_site: 'ups' })).text, 'tracking_results')).toBe('07');
		expect(tag((await upload({ payment_id: 'nope', tracking_number: 'A1' })).text, 'tracking_results')).toBe('17');
	});

	test('customs: a second submit is refused unless it is a resubmission', async () => {
		const submit = (type) =>
			post('/gateway/service/customsUpload', signed('/gateway/service/customsUpload', { payment_id: '260101000000000001005', type, customs: '01', customs_number: 'C1', customs_name: 'Example' }));
		expect(tag((await submit('2')).text, 'status')).toBe('0');
		expect(tag((await submit('1')).text, 'status')).toBe('1');
		const second = await submit('1');
		expect(tag(second.text, 'status')).toBe('0');
		expect(tag(second.text, 'details')).toContain('resubmit with type 2');
		expect(tag((await submit('2')).text, 'status')).toBe('1');
	});

	test('pinc endpoints check the header keys and never log the secure code', async () => {
		const call = (path, body, secureCode = MERCHANT.secureCode) =>
			fetch(sim.url + path, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', account: MERCHANT.account, terminal: MERCHANT.terminal, secureCode },
				body: JSON.stringify(body),
			}).then((r) => r.json());
		expect(await call('/pinc/check-card-bin', { card_bin: [411111, 999999] })).toEqual({
			code: '000',
			msg: 'SUCCESS',
			data: [
				{ card_bin: '411111', found: true, card_brand: 'VISA', card_type: 'CREDIT', card_level: 'CLASSIC', issuer: 'Example Bank', country: 'US' },
				{ card_bin: '999999', found: false },
			],
		});
		expect((await call('/pinc/check-account', { site: 'shop.example.com' })).data.siteMatched).toBe(true);
		expect((await call('/pinc/check-account', { site: 'x.com' }, 'wrong')).code).toBe('401');
		expect(JSON.stringify(sim.admin.getLog())).not.toContain(MERCHANT.secureCode);
	});
});

describe('faults are observable by a client', () => {
	const path = '/service/check/normal';
	const request = () => post(path, signed(path, { order_number: 'SIM-1001' }), { timeoutMs: 400 });

	test('latency', async () => {
		sim.admin.setFault(path, { mode: 'latency', latencyMs: 250 });
		const started = Date.now();
		expect(tag((await post(path, signed(path, { order_number: 'SIM-1001' }))).text, 'payment_results')).toBe('1');
		expect(Date.now() - started).toBeGreaterThanOrEqual(240);
	});
	test.each([['http500', 500], ['http502', 502], ['http503', 503]])('%s', async (mode, status) => {
		sim.admin.setFault(path, { mode, times: 1 });
		expect((await request()).status).toBe(status);
		expect((await request()).status).toBe(200);
	});
	test('reset', async () => {
		sim.admin.setFault(path, { mode: 'reset' });
		await expect(request()).rejects.toThrow();
		expect(sim.admin.getLog()[0].fault).toBe('reset');
	});
	test('hang', async () => {
		sim.admin.setFault('*', { mode: 'hang' });
		await expect(request()).rejects.toThrow(/abort|timeout/i);
	});
	test('html', async () => {
		sim.admin.setFault(path, { mode: 'html' });
		const { status, text } = await request();
		expect(status).toBe(200);
		expect(text).toMatch(/^<!DOCTYPE html>/);
	});
	test('truncated', async () => {
		sim.admin.setFault(path, { mode: 'truncated' });
		const { text } = await request();
		expect(text.startsWith('<?xml')).toBe(true);
		expect(text.endsWith('</response>')).toBe(false);
	});
	test('wrongCode', async () => {
		sim.admin.setFault('/service/QueryOrdersList', { mode: 'wrongCode' });
		const { text } = await post('/service/QueryOrdersList', signed('/service/QueryOrdersList', range));
		expect(tag(text, 'results')).toBe('98');
	});
	test('commitThenDrop: the refund is recorded but the client sees a reset', async () => {
		sim.admin.setFault('/service/applyRefund', { mode: 'commitThenDrop', times: 1 });
		await expect(
			post('/service/applyRefund', signed('/service/applyRefund', { payment_id: '260101000000000001002', refund_type: '2', refund_amount: '1.00', refund_description: 'x' })),
		).rejects.toThrow();
		expect(sim.admin.getRefunds({ payment_id: '260101000000000001002' })).toHaveLength(1);
	});
});

describe('admin HTTP API', () => {
	test('adds records, reads the log and state, sets faults and resets from loopback', async () => {
		const call = (method, route, body) =>
			fetch(`${sim.url}/__admin/${route}`, { method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) }).then((r) => r.json());
		const order = await call('POST', 'orders', { order_number: 'ADM-1', order_amount: '5.00' });
		expect(order.payment_id).toMatch(/^\d{21}$/);
		await call('POST', 'disputes', { order_number: 'ADM-1' });
		await call('POST', 'business-events', { type: 'fraud', order_number: 'ADM-1' });
		await post('/service/check/normal', signed('/service/check/normal', { order_number: 'ADM-1' }));
		expect((await call('GET', 'log')).map((e) => e.path)).toEqual(['/service/check/normal']);
		const state = await call('GET', 'state');
		expect(state.orders.some((o) => o.order_number === 'ADM-1')).toBe(true);
		expect(JSON.stringify(state)).not.toContain(MERCHANT.secureCode);
		await call('PUT', 'faults', { path: '/service/check/normal', fault: { mode: 'http503', times: 1 } });
		expect((await post('/service/check/normal', signed('/service/check/normal', { order_number: 'ADM-1' }))).status).toBe(503);
		await call('POST', 'reset');
		expect(await call('GET', 'log')).toEqual([]);
		expect(sim.admin.getOrder('ADM-1')).toBeUndefined();
	});
});
