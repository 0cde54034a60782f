/**
 * Confirm With Oceanpayment: a payment against the order status query, a refund against the
 * refund query by its ID (push_id), a chargeback against the status answer's chargeback status.
 * The simulator is the gateway (its own state, its own signing rules); every call the node makes
 * is in its log.
 */
import type { IDataObject } from 'n8n-workflow';

import { SEED_MERCHANT, signFor } from '../helpers/gateway';
import { notificationHarness, simulatorSign, xmlOf } from '../helpers/notifications';

const h = notificationHarness();
const PAYMENT = '260101000000000001001'; // SIM-1001, USD 25.00, paid, with a chargeback
const PENDING = '260101000000000001006'; // SIM-1006, USD 15.50, pending
const DECLINED = '260101000000000001003'; // SIM-1003, declined, no chargeback

const callsTo = (path: string) => h.sim.admin.getLog().filter((entry) => entry.path === path);

/** A partial refund of SIM-1001 recorded by the gateway; its refund ID. */
async function refundOfSim1001(): Promise<string> {
	const fields: Record<string, string> = { account: SEED_MERCHANT.account, terminal: SEED_MERCHANT.terminal, payment_id: PAYMENT, refund_type: '2', refund_amount: '5.00', refund_description: 'Damaged' };
	fields.signValue = signFor('/service/applyRefund', fields, SEED_MERCHANT.secureCode);
	const answer = await (await fetch(`${h.sim.url}/service/applyRefund`, { method: 'POST', body: new URLSearchParams(fields) })).text();
	return /<refund_id>(\d+)<\/refund_id>/.exec(answer)?.[1] ?? '';
}

describe('payments (confirmed by default)', () => {
	it('a payment the status query agrees with runs, its confirmed fields named, after one signed status query', async () => {
		const server = await h.receiver();
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT }));
		const [[item]] = server.executions();
		expect(item.json).toMatchObject({ confirmation: 'confirmed', paymentStatus: 'success', amount: '25.00', currency: 'USD' });
		expect((item.json.verification as IDataObject).confirmed).toEqual(['noticeType', 'orderNumber', 'paymentId', 'amount', 'currency', 'paymentStatus', 'paymentStatusCode']);
		expect(callsTo('/service/check/normal').map((call) => [call.fields.order_number, call.signature])).toEqual([['SIM-1001', 'valid']]);
	});

	it.each([
		['a status the gateway does not report', { payment_id: PENDING, payment_status: '1' }, /the order status query gives payment_results "-1", the notification "1"/],
		['another amount', { payment_id: PAYMENT, order_amount: '2.50' }, /the order status query gives "25.00" "USD", the notification "2.50" "USD"/],
		['a payment ID of another order', { payment_id: DECLINED, order_number: 'SIM-1001', payment_status: '0' }, /lists no payment "260101000000000001003" for order "SIM-1001"/],
		['an order the gateway does not know', { payment_id: '260101000000000009999', order_number: 'NO-SUCH-ORDER', order_currency: 'USD', order_amount: '1.00' }, /lists no payment .* for order "NO-SUCH-ORDER"/],
	])('a genuine signature on %s is dropped and logged by default, or runs marked notConfirmed', async (_title, options, reason) => {
		const dropping = await h.receiver();
		const running = await h.receiver({ unconfirmed: 'run' });
		for (const server of [dropping, running]) h.expectReceiveOk(await h.push({ url: server.url, kind: 'payment', ...options }));
		expect(dropping.executions()).toEqual([]);
		const [[item]] = running.executions();
		expect(item.json).toMatchObject({ signatureValid: true, confirmation: 'notConfirmed', confirmationDetail: expect.stringMatching(reason) });
		expect((item.json.verification as IDataObject).confirmed).toEqual([]);
		expect(h.logLines()).toEqual([
			expect.stringMatching(new RegExp(`^warn: .*dropped a delivery: Oceanpayment does not confirm it: .*${reason.source}`)),
			expect.stringMatching(/^warn: .*runs a notification Oceanpayment does not confirm/),
		]);
	});

	it('the gateway out of reach: HTTP 503 and nothing runs, so Oceanpayment delivers again; the redelivery is confirmed and runs once', async () => {
		const server = await h.receiver();
		h.sim.admin.setFault('/service/check/normal', { mode: 'http502' });
		const first = await h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT });
		expect([first.status, first.body]).toEqual([503, 'not processed yet, deliver again']);
		expect(server.executions()).toEqual([]);
		expect(h.logLines()).toEqual([expect.stringMatching(/^warn: .*answered HTTP 503 so that Oceanpayment delivers it again: it could not be confirmed with Oceanpayment \(".*HTTP 502.*"\)/)]);
		expect(callsTo('/service/check/normal')).toHaveLength(2); // one retry inside the delivery
		h.sim.admin.clearFaults();
		h.expectReceiveOk(await h.sim.admin.redeliver(first.pushId) as never);
		h.expectReceiveOk(await h.sim.admin.redeliver(first.pushId) as never);
		expect(server.executions().map(([item]) => item.json.confirmation)).toEqual(['confirmed']);
	});

	it.each([
		['busy', 'the gateway says it is busy (code 99)'],
		['html', 'a proxy page instead of an answer'],
	])('an unclear answer (%s) is not a "no": HTTP 503 as well', async (mode) => {
		const server = await h.receiver({ unconfirmed: 'run' });
		h.sim.admin.setFault('/service/check/normal', { mode });
		expect((await h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT })).status).toBe(503);
		expect(server.executions()).toEqual([]);
	});

	it('a reshaped copy that arrives first and is not confirmed does not take the genuine notification\'s place', async () => {
		const fields: Record<string, string> = { notice_type: 'transaction', account: '123456', terminal: '12345601', order_number: 'SIM-1001', order_currency: 'USD', order_amount: '25.00', order_notes: '', card_number: '', payment_id: PAYMENT, payment_authType: '0', payment_status: '1', payment_details: '', payment_risk: '' };
		const genuine = Object.entries({ ...fields, signValue: simulatorSign('payment', fields) });
		// The empty notes and card number put the amount next to the payment ID: "25.00" + "2601…" re-cut as "25.002" + "601…".
		const recut = genuine.map(([name, value]): [string, string] => [name, name === 'order_amount' ? '25.002' : name === 'payment_id' ? PAYMENT.slice(1) : value]);
		const server = await h.receiver({ unconfirmed: 'run' });
		await h.pushXml(server.url, xmlOf(recut));
		await h.pushXml(server.url, xmlOf(genuine));
		expect(server.executions().map(([item]) => item.json.confirmation)).toEqual(['notConfirmed', 'confirmed']);
	});
});

describe('refunds and chargebacks (offered, off by default)', () => {
	it('a refund the refund query knows for that payment runs confirmed, its refund type confirming the notice type', async () => {
		const refundId = await refundOfSim1001();
		const server = await h.receiver({ confirm: ['refund'] });
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'business', notice_type: 'partialRefund', payment_id: PAYMENT }));
		const [[item]] = server.executions();
		expect(item.json).toMatchObject({ pushId: refundId, confirmation: 'confirmed', confirmationDetail: `refund query: refund ${refundId} of payment ${PAYMENT}` });
		expect((item.json.verification as IDataObject).confirmed).toEqual(['noticeType', 'orderNumber', 'paymentId', 'pushId']);
		expect(callsTo('/service/queryRefund').map((call) => [call.fields.refund_id, call.signature])).toEqual([[refundId, 'valid']]);
	});

	it.each([
		['a push ID that is no refund (a chargeback relabelled as a refund)', { notice_type: 'refund', push_id: '260320101530000001' }, /finds no refund "260320101530000001" \(code 05\)/],
		['the refund of another payment', { notice_type: 'partialRefund', payment_id: '260101000000000001002' }, /gives payment "260101000000000001001" for refund/],
		['a full refund that is a partial one', { notice_type: 'refund' }, /gives refund_type "2", not a refund/],
	])('a refund notification with %s is not confirmed', async (_title, options, reason) => {
		const refundId = await refundOfSim1001();
		const server = await h.receiver({ confirm: ['refund'] });
		await h.push({ url: server.url, kind: 'business', payment_id: PAYMENT, push_id: refundId, ...options });
		expect(server.executions()).toEqual([]);
		expect(h.logLines()).toEqual([expect.stringMatching(reason)]);
	});

	it('a chargeback the status answer shows runs confirmed, with the amount and currency it confirms moved out of reportedOnly; one it does not show is dropped', async () => {
		const server = await h.receiver({ confirm: ['chargeBack'] });
		await h.push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT });
		await h.push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: DECLINED });
		const [[item]] = server.executions();
		expect(server.executions()).toHaveLength(1);
		expect(item.json).toMatchObject({ confirmation: 'confirmed', amount: '25.00', currency: 'USD', confirmationDetail: 'order status query: chargeBack_status 1' });
		expect(item.json.reportedOnly).not.toHaveProperty('amount');
		expect(h.logLines()).toEqual([expect.stringMatching(/Oceanpayment does not confirm it: the order status query gives chargeBack_status "0" \(no chargeback\)/)]);
	});

	it('without the option nothing is asked, and the item says so', async () => {
		const server = await h.receiver({ confirm: [] });
		await h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT });
		await h.push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT });
		expect(server.executions().map(([item]) => item.json.confirmation)).toEqual(['notRequested', 'notRequested']);
		expect(h.sim.admin.getLog()).toEqual([]);
	});
});
