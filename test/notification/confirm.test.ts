/**
 * Confirm With Oceanpayment (on by default for every kind a query covers): a payment against the
 * order status query, a refund against the refund query by its ID (push_id) and else the business
 * orders list, every other business notification against the list; customs notifications cannot
 * be confirmed. The simulator is the gateway (its own state, its own signing rules); every call
 * the node makes is in its log.
 */
import type { IDataObject } from 'n8n-workflow';

import { OceanpaymentNotificationTrigger } from '../../nodes/Oceanpayment/OceanpaymentNotificationTrigger.node';
import { ALL_CONFIRM_FAMILIES } from '../../nodes/Oceanpayment/notification/confirm';
import { maskCardLikeNumbers } from '../../nodes/Oceanpayment/helpers/parameters';
import { SEED_MERCHANT, signFor } from '../helpers/gateway';
import { notificationHarness, simulatorSign, xmlOf } from '../helpers/notifications';

const h = notificationHarness();
const PAYMENT = '260101000000000001001'; // SIM-1001, USD 25.00, paid, with a chargeback ("Fraudulent transaction")
const PENDING = '260101000000000001006'; // SIM-1006, USD 15.50, pending
const DECLINED = '260101000000000001003'; // SIM-1003, declined, no chargeback

const callsTo = (path: string) => h.sim.admin.getLog().filter((entry) => entry.path === path);
const items = (server: { executions(): Array<Array<{ json: IDataObject }>> }) => server.executions().map(([item]) => item.json);

/** A partial refund of SIM-1001 recorded by the gateway; its refund ID. */
async function refundOfSim1001(): Promise<string> {
	const fields: Record<string, string> = { account: SEED_MERCHANT.account, terminal: SEED_MERCHANT.terminal, payment_id: PAYMENT, refund_type: '2', refund_amount: '5.00', refund_description: 'Damaged' };
	fields.signValue = signFor('/service/applyRefund', fields, SEED_MERCHANT.secureCode);
	const answer = await (await fetch(`${h.sim.url}/service/applyRefund`, { method: 'POST', body: new URLSearchParams(fields) })).text();
	return /<refund_id>(\d+)<\/refund_id>/.exec(answer)?.[1] ?? '';
}

describe('payments', () => {
	it('a payment the status query agrees with runs, every field it compared named, after one signed status query', async () => {
		const server = await h.receiver();
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT }));
		const [item] = items(server);
		expect(item).toMatchObject({ confirmation: 'confirmed', paymentStatus: 'success', amount: '25.00', currency: 'USD', confirmationDetail: 'order status query: payment_results 1' });
		const verification = item.verification as IDataObject;
		expect(verification.confirmed).toEqual(['noticeType', 'orderNumber', 'paymentId', 'amount', 'currency', 'orderNotes', 'paymentStatus', 'paymentStatusCode', 'paymentDetails', 'paymentDetailsCode', 'paymentDetailsText', 'risk']);
		// Card number and auth type are not in the answer: signed (and pinned by the fields around them), not confirmed.
		expect(verification.signed).toEqual(expect.arrayContaining(['cardNumber', 'authType']));
		expect(verification.confirmed).not.toEqual(expect.arrayContaining(['cardNumber']));
		expect(callsTo('/service/check/normal').map((call) => [call.fields.order_number, call.signature])).toEqual([['SIM-1001', 'valid']]);
	});

	it.each([
		['another amount', { payment_id: PAYMENT, order_amount: '2.50' }, /the order status query gives order_amount "25.00" \(the notification's order_amount: "2.50"\)/],
		['the same amount written otherwise', { payment_id: PAYMENT, order_amount: '25.0' }, /order_amount "25.00" \(the notification's order_amount: "25.0"\)/],
		['another risk score', { payment_id: PAYMENT, payment_risk: 'Smart=85.0' }, /payment_risk "Smart=0.0" \(the notification's payment_risk: "Smart=85.0"\)/],
		['a pending status after the payment succeeded', { payment_id: PAYMENT, payment_status: '-1', payment_details: '00000:Approved' }, /payment_results "1" \(the notification's payment_status: "-1"\)/],
		['a payment ID of another order', { payment_id: DECLINED, order_number: 'SIM-1001', payment_status: '0' }, /lists no payment "260101000000000001003" for order "SIM-1001"/],
		['an order the gateway does not know', { payment_id: '260101000000000009999', order_number: 'NO-SUCH-ORDER', order_currency: 'USD', order_amount: '1.00' }, /lists no payment .* for order "NO-SUCH-ORDER" \(the order is not known\)/],
	])('a genuine signature on %s is dropped and logged by default, or runs marked notConfirmed', async (_title, options, reason) => {
		const dropping = await h.receiver();
		const running = await h.receiver({ unconfirmed: 'run' });
		for (const server of [dropping, running]) h.expectReceiveOk(await h.push({ url: server.url, kind: 'payment', ...options }));
		expect(dropping.executions()).toEqual([]);
		const [item] = items(running);
		expect(item).toMatchObject({ signatureValid: true, confirmation: 'notConfirmed', confirmationDetail: expect.stringMatching(reason) });
		expect((item.verification as IDataObject).confirmed).toEqual([]);
		expect(h.logLines()).toEqual([
			expect.stringMatching(new RegExp(`^warn: .*dropped a delivery: Oceanpayment does not confirm it: .*${reason.source}`)),
			expect.stringMatching(/^warn: .*runs a notification Oceanpayment does not confirm/),
		]);
	});

	it.each([
		['the gateway still says pending (-1) where the notification says success', {}, { payment_id: PENDING, payment_status: '1' }, /still gives payment_results "-1" \(pending\)/],
		['a payment_results code outside -1, 0, 1', { path: '/service/check/normal', fault: { mode: 'wrongCode' } }, { payment_id: PAYMENT }, /payment_results "98" .* not one of -1, 0, 1/],
		['HTTP 502', { path: '/service/check/normal', fault: { mode: 'http502' } }, { payment_id: PAYMENT }, /\(".*HTTP 502.*"\)/],
		['busy', { path: '/service/check/normal', fault: { mode: 'busy' } }, { payment_id: PAYMENT }, /busy/i],
		['a proxy page', { path: '/service/check/normal', fault: { mode: 'html' } }, { payment_id: PAYMENT }, /HTML/],
	])('no clear answer (%s) is not a "no": HTTP 503, nothing runs, Oceanpayment delivers again', async (_title, setup, options, reason) => {
		const server = await h.receiver({ unconfirmed: 'run' });
		if ('path' in setup) h.sim.admin.setFault(setup.path as string, setup.fault as IDataObject);
		const result = await h.push({ url: server.url, kind: 'payment', ...options });
		expect([result.status, result.body]).toEqual([503, 'not processed yet, deliver again']);
		expect(server.executions()).toEqual([]);
		expect(h.logLines()).toEqual([expect.stringMatching(new RegExp(`^warn: .*answered HTTP 503 so that Oceanpayment delivers it again: it could not be confirmed with Oceanpayment .*${reason.source}`))]);
	});

	it('the gateway out of reach: the redelivery after it is back is confirmed and runs once', async () => {
		const server = await h.receiver();
		h.sim.admin.setFault('/service/check/normal', { mode: 'http502' });
		const first = await h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT });
		expect(first.status).toBe(503);
		expect(callsTo('/service/check/normal')).toHaveLength(2); // one retry inside the delivery
		h.sim.admin.clearFaults();
		h.expectReceiveOk((await h.sim.admin.redeliver(first.pushId)) as never);
		h.expectReceiveOk((await h.sim.admin.redeliver(first.pushId)) as never);
		expect(items(server).map((item) => item.confirmation)).toEqual(['confirmed']);
	});

	it("a reshaped copy that arrives first and is not confirmed does not take the genuine notification's place", async () => {
		const fields: Record<string, string> = { notice_type: 'transaction', account: '123456', terminal: '12345601', order_number: 'SIM-1001', order_currency: 'USD', order_amount: '25.00', order_notes: '', card_number: '', payment_id: PAYMENT, payment_authType: '0', payment_status: '1', payment_details: '00000:Approved', payment_risk: 'Smart=0.0' };
		const genuine = Object.entries({ ...fields, signValue: simulatorSign('payment', fields) });
		// The empty notes and card number put the amount next to the payment ID: "25.00" + "2601…" re-cut as "25.002" + "601…".
		const recut = genuine.map(([name, value]): [string, string] => [name, name === 'order_amount' ? '25.002' : name === 'payment_id' ? PAYMENT.slice(1) : value]);
		const server = await h.receiver({ unconfirmed: 'run' });
		await h.pushXml(server.url, xmlOf(recut));
		await h.pushXml(server.url, xmlOf(genuine));
		expect(items(server).map((item) => [item.paymentId, item.confirmation])).toEqual([
			[PAYMENT.slice(1), 'notConfirmed'],
			[PAYMENT, 'confirmed'],
		]);
		expect(items(server)[0].confirmationDetail).toMatch(/cut differently \(there: order_amount "25.00", payment_id "260101000000000001001"\)/);
	});
});

describe('refunds and partial refunds', () => {
	it('a refund the refund query knows runs confirmed after one refund query, its refund type confirming the notice type', async () => {
		const refundId = await refundOfSim1001();
		const server = await h.receiver();
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'business', notice_type: 'partialRefund', payment_id: PAYMENT }));
		const [item] = items(server);
		expect(item).toMatchObject({ pushId: refundId, confirmation: 'confirmed', // The simulator's 18-digit refund IDs pass the card checksum about one time in ten; the
		// detail, also written to n8n's log, masks them as it would a card number.
		confirmationDetail: `refund query: refund "${maskCardLikeNumbers(refundId)}" of payment "${PAYMENT}"` });
		expect((item.verification as IDataObject).confirmed).toEqual(['noticeType', 'orderNumber', 'paymentId', 'pushId']);
		expect(callsTo('/service/queryRefund').map((call) => [call.fields.refund_id, call.signature])).toEqual([[refundId, 'valid']]);
		expect(callsTo('/service/BusinessOrdersList')).toEqual([]);
	});

	it('a partial refund sent as a full one is refused by the refund query (refund_type 2)', async () => {
		await refundOfSim1001();
		const server = await h.receiver();
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, record: false }));
		expect(server.executions()).toEqual([]);
		expect(h.logLines()).toEqual([expect.stringMatching(/Oceanpayment does not confirm it: the refund query gives refund_type "2" \(a partial refund\) for refund "\d+", not a refund/)]);
	});

	it('a refund the refund query does not know (a failed one) is confirmed by the business orders list', async () => {
		const server = await h.receiver();
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: '260320101530000001', push_status: '0', push_details: 'Insufficient balance' }));
		expect(items(server).map((item) => [item.pushStatus, item.confirmation, item.confirmationDetail])).toEqual([['0', 'confirmed', `business orders list: refund event of payment "${PAYMENT}" with status "0"`]]);
		expect(callsTo('/service/queryRefund')).toHaveLength(1);
		expect(callsTo('/service/BusinessOrdersList').map((call) => call.signature)).toEqual(['valid']);
	});

	it('an ARN is looked up in the business orders list only (the refund query cannot tell its type)', async () => {
		await refundOfSim1001();
		const server = await h.receiver();
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'business', notice_type: 'ARN', payment_id: PAYMENT }));
		expect(items(server).map((item) => [item.noticeType, item.confirmation])).toEqual([['ARN', 'confirmed']]);
		expect(callsTo('/service/queryRefund')).toEqual([]);
	});
});

describe('every other business notification: the business orders list', () => {
	it('a chargeback the list shows runs confirmed, with its amount and currency (not signed, but the same in the list) moved out of reportedOnly', async () => {
		const server = await h.receiver();
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT, push_details: 'Fraudulent transaction' }));
		const [item] = items(server);
		expect(item).toMatchObject({ confirmation: 'confirmed', amount: '25.00', currency: 'USD', confirmationDetail: `business orders list: chargeBack event of payment "${PAYMENT}" with status "1"` });
		expect(item.reportedOnly).not.toHaveProperty('amount');
		expect((item.verification as IDataObject).confirmed).toEqual(['noticeType', 'orderNumber', 'paymentId', 'amount', 'currency', 'pushStatus', 'pushStatusText', 'pushDetails']);
	});

	it('an amount the list does not show stays under reportedOnly and is no reason to drop (it is not signed)', async () => {
		const server = await h.receiver();
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT, push_details: 'Fraudulent transaction', order_amount: '9999.00', record: false }));
		const [item] = items(server);
		expect(item).toMatchObject({ confirmation: 'confirmed', currency: 'USD', reportedOnly: expect.objectContaining({ amount: '9999.00' }) });
		expect(item).not.toHaveProperty('amount');
	});

	it.each([
		['this payment under another order', { order_number: 'OTHER-1' }, 200, /the business orders list has payment "260101000000000001001" under order "SIM-1001", not "OTHER-1"/],
		["this payment's chargebacks with other values", { push_details: 'Friendly fraud' }, 200, /shows chargeBack events of payment "260101000000000001001" with other values: details "Fraudulent transaction" \(the notification's push_details: "Friendly fraud"\)/],
		['no chargeback of this payment (not listed yet?)', { payment_id: DECLINED }, 503, /shows no chargeBack event of payment "260101000000000001003" with these values/],
	])('a chargeback the list contradicts (%s) is dropped; one it does not show is sent back (503)', async (_title, options, status, reason) => {
		const server = await h.receiver();
		const result = await h.push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT, record: false, ...options });
		expect(result.status).toBe(status);
		expect(server.executions()).toEqual([]);
		expect(h.logLines()).toEqual([expect.stringMatching(reason)]);
	});

	it('looks through a busy window within its budget: page 1, then from the last page back; beyond 6 calls it sends the notification back', async () => {
		// 45 other events reviewed in the same second, listed before this payment's (same time: by payment ID): 5 pages of 10.
		h.sim.admin.addBusinessEvents(Array.from({ length: 45 }, (_, i) => ({ type: 'fraud', payment_id: `10010100000000000${String(9000 + i)}`, order_number: `BUSY-${i}`, status: '1' })));
		const server = await h.receiver();
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'business', notice_type: 'highRisk', payment_id: PAYMENT, push_id: 'HR-1' }));
		expect(items(server).map((item) => item.confirmation)).toEqual(['confirmed']);
		expect(callsTo('/service/BusinessOrdersList').map((call) => call.fields.pages)).toEqual(['1', '5']);

		// 80 more: 13 pages; an event the list does not hold is not found in 6 calls.
		h.sim.admin.clearLog();
		h.sim.admin.addBusinessEvents(Array.from({ length: 80 }, (_, i) => ({ type: 'fraud', payment_id: `10010100000000000${String(9100 + i)}`, order_number: `BUSIER-${i}`, status: '1' })));
		const unknown = await h.push({ url: server.url, kind: 'business', notice_type: 'retrieval', payment_id: PAYMENT, push_id: 'R-1', record: false });
		expect(unknown.status).toBe(503);
		expect(callsTo('/service/BusinessOrdersList').map((call) => call.fields.pages)).toEqual(['1', '13', '12', '11', '10', '9']);
		expect(h.logLines().at(-1)).toMatch(/only some of its pages were read \(6 calls at most\)/);
	});

	it('a list the gateway will not give (busy) is HTTP 503', async () => {
		const server = await h.receiver();
		h.sim.admin.setFault('/service/BusinessOrdersList', { mode: 'busy' });
		expect((await h.push({ url: server.url, kind: 'business', notice_type: 'fraud', payment_id: PAYMENT })).status).toBe(503);
		expect(server.executions()).toEqual([]);
	});
});

describe('customs, and confirmation turned off', () => {
	it('a customs notification cannot be confirmed: dropped by default, run marked notConfirmed on request', async () => {
		const dropping = await h.receiver();
		const running = await h.receiver({ unconfirmed: 'run' });
		for (const server of [dropping, running]) h.expectReceiveOk(await h.push({ url: server.url, kind: 'customs', notice_type: 'customsUpload', payment_id: PAYMENT }));
		expect(dropping.executions()).toEqual([]);
		expect(items(running).map((item) => [item.confirmation, item.confirmationDetail])).toEqual([['notConfirmed', 'Oceanpayment offers no query that could confirm a customs notification']]);
		expect(h.sim.admin.getLog()).toEqual([]);
	});

	it('every family is confirmed by default', () => {
		const option = new OceanpaymentNotificationTrigger().description.properties.find((property) => property.name === 'confirm');
		expect(option?.default).toEqual(ALL_CONFIRM_FAMILIES);
		expect(ALL_CONFIRM_FAMILIES).toEqual(['payment', 'refund', 'chargeBack']);
	});

	it('without the option nothing is asked, and the item says so', async () => {
		const server = await h.receiver({ confirm: [] });
		await h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT });
		await h.push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT });
		expect(items(server).map((item) => item.confirmation)).toEqual(['notRequested', 'notRequested']);
		expect(h.sim.admin.getLog()).toEqual([]);
	});

	it('each family can be turned off on its own', async () => {
		const server = await h.receiver({ confirm: ['payment', 'refund'] });
		await h.push({ url: server.url, kind: 'business', notice_type: 'fraud', payment_id: PAYMENT, record: false });
		await h.push({ url: server.url, kind: 'business', notice_type: 'ARN', payment_id: PAYMENT, push_id: 'ARN-1' });
		expect(items(server).map((item) => [item.noticeType, item.confirmation])).toEqual([
			['fraud', 'notRequested'],
			['ARN', 'confirmed'],
		]);
	});
});
