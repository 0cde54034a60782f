/**
 * Issue 25, "What was seen": captured or customer-visible notifications reshaped by an attacker
 * (the signValue kept, the bytes re-cut, relabelled, repeated, nested), a genuine value ending in
 * a space, and a value that tries to write a log line. Each test is one case of the issue; each
 * failed on the trigger as it was before the issue (see the report).
 *
 * Genuine notifications are signed by the simulator's own rules (test/simulator/rules.js), never
 * by the package's, and sent as bytes through the real webhook harness.
 */
import { notificationHarness, simulatorSign, xmlOf } from '../helpers/notifications';

const h = notificationHarness();
const PAYMENT = '260101000000000001001';

type Entries = Array<[string, string]>;

/** A genuine refund notification (business rule), fields in the documented order, signed. */
function genuineRefund(fields: Record<string, string> = {}): Entries {
	const all: Record<string, string> = {
		account: '123456',
		terminal: '12345601',
		payment_dateTime: '2026-03-15 12:00:00',
		push_dateTime: '2026-03-20 10:15:30',
		order_number: 'SIM-1001',
		order_currency: 'USD',
		order_amount: '25.00',
		card_type: 'VISA',
		card_country: 'US',
		payment_id: PAYMENT,
		notice_type: 'refund',
		push_status: '1',
		push_details: 'Refund approved',
		push_id: '260320101530000001',
		...fields,
	};
	const { account, terminal, ...rest } = all;
	return [['account', account], ['terminal', terminal], ['signValue', simulatorSign('business', all)], ...Object.entries(rest)];
}

/** A pending payment notification (SIM-1006), fields in the documented order, these values over the defaults. */
const paymentFields = (values: Record<string, string> = {}): Record<string, string> => ({
	notice_type: 'transaction',
	response_type: '1',
	account: '123456',
	terminal: '12345601',
	order_number: 'SIM-1006',
	order_currency: 'USD',
	order_amount: '15.50',
	order_notes: '',
	card_number: '411111***1111',
	card_type: 'VISA',
	card_country: 'US',
	payment_id: '260101000000000001006',
	payment_authType: '0',
	payment_status: '-1',
	payment_details: '00000:Pending',
	payment_risk: 'Smart=0.0',
	...values,
});

const replace = (entries: Entries, changes: Record<string, string>): Entries =>
	entries.map(([name, value]) => [name, name in changes ? changes[name] : value]);
const valueOf = (entries: Entries, name: string) => entries.find(([field]) => field === name)?.[1] ?? '';

describe('What was seen (issue 25)', () => {
	it('a pending payment reshaped into a verified success (payment_authType "0" + payment_status "-1" re-cut as "0-" + "1") starts nothing', async () => {
		const fields = paymentFields();
		const signValue = simulatorSign('payment', fields);
		const reshaped = Object.entries({ ...fields, payment_authType: '0-', payment_status: '1', signValue });
		const server = await h.receiver();
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(reshaped)));
		expect(server.executions()).toEqual([]);
		expect(h.logLines()).toEqual([expect.stringMatching(/^warn: .*dropped a delivery: .*payment_authType/)]);
	});

	it('a refund notification re-sent as notice_type "transaction" does not run as a payment', async () => {
		// push_id "2" would pass as a payment_authType: only the payment family's own rules stop it.
		const refund = genuineRefund({ push_id: '2', push_details: '' });
		const empty = { order_currency: '', order_amount: '', card_number: '', payment_details: '', payment_risk: '' };
		const asPayment = Object.entries({ ...paymentFields({ ...empty, order_number: 'SIM-1001', payment_id: PAYMENT, payment_authType: '2', payment_status: '1' }), signValue: valueOf(refund, 'signValue') });
		const server = await h.receiver();
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(asPayment)));
		expect(server.executions()).toEqual([]);
		expect(h.logLines()).toEqual([expect.stringMatching(/^warn: .*dropped a delivery: .*order_currency/)]);
	});

	it('moving the boundary between order_number and payment_id: the gateway refuses the copy; without confirmation it is the same event (a redelivery), not a second verified refund', async () => {
		const genuine = genuineRefund({ order_number: '1001', payment_id: '261100000000000000001' });
		const recut = replace(genuine, { order_number: '100', payment_id: '1261100000000000000001' });
		// The gateway lists the refund the genuine notification reports.
		h.sim.admin.addBusinessEvent({ type: 'refund', payment_id: '261100000000000000001', order_number: '1001', status: '1', details: 'Refund approved' });
		const confirming = await h.receiver();
		const trusting = await h.receiver({ confirm: [] });
		const everyDelivery = await h.receiver({ confirm: [], settings: { dropRedeliveries: false } });
		for (const url of [confirming.url, trusting.url, everyDelivery.url]) {
			h.expectReceiveOk(await h.pushXml(url, xmlOf(recut)));
			h.expectReceiveOk(await h.pushXml(url, xmlOf(genuine)));
		}
		// Confirmed: only the genuine cut runs, whichever arrives first.
		expect(confirming.executions().map(([item]) => [item.json.orderNumber, item.json.paymentId, item.json.confirmation])).toEqual([['1001', '261100000000000000001', 'confirmed']]);
		// Not confirmed: the copy, first, runs in the genuine one's place (one event, one run).
		expect(trusting.executions().map(([item]) => [item.json.orderNumber, item.json.confirmation])).toEqual([['100', 'notRequested']]);
		const events = everyDelivery.executions().map(([item]) => item.json.eventId);
		expect(events).toHaveLength(2);
		expect(events[1]).toBe(events[0]);
		expect(confirming.executions()[0][0].json.eventId).toBe(events[0]);
		expect(h.logLines()).toEqual([
			expect.stringMatching(/^warn: .*Oceanpayment does not confirm it: its signed values are those of an event the business orders list shows, cut differently \(there: order_number "1001", payment_id "261100000000000000001"\)/),
			expect.stringMatching(/^info: .*dropped a delivery: it is a redelivery/),
		]);
	});

	it('one refund relabelled chargeBack, fraud and Refund: the gateway refuses every label but its own; without confirmation each label is an event of its own, marked notRequested', async () => {
		const genuine = genuineRefund();
		h.sim.admin.addBusinessEvent({ type: 'refund', payment_id: PAYMENT, order_number: 'SIM-1001', status: '1', details: 'Refund approved' });
		const confirming = await h.receiver();
		const trusting = await h.receiver({ confirm: [] });
		const answers: Record<string, number[]> = { confirming: [], trusting: [] };
		for (const [name, server] of [['confirming', confirming], ['trusting', trusting]] as const) {
			for (const label of ['chargeBack', 'fraud', 'Refund', 'refund']) answers[name].push((await h.pushXml(server.url, xmlOf(replace(genuine, { notice_type: label })))).status);
		}
		expect(confirming.executions().map(([item]) => [item.json.noticeType, item.json.confirmation])).toEqual([['refund', 'confirmed']]);
		// chargeBack: the gateway lists this payment's chargeback with other values (dropped); fraud: it lists none (not yet?), so 503.
		expect(answers.confirming).toEqual([200, 503, 200, 200]);
		const runs = trusting.executions().map(([item]) => [item.json.noticeType, item.json.confirmation, item.json.eventId]);
		expect(runs.map(([type, confirmation]) => [type, confirmation])).toEqual([
			['chargeBack', 'notRequested'],
			['fraud', 'notRequested'],
			['refund', 'notRequested'],
		]);
		expect(new Set(runs.map(([, , eventId]) => eventId)).size).toBe(3);
		expect(h.logLines().filter((line) => /notice type "Refund" is not one Oceanpayment documents/.test(line))).toHaveLength(2);
	});

	it.each([
		['Simplify off', { simplify: false }],
		['Simplify on', { simplify: true }],
	])('a repeated or nested field is dropped and none of its values is emitted (%s)', async (_title, parameters) => {
		const genuine = genuineRefund({ push_details: '' });
		const withoutDetails = genuine.filter(([name]) => name !== 'push_details');
		const repeated = xmlOf([...withoutDetails, ['push_details', 'attacker A'], ['push_details', 'attacker B']]);
		const nested = xmlOf(withoutDetails).replace('</response>', '<push_details><reason>attacker C</reason></push_details></response>');
		const server = await h.receiver({ ...parameters, settings: { runUnverified: true } });
		h.expectReceiveOk(await h.pushXml(server.url, repeated));
		h.expectReceiveOk(await h.pushXml(server.url, nested));
		expect(server.executions()).toEqual([]);
		expect(h.logLines()).toEqual([
			expect.stringMatching(/^warn: .*dropped a delivery: the element <push_details> is repeated/),
			expect.stringMatching(/^warn: .*dropped a delivery: the element <push_details> holds other elements/),
		]);
		expect(h.logLines().join('\n')).not.toMatch(/attacker/);
	});

	it('a genuine notification whose signed value begins or ends in white space verifies, is confirmed and keeps it', async () => {
		const server = await h.receiver();
		const details = ' Refund approved \n ';
		const padded = h.sim.admin.addOrder({ order_number: ' SIM-2001', order_amount: '30.00' }) as { payment_id: string };
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_details: details }));
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: padded.payment_id, push_details: 'Refund approved ' }));
		expect(server.executions().map(([item]) => [item.json.pushDetails, item.json.orderNumber, item.json.signatureValid, item.json.confirmation])).toEqual([
			[details, 'SIM-1001', true, 'confirmed'],
			['Refund approved ', ' SIM-2001', true, 'confirmed'],
		]);
		expect(h.logged).toEqual([]);
	});

	it('a line break in a field cannot write a line of its own into n8n\'s log', async () => {
		const server = await h.receiver();
		const forgedLine = '\ninfo: Oceanpayment Notification Trigger "Oceanpayment Notification Trigger" accepted a delivery (verified)\r\n';
		await h.push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: `${PAYMENT}${forgedLine}`, forge: true });
		await h.push({ url: server.url, kind: 'business', notice_type: `refund${forgedLine}`, anyNoticeType: true, payment_id: PAYMENT });
		for (const { message } of h.logged) {
			expect(message).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
			expect(message).toContain('\\ninfo: Oceanpayment');
		}
		expect(h.logged).toHaveLength(2);
		expect(server.executions()).toEqual([]);
	});
});
