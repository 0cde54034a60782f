/**
 * The Notification Trigger through n8n-core's real WebhookContext, with the simulator pushing
 * signed (and forged, malformed, repeated) notifications over real HTTP. The simulator signs with
 * its own hand-written rules, so it is an independent check of the node's verification.
 */
import { createHash } from 'crypto';

import { sleep, type IDataObject } from 'n8n-workflow';

import { SEED_MERCHANT } from '../helpers/gateway';
import { notificationHarness, type Push } from '../helpers/notifications';

const h = notificationHarness();
const { receiver, push, logLines, expectReceiveOk, expectNoSecretLogged } = h;
const PAYMENT = '260101000000000001001';

describe('a valid notification', () => {
	it('starts one execution with the simplified refund fields and is answered receive-ok as plain text', async () => {
		const server = await receiver();
		const result = await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_details: 'Refund approved', push_dateTime: '2026-03-20 10:15:30' });
		expectReceiveOk(result);
		expect(server.executions()).toHaveLength(1);
		const [[item]] = server.executions();
		const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
		const { fields } = result;
		expect(item.json).toEqual({
			noticeType: 'refund',
			kind: 'business',
			// SHA-256 of the notice type, a line break and the signed string without the secure code (not the signValue: that would be one).
			eventId: sha256(`refund\n${fields.account}${fields.terminal}${fields.order_number}${fields.payment_id}${fields.push_id}${fields.push_status}${fields.push_details}`),
			signatureValid: true,
			// On by default: the push ID is no refund the refund query knows, the business orders list shows the event.
			confirmation: 'confirmed',
			confirmationDetail: `business orders list: refund event of payment "${PAYMENT}" with status "1"`,
			verification: {
				signed: ['account', 'terminal', 'orderNumber', 'paymentId', 'pushId', 'pushStatus', 'pushStatusText', 'pushDetails'],
				confirmed: ['noticeType', 'orderNumber', 'paymentId', 'amount', 'currency', 'pushStatus', 'pushStatusText', 'pushDetails'],
				reportedOnly: ['orderNotes', 'cardType', 'cardCountry', 'paymentDateTime', 'paymentDateTimeRaw', 'refundNumber', 'refundReference', 'debitDateTime', 'debitDateTimeRaw', 'pushDateTime', 'pushDateTimeRaw', 'exceptionDateTime', 'exceptionDateTimeRaw'],
			},
			account: SEED_MERCHANT.account,
			terminal: SEED_MERCHANT.terminal,
			orderNumber: 'SIM-1001',
			paymentId: PAYMENT,
			// Not signed in a business notification, but the same in the gateway's list: confirmed.
			amount: fields.order_amount,
			currency: fields.order_currency,
			pushId: fields.push_id,
			pushStatus: '1',
			pushStatusText: 'successful',
			pushDetails: 'Refund approved',
			reportedOnly: {
				orderNotes: fields.order_notes,
				cardType: fields.card_type,
				cardCountry: fields.card_country,
				paymentDateTime: expect.stringMatching(/\+08:00$/),
				paymentDateTimeRaw: fields.payment_dateTime,
				refundNumber: fields.refund_number,
				refundReference: fields.refund_reference,
				debitDateTime: fields.payment_debitTime ? expect.stringMatching(/\+08:00$/) : '',
				debitDateTimeRaw: fields.payment_debitTime,
				pushDateTime: '2026-03-20T10:15:30.000+08:00',
				pushDateTimeRaw: '2026-03-20 10:15:30',
				exceptionDateTime: '',
				exceptionDateTimeRaw: '',
			},
		});
		expect(Object.keys(item.json)).toEqual(['noticeType', 'kind', 'eventId', 'signatureValid', 'confirmation', 'confirmationDetail', 'verification', 'account', 'terminal', 'orderNumber', 'paymentId', 'amount', 'currency', 'pushId', 'pushStatus', 'pushStatusText', 'pushDetails', 'reportedOnly']);
		expect(typeof item.json.amount).toBe('string');
		expect(h.logged.filter((entry) => entry.level === 'warn')).toEqual([]);
	});

	it('reads payment and customs notifications with their own signing rules (customs, which nothing confirms, only with Run Marked Unconfirmed)', async () => {
		const server = await receiver({ unconfirmed: 'run' });
		const payment = await push({ url: server.url, kind: 'payment', payment_id: PAYMENT, payment_details: '00000:Approved', payment_dateTime: '2026-03-15 12:00:00' });
		const customs = await push({ url: server.url, kind: 'customs', notice_type: 'identityCheck', payment_id: PAYMENT, verify_department: 'Customs Bureau', verify_id: 'V-1', push_status: '0' });
		expectReceiveOk(payment);
		expectReceiveOk(customs);
		const [[paid], [checked]] = server.executions();
		expect(paid.json).toMatchObject({
			noticeType: 'transaction',
			kind: 'payment',
			signatureValid: true,
			// On by default for payments: the status query agrees.
			confirmation: 'confirmed',
			confirmationDetail: 'order status query: payment_results 1',
			verification: {
				signed: expect.arrayContaining(['orderNumber', 'paymentId', 'amount', 'currency', 'paymentStatus', 'cardNumber', 'risk']),
				confirmed: ['noticeType', 'orderNumber', 'paymentId', 'amount', 'currency', 'orderNotes', 'paymentStatus', 'paymentStatusCode', 'paymentDetails', 'paymentDetailsCode', 'paymentDetailsText', 'risk'],
				reportedOnly: ['cardType', 'cardCountry', 'paymentDateTime', 'paymentDateTimeRaw', 'authReason', 'responseType', 'orderOperator'],
			},
			paymentId: PAYMENT,
			amount: '25.00',
			currency: 'USD',
			paymentStatus: 'success',
			paymentStatusCode: '1',
			paymentDetailsCode: '00000',
			paymentDetailsText: 'Approved',
			cardNumber: payment.fields.card_number,
			reportedOnly: { cardType: 'VISA', cardCountry: 'US', paymentDateTime: '2026-03-15T12:00:00.000+08:00', paymentDateTimeRaw: '2026-03-15 12:00:00' },
		});
		expect(paid.json).not.toHaveProperty('pushStatus');
		expect(checked.json).toMatchObject({
			noticeType: 'identityCheck',
			kind: 'customs',
			signatureValid: true,
			confirmation: 'notConfirmed',
			confirmationDetail: 'Oceanpayment offers no query that could confirm a customs notification',
			pushStatus: '0',
			pushStatusText: 'failed',
			reportedOnly: { verifyDepartment: 'Customs Bureau', verifyId: 'V-1' },
		});
	});

	it('gives the fields as sent (without signValue) when Simplify is off', async () => {
		const server = await receiver({ simplify: false });
		const result = await push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT });
		const [[item]] = server.executions();
		const { signValue, ...sent } = result.fields;
		expect(signValue).toBeTruthy();
		expect(item.json).toEqual({
			...sent,
			noticeType: 'chargeBack',
			kind: 'business',
			eventId: expect.stringMatching(/^[0-9a-f]{64}$/),
			signatureValid: true,
			confirmation: 'confirmed',
			confirmationDetail: `business orders list: chargeBack event of payment "${PAYMENT}" with status "1"`,
			verification: {
				signed: ['account', 'terminal', 'order_number', 'payment_id', 'push_status', 'push_details', 'push_id'],
				confirmed: ['order_number', 'order_currency', 'order_amount', 'payment_id', 'notice_type', 'push_status', 'push_details'],
				reportedOnly: ['payment_dateTime', 'payment_debitTime', 'push_dateTime', 'order_notes', 'card_type', 'card_country', 'refund_number', 'refund_reference', 'payment_cpdTime'],
			},
		});
	});

	it('masks a full card number, Simplify on or off', async () => {
		const card = '4111111111111111';
		for (const simplify of [true, false]) {
			const server = await receiver({ simplify, confirm: [] });
			await push({ url: server.url, kind: 'payment', payment_id: PAYMENT, card_number: card });
			const [[item]] = server.executions();
			expect(JSON.stringify(item.json)).not.toContain(card);
			expect(item.json[simplify ? 'cardNumber' : 'card_number']).toBe('411111…1111');
		}
	});

	it('accepts the signValue in lower case too (the simulator signs in upper case)', async () => {
		const upperCase = await receiver();
		const lowerCase = await receiver();
		const signed = await push({ url: upperCase.url, kind: 'business', notice_type: 'ARN', payment_id: PAYMENT, push_id: 'CASE-1' });
		expect(signed.signValue).toMatch(/^[0-9A-F]{64}$/);
		expectReceiveOk(await push({ url: lowerCase.url, kind: 'business', notice_type: 'ARN', payment_id: PAYMENT, push_id: 'CASE-1', signValue: signed.signValue.toLowerCase() }));
		expect([...upperCase.executions(), ...lowerCase.executions()].map(([item]) => [item.json.pushId, item.json.signatureValid])).toEqual([
			['CASE-1', true],
			['CASE-1', true],
		]);
	});
});

describe('deliveries that start nothing but are still answered receive-ok', () => {
	it('a forged or unsigned notification, with one log line and no secret', async () => {
		const server = await receiver();
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, forge: true }));
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, omitSignValue: true }));
		expectReceiveOk(await push({ url: server.url, kind: 'payment', payment_id: PAYMENT, forge: true }));
		expect(server.executions()).toEqual([]);
		expect(logLines()).toEqual([
			expect.stringMatching(/^warn: .*dropped a delivery: its signature is not valid: its signValue does not match \(business rule, graded INFERRED\) \(notice type "refund", account "123456", terminal "12345601", push id "[\d…]+", payment id "260101000000000001001", from "127\.0\.0\.1"\)$/),
			expect.stringMatching(/^warn: .*dropped a delivery: its signature is not valid: it has no signValue /),
			expect.stringMatching(/^warn: .*dropped a delivery: its signature is not valid: its signValue does not match \(payment rule, graded INFERRED\)/),
		]);
		expectNoSecretLogged();
	});

	it("a notification for another terminal (not the credential's)", async () => {
		h.sim.admin.addMerchant({ account: SEED_MERCHANT.account, terminal: '12345602', secureCode: SEED_MERCHANT.secureCode });
		const server = await receiver();
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'refund', terminal: '12345602', payment_id: '260101000000000009999', order_number: 'OTHER-TERMINAL-1' }));
		expect(server.executions()).toEqual([]);
		expect(logLines()).toEqual([expect.stringContaining("its account or terminal is not the credential's")]);
	});

	it('malformed XML, an empty body, a DOCTYPE, JSON and a missing content type', async () => {
		const server = await receiver();
		const cases: IDataObject[] = [
			{ rawBody: '<response><account>123456</account><notice_type>refund' },
			{ rawBody: '' },
			{ rawBody: '   \n ' },
			{ rawBody: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><response><a>&x;</a></response>' },
			{ rawBody: '<response>text only</response>' },
			{ rawBody: '{"notice_type":"refund"}', contentType: 'application/json' },
			{ contentType: null, notice_type: 'refund', payment_id: PAYMENT },
			{ contentType: 'text/html', notice_type: 'refund', payment_id: PAYMENT },
		];
		for (const options of cases) expectReceiveOk(await push({ url: server.url, kind: 'business', ...options }));
		expect(server.executions()).toEqual([]);
		expect(logLines()).toEqual([
			expect.stringMatching(/^warn: .*dropped a delivery: malformed XML \(.+ at line 1\) \(from "127\.0\.0\.1"\)$/),
			expect.stringMatching(/^warn: .*dropped a delivery: the body is empty /),
			expect.stringMatching(/^warn: .*dropped a delivery: the body is empty /),
			expect.stringMatching(/^warn: .*dropped a delivery: XML with a DOCTYPE/),
			expect.stringMatching(/^warn: .*dropped a delivery: the XML root <response> holds no fields/),
			expect.stringMatching(/^warn: .*dropped a delivery: its content type is "application\/json", not XML/),
			expect.stringMatching(/^warn: .*dropped a delivery: its content type is "none", not XML/),
			expect.stringMatching(/^warn: .*dropped a delivery: its content type is "text\/html", not XML/),
		]);
		expectNoSecretLogged();
	});

	it('a notification type the node does not listen to (the filter also takes padded text from an expression)', async () => {
		const server = await receiver({ noticeTypes: ' refund , partialRefund ' });
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT }));
		expectReceiveOk(await push({ url: server.url, kind: 'payment', payment_id: PAYMENT }));
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'partialRefund', payment_id: PAYMENT }));
		expect(server.executions().map(([item]) => item.json.noticeType)).toEqual(['partialRefund']);
		expect(logLines()).toEqual([
			expect.stringMatching(/^info: .*dropped a delivery: its notice type is not one the node listens to \(refund, partialRefund\) \(notice type "chargeBack",/),
			expect.stringMatching(/^info: .*dropped a delivery: its notice type is not one the node listens to .*\(notice type "transaction",/),
		]);
	});

	it('a type the docs do not list runs only when listed under Extra Notification Types, with the rule of the kind chosen there', async () => {
		const plain = await receiver({ noticeTypes: [] });
		const listed = await receiver({ noticeTypes: ['chargeBack'], settings: { extraNoticeTypes: { types: [{ noticeType: 'refundReversal', kind: 'business' }] } } });
		const asPayment = await receiver({ settings: { extraNoticeTypes: { types: [{ noticeType: 'refundReversal', kind: 'payment' }] } } });
		for (const server of [plain, listed, asPayment]) {
			await push({ url: server.url, kind: 'business', notice_type: 'refundReversal', anyNoticeType: true, payment_id: PAYMENT, push_id: 'NEW-TYPE-1' });
		}
		expect(plain.executions()).toEqual([]);
		expect(listed.executions().map(([item]) => [item.json.noticeType, item.json.kind, item.json.signatureValid])).toEqual([['refundReversal', 'business', true]]);
		expect(asPayment.executions()).toEqual([]);
		expect(logLines()).toEqual([
			expect.stringMatching(/^warn: .*dropped a delivery: its notice type "refundReversal" is not one Oceanpayment documents \(add it under Extra Notification Types to accept it\)/),
			// Signed like a payment, a business-shaped notification lacks the payment fields.
			expect.stringMatching(/^warn: .*dropped a delivery: its payment_authType "" is not one of 0, 1, 2, 3 \(the field is missing\)/),
		]);
	});

	it.each([
		[{ types: [{ noticeType: 'refund', kind: 'business' }] }, /Extra Notification Types › Notice Type: "refund" is documented already/],
		[{ types: [{ noticeType: ' ', kind: 'business' }] }, /Extra Notification Types › Notice Type: is required/],
		[{ types: [{ noticeType: 'x', kind: 'other' }] }, /Extra Notification Types › Signed Like: "other" is not one of payment, business, customs/],
		[{ types: [{ noticeType: 'x' }, { noticeType: 'x' }] }, /"x" is listed twice/],
	])('a wrong Extra Notification Types entry names the field (%j)', async (extraNoticeTypes, message) => {
		const server = await receiver({ settings: { extraNoticeTypes } });
		expect((await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT })).status).toBe(500);
		expect(server.deliveries[0].error?.message).toMatch(message);
	});
});

describe('Run Unverified Notifications', () => {
	it('runs forged and unsigned notifications with signatureValid false, logging that it does (without confirmation)', async () => {
		const server = await receiver({ confirm: [], settings: { runUnverified: true } });
		await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'UNVERIFIED-1', forge: true });
		await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'UNVERIFIED-2', omitSignValue: true });
		await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'VERIFIED-3' });
		// Nothing is signed in an unverified item: every field is only reported.
		expect(server.executions().map(([item]) => [item.json.pushId ?? (item.json.reportedOnly as IDataObject).pushId, item.json.signatureValid])).toEqual([
			['UNVERIFIED-1', false],
			['UNVERIFIED-2', false],
			['VERIFIED-3', true],
		]);
		const [[unverified]] = server.executions();
		expect(Object.keys(unverified.json)).toEqual(['noticeType', 'kind', 'eventId', 'signatureValid', 'confirmation', 'confirmationDetail', 'verification', 'reportedOnly']);
		expect(logLines().filter((line) => /runs a notification whose signature is not valid/.test(line))).toHaveLength(2);
		expectNoSecretLogged();
	});

	it('a forgery that copies a real event first does not stop the real notification', async () => {
		const server = await receiver({ confirm: [], settings: { runUnverified: 'true' } });
		await push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT, push_id: 'CB-1', forge: true });
		await push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT, push_id: 'CB-1' });
		expect(server.executions().map(([item]) => item.json.signatureValid)).toEqual([false, true]);
	});

	it('with confirmation on, an unverified notification runs only if the gateway holds what it says', async () => {
		const server = await receiver({ settings: { runUnverified: true } });
		// The gateway lists the chargeback with these values, so the forgery says nothing new; one it does not hold is sent back.
		await push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT, push_id: 'CB-2', push_details: 'Fraudulent transaction', forge: true });
		const unknown = await push({ url: server.url, kind: 'business', notice_type: 'retrieval', payment_id: PAYMENT, push_id: 'CB-3', forge: true });
		expect(server.executions().map(([item]) => [item.json.signatureValid, item.json.confirmation, (item.json.verification as IDataObject).signed])).toEqual([[false, 'confirmed', []]]);
		expect(unknown.status).toBe(503);
	});
});

describe('redeliveries', () => {
	it('a redelivery of an accepted notification starts no second execution, also five times over', async () => {
		const server = await receiver();
		const first = await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT });
		for (let attempt = 0; attempt < 4; attempt++) expectReceiveOk(await h.sim.admin.redeliver(first.pushId) as Push);
		expect(server.executions()).toHaveLength(1);
		expect(logLines()).toEqual(Array(4).fill(expect.stringMatching(/^info: .*dropped a delivery: it is a redelivery of a notification this n8n process already accepted \(.*event "[0-9a-f]{64}"\)$/)));
	});

	it('deliveries of one notification arriving at the same time start one execution; one still being handled is not acknowledged', async () => {
		const server = await receiver();
		const same = { url: server.url, kind: 'business', notice_type: 'retrieval', payment_id: PAYMENT, push_id: 'SAME-TIME-1', push_dateTime: '2026-03-20 10:00:00' };
		const results = await Promise.all([0, 1, 2].map(() => push(same)));
		// Each is receive-ok (the first, or one that found it answered) or 503 (found it still pending: its outcome was not known yet).
		for (const result of results) expect([[200, 'receive-ok'], [503, 'not processed yet, deliver again']]).toContainEqual([result.status, result.body]);
		expect(results.filter((result) => result.status === 200).length).toBeGreaterThan(0);
		expect(server.deliveries).toHaveLength(3);
		expect(server.executions()).toHaveLength(1);
		// What Oceanpayment then delivers again is a redelivery.
		for (const result of results.filter((answer) => answer.status === 503)) expectReceiveOk((await h.sim.admin.redeliver(result.pushId)) as Push);
		expect(server.executions()).toHaveLength(1);
	});

	it('two deliveries of one event being confirmed at once: each asks for itself, the first confirmed runs, the other is a redelivery', async () => {
		const server = await receiver();
		h.sim.admin.setFault('/service/check/normal', { mode: 'latency', latencyMs: 300, times: 1 });
		const [first, second] = await Promise.all([
			push({ url: server.url, kind: 'payment', payment_id: PAYMENT }),
			sleep(100).then(() => h.sim.admin.redeliver(h.sim.admin.getPushes()[0].pushId as string) as Promise<Push>),
		]);
		expectReceiveOk(first);
		expectReceiveOk(second);
		expect(server.executions()).toHaveLength(1);
		expect(h.sim.admin.getLog().filter((entry) => entry.path === '/service/check/normal')).toHaveLength(2);
		expect(logLines()).toEqual([expect.stringMatching(/^info: .*dropped a delivery: it is a redelivery of a notification this n8n process already accepted/)]);
	});

	it('a caller that hung up while the node confirmed: n8n still starts the execution, so the event stays claimed and the redelivery is dropped', async () => {
		const server = await receiver();
		h.sim.admin.setFault('/service/check/normal', { mode: 'latency', latencyMs: 1000, times: 1 });
		const failed = (await push({ url: server.url, kind: 'payment', payment_id: PAYMENT, timeoutMs: 300 }).catch((error: Error) => error)) as Error & { pushId: string };
		expect(failed).toBeInstanceOf(Error);
		for (let waited = 0; server.deliveries.length < 1 && waited < 3000; waited += 50) await sleep(50);
		expect(server.executions()).toHaveLength(1);
		expectReceiveOk((await h.sim.admin.redeliver(failed.pushId)) as Push);
		expect(server.executions()).toHaveLength(1);
		expect(logLines()).toEqual([expect.stringMatching(/^info: .*dropped a delivery: it is a redelivery/)]);
	});

	it('a notification whose first delivery n8n could not turn into an execution runs on its redelivery', async () => {
		let fail = true;
		const server = await receiver({}, { failExecutions: () => fail });
		const first = await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'FAILED-FIRST-1' });
		expect(first.status).toBe(500);
		fail = false;
		expectReceiveOk(await h.sim.admin.redeliver(first.pushId) as Push);
		expect(server.executions().map(([item]) => item.json.pushId)).toEqual(['FAILED-FIRST-1']);
		expectReceiveOk(await h.sim.admin.redeliver(first.pushId) as Push);
		expect(server.executions()).toHaveLength(1);
	});

	it('are kept per workflow and node, not shared between two triggers', async () => {
		const one = await receiver({}, { workflowId: 'wf-one' });
		const two = await receiver({}, { workflowId: 'wf-two' });
		const result = await push({ url: one.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'TWO-WORKFLOWS-1' });
		await push({ url: two.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'TWO-WORKFLOWS-1', push_dateTime: result.fields.push_dateTime });
		expect([one.executions().length, two.executions().length]).toEqual([1, 1]);
	});

	it('all run when Drop Redeliveries is off, and in manual (test) mode', async () => {
		const off = await receiver({ settings: { dropRedeliveries: false } });
		const result = await push({ url: off.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'NO-DROP-1' });
		await h.sim.admin.redeliver(result.pushId);
		const [first, second] = off.executions().map(([item]) => item.json.eventId);
		expect(off.executions()).toHaveLength(2);
		expect(second).toBe(first);

		const manual = await receiver({}, { mode: 'manual' });
		const test = await push({ url: manual.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'MANUAL-1' });
		await h.sim.admin.redeliver(test.pushId);
		expect(manual.executions()).toHaveLength(2);
	});

	it('the status and the notice type are part of the event: a dispute, its outcome and an ARN with the same signed values are three events', async () => {
		const server = await receiver();
		await push({ url: server.url, kind: 'business', notice_type: 're-presentment', payment_id: PAYMENT, push_id: 'DISPUTE-1', push_status: '2' });
		await push({ url: server.url, kind: 'business', notice_type: 're-presentment', payment_id: PAYMENT, push_id: 'DISPUTE-1', push_status: '1' });
		const arn = await push({ url: server.url, kind: 'business', notice_type: 'ARN', payment_id: PAYMENT, push_id: 'DISPUTE-1', push_status: '1' });
		await h.sim.admin.redeliver(arn.pushId);
		expect(server.executions().map(([item]) => [item.json.noticeType, item.json.pushStatus, item.json.confirmation])).toEqual([
			['re-presentment', '2', 'confirmed'],
			['re-presentment', '1', 'confirmed'],
			['ARN', '1', 'confirmed'],
		]);
		expect(new Set(server.executions().map(([item]) => item.json.eventId)).size).toBe(3);
		expect(logLines()).toEqual([expect.stringMatching(/dropped a delivery: it is a redelivery .*notice type "ARN"/)]);
	});
});

describe('Only Accept Oceanpayment IP Addresses', () => {
	const oceanpaymentIp = '52.77.42.94';

	it('is off by default: a delivery from any address runs', async () => {
		const server = await receiver();
		await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'ANY-IP-1' });
		expect(server.executions()).toHaveLength(1);
	});

	it('drops a delivery from another address, and one that only claims an Oceanpayment address in X-Forwarded-For', async () => {
		const server = await receiver({ settings: { onlyOceanpaymentIps: true } });
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'IP-1' }));
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'IP-2', headers: { 'X-Forwarded-For': oceanpaymentIp } }));
		expect(server.executions()).toEqual([]);
		expect(logLines()).toEqual(Array(2).fill(expect.stringMatching(/^warn: .*dropped a delivery: it does not come from an Oceanpayment IP address \(from "127\.0\.0\.1"\)$/)));
	});

	it('behind a proxy n8n trusts (N8N_PROXY_HOPS=1) takes the address from X-Forwarded-For', async () => {
		const server = await receiver({ settings: { onlyOceanpaymentIps: true } }, { proxyHops: 1 });
		await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'PROXY-1', headers: { 'X-Forwarded-For': oceanpaymentIp } });
		await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'PROXY-2', headers: { 'X-Forwarded-For': `${oceanpaymentIp}, 198.51.100.7` } });
		await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'PROXY-3' });
		expect(server.executions().map(([item]) => item.json.pushId)).toEqual(['PROXY-1']);
		expect(logLines()).toEqual([expect.stringMatching(/from "198\.51\.100\.7"\)$/), expect.stringMatching(/from "127\.0\.0\.1"\)$/)]);
	});
});

describe('settings and credential problems fail (n8n answers 500, so Oceanpayment delivers again)', () => {
	it('an unknown notification type from an expression names the field', async () => {
		const server = await receiver({ noticeTypes: ['refnd'] });
		const result = await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT });
		expect(result.status).toBe(500);
		expect(server.deliveries[0].error?.message).toMatch(/Notification Types.*"refnd" is not one of/);
	});

	it('a credential without a Secure Code', async () => {
		const server = await receiver({}, { credentials: { ...h.credentials, secureCode: '  ' } });
		const result = await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT });
		expect(result.status).toBe(500);
		expect(server.deliveries[0].error?.message).toMatch(/needs Account, Terminal and Secure Code/);
	});

	it('settings given as expression values: booleans as text, null as the default', async () => {
		const server = await receiver({ simplify: 'false', settings: { dropRedeliveries: null, runUnverified: 'FALSE', onlyOceanpaymentIps: false } });
		const result = await push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'EXPR-1' });
		await h.sim.admin.redeliver(result.pushId);
		expect(server.executions().map(([item]) => item.json.push_id)).toEqual(['EXPR-1']);
		const bad = await receiver({ settings: { runUnverified: 'maybe' } });
		expect((await push({ url: bad.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT })).status).toBe(500);
		expect(bad.deliveries[0].error?.message).toMatch(/Run Unverified Notifications.*expected true or false but got "maybe"/);
	});
});
