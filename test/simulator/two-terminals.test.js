'use strict';
/**
 * The seed's second terminal (a 3-D Secure terminal of account 123456, issue 29): its own secure
 * code and its own records. Written against the documented rule (API file §2.3: account +
 * terminal + fields + secureCode), never against the package.
 */
const { createHash } = require('crypto');
const { startSimulator } = require('./index');

const MAIN = { account: '123456', terminal: '12345601', secureCode: 'sim-Secure-Code-7f3a' };
const THREE_D = { account: '123456', terminal: '12345633', secureCode: 'sim-3DS-Code-4c9e' };
const NOW = new Date('2026-03-15T04:00:00Z');
const range = { order_beginDate: '2026-03-10 00:00:00', order_endDate: '2026-03-16 00:00:00' };

// The documented rule, spelled out here rather than taken from rules.js.
const ORDER = {
	'/service/check/normal': ['order_number'],
	'/service/QueryOrdersList': ['order_beginDate', 'order_endDate', 'pages'],
	'/service/BusinessOrdersList': ['order_beginDate', 'order_endDate', 'pages'],
	'/service/applyRefund': ['payment_id', 'refund_number', 'refund_type', 'refund_amount', 'refund_description'],
	'/service/queryRefund': ['refund_id', 'refund_number'],
	'/gateway/service/auth': ['payment_id', 'order_number', 'payment_authType', 'order_amount'],
};
const sign = (path, fields, keys) =>
	createHash('sha256').update([keys.account, keys.terminal, ...ORDER[path].map((n) => fields[n] ?? ''), keys.secureCode].join(''), 'utf8').digest('hex');

let sim;
beforeEach(async () => {
	sim = await startSimulator({ now: () => NOW, quiet: true });
});
afterEach(() => sim.close());

async function call(path, fields, keys) {
	const body = { account: keys.account, terminal: keys.terminal, ...fields };
	body.signValue = sign(path, body, keys);
	const response = await fetch(sim.url + path, { method: 'POST', body: new URLSearchParams(body) });
	return response.text();
}
const tags = (xml, name) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

describe('a second terminal with its own secure code and orders', () => {
	test('each terminal is signed with its own secure code; the other code is refused', async () => {
		expect(tags(await call('/service/check/normal', { order_number: 'SIM-3D-2001' }, THREE_D), 'payment_results')).toEqual(['1']);
		const crossed = await call('/service/check/normal', { order_number: 'SIM-3D-2001' }, { ...THREE_D, secureCode: MAIN.secureCode });
		expect(tags(crossed, 'results')).toEqual(['04']);
		expect(sim.admin.getLog().map((entry) => entry.signature)).toEqual(['valid', 'invalid']);
	});

	test('a terminal sees only its own orders: status query and successful-orders list', async () => {
		const fromMain = await call('/service/check/normal', { order_number: 'SIM-3D-2001,SIM-1001' }, MAIN);
		expect(tags(fromMain, 'payment_details')).toEqual(['80001:Order does not exist', '00000:Approved']);
		const from3d = await call('/service/check/normal', { order_number: 'SIM-3D-2001,SIM-1001' }, THREE_D);
		expect(tags(from3d, 'payment_details')).toEqual(['00000:Approved', '80001:Order does not exist']);
		expect(tags(from3d, 'terminal')).toEqual([THREE_D.terminal, THREE_D.terminal]);

		sim.admin.addOrder({ order_number: 'M-1', payment_dateTime: '2026-03-14 10:00:00' });
		sim.admin.addOrder({ order_number: 'T-1', terminal: THREE_D.terminal, payment_dateTime: '2026-03-14 11:00:00' });
		const mainList = await call('/service/QueryOrdersList', range, MAIN);
		const list3d = await call('/service/QueryOrdersList', range, THREE_D);
		expect(tags(mainList, 'order_number')).toContain('M-1');
		expect(tags(mainList, 'order_number')).not.toContain('T-1');
		expect(tags(list3d, 'order_number')).toContain('T-1');
		expect(tags(list3d, 'order_number')).not.toContain('M-1');
		expect(new Set(tags(list3d, 'terminal'))).toEqual(new Set([THREE_D.terminal]));
	});

	test('the same order number on both terminals is two payments, one per terminal', async () => {
		sim.admin.addOrder({ order_number: 'BOTH-1', payment_id: '260101000000000009001' });
		sim.admin.addOrder({ order_number: 'BOTH-1', terminal: THREE_D.terminal, payment_id: '260101000000000009002' });
		expect(tags(await call('/service/check/normal', { order_number: 'BOTH-1' }, MAIN), 'payment_id')).toEqual(['260101000000000009001']);
		expect(tags(await call('/service/check/normal', { order_number: 'BOTH-1' }, THREE_D), 'payment_id')).toEqual(['260101000000000009002']);
	});

	test('a refund, its query and its business event stay on the payment\'s terminal', async () => {
		const refund = { payment_id: '260101000000000002001', refund_type: '2', refund_amount: '5.00', refund_description: 'x' };
		expect(tags(await call('/service/applyRefund', refund, MAIN), 'refund_results')).toEqual(['17']);
		const made = await call('/service/applyRefund', refund, THREE_D);
		expect(tags(made, 'refund_results')).toEqual(['00']);
		const refundId = tags(made, 'refund_id')[0];
		expect(tags(await call('/service/queryRefund', { refund_id: refundId }, THREE_D), 'refund_status')).toEqual(['1']);
		expect(tags(await call('/service/queryRefund', { refund_id: refundId }, MAIN), 'refund_status')).toEqual([]);
		const events3d = await call('/service/BusinessOrdersList', { ...range, pages: '1' }, THREE_D);
		expect(tags(events3d, 'payment_id')).toEqual(['260101000000000002001']);
		const eventsMain = await call('/service/BusinessOrdersList', { ...range, pages: '1' }, MAIN);
		expect(tags(eventsMain, 'payment_id')).not.toContain('260101000000000002001');
	});

	test('a pre-authorization of the 3-D terminal is captured only through it', async () => {
		const capture = { payment_id: '260101000000000002002', payment_authType: '1' };
		expect(tags(await call('/gateway/service/auth', capture, MAIN), 'payment_details')).toEqual(['17:payment_id does not exist']);
		expect(tags(await call('/gateway/service/auth', capture, THREE_D), 'payment_results')).toEqual(['1']);
	});

	test('pushes for the 3-D terminal are signed with its secure code and default to its payments', async () => {
		const received = [];
		const http = require('http');
		const server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push(body);
				res.end('receive-ok');
			});
		});
		await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${server.address().port}/`;
			const result = await sim.admin.push({ url, kind: 'business', terminal: THREE_D.terminal, payment_id: '260101000000000002001', notice_type: 'chargeBack' });
			const f = result.fields;
			expect(f.terminal).toBe(THREE_D.terminal);
			expect(f.order_number).toBe('SIM-3D-2001');
			const expected = createHash('sha256')
				.update([f.account, f.terminal, f.order_number, f.payment_id, f.push_id, f.push_status, f.push_details, THREE_D.secureCode].join(''), 'utf8')
				.digest('hex');
			expect(result.signValue.toLowerCase()).toBe(expected);
			expect(received).toHaveLength(1);
			// The signed push is an event of the 3-D terminal's book, not the main one's.
			expect(tags(await call('/service/BusinessOrdersList', { ...range, pages: '1', date_type: '0' }, THREE_D), 'type')).toContain('chargeBack');
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});

	test('admin state never shows either secure code', () => {
		const text = JSON.stringify(sim.admin.getState());
		expect(text).not.toContain(THREE_D.secureCode);
		expect(text).not.toContain(MAIN.secureCode);
		expect(text).not.toContain('"book"');
	});
});
