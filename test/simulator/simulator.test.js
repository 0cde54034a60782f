'use strict';
/**
 * The simulator on its own, through real HTTP: its hand-written signing rules against the
 * published vectors, every endpoint's acceptance and rejection, state rules, paging, windows,
 * every fault mode, the request log and the admin API.
 */
const os = require('os');
const { startSimulator, signFor, signWith, noticeSign, SIGN_RULES, NOTICE_SIGN_RULES } = require('./index');

const MERCHANT = { account: '123456', terminal: '12345601', secureCode: 'sim-Secure-Code-7f3a' };
const SANDBOX = { account: '995378', terminal: '99537801', secureCode: '12345678' };
// A fixed clock: 2026-03-15 12:00:00 in Asia/Shanghai.
const NOW = new Date('2026-03-15T04:00:00Z');
const PAY = {
	card: '260101000000000001001', // SIM-1001, 25.00 USD, sale
	klarna: '260101000000000001002', // SIM-1002, 99.90 EUR
	failed: '260101000000000001003', // SIM-1003, failed
	preauth: '260101000000000001004', // SIM-1004, 40.00 USD pre-auth
	wechat: '260101000000000001005', // SIM-1005, 88.00 CNY WeChatPay
};

let sim;
async function restart(options = {}) {
	if (sim) await sim.close();
	sim = await startSimulator({ now: () => NOW, quiet: true, ...options });
	return sim;
}
beforeEach(() => restart());
afterEach(async () => {
	await sim.close();
	sim = undefined;
});

// ---- a little client of our own ---------------------------------------------------------

function signed(path, fields, merchant = MERCHANT) {
	const body = { account: merchant.account, terminal: merchant.terminal, ...fields };
	return { ...body, signValue: signFor(path, body, merchant.secureCode) };
}

async function post(path, fields, { timeoutMs = 5000 } = {}) {
	const response = await fetch(sim.url + path, { method: 'POST', body: new URLSearchParams(fields), signal: AbortSignal.timeout(timeoutMs) });
	return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

const call = (path, fields, merchant) => post(path, signed(path, fields, merchant));

async function pinc(path, body, headers = {}) {
	const response = await fetch(sim.url + path, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', account: MERCHANT.account, terminal: MERCHANT.terminal, secureCode: MERCHANT.secureCode, ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: response.status, json: await response.json() };
}

const unescapeXml = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
/** The text of the first <name> element, undefined when absent. */
const tag = (xml, name) => {
	const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
	return match ? unescapeXml(match[1]) : undefined;
};
const blocks = (xml, name) => [...xml.matchAll(new RegExp(`<${name}>(.*?)</${name}>`, 'gs'))].map((m) => m[1]);
const flip = (hex) => hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');
/** Gateway text (Asia/Shanghai) of NOW minus some days. */
const daysAgo = (days) => new Date(NOW.getTime() + 8 * 3600000 - days * 86400000).toISOString().slice(0, 19).replace('T', ' ');
const range = { order_beginDate: daysAgo(3), order_endDate: daysAgo(-1) };

// ---- signing ----------------------------------------------------------------------------

describe('signing rules (written by hand from shared/oceanpayment-api.md)', () => {
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
	])('published vector %s %j', (path, fields, expected) => {
		expect(signFor(path, { account: SANDBOX.account, terminal: SANDBOX.terminal, ...fields }, SANDBOX.secureCode)).toBe(expected);
	});

	test('UTF-8 descriptions are hashed as-is (the Postman 加签 helper string, §2.3)', () => {
		const fields = { account: '150260', terminal: '15026001', payment_id: '231129145554141026041', refund_type: '1', refund_amount: '1', refund_description: '商品瑕疵' };
		expect(signFor('/service/applyRefund', fields, '12345678')).toBe('11124207d2c469a4f876a5f3bdda74a3529c3bb89a7e2e91f0103e8e4ac8ebae');
	});

	test('the rule table, and absent or empty fields contribute nothing', () => {
		expect(SIGN_RULES).toEqual({
			'/service/check/normal': ['order_number'],
			'/service/QueryOrdersList': ['order_beginDate', 'order_endDate', 'pages'],
			'/service/BusinessOrdersList': ['order_beginDate', 'order_endDate', 'pages'],
			'/service/DisputeOrderList': ['order_beginDate', 'order_endDate', 'pages'],
			'/service/applyRefund': ['payment_id', 'refund_number', 'refund_type', 'refund_amount', 'refund_description'],
			'/service/queryRefund': ['refund_id', 'refund_number'],
			'/service/uploadTrackingNo': ['payment_id', 'order_number', 'tracking_number', 'tracking_site', 'tracking_handler'],
			'/gateway/service/auth': ['payment_id', 'order_number', 'payment_authType', 'order_amount'],
			'/gateway/service/customsUpload': ['payment_id', 'type', 'pay_userId', 'pay_userName'],
		});
		const base = { account: 'a', terminal: 't', order_beginDate: 'b', order_endDate: 'e' };
		expect(signFor('/service/QueryOrdersList', { ...base, pages: '' }, 's')).toBe(signFor('/service/QueryOrdersList', base, 's'));
		expect(signFor('/service/QueryOrdersList', { ...base, pages: '2' }, 's')).not.toBe(signFor('/service/QueryOrdersList', base, 's'));
		// Unsigned filters do not change the signature.
		expect(signFor('/service/BusinessOrdersList', { ...base, count: '50', date_type: '1' }, 's')).toBe(signFor('/service/BusinessOrdersList', base, 's'));
		expect(() => signFor('/nope', base, 's')).toThrow(/no signing rule/);
	});
});

// ---- every form endpoint: accepted when signed, refused with one character off ----------

describe('every form endpoint accepts a signed request and refuses it with the signValue off by one character', () => {
	const refundFirst = async () => {
		const { text } = await call('/service/applyRefund', { payment_id: PAY.card, refund_number: 'Q-1', refund_type: '2', refund_amount: '1.00', refund_description: 'x' });
		expect(tag(text, 'refund_results')).toBe('00');
		sim.admin.clearLog();
	};
	const cases = [
		{
			path: '/service/check/normal',
			fields: { order_number: 'SIM-1001' },
			accepted: (xml) => expect(blocks(xml, 'paymentInfo').map((b) => tag(b, 'payment_results'))).toEqual(['1']),
			refused: (xml) => {
				expect([tag(xml, 'results'), tag(xml, 'details')]).toEqual(['04', 'signValue error']);
				expect(blocks(xml, 'paymentInfo')).toHaveLength(0);
			},
		},
		...['/service/QueryOrdersList', '/service/BusinessOrdersList', '/service/DisputeOrderList'].map((path) => ({
			path,
			fields: { ...range, pages: '1' },
			accepted: (xml) => {
				expect([tag(xml, 'results'), tag(xml, 'details')]).toEqual(['00', 'Success']);
				expect(blocks(xml, 'orderInfo')).toHaveLength(1);
			},
			refused: (xml) => {
				expect([tag(xml, 'results'), tag(xml, 'details')]).toEqual(['04', 'signValue error']);
				expect(blocks(xml, 'orderInfo')).toHaveLength(0);
				expect(tag(xml, 'count')).toBeUndefined();
			},
		})),
		{
			path: '/service/applyRefund',
			fields: { payment_id: PAY.card, refund_number: 'R-1', refund_type: '2', refund_amount: '5.00', refund_description: 'Damaged' },
			accepted: (xml) => {
				expect(tag(xml, 'refund_results')).toBe('00');
				expect(sim.admin.getRefunds()).toHaveLength(1);
			},
			refused: (xml) => {
				expect([tag(xml, 'refund_results'), tag(xml, 'refund_description')]).toEqual(['04', 'signValue error']);
				expect(sim.admin.getRefunds()).toHaveLength(1); // nothing more recorded
			},
		},
		{
			path: '/service/queryRefund',
			prepare: refundFirst,
			fields: { refund_number: 'Q-1' },
			accepted: (xml) => expect([tag(xml, 'refund_results'), tag(xml, 'refund_amount')]).toEqual(['00', '1.00']),
			refused: (xml) => {
				expect([tag(xml, 'refund_results'), tag(xml, 'refund_description')]).toEqual(['04', 'signValue error']);
				expect(tag(xml, 'refund_amount')).toBeUndefined();
			},
		},
		{
			path: '/service/uploadTrackingNo',
			fields: { payment_id: PAY.card, tracking_number: 'AB12', tracking_site: 'https://www.ups.com', tracking_handler: 'N/A' },
			accepted: (xml) => expect(tag(xml, 'tracking_results')).toBe('01'),
			refused: (xml) => {
				expect(tag(xml, 'tracking_results')).toBe('04');
				expect(tag(xml, 'details')).toBeUndefined(); // the code only
			},
		},
		{
			path: '/gateway/service/auth',
			fields: { payment_id: PAY.preauth, payment_authType: '1', order_amount: '40.00' },
			accepted: (xml) => expect([tag(xml, 'payment_results'), tag(xml, 'payment_details')]).toEqual(['1', 'Success']),
			refused: (xml) => expect([tag(xml, 'payment_results'), tag(xml, 'payment_details')]).toEqual(['0', '04:signValue error']),
		},
		{
			path: '/gateway/service/customsUpload',
			fields: { payment_id: PAY.wechat, type: '1', pay_userId: '110101199001011234', pay_userName: '张三', customs: '01', customs_number: 'C1', customs_name: 'Example Trading', price: '88.00' },
			accepted: (xml) => expect([tag(xml, 'status'), tag(xml, 'details')]).toEqual(['1', 'Success']),
			refused: (xml) => expect([tag(xml, 'status'), tag(xml, 'details')]).toEqual(['0', 'signValue error (04)']),
		},
	];

	test.each(cases.map((c) => [c.path, c]))('%s', async (path, c) => {
		if (c.path === '/service/BusinessOrdersList' || c.path === '/service/DisputeOrderList') {
			// One record inside the range for each list.
			await restart({ seed: { merchants: [MERCHANT] } });
			if (c.path === '/service/BusinessOrdersList') sim.admin.addBusinessEvent({ type: 'fraud', review_dateTime: daysAgo(1) });
			else sim.admin.addDispute({ order_number: 'K-1', disputes_date: daysAgo(1) });
		} else if (c.path === '/service/QueryOrdersList') {
			await restart({ seed: { merchants: [MERCHANT], orders: [{ order_number: 'L-1', payment_dateTime: daysAgo(1) }] } });
		}
		if (c.prepare) await c.prepare();
		const good = signed(path, c.fields);
		const accepted = await post(path, good);
		expect(accepted.status).toBe(200);
		expect(accepted.type).toBe('text/xml; charset=utf-8');
		expect(accepted.text.startsWith('<?xml version="1.0" encoding="UTF-8"?><response>')).toBe(true);
		c.accepted(accepted.text);

		const refused = await post(path, { ...good, signValue: flip(good.signValue) });
		expect(refused.status).toBe(200);
		expect([tag(refused.text, 'account'), tag(refused.text, 'terminal')]).toEqual([MERCHANT.account, MERCHANT.terminal]);
		expect(tag(refused.text, 'signValue')).toMatch(/^[0-9A-F]{64}$/);
		c.refused(refused.text);

		const log = sim.admin.getLog();
		expect(log.map((e) => [e.path, e.signature])).toEqual([
			[path, 'valid'],
			[path, 'invalid'],
		]);
		expect(log[1].resultCode).toBe(path === '/gateway/service/auth' || path === '/gateway/service/customsUpload' ? '0' : '04');
		expect(log[1].detailCode).toBe('04');
	});

	test('signatures are compared case-insensitively', async () => {
		const good = signed('/service/check/normal', { order_number: 'SIM-1001' });
		const { text } = await post('/service/check/normal', { ...good, signValue: good.signValue.toUpperCase() });
		expect(tag(text, 'payment_results')).toBe('1');
		expect(sim.admin.getLog()[0].signature).toBe('valid');
	});
});

describe('request-level failures answer HTTP 200 with the endpoint code', () => {
	test('unknown account, terminal of another account, missing signValue, empty account, missing field', async () => {
		const path = '/service/check/normal';
		const good = signed(path, { order_number: 'SIM-1001' });
		const results = async (fields) => tag((await post(path, fields)).text, 'results');
		expect(await results({ ...good, account: '000000' })).toBe('02');
		expect(await results({ ...good, terminal: SANDBOX.terminal })).toBe('03');
		const { signValue, ...unsigned } = good;
		expect(await results(unsigned)).toBe('04');
		expect(await results({ ...good, account: '' })).toBe('14');
		expect(await results(signed(path, {}))).toBe('10');
		expect(sim.admin.getLog().map((e) => [e.signature, e.resultCode])).toEqual([
			['not-applicable', '02'],
			['not-applicable', '03'],
			['missing', '04'],
			['not-applicable', '14'],
			['valid', '10'],
		]);
	});

	test('the published sandbox merchant is known, so the published vector request is accepted', async () => {
		const { text } = await post('/service/check/normal', { account: '995378', terminal: '99537801', order_number: 'ae866', signValue: '2e27426ca627e4734ca9c43bd18e593c4af1848688486a3c167d39f7f75cf7b2' });
		expect(tag(text, 'payment_details')).toBe('80001:Order does not exist');
		expect(sim.admin.getLog()[0].signature).toBe('valid');
	});

	test('wrong method and unknown path are HTTP errors, never processed', async () => {
		expect((await fetch(`${sim.url}/service/check/normal`)).status).toBe(405);
		expect((await fetch(`${sim.url}/service/nope`, { method: 'POST' })).status).toBe(404);
	});

	test('failure shapes of the other families echo what was sent', async () => {
		const auth = await call('/gateway/service/auth', { payment_id: 'NOPE', payment_authType: '1', order_amount: '1.00' });
		expect(['payment_id', 'order_number', 'payment_authType', 'order_amount', 'payment_results', 'payment_details'].map((n) => tag(auth.text, n))).toEqual(['NOPE', '', '1', '1.00', '0', '17:payment_id does not exist']);
		const customs = await call('/gateway/service/customsUpload', { payment_id: PAY.card, type: '1', customs: '01', customs_number: 'C', customs_name: 'N' });
		expect(['payment_id', 'type', 'status'].map((n) => tag(customs.text, n))).toEqual([PAY.card, '1', '0']);
		expect(tag(customs.text, 'details')).toMatch(/WeChat Pay, Alipay and UnionPay/);
		const bad = await call('/gateway/service/auth', { payment_id: PAY.preauth, payment_authType: '7' });
		expect(tag(bad.text, 'payment_details')).toMatch(/^10:/);
	});
});

// ---- status query -----------------------------------------------------------------------

describe('order status query', () => {
	test('all fields, several payments newest first, unknown numbers, XML escaping', async () => {
		sim.admin.addOrder({ order_number: 'R-1', payment_id: '1', payment_results: '0', payment_dateTime: '2026-03-14 10:00:00' });
		sim.admin.addOrder({ order_number: 'R-1', payment_id: '2', payment_results: '1', payment_dateTime: '2026-03-14 10:05:00', order_notes: `Tom & Jerry's <"gift">` });
		const { text } = await call('/service/check/normal', { order_number: 'R-1,NOPE' });
		expect(text).not.toMatch(/^<\?xml[^>]*><response><account>/); // records only, no top-level fields
		const infos = blocks(text, 'paymentInfo');
		expect(infos.map((b) => tag(b, 'payment_id'))).toEqual(['2', '1', '']);
		const names = [...infos[0].matchAll(/<(\w+)>/g)].map((m) => m[1]);
		expect(names).toEqual([
			'account', 'terminal', 'signValue', 'order_number', 'order_currency', 'order_amount', 'order_sourceUrl', 'order_notes', 'methods', 'payment_id',
			'payment_results', 'payment_details', 'payment_risk', 'payment_authCode', 'payment_eci', 'payment_dateTime', 'auth_status', 'payment_debitTime',
			'pay_barCode', 'refund_status', 'refundList', 'chargeBack_status', 'chargeBackList', 'duplicate_status', 'transactionList', 'update_status',
			'networkToken', 'create_status', 'recurring_type',
		]);
		expect(infos[0]).toContain('<order_notes>Tom &amp; Jerry&apos;s &lt;&quot;gift&quot;&gt;</order_notes>');
		expect(tag(infos[0], 'order_notes')).toBe(`Tom & Jerry's <"gift">`);
		expect(tag(infos[0], 'payment_dateTime')).toBe('2026-03-14 10:05:00');
		expect(tag(infos[2], 'order_number')).toBe('NOPE');
		expect([tag(infos[2], 'payment_results'), tag(infos[2], 'payment_details'), tag(infos[2], 'order_amount')]).toEqual(['0', '80001:Order does not exist', '']);
	});

	test('more than 100 order numbers are refused; 100 are answered', async () => {
		const many = Array.from({ length: 101 }, (_, i) => `N${i}`);
		const rejected = await call('/service/check/normal', { order_number: many.join(',') });
		expect(tag(rejected.text, 'results')).toBe('10');
		expect(tag(rejected.text, 'details')).toBe('At most 100 order numbers per query');
		expect(blocks(rejected.text, 'paymentInfo')).toHaveLength(0);
		const hundred = await call('/service/check/normal', { order_number: many.slice(0, 100).join(',') });
		expect(blocks(hundred.text, 'paymentInfo')).toHaveLength(100);
	});

	test('the gateway time zone renders instants', async () => {
		await restart({ timeZone: 'UTC', seed: { merchants: [MERCHANT] } });
		sim.admin.addOrder({ order_number: 'TZ-1', payment_dateTime: '2026-03-14T23:30:00+08:00' });
		expect(tag((await call('/service/check/normal', { order_number: 'TZ-1' })).text, 'payment_dateTime')).toBe('2026-03-14 15:30:00');
		await restart({ seed: { merchants: [MERCHANT] } });
		sim.admin.addOrder({ order_number: 'TZ-1', payment_dateTime: '2026-03-14T15:30:00Z' });
		expect(tag((await call('/service/check/normal', { order_number: 'TZ-1' })).text, 'payment_dateTime')).toBe('2026-03-14 23:30:00');
		expect(sim.admin.getOrder('TZ-1').payment_dateTime).toBe('2026-03-14 23:30:00');
	});
});

// ---- lists ------------------------------------------------------------------------------

describe('lists', () => {
	beforeEach(() => restart({ seed: { merchants: [MERCHANT] } }));
	const list = (path, extra = {}) => call(path, { ...range, ...extra }).then((r) => r.text);

	test('25 successful orders in pages of 10: 10/10/5, count 25, totalpages 3, ascending', async () => {
		for (let i = 0; i < 25; i++) sim.admin.addOrder({ order_number: `P-${String(i).padStart(2, '0')}`, payment_dateTime: new Date(NOW.getTime() - 86400000 + i * 60000) });
		sim.admin.addOrder({ order_number: 'FAILED', payment_results: '0', payment_dateTime: daysAgo(1) });
		sim.admin.addOrder({ order_number: 'OUTSIDE', payment_dateTime: daysAgo(5) });
		const seen = [];
		for (const pages of ['1', '2', '3']) {
			const xml = await list('/service/QueryOrdersList', { pages });
			expect(['results', 'count', 'totalpages', 'pages'].map((n) => tag(xml, n))).toEqual(['00', '25', '3', pages]);
			seen.push(blocks(xml, 'orderInfo').map((b) => tag(b, 'order_number')));
		}
		expect(seen.map((page) => page.length)).toEqual([10, 10, 5]);
		expect(seen.flat()).toEqual(Array.from({ length: 25 }, (_, i) => `P-${String(i).padStart(2, '0')}`));
		const past = await list('/service/QueryOrdersList', { pages: '4' });
		expect([tag(past, 'count'), tag(past, 'pages'), blocks(past, 'orderInfo').length]).toEqual(['25', '4', 0]);
		// No pages → page 1; pages=0 → page 1.
		for (const extra of [{}, { pages: '0' }]) {
			const xml = await list('/service/QueryOrdersList', extra);
			expect([tag(xml, 'pages'), tag(blocks(xml, 'orderInfo')[0], 'order_number')]).toEqual(['1', 'P-00']);
		}
		const first = blocks(await list('/service/QueryOrdersList'), 'orderInfo')[0];
		const names = [...first.matchAll(/<(\w+)>/g)].map((m) => m[1]);
		expect(names).toEqual(['account', 'terminal', 'payment_id', 'order_number', 'order_currency', 'order_amount', 'methods', 'payment_dateTime']);
	});

	test('defaultPageSize sets the successful-orders page size; an empty range has totalpages 0', async () => {
		await restart({ seed: { merchants: [MERCHANT] }, defaultPageSize: 7 });
		for (let i = 0; i < 15; i++) sim.admin.addOrder({ order_number: `P-${i}`, payment_dateTime: daysAgo(1) });
		const xml = await list('/service/QueryOrdersList');
		expect([tag(xml, 'count'), tag(xml, 'totalpages'), blocks(xml, 'orderInfo').length]).toEqual(['15', '3', 7]);
		const empty = await list('/service/QueryOrdersList', { order_beginDate: daysAgo(10), order_endDate: daysAgo(9) });
		expect([tag(empty, 'results'), tag(empty, 'count'), tag(empty, 'totalpages')]).toEqual(['00', '0', '0']);
	});

	test('dates: inclusive at both ends in the gateway zone; malformed, reversed and too old ranges refused', async () => {
		sim.admin.addOrder({ order_number: 'EDGE', payment_dateTime: '2026-03-14 10:00:00' });
		const at = (order_beginDate, order_endDate) => list('/service/QueryOrdersList', { order_beginDate, order_endDate });
		expect(tag(await at('2026-03-14 10:00:00', '2026-03-14 10:00:00'), 'count')).toBe('1');
		expect(tag(await at('2026-03-14 10:00:01', '2026-03-14 11:00:00'), 'count')).toBe('0');
		expect(tag(await at('2026-03-14 09:00:00', '2026-03-14 09:59:59'), 'count')).toBe('0');
		expect(tag(await at('2026-03-14T10:00:00', '2026-03-14 11:00:00'), 'results')).toBe('10');
		expect(tag(await at('2026-02-30 10:00:00', '2026-03-14 11:00:00'), 'results')).toBe('10');
		expect(tag(await at('2026-03-14 11:00:00', '2026-03-14 10:00:00'), 'results')).toBe('10');
		expect(tag(await at('2025-09-01 00:00:00', '2026-03-14 11:00:00'), 'results')).toBe('24');
		expect(tag(await at('2025-09-16 00:00:00', '2026-03-14 11:00:00'), 'results')).toBe('00');
		expect(tag(await list('/service/QueryOrdersList', { pages: 'two' }), 'results')).toBe('10');
	});

	test('business events: count 10/50/100, date_type 0/1/2; accepted refunds add events', async () => {
		for (let i = 0; i < 12; i++) sim.admin.addBusinessEvent({ type: 'fraud', payment_id: `F${i}`, review_dateTime: daysAgo(1), payment_dateTime: daysAgo(40), payment_cpdTime: daysAgo(20) });
		expect(blocks(await list('/service/BusinessOrdersList'), 'orderInfo')).toHaveLength(10);
		const fifty = await list('/service/BusinessOrdersList', { count: '50' });
		expect([blocks(fifty, 'orderInfo').length, tag(fifty, 'totalpages')]).toEqual([12, '1']);
		expect(tag(await list('/service/BusinessOrdersList', { count: '20' }), 'results')).toBe('10');
		expect(tag(await list('/service/BusinessOrdersList', { date_type: '3' }), 'results')).toBe('10');
		expect(tag(await list('/service/BusinessOrdersList', { date_type: '1' }), 'count')).toBe('0');
		expect(tag(await list('/service/BusinessOrdersList', { date_type: '1', order_beginDate: daysAgo(41), order_endDate: daysAgo(39) }), 'count')).toBe('12');
		expect(tag(await list('/service/BusinessOrdersList', { date_type: '2', order_beginDate: daysAgo(21), order_endDate: daysAgo(19) }), 'count')).toBe('12');
		const record = blocks(fifty, 'orderInfo')[0];
		expect([...record.matchAll(/<(\w+)>/g)].map((m) => m[1])).toEqual([
			'account', 'terminal', 'type', 'payment_id', 'order_number', 'order_currency', 'order_amount', 'methods', 'payment_dateTime', 'payment_debitTime', 'payment_cpdTime', 'amount', 'status', 'details',
		]);
		expect(record).not.toContain('review');

		const order = sim.admin.addOrder({ order_number: 'BR-1', order_amount: '30.00' });
		await call('/service/applyRefund', { payment_id: order.payment_id, refund_type: '2', refund_amount: '10.00', refund_description: 'x' });
		await call('/service/applyRefund', { payment_id: order.payment_id, refund_type: '1', refund_amount: '20.00', refund_description: 'x' });
		const events = blocks(await list('/service/BusinessOrdersList', { count: '100' }), 'orderInfo').filter((b) => tag(b, 'payment_id') === order.payment_id);
		expect(events.map((b) => [tag(b, 'type'), tag(b, 'amount'), tag(b, 'status')])).toEqual([
			['partialRefund', '10.00', '1'],
			['refund', '20.00', '1'],
		]);
	});

	test('disputes: only the last 30 days; filters notice_type (alias date_type), payment_id, order_number', async () => {
		sim.admin.addDispute({ order_number: 'K-1', payment_id: 'K1', notice_type: 'disputes-period', disputes_date: daysAgo(1), reply_deadline: '2026-04-01 23:59:59.0' });
		sim.admin.addDispute({ order_number: 'K-2', payment_id: 'K2', notice_type: 'dispute', disputes_date: daysAgo(2) });
		sim.admin.addDispute({ order_number: 'K-3', payment_id: 'K3', notice_type: 'dispute', disputes_date: daysAgo(29) });
		const ids = async (extra) => blocks(await list('/service/DisputeOrderList', extra), 'orderInfo').map((b) => tag(b, 'payment_id'));
		expect(await ids({})).toEqual(['K2', 'K1']);
		expect(await ids({ order_beginDate: daysAgo(29.5) })).toEqual(['K3', 'K2', 'K1']);
		expect(await ids({ notice_type: 'disputes-period' })).toEqual(['K1']);
		expect(await ids({ date_type: 'dispute' })).toEqual(['K2']);
		expect(await ids({ payment_id: 'K2' })).toEqual(['K2']);
		expect(await ids({ order_number: 'K-1' })).toEqual(['K1']);
		const old = await list('/service/DisputeOrderList', { order_beginDate: daysAgo(31) });
		expect([tag(old, 'results'), tag(old, 'details'), blocks(old, 'orderInfo').length]).toEqual(['24', 'Only disputes of the last 30 days can be queried', 0]);
		expect(tag(await list('/service/DisputeOrderList', { notice_type: 'chargeback' }), 'results')).toBe('10');
		const record = blocks(await list('/service/DisputeOrderList', { payment_id: 'K1' }), 'orderInfo')[0];
		expect([...record.matchAll(/<(\w+)>/g)].map((m) => m[1])).toEqual([
			'account', 'terminal', 'methods', 'payment_id', 'order_number', 'order_currency', 'order_amount', 'notice_type', 'push_details', 'is_refund', 'refund_amount',
			'refund_currency', 'is_chargeBack', 'chargeBack_amount', 'chargeBack_currency', 'referrer', 'comment', 'abnormal_amount', 'abnormal_currency', 'disputes_date',
			'reply_deadline', 'disputes_times',
		]);
		expect([tag(record, 'methods'), tag(record, 'reply_deadline'), tag(record, 'disputes_date')]).toEqual(['Klarna', '2026-04-01 23:59:59.0', daysAgo(1)]);
	});
});

// ---- large lists: O(page) paging --------------------------------------------------------

describe('large lists are paged without a pass over all records', () => {
	const SECOND = 1000;
	const span = 100000 * 10 * SECOND; // 100,000 records 10 s apart, ending 1 s before NOW
	const start = NOW.getTime() - span - SECOND;
	/** A fixed permutation of 0..n-1 (7919 is prime to 100,000), so records arrive out of order. */
	const shuffled = (n, make) => Array.from({ length: n }, (_, i) => make((i * 7919) % n));
	const gateway = (ms) => new Date(ms + 8 * 3600000).toISOString().slice(0, 19).replace('T', ' ');
	const whole = { order_beginDate: gateway(start), order_endDate: gateway(NOW.getTime()) };
	/** The fastest of a few answers (ms), after one warm-up: loose, not a benchmark. */
	async function fastest(send) {
		await send();
		let best = Infinity;
		for (let i = 0; i < 5; i++) {
			const started = process.hrtime.bigint();
			await send();
			best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
		}
		return best;
	}

	test('100,000 successful orders: added in bulk, page 500 of pages of 100, a page in a few ms', async () => {
		await restart({ seed: { merchants: [MERCHANT] }, defaultPageSize: 100 });
		const orders = shuffled(100000, (i) => ({ order_number: `B-${String(i).padStart(6, '0')}`, payment_dateTime: start + i * 10 * SECOND }));
		const began = Date.now();
		const added = sim.admin.addOrders(orders);
		const took = Date.now() - began;
		expect(added.added).toBe(100000);
		expect(added.payment_ids).toHaveLength(100000);
		expect(took).toBeLessThan(5000); // typically a few hundred ms
		const page = (pages) => call('/service/QueryOrdersList', { ...whole, pages }).then((r) => r.text);
		const xml = await page('500');
		expect(['results', 'count', 'totalpages', 'pages'].map((n) => tag(xml, n))).toEqual(['00', '100000', '1000', '500']);
		const numbers = blocks(xml, 'orderInfo').map((b) => tag(b, 'order_number'));
		expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => `B-${String(49900 + i).padStart(6, '0')}`));
		expect(tag(blocks(xml, 'orderInfo')[0], 'payment_dateTime')).toBe(gateway(start + 49900 * 10 * SECOND));
		expect(blocks(await page('1000'), 'orderInfo').map((b) => tag(b, 'order_number')).pop()).toBe('B-099999');
		expect(blocks(await page('1001'), 'orderInfo')).toHaveLength(0);
		// A window inside: count is the window size.
		const inner = await call('/service/QueryOrdersList', { order_beginDate: gateway(start + 10 * SECOND), order_endDate: gateway(start + 30 * SECOND) });
		expect([tag(inner.text, 'count'), blocks(inner.text, 'orderInfo').map((b) => tag(b, 'order_number'))]).toEqual(['3', ['B-000001', 'B-000002', 'B-000003']]);
		expect(await fastest(() => page('500'))).toBeLessThan(50);
	});

	test('100,000 business events and 100,000 disputes in bulk; every date_type and dispute filter pages', async () => {
		await restart({ seed: { merchants: [MERCHANT] } });
		const events = shuffled(100000, (i) => ({
			type: 'fraud',
			payment_id: `E${String(i).padStart(6, '0')}`,
			review_dateTime: start + i * 10 * SECOND,
			payment_dateTime: start + (99999 - i) * 10 * SECOND, // the reverse order
			payment_cpdTime: i % 2 ? start + i * 10 * SECOND : undefined, // only odd ones have one
		}));
		const disputes = shuffled(100000, (i) => ({
			payment_id: `D${String(i).padStart(6, '0')}`,
			order_number: `DO-${i % 1000}`,
			notice_type: i % 4 ? 'dispute' : 'disputes-period',
			disputes_date: NOW.getTime() - 20 * 86400000 + i * 10 * SECOND,
		}));
		const began = Date.now();
		expect(sim.admin.addBusinessEvents(events).added).toBe(100000);
		expect(sim.admin.addDisputes(disputes).added).toBe(100000);
		expect(Date.now() - began).toBeLessThan(8000); // typically well under 2 s
		const ids = (xml) => blocks(xml, 'orderInfo').map((b) => tag(b, 'payment_id'));
		const business = (extra) => call('/service/BusinessOrdersList', { ...whole, count: '100', ...extra }).then((r) => r.text);
		const review = await business({ pages: '3' });
		expect([tag(review, 'count'), tag(review, 'totalpages')]).toEqual(['100000', '1000']);
		expect(ids(review)[0]).toBe('E000200');
		expect(ids(await business({ pages: '3', date_type: '1' }))[0]).toBe('E099799');
		const cpd = await business({ pages: '2', date_type: '2' });
		expect([tag(cpd, 'count'), ids(cpd)[0]]).toEqual(['50000', 'E000201']);
		const disputeRange = { order_beginDate: gateway(NOW.getTime() - 20 * 86400000), order_endDate: gateway(NOW.getTime()) };
		const dispute = (extra) => call('/service/DisputeOrderList', { ...disputeRange, ...extra }).then((r) => r.text);
		const all = await dispute({ pages: '2', count: '100' });
		expect([tag(all, 'count'), ids(all)[0]]).toEqual(['100000', 'D000100']);
		const period = await dispute({ notice_type: 'disputes-period', pages: '2', count: '10' });
		expect([tag(period, 'count'), ids(period)[0]]).toEqual(['25000', 'D000040']);
		const ofOrder = await dispute({ order_number: 'DO-7', notice_type: 'dispute' });
		expect([tag(ofOrder, 'count'), ids(ofOrder).slice(0, 3)]).toEqual(['100', ['D000007', 'D001007', 'D002007']]);
		expect(ids(await dispute({ payment_id: 'D000004', order_number: 'DO-4' }))).toEqual(['D000004']);
		expect(ids(await dispute({ payment_id: 'D000004', notice_type: 'dispute' }))).toEqual([]);
		expect(await fastest(() => business({ pages: '700' }))).toBeLessThan(50);
		expect(await fastest(() => dispute({ pages: '700', count: '100' }))).toBeLessThan(50);
	});

	test('ties: filtered date, then payment_id, then insertion order; replaced and voided payments leave the list', async () => {
		await restart({ seed: { merchants: [MERCHANT] } });
		const at = daysAgo(1);
		sim.admin.addOrder({ order_number: 'T-late', payment_id: '300', payment_dateTime: daysAgo(0.5) });
		sim.admin.addOrder({ order_number: 'T-b', payment_id: '200', payment_dateTime: at });
		sim.admin.addOrders([
			{ order_number: 'T-a', payment_id: '100', payment_dateTime: at },
			{ order_number: 'T-early', payment_id: '900', payment_dateTime: daysAgo(2) },
		]);
		sim.admin.addOrder({ order_number: 'T-pre', payment_id: '150', payment_dateTime: at, auth_type: 'pre-auth' });
		const numbers = async () => blocks((await call('/service/QueryOrdersList', range)).text, 'orderInfo').map((b) => tag(b, 'order_number'));
		expect(await numbers()).toEqual(['T-early', 'T-a', 'T-pre', 'T-b', 'T-late']);
		// Adding a payment id again replaces the payment (here: now failed, so it leaves the list).
		sim.admin.addOrder({ order_number: 'T-a', payment_id: '100', payment_dateTime: at, payment_results: '0' });
		await call('/gateway/service/auth', { payment_id: '150', payment_authType: '2' }); // void
		expect(await numbers()).toEqual(['T-early', 'T-b', 'T-late']);
		// Same instant and payment id among business events: insertion order.
		for (const details of ['first', 'second', 'third']) sim.admin.addBusinessEvent({ type: 'fraud', payment_id: 'SAME', details, review_dateTime: at });
		const xml = (await call('/service/BusinessOrdersList', range)).text;
		expect(blocks(xml, 'orderInfo').map((b) => tag(b, 'details'))).toEqual(['first', 'second', 'third']);
		expect(JSON.stringify(sim.admin.getState())).not.toContain('"seq"');
	});

	test('two business events identical in every returned field are two records; the window decides by review time', async () => {
		await restart({ seed: { merchants: [MERCHANT] } });
		const order = sim.admin.addOrder({ order_number: 'TWIN', order_amount: '30.00', payment_dateTime: daysAgo(2) });
		const twin = { type: 'partialRefund', payment_id: order.payment_id, amount: '10.00', status: '1', details: 'Refund succeeded' };
		sim.admin.addBusinessEvent({ ...twin, review_dateTime: '2026-03-14 10:00:00' });
		sim.admin.addBusinessEvent({ ...twin, review_dateTime: '2026-03-14 10:05:00' });
		const list = (order_beginDate, order_endDate) => call('/service/BusinessOrdersList', { order_beginDate, order_endDate }).then((r) => r.text);
		const both = await list('2026-03-14 09:00:00', '2026-03-14 11:00:00');
		const records = blocks(both, 'orderInfo');
		expect([tag(both, 'count'), records.length]).toEqual(['2', 2]);
		expect(records[0]).toBe(records[1]); // byte for byte the same
		expect(tag(records[0], 'amount')).toBe('10.00');
		const later = await list('2026-03-14 10:00:01', '2026-03-14 11:00:00');
		expect([tag(later, 'count'), blocks(later, 'orderInfo').length]).toEqual(['1', 1]);
		const earlier = await list('2026-03-14 10:00:00', '2026-03-14 10:04:59');
		expect([tag(earlier, 'count'), blocks(earlier, 'orderInfo').length]).toEqual(['1', 1]);
	});

	test('cached gateway-time conversion equals luxon, also through DST transitions', () => {
		const { DateTime } = require('luxon');
		const { SimulatorState } = require('./state');
		for (const zone of ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Sao_Paulo']) {
			const state = new SimulatorState({}, { timeZone: zone, now: () => NOW });
			// Every 10 minutes through the 2026 transitions (US, EU, Lord Howe's 30-minute shifts).
			const wrong = [];
			for (const from of ['2026-03-07', '2026-03-28', '2026-04-04', '2026-10-03', '2026-10-24', '2026-10-31']) {
				const first = DateTime.fromISO(`${from}T00:00:00`, { zone: 'UTC' }).toMillis();
				for (let ms = first; ms < first + 3 * 86400000; ms += 600000) {
					const rendered = DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');
					if (state.render(ms) !== rendered) wrong.push(['render', ms, state.render(ms), rendered]);
					const text = DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm:ss'); // as wall text in the zone
					const luxon = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone });
					const expected = luxon.isValid && luxon.toFormat('yyyy-MM-dd HH:mm:ss') === text ? luxon.toMillis() : NaN;
					if (!Object.is(state.parseGatewayText(text), expected)) wrong.push(['parse', text, state.parseGatewayText(text), expected]);
				}
			}
			expect([zone, wrong]).toEqual([zone, []]);
			expect(state.parseGatewayText('2026-02-29 10:00:00')).toBeNaN();
			expect(state.parseGatewayText('2026-03-01 10:60:00')).toBeNaN();
			expect(state.parseGatewayText('2026-03-01 24:00:00')).toBeNaN();
			const deadline = state.view({ reply_deadline: state.replyDeadline(state.parseGatewayText('2026-03-20 23:30:00')) }).reply_deadline;
			expect(deadline).toBe('2026-04-03 23:59:59.0');
		}
	});
});

// ---- money and state ---------------------------------------------------------------------

describe('refunds', () => {
	const refund = (fields) => call('/service/applyRefund', { refund_description: 'x', ...fields }).then((r) => r.text);

	test('refunding more than was paid is refused and records nothing', async () => {
		const xml = await refund({ payment_id: PAY.card, refund_type: '2', refund_amount: '25.01' });
		expect([tag(xml, 'refund_results'), tag(xml, 'refund_description')]).toEqual(['21', 'Refund amount exceeds the refundable amount (25.00 USD)']);
		expect(sim.admin.getRefunds()).toEqual([]);
		expect(sim.admin.getOrder(PAY.card).refund_status).toBe('0');
	});

	test('full and partial rules, running total, refund_status, the response fields', async () => {
		expect(tag(await refund({ payment_id: PAY.card, refund_type: '1', refund_amount: '24.99' }), 'refund_results')).toBe('22');
		expect(tag(await refund({ payment_id: PAY.card, refund_type: '2', refund_amount: '25.00' }), 'refund_results')).toBe('23');
		expect(tag(await refund({ payment_id: PAY.card, refund_type: '2', refund_amount: '1.005' }), 'refund_results')).toBe('10');
		expect(tag(await refund({ payment_id: PAY.card, refund_type: '3', refund_amount: '1.00' }), 'refund_results')).toBe('10');
		const partial = await refund({ payment_id: PAY.card, refund_number: 'N-1', refund_type: '2', refund_amount: '10', refund_description: '商品瑕疵' });
		expect(['payment_id', 'order_number', 'refund_number', 'refund_amount', 'refund_currency', 'refund_results', 'refund_description'].map((n) => tag(partial, n))).toEqual([
			PAY.card, 'SIM-1001', 'N-1', '10.00', 'USD', '00', '商品瑕疵',
		]);
		expect(tag(partial, 'refund_id')).toMatch(/^\d+$/);
		expect(sim.admin.getOrder(PAY.card)).toMatchObject({ refund_status: '2', refunded_cents: 1000 });
		expect(tag(await refund({ payment_id: PAY.card, refund_type: '2', refund_amount: '15.00' }), 'refund_results')).toBe('23');
		expect(tag(await refund({ payment_id: PAY.card, refund_type: '1', refund_amount: '14.00' }), 'refund_description')).toBe('A full refund must be the refundable amount (15.00 USD)');
		expect(tag(await refund({ payment_id: PAY.card, refund_type: '1', refund_amount: '15.00' }), 'refund_results')).toBe('00');
		expect(sim.admin.getOrder(PAY.card)).toMatchObject({ refund_status: '1', refunded_cents: 2500 });
		expect(tag(await refund({ payment_id: PAY.card, refund_type: '2', refund_amount: '0.01' }), 'refund_results')).toBe('21');
		expect(sim.admin.getRefunds({ payment_id: PAY.card }).map((r) => [r.refund_type, r.refund_amount, r.refund_status])).toEqual([
			['2', '10.00', '1'],
			['1', '15.00', '1'],
		]);
		expect(tag((await call('/service/check/normal', { order_number: 'SIM-1001' })).text, 'refund_status')).toBe('1');
	});

	test('only successful (captured) payments; unknown payment', async () => {
		expect(tag(await refund({ payment_id: PAY.failed, refund_type: '1', refund_amount: '12.00' }), 'refund_results')).toBe('20');
		expect(tag(await refund({ payment_id: PAY.preauth, refund_type: '1', refund_amount: '40.00' }), 'refund_results')).toBe('20');
		expect(tag(await refund({ payment_id: '999', refund_type: '1', refund_amount: '1.00' }), 'refund_results')).toBe('17');
	});

	test('a repeated refund_number is accepted; the query returns the latest; by id; unknown → 05', async () => {
		const first = await refund({ payment_id: PAY.klarna, refund_number: 'DUP', refund_type: '2', refund_amount: '1.00' });
		const second = await refund({ payment_id: PAY.klarna, refund_number: 'DUP', refund_type: '2', refund_amount: '2.00' });
		expect([tag(first, 'refund_results'), tag(second, 'refund_results')]).toEqual(['00', '00']);
		expect(tag(first, 'refund_id')).not.toBe(tag(second, 'refund_id'));
		const byNumber = (await call('/service/queryRefund', { refund_number: 'DUP' })).text;
		expect(['refund_results', 'refund_id', 'refund_number', 'payment_id', 'order_number', 'refund_type', 'refund_amount', 'refund_currency', 'refund_status', 'refund_dateTime'].map((n) => tag(byNumber, n))).toEqual([
			'00', tag(second, 'refund_id'), 'DUP', PAY.klarna, 'SIM-1002', '2', '2.00', 'EUR', '1', '2026-03-15 12:00:00',
		]);
		const byId = (await call('/service/queryRefund', { refund_id: tag(first, 'refund_id') })).text;
		expect(tag(byId, 'refund_amount')).toBe('1.00');
		const unknown = (await call('/service/queryRefund', { refund_id: '42' })).text;
		expect([tag(unknown, 'refund_results'), tag(unknown, 'refund_description')]).toEqual(['05', 'Refund does not exist']);
		expect(tag((await call('/service/queryRefund', {})).text, 'refund_results')).toBe('10');
		// Another merchant cannot see them.
		expect(tag((await call('/service/queryRefund', { refund_number: 'DUP' }, SANDBOX)).text, 'refund_results')).toBe('05');
	});
});

describe('pre-authorization', () => {
	const auth = (fields) => call('/gateway/service/auth', fields).then((r) => r.text);

	test('capture once, at most the authorized amount; no void after capture', async () => {
		expect(tag(await auth({ payment_id: PAY.preauth, payment_authType: '1', order_amount: '40.01' }), 'payment_details')).toMatch(/^20007:/);
		const captured = await auth({ payment_id: PAY.preauth, payment_authType: '1', order_amount: '30.00' });
		expect(['payment_id', 'order_number', 'payment_authType', 'order_amount', 'payment_results', 'payment_details'].map((n) => tag(captured, n))).toEqual([
			PAY.preauth, 'SIM-1004', '1', '30.00', '1', 'Success',
		]);
		expect(sim.admin.getOrder(PAY.preauth)).toMatchObject({ auth_status: '2', captured_amount: '30.00' });
		expect(tag(await auth({ payment_id: PAY.preauth, payment_authType: '1' }), 'payment_details')).toBe('20004:Order is not a pending pre-authorization');
		expect(tag(await auth({ payment_id: PAY.preauth, payment_authType: '2' }), 'payment_results')).toBe('0');
		// The captured amount is what can be refunded.
		const over = await call('/service/applyRefund', { payment_id: PAY.preauth, refund_type: '2', refund_amount: '35.00', refund_description: 'x' });
		expect(tag(over.text, 'refund_results')).toBe('21');
	});

	test('void once; a sale cannot be voided; status shows auth_status', async () => {
		const order = sim.admin.addOrder({ order_number: 'V-1', auth_type: 'pre-auth' });
		expect(tag((await call('/service/check/normal', { order_number: 'V-1' })).text, 'auth_status')).toBe('1');
		expect(tag(await auth({ payment_id: order.payment_id, payment_authType: '2' }), 'payment_results')).toBe('1');
		expect(tag(await auth({ payment_id: order.payment_id, payment_authType: '2' }), 'payment_details')).toMatch(/^20004:/);
		expect(tag(await auth({ payment_id: order.payment_id, payment_authType: '1' }), 'payment_results')).toBe('0');
		const status = (await call('/service/check/normal', { order_number: 'V-1' })).text;
		expect([tag(status, 'auth_status'), tag(status, 'payment_results')]).toEqual(['3', '0']);
		expect(tag(await auth({ payment_id: PAY.card, payment_authType: '2' }), 'payment_details')).toMatch(/^20004:/);
	});

	test('reverse (3) by order_number, offline WeChat Pay / Alipay only, once', async () => {
		expect(tag(await auth({ order_number: 'SIM-1005', payment_authType: '3' }), 'payment_results')).toBe('1');
		expect(tag(await auth({ order_number: 'SIM-1005', payment_authType: '3' }), 'payment_details')).toMatch(/^20006:/);
		expect(tag(await auth({ order_number: 'SIM-1001', payment_authType: '3' }), 'payment_details')).toMatch(/^20005:/);
		expect(tag(await auth({ order_number: 'NOPE', payment_authType: '3' }), 'payment_details')).toMatch(/^19:/);
		expect(tag(await auth({ payment_id: PAY.wechat, payment_authType: '3' }), 'payment_details')).toMatch(/^10:/);
	});
});

describe('tracking and customs', () => {
	const upload = (fields) => call('/service/uploadTrackingNo', { tracking_site: 'https://www.ups.com', tracking_handler: 'N/A', ...fields }).then((r) => tag(r.text, 'tracking_results'));

	test('tracking: a re-upload overwrites; identified by payment_id or order_number; codes', async () => {
		expect(await upload({ payment_id: PAY.card, tracking_number: 'AAA1' })).toBe('01');
		expect(sim.admin.getOrder('SIM-1001').tracking).toEqual({ number: 'AAA1', site: 'https://www.ups.com', handler: 'N/A' });
		expect(await upload({ order_number: 'SIM-1001', tracking_number: 'BBB2,CCC3', tracking_site: 'https://www.dhl.com/track', tracking_handler: 'ops' })).toBe('01');
		expect(sim.admin.getOrder('SIM-1001').tracking).toEqual({ number: 'BBB2,CCC3', site: 'https://www.dhl.com/track', handler: 'ops' });
		expect(await upload({ payment_id: PAY.card, tracking_number: 'A-1' })).toBe('06');
		expect(await upload({ payment_id: PAY.card, tracking_number: 'A1', tracking_site: 'ups' })).toBe('07');
		expect(await upload({ payment_id: PAY.card, tracking_number: 'A1', tracking_site: '' })).toBe('18');
		expect(await upload({ payment_id: PAY.card, tracking_number: 'A1', tracking_handler: '' })).toBe('16');
		expect(await upload({ tracking_number: 'A1' })).toBe('12');
		expect(await upload({ payment_id: PAY.card })).toBe('10');
		expect(await upload({ payment_id: '999', tracking_number: 'A1' })).toBe('17');
		expect(await upload({ order_number: 'NOPE', tracking_number: 'A1' })).toBe('19');
		expect(await upload({ payment_id: PAY.card, order_number: 'SIM-1002', tracking_number: 'A1' })).toBe('19');
		sim.admin.addOrder({ order_number: 'OLD', payment_dateTime: '2025-08-01 00:00:00' });
		expect(await upload({ order_number: 'OLD', tracking_number: 'A1' })).toBe('00');
		expect(sim.admin.getOrder('SIM-1001').tracking.number).toBe('BBB2,CCC3');
	});

	test('customs: type 1 first; a second submit refused unless type 2; wallets only', async () => {
		const submit = (type, payment_id = PAY.wechat) =>
			call('/gateway/service/customsUpload', { payment_id, type, pay_userId: 'ID1', pay_userName: 'aiden', customs: '01', customs_number: 'C1', customs_name: 'Example' }).then((r) => r.text);
		expect(tag(await submit('2'), 'details')).toMatch(/submit with type 1 first/);
		const first = await submit('1');
		expect(['payment_id', 'type', 'status', 'details'].map((n) => tag(first, n))).toEqual([PAY.wechat, '1', '1', 'Success']);
		const second = await submit('1');
		expect([tag(second, 'status'), tag(second, 'details')]).toEqual(['0', 'The payment was already submitted to customs; resubmit with type 2']);
		expect(tag(await submit('2'), 'status')).toBe('1');
		expect(sim.admin.getOrder(PAY.wechat).customs).toMatchObject({ type: '2', submissions: 2, customs_number: 'C1' });
		expect(tag(await submit('1', PAY.card), 'status')).toBe('0');
		expect(tag(await submit('3'), 'status')).toBe('0');
	});
});

// ---- pinc --------------------------------------------------------------------------------

describe('pinc JSON endpoints', () => {
	test('health check and card BIN answers', async () => {
		expect((await pinc('/pinc/check-account', { account: MERCHANT.account, terminal: MERCHANT.terminal, site: 'https://www.shop.example.com/', key: 'nope' })).json).toEqual({
			code: '000',
			msg: 'SUCCESS',
			data: { account: MERCHANT.account, terminal: MERCHANT.terminal, site: 'https://www.shop.example.com/', siteMatched: true, keyMatched: false },
		});
		expect((await pinc('/pinc/check-account', { site: 'other.example.org' })).json.data.siteMatched).toBe(false);
		const bins = await pinc('/pinc/check-card-bin', { account: MERCHANT.account, terminal: MERCHANT.terminal, card_bin: [411111, '55555512', 999999] });
		expect(bins.json).toEqual({
			code: '000',
			msg: 'SUCCESS',
			data: [
				{ card_bin: '411111', found: true, card_brand: 'VISA', card_type: 'CREDIT', card_level: 'CLASSIC', issuer: 'Example Bank', country: 'US' },
				{ card_bin: '55555512', found: true, card_brand: 'MASTERCARD', card_type: 'CREDIT', card_level: 'WORLD', issuer: 'Sample Credit Union', country: 'FR' },
				{ card_bin: '999999', found: false },
			],
		});
		expect((await pinc('/pinc/check-card-bin', { card_bin: [4111] })).json.code).toBe('400');
		expect((await pinc('/pinc/check-card-bin', { card_bin: Array(101).fill(411111) })).json.code).toBe('400');
	});

	test('bad header credentials → 401 (HTTP 200); malformed JSON → 400; the secure code is never logged', async () => {
		for (const path of ['/pinc/check-account', '/pinc/check-card-bin']) {
			const bad = await pinc(path, { site: 'shop.example.com', card_bin: [411111] }, { secureCode: 'wrong-code' });
			expect(bad).toEqual({ status: 200, json: { code: '401', msg: 'Invalid account, terminal or secureCode', data: null } });
			expect((await pinc(path, { site: 'x' }, { terminal: SANDBOX.terminal })).json.code).toBe('401');
		}
		expect((await pinc('/pinc/check-account', '{"site": ')).json).toMatchObject({ code: '400', data: null });
		const log = sim.admin.getLog();
		expect(log.map((e) => e.resultCode)).toEqual(['401', '401', '401', '401', '400']);
		expect(log[0].fields.headers).toEqual({ account: MERCHANT.account, terminal: MERCHANT.terminal, secureCode: '[redacted]' });
		expect(log[0].signature).toBe('not-applicable');
		expect(JSON.stringify(log)).not.toContain(MERCHANT.secureCode);
		expect(JSON.stringify(log)).not.toContain('wrong-code');
	});
});

// ---- faults ------------------------------------------------------------------------------

describe('fault modes are observable by a client', () => {
	const path = '/service/check/normal';
	const status = (timeoutMs = 2000) => post(path, signed(path, { order_number: 'SIM-1001' }), { timeoutMs });
	const refund = (timeoutMs = 2000) =>
		post('/service/applyRefund', signed('/service/applyRefund', { payment_id: PAY.klarna, refund_type: '2', refund_amount: '1.00', refund_description: 'x' }), { timeoutMs });

	test('latency: the normal answer, late', async () => {
		sim.admin.setFault(path, { mode: 'latency', latencyMs: 250 });
		const started = Date.now();
		const { text } = await status();
		expect(Date.now() - started).toBeGreaterThanOrEqual(240);
		expect(tag(text, 'payment_results')).toBe('1');
		expect(sim.admin.getLog()[0]).toMatchObject({ fault: 'latency', signature: 'valid' });
	});

	test.each([
		['http500', 500],
		['http502', 502],
		['http503', 503],
	])('%s: that status with an HTML body, for `times` requests, nothing processed', async (mode, code) => {
		sim.admin.setFault('/service/applyRefund', { mode, times: 1 });
		const failed = await refund();
		expect([failed.status, failed.type]).toEqual([code, 'text/html; charset=utf-8']);
		expect(failed.text).toContain(`${code}`);
		expect(sim.admin.getRefunds()).toHaveLength(0);
		expect((await refund()).status).toBe(200);
		expect(sim.admin.getRefunds()).toHaveLength(1);
		expect(sim.admin.getLog().map((e) => e.fault)).toEqual([mode, null]);
	});

	test('reset: the connection is dropped without an answer; state unchanged', async () => {
		sim.admin.setFault('/service/applyRefund', { mode: 'reset' });
		await expect(refund()).rejects.toThrow();
		expect(sim.admin.getRefunds()).toHaveLength(0);
		expect(sim.admin.getLog()[0]).toMatchObject({ path: '/service/applyRefund', fault: 'reset', signature: 'valid', resultCode: '' });
	});

	test('hang: no answer until the client gives up; close() still ends promptly', async () => {
		sim.admin.setFault('*', { mode: 'hang' });
		const started = Date.now();
		await expect(status(300)).rejects.toThrow(/abort|timeout/i);
		expect(Date.now() - started).toBeLessThan(2000);
		// A second hanging request left open: close() must not wait for it.
		const pending = status(10000).catch((error) => error);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const closing = Date.now();
		await sim.close();
		expect(Date.now() - closing).toBeLessThan(1000);
		expect(String(await pending)).toMatch(/Error/);
		sim = await startSimulator({ quiet: true });
	});

	test('html: HTTP 200 with an HTML page', async () => {
		sim.admin.setFault(path, { mode: 'html' });
		const { status: code, type, text } = await status();
		expect([code, type]).toEqual([200, 'text/html; charset=utf-8']);
		expect(text).toMatch(/^<!DOCTYPE html>/);
	});

	test('truncated: the real answer cut in half', async () => {
		const full = (await status()).text;
		sim.admin.setFault(path, { mode: 'truncated' });
		const { status: code, text } = await status();
		expect(code).toBe(200);
		expect(full.startsWith(text)).toBe(true);
		expect(text.length).toBe(Math.floor(full.length / 2));
		expect(text.endsWith('</response>')).toBe(false);
	});

	test('wrongCode: the result code replaced by 98', async () => {
		sim.admin.setFault('/service/QueryOrdersList', { mode: 'wrongCode' });
		sim.admin.setFault(path, { mode: 'wrongCode' });
		const list = (await call('/service/QueryOrdersList', range)).text;
		expect([tag(list, 'results'), tag(list, 'details')]).toEqual(['98', 'Success']);
		expect(tag((await status()).text, 'payment_results')).toBe('98');
		sim.admin.setFault('/pinc/check-card-bin', { mode: 'wrongCode' });
		expect((await pinc('/pinc/check-card-bin', { card_bin: [411111] })).json.code).toBe('98');
		expect(sim.admin.getLog().map((e) => [e.fault, e.resultCode])).toEqual([
			['wrongCode', '00'],
			['wrongCode', ''],
			['wrongCode', '000'],
		]);
	});

	test('commitThenDrop: the refund is recorded, the client sees a dropped connection', async () => {
		sim.admin.setFault('/service/applyRefund', { mode: 'commitThenDrop', times: 1 });
		await expect(refund()).rejects.toThrow();
		expect(sim.admin.getRefunds({ payment_id: PAY.klarna }).map((r) => r.refund_amount)).toEqual(['1.00']);
		expect(sim.admin.getLog()[0]).toMatchObject({ fault: 'commitThenDrop', resultCode: '00' });
		expect(tag((await refund()).text, 'refund_results')).toBe('00');
	});

	test('xhtml: a well-formed XHTML Access Denied page that starts like a real answer; nothing processed', async () => {
		sim.admin.setFault('/service/applyRefund', { mode: 'xhtml', times: 1 });
		const { status: code, type, text } = await refund();
		expect([code, type]).toEqual([200, 'text/html; charset=utf-8']);
		expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"')).toBe(true);
		expect(text).toMatch(/<html xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"[^>]*>.*Access Denied.*<\/html>$/s);
		expect(text).not.toContain('<response>');
		expect(sim.admin.getRefunds()).toHaveLength(0);
		sim.admin.setFault('/pinc/check-account', { mode: 'xhtml', status: 403 });
		const response = await fetch(`${sim.url}/pinc/check-account`, { method: 'POST', body: '{}' });
		expect([response.status, (await response.text()).includes('Access Denied')]).toEqual([403, true]);
		expect(sim.admin.getLog().map((e) => [e.fault, e.resultCode])).toEqual([
			['xhtml', ''],
			['xhtml', ''],
		]);
	});

	test('emptyResponse: exactly an empty <response>; nothing processed', async () => {
		sim.admin.setFault('*', { mode: 'emptyResponse' });
		const { status: code, type, text } = await refund();
		expect([code, type, text]).toEqual([200, 'text/xml; charset=utf-8', '<?xml version="1.0" encoding="UTF-8"?><response></response>']);
		expect(sim.admin.getRefunds()).toHaveLength(0);
		expect((await status()).text).toBe('<?xml version="1.0" encoding="UTF-8"?><response></response>');
		expect((await pinc('/pinc/check-card-bin', { card_bin: [411111] })).json).toEqual({});
	});

	test('emptyList: one empty record element, count 0; other endpoints as emptyResponse', async () => {
		sim.admin.setFault('*', { mode: 'emptyList' });
		expect((await status()).text).toBe('<?xml version="1.0" encoding="UTF-8"?><response><paymentInfo/></response>');
		for (const listPath of ['/service/QueryOrdersList', '/service/BusinessOrdersList', '/service/DisputeOrderList']) {
			const { text } = await call(listPath, { ...range, pages: '3' });
			expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><response><account>123456<\/account><terminal>12345601<\/terminal><signValue>[0-9A-F]{64}<\/signValue>/);
			expect(text.endsWith('<results>00</results><details>Success</details><count>0</count><totalpages>0</totalpages><pages>1</pages><orderInfo/></response>')).toBe(true);
		}
		expect((await refund()).text).toBe('<?xml version="1.0" encoding="UTF-8"?><response></response>');
		expect(sim.admin.getRefunds()).toHaveLength(0);
		expect(sim.admin.getLog().every((e) => e.fault === 'emptyList' && e.signature === 'valid')).toBe(true);
	});

	test('busy: every endpoint its failure shape with 99 and the busy text; nothing processed', async () => {
		const BUSY = 'System busy, please try again later';
		sim.admin.setFault('*', { mode: 'busy' });
		const form = async (p, fields) => (await call(p, fields)).text;
		const pick = (xml, names) => names.map((n) => tag(xml, n));
		const statusXml = await form('/service/check/normal', { order_number: 'SIM-1001' });
		expect(pick(statusXml, ['account', 'results', 'details'])).toEqual([MERCHANT.account, '99', BUSY]);
		expect(blocks(statusXml, 'paymentInfo')).toHaveLength(0);
		for (const listPath of ['/service/QueryOrdersList', '/service/BusinessOrdersList', '/service/DisputeOrderList']) {
			const xml = await form(listPath, range);
			expect([...pick(xml, ['results', 'details', 'count']), blocks(xml, 'orderInfo').length]).toEqual(['99', BUSY, undefined, 0]);
		}
		const refundXml = await form('/service/applyRefund', { payment_id: PAY.card, refund_type: '2', refund_amount: '1.00' });
		expect(pick(refundXml, ['payment_id', 'refund_results', 'refund_description'])).toEqual([PAY.card, '99', BUSY]);
		expect(pick(await form('/service/queryRefund', { refund_id: '1' }), ['refund_results', 'refund_description'])).toEqual(['99', BUSY]);
		expect(pick(await form('/service/uploadTrackingNo', { payment_id: PAY.card, tracking_number: 'A1', tracking_site: 'https://www.ups.com', tracking_handler: 'N/A' }), ['tracking_results', 'details'])).toEqual([
			'99',
			undefined,
		]);
		expect(pick(await form('/gateway/service/auth', { payment_id: PAY.preauth, payment_authType: '1' }), ['payment_results', 'payment_details'])).toEqual(['0', `99:${BUSY}`]);
		expect(pick(await form('/gateway/service/customsUpload', { payment_id: PAY.wechat, type: '1', customs: '01', customs_number: 'C', customs_name: 'N' }), ['status', 'details'])).toEqual([
			'0',
			`${BUSY} (99)`,
		]);
		expect((await pinc('/pinc/check-account', { site: 'shop.example.com' })).json).toEqual({ code: '503', msg: BUSY, data: null });
		expect(sim.admin.getRefunds()).toHaveLength(0);
		expect(sim.admin.getOrder(PAY.preauth).auth_status).toBe('1');
		expect(sim.admin.getOrder(PAY.card).tracking).toBeNull();
		expect(new Set(sim.admin.getLog().map((e) => `${e.fault}/${e.resultCode}`))).toEqual(new Set(['busy/']));
	});

	test('redirect: 307 (or the given 3xx) with Location and no body; location required; nothing processed', async () => {
		expect(() => sim.admin.setFault('*', { mode: 'redirect' })).toThrow(/needs a location/);
		expect(() => sim.admin.setFault('*', { mode: 'redirect', location: 'https://x.example', status: 200 })).toThrow(/redirect status/);
		sim.admin.setFault('/service/applyRefund', { mode: 'redirect', location: 'https://query.example.com/service/applyRefund', times: 1 });
		sim.admin.setFault('/pinc/check-card-bin', { mode: 'redirect', location: '/elsewhere', status: 301 });
		const fields = signed('/service/applyRefund', { payment_id: PAY.klarna, refund_type: '2', refund_amount: '1.00' });
		const response = await fetch(sim.url + '/service/applyRefund', { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
		expect([response.status, response.headers.get('location'), await response.text()]).toEqual([307, 'https://query.example.com/service/applyRefund', '']);
		expect(sim.admin.getRefunds()).toHaveLength(0);
		const bin = await fetch(sim.url + '/pinc/check-card-bin', { method: 'POST', body: '{"card_bin":[411111]}', redirect: 'manual' });
		expect([bin.status, bin.headers.get('location')]).toEqual([301, '/elsewhere']);
		expect(sim.admin.getLog().map((e) => [e.path, e.fault, e.signature])).toEqual([
			['/service/applyRefund', 'redirect', 'valid'],
			['/pinc/check-card-bin', 'redirect', 'not-applicable'],
		]);
		expect((await refund()).status).toBe(200); // times: 1
	});

	test('numericEntities: the real answer, non-ASCII text as alternating decimal and hex references', async () => {
		sim.admin.addOrder({ order_number: 'NE-1', order_notes: 'Café 中文 😀 ok' });
		sim.admin.setFault('*', { mode: 'numericEntities' });
		const { text } = await call('/service/check/normal', { order_number: 'NE-1' });
		expect(text).toContain('<order_notes>Caf&#233; &#x4E2D;&#25991; &#x1F600; ok</order_notes>');
		expect(/[^\x00-\x7f]/.test(text)).toBe(false);
		const decoded = tag(text, 'order_notes').replace(/&#x([0-9A-F]+);/g, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)));
		expect(decoded).toBe('Café 中文 😀 ok');
		// The operation runs: the refund is recorded and its description comes back encoded.
		const refunded = (await call('/service/applyRefund', { payment_id: PAY.card, refund_type: '2', refund_amount: '1.00', refund_description: '商品瑕疵' })).text;
		expect([tag(refunded, 'refund_results'), tag(refunded, 'refund_description')]).toEqual(['00', '&#21830;&#x54C1;&#29781;&#x75B5;']);
		expect(sim.admin.getRefunds()).toHaveLength(1);
		expect(sim.admin.getLog().map((e) => [e.fault, e.resultCode])).toEqual([
			['numericEntities', ''],
			['numericEntities', '00'],
		]);
	});

	test('times and after apply to the new modes too; faults over HTTP', async () => {
		sim.admin.setFault(path, { mode: 'busy', after: 1, times: 2 });
		const codes = [];
		for (let i = 0; i < 4; i++) codes.push(tag((await status()).text, 'results') ?? 'records');
		expect(codes).toEqual(['records', '99', '99', 'records']);
		const put = await fetch(`${sim.url}/__admin/faults`, { method: 'PUT', body: JSON.stringify({ path, fault: { mode: 'redirect', location: 'http://127.0.0.1:1/', times: 1 } }) });
		expect(put.status).toBe(200);
		expect((await fetch(sim.url + path, { method: 'POST', body: new URLSearchParams(signed(path, { order_number: 'SIM-1001' })), redirect: 'manual' })).status).toBe(307);
		const bad = await fetch(`${sim.url}/__admin/faults`, { method: 'PUT', body: JSON.stringify({ path, fault: { mode: 'redirect' } }) });
		expect([bad.status, (await bad.json()).error]).toEqual([400, 'simulator: a redirect fault needs a location']);
	});

	test('after, times, exact path before *, clearFaults, bad faults refused', async () => {
		sim.admin.setFault('*', { mode: 'http502' });
		sim.admin.setFault(path, { mode: 'http503', times: 1, after: 1 });
		expect((await status()).status).toBe(502); // `after` lets one pass the exact fault; '*' still applies
		expect((await status()).status).toBe(503);
		expect((await status()).status).toBe(502);
		sim.admin.clearFaults();
		expect((await status()).status).toBe(200);
		expect(() => sim.admin.setFault(path, { mode: 'explode' })).toThrow(/unknown fault mode/);
		expect(() => sim.admin.setFault('/service/typo', { mode: 'reset' })).toThrow(/no endpoint/);
	});
});

// ---- signing-rule override ---------------------------------------------------------------

describe('a per-endpoint signing rule imitates a gateway whose rule differs from the documented one', () => {
	const listPath = '/service/QueryOrdersList';
	const fields = { ...range, pages: '2' };
	const body = (rule) => {
		const all = { account: MERCHANT.account, terminal: MERCHANT.terminal, ...fields };
		return { ...all, signValue: signWith(rule, all, MERCHANT.secureCode) };
	};
	const results = async (form) => tag((await post(listPath, form)).text, 'results');

	test('"pages is not signed": only the overriding rule is accepted; the log verdict follows it; null restores', async () => {
		const documented = body(['order_beginDate', 'order_endDate', 'pages']);
		const withoutPages = body(['order_beginDate', 'order_endDate']);
		expect(documented.signValue).not.toBe(withoutPages.signValue);
		expect(await results(documented)).toBe('00');
		expect(await results(withoutPages)).toBe('04');
		expect(sim.admin.setSignRule(listPath, ['order_beginDate', 'order_endDate'])).toEqual({ path: listPath, fields: ['order_beginDate', 'order_endDate'], overridden: true });
		expect(await results(withoutPages)).toBe('00');
		expect(await results(documented)).toBe('04');
		expect(sim.admin.getSignRules()[listPath]).toEqual(['order_beginDate', 'order_endDate']);
		expect(sim.admin.getSignRules()['/service/BusinessOrdersList']).toEqual(['order_beginDate', 'order_endDate', 'pages']);
		// Other endpoints keep the documented rule.
		expect(tag((await call('/service/BusinessOrdersList', fields)).text, 'results')).toBe('00');
		sim.admin.setSignRule(listPath, null);
		expect(await results(documented)).toBe('00');
		expect(await results(withoutPages)).toBe('04');
		expect(sim.admin.getLog().map((e) => e.signature)).toEqual(['valid', 'invalid', 'valid', 'invalid', 'valid', 'valid', 'invalid']);
	});

	test('clearSignRules, reset, bad input, and the HTTP routes', async () => {
		sim.admin.setSignRule('/service/check/normal', []);
		const bare = { account: MERCHANT.account, terminal: MERCHANT.terminal, order_number: 'SIM-1001' };
		const unsignedNumber = { ...bare, signValue: signWith([], bare, MERCHANT.secureCode) };
		expect(tag((await post('/service/check/normal', unsignedNumber)).text, 'payment_results')).toBe('1');
		sim.admin.clearSignRules();
		expect(tag((await post('/service/check/normal', unsignedNumber)).text, 'results')).toBe('04');
		sim.admin.setSignRule('/service/check/normal', []);
		sim.admin.reset();
		expect(sim.admin.getSignRules()['/service/check/normal']).toEqual(['order_number']);
		expect(() => sim.admin.setSignRule('/service/typo', ['x'])).toThrow(/no signed endpoint/);
		expect(() => sim.admin.setSignRule('/pinc/check-account', ['x'])).toThrow(/no signed endpoint/);
		expect(() => sim.admin.setSignRule(listPath, 'pages')).toThrow(/list of field names/);
		expect(() => sim.admin.setSignRule(listPath, ['secureCode'])).toThrow(/cannot be signed/);

		const admin = (method, route, json) => fetch(`${sim.url}/__admin/${route}`, { method, body: json === undefined ? undefined : JSON.stringify(json) });
		const put = await admin('PUT', 'sign-rules', { path: listPath, fields: ['order_beginDate', 'order_endDate'] });
		expect([put.status, (await put.json()).fields]).toEqual([200, ['order_beginDate', 'order_endDate']]);
		expect(await results(body(['order_beginDate', 'order_endDate']))).toBe('00');
		expect((await (await admin('GET', 'sign-rules')).json())[listPath]).toEqual(['order_beginDate', 'order_endDate']);
		expect((await admin('PUT', 'sign-rules', { path: '/nope', fields: [] })).status).toBe(400);
		expect((await admin('DELETE', 'sign-rules')).status).toBe(200);
		expect(await results(body(['order_beginDate', 'order_endDate']))).toBe('04');
	});
});

// ---- notifications pushed to a noticeUrl --------------------------------------------------

describe('notifications pushed to a merchant noticeUrl (API file §5)', () => {
	const http = require('http');
	const { createHash } = require('crypto');
	let receiver;

	/** A tiny noticeUrl: records every request and answers `receive-ok` (or what `answer` says). */
	async function startReceiver(answer = () => ({ status: 200, body: 'receive-ok' })) {
		const received = [];
		const server = http.createServer((req, res) => {
			const chunks = [];
			req.on('data', (chunk) => chunks.push(chunk));
			req.on('end', () => {
				const raw = Buffer.concat(chunks);
				received.push({ method: req.method, url: req.url, headers: req.headers, raw, text: raw.toString('utf8') });
				const { status, body } = answer(received.length);
				res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
				res.end(body);
			});
		});
		await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
		return { url: `http://127.0.0.1:${server.address().port}/oceanpayment/notice`, received, close: () => new Promise((resolve) => server.close(resolve)) };
	}
	beforeEach(async () => (receiver = await startReceiver()));
	afterEach(() => receiver.close());

	/** The signature computed here, independently: upper-case hex SHA-256 of the joined parts. */
	const independent = (...parts) => createHash('sha256').update(parts.join(''), 'utf8').digest('hex').toUpperCase();
	const names = (xml) => [...xml.matchAll(/<(\w+)>/g)].map((m) => m[1]).filter((n) => n !== 'response');

	test('a business refund notice: realistic defaults from the payment and its refund, signed as documented, answered receive-ok', async () => {
		const refunded = (await call('/service/applyRefund', { payment_id: PAY.card, refund_number: 'RN-7', refund_type: '2', refund_amount: '5.00', refund_description: 'x', refund_reference: 'REF-7' })).text;
		const result = await sim.admin.push({ url: receiver.url, kind: 'business', notice_type: 'partialRefund', payment_id: PAY.card });
		expect([result.status, result.body, result.contentType]).toEqual([200, 'receive-ok', 'application/xml']);
		expect(result.pushId).toMatch(/^\d{18}$/);
		const [request] = receiver.received;
		expect([request.method, request.url, request.headers['content-type']]).toEqual(['POST', '/oceanpayment/notice', 'application/xml']);
		expect(request.text).toBe(result.xml);
		expect(request.text.startsWith('<?xml version="1.0" encoding="UTF-8"?><response><account>')).toBe(true);
		expect(names(request.text)).toEqual([
			'account', 'terminal', 'signValue', 'payment_dateTime', 'payment_debitTime', 'push_dateTime', 'order_number', 'order_currency', 'order_amount', 'order_notes',
			'card_type', 'card_country', 'payment_id', 'refund_number', 'refund_reference', 'notice_type', 'push_status', 'push_details', 'push_id', 'payment_cpdTime',
		]);
		const f = Object.fromEntries(names(request.text).map((n) => [n, tag(request.text, n)]));
		expect(f).toMatchObject({
			account: MERCHANT.account, terminal: MERCHANT.terminal, order_number: 'SIM-1001', order_currency: 'USD', order_amount: '25.00', card_type: 'VISA', card_country: 'US',
			payment_id: PAY.card, payment_dateTime: '2026-03-15 12:00:00', push_dateTime: '2026-03-15 12:00:00', notice_type: 'partialRefund', push_status: '1', push_details: '',
			refund_number: 'RN-7', refund_reference: 'REF-7', push_id: tag(refunded, 'refund_id'), payment_cpdTime: '',
		});
		expect(f.signValue).toMatch(/^[0-9A-F]{64}$/);
		expect(f.signValue).toBe(independent(f.account, f.terminal, f.order_number, f.payment_id, f.push_id, f.push_status, f.push_details, MERCHANT.secureCode));
		expect(result.signValue).toBe(f.signValue);
		expect(result.fields).toEqual(f);
		expect(sim.admin.getPushes()).toEqual([{ pushId: result.pushId, kind: 'business', url: receiver.url, status: 200, body: 'receive-ok', redelivery: false, time: expect.any(String) }]);
		expect(JSON.stringify([result, sim.admin.getPushes()])).not.toContain(MERCHANT.secureCode);
		// Notifications are not gateway requests: nothing in the request log.
		expect(sim.admin.getLog().map((e) => e.path)).toEqual(['/service/applyRefund']);
	});

	test('a chargeBack notice: generated digit push_id, payment_cpdTime, given fields win, UTF-8 text', async () => {
		const result = await sim.admin.push({ url: receiver.url, notice_type: 'chargeBack', order_number: 'SIM-1002', push_details: 'Fraud – 盗刷', push_status: '0' });
		const xml = receiver.received[0].text;
		expect(receiver.received[0].raw.equals(Buffer.from(result.xml, 'utf8'))).toBe(true);
		expect([tag(xml, 'payment_id'), tag(xml, 'order_currency'), tag(xml, 'order_amount'), tag(xml, 'push_details'), tag(xml, 'push_status')]).toEqual([PAY.klarna, 'EUR', '99.90', 'Fraud – 盗刷', '0']);
		expect([tag(xml, 'push_id'), tag(xml, 'payment_cpdTime'), tag(xml, 'refund_number')]).toEqual([result.pushId, '2026-03-15 12:00:00', '']);
		expect(tag(xml, 'signValue')).toBe(independent(MERCHANT.account, MERCHANT.terminal, 'SIM-1002', PAY.klarna, result.pushId, '0', 'Fraud – 盗刷', MERCHANT.secureCode));
		const given = await sim.admin.push({ url: receiver.url, notice_type: 'fraud', payment_id: 'UNKNOWN-1', order_number: 'X-1', order_amount: 12.5, push_id: '42', payment_cpdTime: new Date('2026-03-01T00:00:00Z') });
		expect(given.fields).toMatchObject({ payment_id: 'UNKNOWN-1', order_number: 'X-1', order_amount: '12.5', order_currency: '', push_id: '42', payment_cpdTime: '2026-03-01 08:00:00' });
		expect(given.pushId).not.toBe('42');
	});

	test('a customs notice: the business fields plus verify_department, verify_id, sub_order_number; signed as business', async () => {
		const result = await sim.admin.push({ url: receiver.url, kind: 'customs', payment_id: PAY.wechat, notice_type: 'identityCheck', verify_department: 'CUSTOMS-01', verify_id: 'V-9', sub_order_number: 'S-1' });
		const xml = receiver.received[0].text;
		expect(names(xml).slice(-4)).toEqual(['payment_cpdTime', 'verify_department', 'verify_id', 'sub_order_number']);
		expect([tag(xml, 'notice_type'), tag(xml, 'order_currency'), tag(xml, 'verify_id'), tag(xml, 'sub_order_number')]).toEqual(['identityCheck', 'CNY', 'V-9', 'S-1']);
		expect(tag(xml, 'signValue')).toBe(independent(MERCHANT.account, MERCHANT.terminal, 'SIM-1005', PAY.wechat, result.pushId, '1', '', MERCHANT.secureCode));
		expect(sim.admin.getPushes()[0].kind).toBe('customs');
		await expect(sim.admin.push({ url: receiver.url, kind: 'customs', notice_type: 'refund' })).rejects.toThrow(/identityCheck, customsUpload/);
	});

	test('a payment notice: transaction fields, masked card, pre-auth type, the payment signature; push_id only when given', async () => {
		const result = await sim.admin.push({ url: receiver.url, kind: 'payment', payment_id: PAY.preauth, order_notes: 'note <&> é' });
		const xml = receiver.received[0].text;
		expect(names(xml)).toEqual([
			'notice_type', 'response_type', 'account', 'terminal', 'signValue', 'order_number', 'order_currency', 'order_amount', 'order_notes', 'card_number', 'card_type',
			'card_country', 'payment_id', 'payment_authType', 'payment_status', 'payment_details', 'payment_risk', 'payment_dateTime', 'auth_reason', 'order_operator',
		]);
		const f = Object.fromEntries(names(xml).map((n) => [n, tag(xml, n)]));
		expect(f).toMatchObject({ notice_type: 'transaction', response_type: '1', order_number: 'SIM-1004', order_amount: '40.00', card_number: '411111***1111', payment_authType: '1', payment_status: '1', payment_details: '00000:Approved', payment_risk: 'Smart=0.0', order_notes: 'note <&> é' });
		expect(xml).toContain('<order_notes>note &lt;&amp;&gt; é</order_notes>');
		expect(f.signValue).toBe(
			independent(f.account, f.terminal, f.order_number, f.order_currency, f.order_amount, f.order_notes, f.card_number, f.payment_id, f.payment_authType, f.payment_status, f.payment_details, f.payment_risk, MERCHANT.secureCode),
		);
		expect(result.fields.push_id).toBeUndefined();
		const failed = await sim.admin.push({ url: receiver.url, kind: 'payment', order_number: 'SIM-1003', push_id: '77', payment_status: '0' });
		expect([failed.fields.payment_status, failed.fields.payment_details, failed.fields.payment_authType, failed.fields.push_id]).toEqual(['0', '89999:Declined', '0', '77']);
		const wallet = await sim.admin.push({ url: receiver.url, kind: 'payment', payment_id: PAY.wechat });
		expect(wallet.fields.card_number).toBe('');
		expect(Object.keys(NOTICE_SIGN_RULES)).toEqual(['business', 'customs', 'payment']);
		expect(noticeSign('payment', f, MERCHANT.secureCode)).toBe(f.signValue);
	});

	test('forge, signValue, omitSignValue, rawBody and contentType; bad options are refused', async () => {
		const forged = await sim.admin.push({ url: receiver.url, payment_id: PAY.card, notice_type: 'fraud', forge: true });
		const honest = independent(MERCHANT.account, MERCHANT.terminal, 'SIM-1001', PAY.card, forged.fields.push_id, '1', '', MERCHANT.secureCode);
		expect(forged.signValue).toMatch(/^[0-9A-F]{64}$/);
		expect(forged.signValue).not.toBe(honest);
		expect((await sim.admin.push({ url: receiver.url, signValue: 'abc' })).fields.signValue).toBe('abc');
		const omitted = await sim.admin.push({ url: receiver.url, omitSignValue: true });
		expect([omitted.signValue, receiver.received[2].text.includes('signValue')]).toEqual([null, false]);
		const raw = await sim.admin.push({ url: receiver.url, rawBody: '<response><account>123456', contentType: 'text/plain' });
		expect([receiver.received[3].text, receiver.received[3].headers['content-type'], raw.fields, raw.signValue]).toEqual(['<response><account>123456', 'text/plain', null, null]);
		await sim.admin.push({ url: receiver.url, rawBody: '', contentType: null });
		expect([receiver.received[4].text, receiver.received[4].headers['content-type'], receiver.received[4].headers['content-length']]).toEqual(['', undefined, '0']);
		await expect(sim.admin.push({ notice_type: 'refund' })).rejects.toThrow(/needs a url/);
		await expect(sim.admin.push({ url: 'ftp://x' })).rejects.toThrow(/needs a url/);
		await expect(sim.admin.push({ url: receiver.url, kind: 'webhook' })).rejects.toThrow(/unknown notification kind/);
		await expect(sim.admin.push({ url: receiver.url, notice_type: 'dispute' })).rejects.toThrow(/not one of/);
		expect((await sim.admin.push({ url: receiver.url, notice_type: 'dispute', anyNoticeType: true })).fields.notice_type).toBe('dispute');
		await expect(sim.admin.push({ url: receiver.url, account: '000000' })).rejects.toThrow(/no merchant/);
		const sandbox = await sim.admin.push({ url: receiver.url, account: SANDBOX.account });
		expect([sandbox.fields.terminal, sandbox.signValue]).toEqual([SANDBOX.terminal, independent(SANDBOX.account, SANDBOX.terminal, '', '', sandbox.fields.push_id, '1', '', SANDBOX.secureCode)]);
	});

	test('redeliver sends the same bytes again; failures are recorded; reset clears', async () => {
		await receiver.close();
		receiver = await startReceiver((n) => (n === 1 ? { status: 500, body: 'busy' } : { status: 200, body: 'receive-ok' }));
		const first = await sim.admin.push({ url: receiver.url, payment_id: PAY.card, notice_type: 'chargeBack', push_details: '中文' });
		expect([first.status, first.body]).toEqual([500, 'busy']);
		const again = await sim.admin.redeliver(first.pushId);
		expect([again.pushId, again.status, again.body, again.xml, again.signValue]).toEqual([first.pushId, 200, 'receive-ok', first.xml, first.signValue]);
		expect(receiver.received[1].raw.equals(receiver.received[0].raw)).toBe(true);
		expect(sim.admin.getPushes().map((p) => [p.pushId, p.status, p.redelivery])).toEqual([
			[first.pushId, 500, false],
			[first.pushId, 200, true],
		]);
		await expect(sim.admin.redeliver('nope')).rejects.toThrow(/no notification nope/);
		const dead = sim.admin.push({ url: 'http://127.0.0.1:1/notice' });
		await expect(dead).rejects.toThrow(/failed/);
		const last = sim.admin.getPushes().pop();
		expect([last.status, last.error]).toEqual([null, expect.stringContaining('ECONNREFUSED')]);
		sim.admin.reset();
		expect(sim.admin.getPushes()).toEqual([]);
		await expect(sim.admin.redeliver(first.pushId)).rejects.toThrow(/no notification/);
	});

	test('a signed business notification reports an event the gateway holds: the business orders list shows it, once', async () => {
		const events = async () =>
			blocks((await call('/service/BusinessOrdersList', range)).text, 'orderInfo')
				.filter((b) => tag(b, 'payment_id') === PAY.card)
				.map((b) => [tag(b, 'type'), tag(b, 'status'), tag(b, 'details'), tag(b, 'order_number')]);
		const before = await events();
		await sim.admin.push({ url: receiver.url, payment_id: PAY.card, notice_type: 'fraud', push_status: '1', push_details: 'Stolen card\r\n' });
		await sim.admin.redeliver(sim.admin.getPushes()[0].pushId);
		await sim.admin.push({ url: receiver.url, payment_id: PAY.card, notice_type: 'fraud', push_status: '1', push_details: 'Stolen card\r\n' });
		// Not held by the gateway: a forgery, an unsigned or hand-signed one, one sent with record: false, payments and customs.
		await sim.admin.push({ url: receiver.url, payment_id: PAY.card, notice_type: 'retrieval', forge: true });
		await sim.admin.push({ url: receiver.url, payment_id: PAY.card, notice_type: 'retrieval', omitSignValue: true });
		await sim.admin.push({ url: receiver.url, payment_id: PAY.card, notice_type: 'retrieval', signValue: 'abc' });
		await sim.admin.push({ url: receiver.url, payment_id: PAY.card, notice_type: 'retrieval', record: false });
		await sim.admin.push({ url: receiver.url, kind: 'payment', payment_id: PAY.card });
		await sim.admin.push({ url: receiver.url, kind: 'customs', notice_type: 'identityCheck', payment_id: PAY.card });
		const added = (await events()).slice(before.length);
		// CR is written as a character reference, so that it is read back as CR.
		expect(added).toEqual([['fraud', '1', 'Stolen card&#13;\n', 'SIM-1001']]);
	});

	test('the HTTP admin routes: POST push, POST push/<id>/redeliver, GET pushes', async () => {
		const admin = (method, route, json) =>
			fetch(`${sim.url}/__admin/${route}`, { method, body: json === undefined ? undefined : JSON.stringify(json) }).then(async (r) => ({ status: r.status, json: await r.json() }));
		const pushed = await admin('POST', 'push', { url: receiver.url, kind: 'payment', payment_id: PAY.card });
		expect([pushed.status, pushed.json.status, pushed.json.body, pushed.json.fields.card_number]).toEqual([200, 200, 'receive-ok', '411111***1111']);
		const again = await admin('POST', `push/${pushed.json.pushId}/redeliver`);
		expect([again.status, again.json.redelivery, again.json.xml]).toEqual([200, true, pushed.json.xml]);
		expect((await admin('GET', 'pushes')).json.map((p) => p.redelivery)).toEqual([false, true]);
		expect((await admin('POST', 'push', { kind: 'payment' })).status).toBe(400);
		expect((await admin('POST', 'push/123/redeliver')).status).toBe(404);
		const dead = await admin('POST', 'push', { url: 'http://127.0.0.1:1/' });
		expect([dead.status, dead.json.pushId]).toEqual([502, expect.stringMatching(/^\d{18}$/)]);
		expect(receiver.received).toHaveLength(2);
	});
});

// ---- admin -------------------------------------------------------------------------------

describe('admin', () => {
	const admin = (method, route, body) =>
		fetch(`${sim.url}/__admin/${route}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({
			status: r.status,
			json: await r.json(),
		}));

	test('the HTTP API from loopback: add, log, state, faults, reset', async () => {
		expect((await admin('POST', 'merchants', { account: '654321', terminal: '65432101', secureCode: 'other-code' })).json.secureCode).toBe('[redacted]');
		const order = (await admin('POST', 'orders', { account: '654321', order_number: 'ADM-1', order_amount: '5.00', methods: 'Alipay' })).json;
		expect(order.payment_id).toMatch(/^\d{21}$/);
		expect((await admin('POST', 'disputes', { order_number: 'ADM-1', disputes_date: daysAgo(1) })).json.reply_deadline).toMatch(/ 23:59:59\.0$/);
		expect((await admin('POST', 'business-events', { type: 'fraud', payment_id: order.payment_id })).json.order_number).toBe('ADM-1');
		const other = { account: '654321', terminal: '65432101', secureCode: 'other-code' };
		const { text } = await call('/service/check/normal', { order_number: 'ADM-1' }, other);
		expect(tag(text, 'methods')).toBe('Alipay');
		expect((await admin('GET', 'log')).json.map((e) => [e.path, e.account, e.signature])).toEqual([['/service/check/normal', '654321', 'valid']]);
		const state = (await admin('GET', 'state')).json;
		expect(Object.keys(state)).toEqual(['merchants', 'orders', 'refunds', 'disputes', 'businessEvents']);
		expect(state.orders.find((o) => o.order_number === 'ADM-1')).toMatchObject({ account: '654321', order_amount: '5.00' });
		expect(JSON.stringify(state)).not.toContain('other-code');
		expect((await admin('GET', `orders/${order.payment_id}`)).json.order_number).toBe('ADM-1');
		expect((await admin('PUT', 'faults', { path: '/service/check/normal', fault: { mode: 'http503', times: 1 } })).status).toBe(200);
		expect((await call('/service/check/normal', { order_number: 'ADM-1' }, other)).status).toBe(503);
		expect((await admin('PUT', 'faults', { path: '/service/check/normal', fault: { mode: 'nope' } })).status).toBe(400);
		await admin('PUT', 'faults', { path: '*', fault: { mode: 'http500' } });
		await admin('DELETE', 'faults');
		expect((await call('/service/check/normal', { order_number: 'SIM-1001' })).status).toBe(200);
		await admin('DELETE', 'log');
		expect((await admin('GET', 'log')).json).toEqual([]);
		await call('/service/applyRefund', { payment_id: PAY.card, refund_type: '2', refund_amount: '2.00', refund_description: 'x' });
		expect((await admin('GET', `refunds?payment_id=${PAY.card}`)).json.map((r) => r.refund_amount)).toEqual(['2.00']);
		expect((await admin('POST', 'reset')).json).toEqual({ ok: true });
		expect((await admin('GET', 'log')).json).toEqual([]);
		expect(sim.admin.getOrder('ADM-1')).toBeUndefined();
		expect(sim.admin.getRefunds()).toEqual([]);
		expect((await admin('GET', 'nope')).status).toBe(404);
		expect((await fetch(`${sim.url}/__admin/orders`, { method: 'POST', body: '{bad' })).status).toBe(400);
		// Admin calls are not logged.
		expect(sim.admin.getLog()).toEqual([]);
	});

	test('bulk adds in process and over HTTP: all read before any is recorded', async () => {
		const bulk = (route, json) => fetch(`${sim.url}/__admin/bulk/${route}`, { method: 'POST', body: JSON.stringify(json) }).then(async (r) => ({ status: r.status, json: await r.json() }));
		const orders = await bulk('orders', [{ order_number: 'BK-1', payment_dateTime: daysAgo(1) }, { order_number: 'BK-2', payment_id: 'BK2' }]);
		expect([orders.status, orders.json.added, orders.json.payment_ids[1]]).toEqual([200, 2, 'BK2']);
		expect(orders.json.payment_ids[0]).toMatch(/^\d{21}$/);
		expect((await bulk('business-events', [{ type: 'fraud', payment_id: 'BK2' }])).json).toEqual({ added: 1, payment_ids: ['BK2'] });
		expect((await bulk('disputes', [{ order_number: 'BK-1' }])).json.added).toBe(1);
		const refused = await bulk('orders', [{ order_number: 'BK-3' }, { order_number: 'BK-4', payment_dateTime: 'yesterday' }]);
		expect([refused.status, refused.json.error]).toEqual([400, 'simulator: unreadable payment_dateTime "yesterday"']);
		expect(sim.admin.getOrder('BK-3')).toBeUndefined();
		expect((await bulk('orders', { order_number: 'x' })).status).toBe(400);
		expect(() => sim.admin.addDisputes(null)).toThrow(/array/);
		expect(sim.admin.getOrder('BK2').chargeBack_status).toBe('0');
		sim.admin.addBusinessEvents([{ type: 'chargeBack', payment_id: 'BK2' }]);
		expect(sim.admin.getOrder('BK2').chargeBack_status).toBe('1');
	});

	test('the HTTP API refuses clients that are not on loopback', async () => {
		const address = Object.values(os.networkInterfaces())
			.flat()
			.find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
		if (!address) return; // no non-loopback interface on this machine
		await restart({ host: '0.0.0.0' });
		const response = await fetch(`http://${address}:${sim.port}/__admin/state`);
		expect(response.status).toBe(403);
		expect((await fetch(`${sim.url}/__admin/state`)).status).toBe(200);
	});

	test('in-process admin: log entries, getState copies, reset back to the seed', async () => {
		await call('/service/check/normal', { order_number: 'SIM-1001' });
		const [entry] = sim.admin.getLog();
		expect(entry).toMatchObject({ seq: 1, path: '/service/check/normal', method: 'POST', signature: 'valid', account: MERCHANT.account, fault: null });
		expect(new Date(entry.time).toISOString()).toBe(entry.time);
		expect(entry.fields).toMatchObject({ order_number: 'SIM-1001' });
		const state = sim.admin.getState();
		state.orders.length = 0;
		expect(sim.admin.getState().orders).toHaveLength(8);
		sim.admin.addOrder({ order_number: 'TEMP' });
		sim.admin.setFault('*', { mode: 'http500' });
		sim.admin.reset();
		expect(sim.admin.getOrder('TEMP')).toBeUndefined();
		expect(sim.admin.getLog()).toEqual([]);
		expect((await call('/service/check/normal', { order_number: 'SIM-1001' })).status).toBe(200);
		expect(sim.admin.getLog()[0].seq).toBe(1);
	});

	test('a secure code sent as a form field is flagged and never logged', async () => {
		await post('/service/check/normal', { ...signed('/service/check/normal', { order_number: 'SIM-1001' }), secureCode: MERCHANT.secureCode });
		const [entry] = sim.admin.getLog();
		expect(entry.secureCodeSent).toBe(true);
		expect(JSON.stringify(entry)).not.toContain(MERCHANT.secureCode);
	});
});
