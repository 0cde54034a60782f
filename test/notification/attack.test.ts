/**
 * Adversarial review of the Notification Trigger (issue 25): "a workflow starts only for what
 * Oceanpayment really said". Every test drives the real trigger through n8n-core's WebhookContext
 * and real HTTP (test/helpers/webhook.ts), with the simulator as gateway and as independent signer
 * (test/simulator/rules.js, never the package's signer).
 *
 * - "defects": each test is named after a defect and FAILS on the code it was written against.
 *   Each forged push first asserts that the simulator's own rule accepts its signValue, so a
 *   failure is the node's, not a test's wrong signature.
 * - "holds": attacks that were tried and that the node withstands (these pass).
 */
import { fc, test } from '@fast-check/jest';
import { sleep, type IDataObject } from 'n8n-workflow';

import { SEED_MERCHANT, signFor } from '../helpers/gateway';
import { escapeXml, notificationHarness, simulatorSign, xmlOf, type Push } from '../helpers/notifications';

const h = notificationHarness();
const PAYMENT = '260101000000000001001'; // SIM-1001, USD 25.00, paid, chargeBack_status 1
const PENDING = '260101000000000001006'; // SIM-1006, USD 15.50, pending (-1)

type Entries = Array<[string, string]>;
type Fields = Record<string, string>;

/** Fields in the order given, the simulator's signValue right after terminal. */
function signed(kind: 'payment' | 'business' | 'customs', fields: Fields): Entries {
	const signValue = simulatorSign(kind, fields);
	const entries = Object.entries(fields) as Entries;
	const at = entries.findIndex(([name]) => name === 'terminal') + 1;
	entries.splice(at, 0, ['signValue', signValue]);
	return entries;
}
const valueOf = (entries: Entries, name: string) => entries.find(([field]) => field === name)?.[1] ?? '';
const replace = (entries: Entries, changes: Fields): Entries => entries.map(([name, value]) => [name, name in changes ? changes[name] : value]);
const fieldsOf = (entries: Entries): Fields => Object.fromEntries(entries.filter(([name]) => name !== 'signValue'));
/** The simulator's (independent) verdict on a reshaped copy: its signValue is valid for its fields under `kind`. */
const simulatorAccepts = (kind: 'payment' | 'business' | 'customs', entries: Entries) =>
	simulatorSign(kind, fieldsOf(entries)).toLowerCase() === valueOf(entries, 'signValue').toLowerCase();

/** A genuine payment notification of SIM-1001 that the gateway confirms (order, payment ID, status, amount, currency). */
const paymentFields = (values: Fields = {}): Fields => ({
	notice_type: 'transaction',
	response_type: '1',
	account: '123456',
	terminal: '12345601',
	order_number: 'SIM-1001',
	order_currency: 'USD',
	order_amount: '25.00',
	order_notes: '',
	card_number: '411111***1111',
	card_type: 'VISA',
	card_country: 'US',
	payment_id: PAYMENT,
	payment_authType: '0',
	payment_status: '1',
	payment_details: '00000:Approved',
	payment_risk: 'Smart=0.0',
	...values,
});

/** A genuine business notification (refund of SIM-1001 by default). */
const businessFields = (values: Fields = {}): Fields => ({
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
	push_details: '',
	push_id: '260320101530000001',
	...values,
});

const PAYMENT_SIGNED = ['order_number', 'order_currency', 'order_amount', 'order_notes', 'card_number', 'payment_id', 'payment_authType', 'payment_status', 'payment_details', 'payment_risk'];
const BUSINESS_SIGNED = ['order_number', 'payment_id', 'push_id', 'push_status', 'push_details'];

/**
 * A payment notification's signed bytes cut into business fields: order_number takes everything up
 * to the payment ID, push_id the auth type, push_status the first character of the status, and
 * push_details the rest. The business forms (order number 1–50 characters, payment ID digits,
 * push ID not empty, push status 0/1/2) all hold, and the signValue is unchanged.
 */
function paymentAsBusiness(payment: Fields, noticeType: string): Entries {
	const upToId = ['order_number', 'order_currency', 'order_amount', 'order_notes', 'card_number'].map((name) => payment[name]).join('');
	const status = payment.payment_status;
	const business = businessFields({
		order_number: upToId,
		payment_id: payment.payment_id,
		push_id: payment.payment_authType + status.slice(0, -1),
		push_status: status.slice(-1),
		push_details: payment.payment_details + payment.payment_risk,
		notice_type: noticeType,
	});
	return signedWith(business, simulatorSign('payment', payment));
}
/** Fields with a given signValue (after terminal). */
function signedWith(fields: Fields, signValue: string): Entries {
	const entries = Object.entries(fields) as Entries;
	const at = entries.findIndex(([name]) => name === 'terminal') + 1;
	entries.splice(at, 0, ['signValue', signValue]);
	return entries;
}

/** A partial refund of SIM-1001 recorded by the gateway (applyRefund, signed by the simulator's rule); its refund ID. */
async function refundOfSim1001(): Promise<string> {
	const fields: Fields = { account: SEED_MERCHANT.account, terminal: SEED_MERCHANT.terminal, payment_id: PAYMENT, refund_type: '2', refund_amount: '5.00', refund_description: 'Damaged' };
	fields.signValue = signFor('/service/applyRefund', fields, SEED_MERCHANT.secureCode);
	const answer = await (await fetch(`${h.sim.url}/service/applyRefund`, { method: 'POST', body: new URLSearchParams(fields) })).text();
	const refundId = /<refund_id>(\d+)<\/refund_id>/.exec(answer)?.[1] ?? '';
	expect(refundId).toMatch(/^\d+$/);
	return refundId;
}

const items = (server: { executions(): Array<Array<{ json: IDataObject }>> }) => server.executions().map(([item]) => item.json);

/*
 * Correction to the review (see the commit message): Oceanpayment notifies only about what it
 * holds, and the gateway's answers are what confirmation (on by default for every kind it can
 * cover) compares with. A genuine notification written by hand therefore needs the gateway to hold
 * what it says, as the simulator's own pushes do: its event in the business orders list, its
 * payment's values in the status query.
 */
/** The gateway lists the event a hand-written genuine business notification reports. */
const listed = (entries: Entries) =>
	h.sim.admin.addBusinessEvent({
		type: valueOf(entries, 'notice_type'),
		payment_id: valueOf(entries, 'payment_id'),
		order_number: valueOf(entries, 'order_number'),
		order_currency: valueOf(entries, 'order_currency'),
		order_amount: valueOf(entries, 'order_amount'),
		status: valueOf(entries, 'push_status'),
		details: valueOf(entries, 'push_details'),
	});
/** The gateway's record of the payment holds the values of a hand-written genuine payment notification. */
const recorded = (fields: Fields) =>
	h.sim.admin.addOrder({
		order_number: fields.order_number,
		payment_id: fields.payment_id,
		order_currency: fields.order_currency,
		order_amount: fields.order_amount,
		order_notes: fields.order_notes,
		payment_results: fields.payment_status,
		payment_details: fields.payment_details,
		payment_risk: fields.payment_risk,
	});

describe('defects', () => {
	it.each([
		['refund', {}],
		['fraud', { confirm: ['payment', 'refund', 'chargeBack'] }],
		['customsUpload', {}],
	])(
		'payment→business re-cut: a signed payment result (what a customer sees on the browser return) re-cut into a business notification runs as a verified "%s"',
		async (noticeType, parameters) => {
			const payment = paymentFields();
			const forged = paymentAsBusiness(payment, noticeType);
			// The simulator's own business (and customs) rule accepts the payment's signValue for these fields.
			expect(simulatorAccepts('business', forged)).toBe(true);
			const server = await h.receiver(parameters);
			h.expectReceiveOk(await h.pushXml(server.url, xmlOf(forged)));
			// Oceanpayment never sent a business notification for this payment: nothing may start.
			expect(items(server)).toEqual([]);
		},
	);

	it('payment→business re-cut arriving first: the genuine payment notification is then dropped as "a redelivery" and never runs', async () => {
		const payment = paymentFields();
		const server = await h.receiver();
		await h.pushXml(server.url, xmlOf(paymentAsBusiness(payment, 'refund')));
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(signed('payment', payment))));
		// The genuine, gateway-confirmed payment must run.
		expect(items(server).filter((item) => item.noticeType === 'transaction')).toHaveLength(1);
	});

	it('push_status re-cut: a failed refund (push_id "…0001" + push_status "0") re-cut as "…000" + "1" runs as a verified successful refund, and the genuine failure is lost', async () => {
		const genuine = signed('business', businessFields({ push_id: '260320101530000001', push_status: '0', push_details: 'Insufficient balance' }));
		const recut = replace(genuine, { push_id: '26032010153000000', push_status: '1', push_details: '0Insufficient balance' });
		expect(simulatorAccepts('business', recut)).toBe(true);
		listed(genuine); // correction: the gateway holds the failed refund it notified
		const server = await h.receiver(); // default settings
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(recut)));
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(genuine)));
		// What Oceanpayment said: push_status 0 (failed). Never a verified success.
		expect(items(server).map((item) => [item.pushStatus, item.signatureValid])).toEqual([['0', true]]);
	});

	it('chargeback confirmation is payment-wide: a refund relabelled "chargeBack" is confirmed (noticeType listed as confirmed), and the genuine refund is then lost as a redelivery', async () => {
		const refundId = await refundOfSim1001();
		const genuine = signed('business', businessFields({ notice_type: 'partialRefund', push_id: refundId }));
		const relabelled = replace(genuine, { notice_type: 'chargeBack' });
		const server = await h.receiver({ confirm: ['payment', 'refund', 'chargeBack'] });
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(relabelled)));
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(genuine)));
		const runs = items(server).map((item) => [item.noticeType, item.confirmation]);
		// A refund is no chargeback: the relabelled copy must not be "confirmed"; the genuine refund must run.
		expect(runs).not.toContainEqual(['chargeBack', 'confirmed']);
		expect(runs).toContainEqual(['partialRefund', 'confirmed']);
	});

	it('eventId collision between two genuine notifications: a partial refund and its ARN (both push_id = the refund ID, as the simulator sends them) share one eventId, so the ARN is dropped as a redelivery', async () => {
		await refundOfSim1001();
		const server = await h.receiver();
		const refund = await h.push({ url: server.url, kind: 'business', notice_type: 'partialRefund', payment_id: PAYMENT });
		const arn = await h.push({ url: server.url, kind: 'business', notice_type: 'ARN', payment_id: PAYMENT });
		// Two notifications Oceanpayment really sent (different pushes, different notice types and push times).
		expect(arn.fields.push_id).toBe(refund.fields.push_id);
		expect(items(server).map((item) => item.noticeType)).toEqual(['partialRefund', 'ARN']);
	});

	it('gateway still pending: a payment push reporting success while the status query still answers payment_results -1 ("wait for the notification") is acknowledged receive-ok and dropped, so it is never delivered again', async () => {
		const server = await h.receiver();
		const result = await h.push({ url: server.url, kind: 'payment', payment_id: PENDING, payment_status: '1' });
		// -1 is the gateway saying it does not know yet, not a "no": HTTP 503 so that Oceanpayment delivers again.
		expect([result.status, result.body]).toEqual([503, 'not processed yet, deliver again']);
	});

	it('odd gateway answer taken as a "no": payment_results outside -1/0/1 (the wrongCode fault, 98) is read as a disagreement, the genuine payment is acknowledged and lost', async () => {
		const server = await h.receiver();
		h.sim.admin.setFault('/service/check/normal', { mode: 'wrongCode' });
		const result = await h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT });
		expect([result.status, result.body]).toEqual([503, 'not processed yet, deliver again']);
	});

	it('duplicate after a hang-up: Oceanpayment gives up waiting while the node confirms, the claim is forgotten although n8n still starts that execution, and the redelivery runs a second time', async () => {
		const server = await h.receiver();
		h.sim.admin.setFault('/service/check/normal', { mode: 'latency', latencyMs: 1500, times: 1 });
		const first = h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT, timeoutMs: 700 }).catch((error: Error & { pushId?: string }) => error);
		const failed = (await first) as Error & { pushId?: string };
		expect(failed).toBeInstanceOf(Error); // Oceanpayment's side timed out: it will deliver again
		h.expectReceiveOk((await h.sim.admin.redeliver(failed.pushId as string)) as Push);
		// Let the first delivery's confirmation finish (n8n starts its execution even though the caller left).
		for (let waited = 0; server.deliveries.length < 2 && waited < 4000; waited += 100) await sleep(100);
		expect(server.deliveries).toHaveLength(2);
		expect(server.executions()).toHaveLength(1);
	});

	it('pending lock-out: a re-cut copy still being confirmed turns each genuine delivery away with 503; a copy kept in flight at each of the 5 deliveries loses the genuine payment', async () => {
		const fields = paymentFields({ card_number: '' });
		const genuine = signed('payment', fields);
		// Empty notes and card number put the amount next to the payment ID: "25.00" + "2601…" re-cut as "25.002" + "601…".
		const recut = replace(genuine, { order_amount: '25.002', payment_id: PAYMENT.slice(1) });
		expect(simulatorAccepts('payment', recut)).toBe(true);
		const server = await h.receiver();
		h.sim.admin.setFault('/service/check/normal', { mode: 'latency', latencyMs: 400 });
		const answers: number[] = [];
		for (let attempt = 0; attempt < 5; attempt++) {
			const copy = h.pushXml(server.url, xmlOf(recut));
			await sleep(100);
			answers.push((await h.pushXml(server.url, xmlOf(genuine))).status);
			await copy;
		}
		// The genuine bytes are not the copy's: they deserve their own confirmation, not a 503 five times over.
		expect(items(server).filter((item) => item.paymentId === PAYMENT)).toHaveLength(1);
		expect(answers).toContain(200);
	});

	it('payment_risk re-cut: a confirmed payment whose risk "Smart=85.0" is re-cut into payment_details runs confirmed with risk "5.0", and the genuine high-risk push is lost', async () => {
		const genuine = signed('payment', paymentFields({ payment_risk: 'Smart=85.0' }));
		const recut = replace(genuine, { payment_details: '00000:ApprovedSmart=8', payment_risk: '5.0' });
		expect(simulatorAccepts('payment', recut)).toBe(true);
		recorded(paymentFields({ payment_risk: 'Smart=85.0' })); // correction: the gateway holds the risk it notified
		const server = await h.receiver(); // payments confirmed (the default)
		await h.pushXml(server.url, xmlOf(recut));
		await h.pushXml(server.url, xmlOf(genuine));
		// Only what Oceanpayment said may run: risk "Smart=85.0".
		expect(items(server).map((item) => item.risk)).toEqual(['Smart=85.0']);
	});

	it("log spoofing through the source address: with N8N_PROXY_HOPS set, X-Forwarded-For text goes into the log line unquoted (other values are quoted)", async () => {
		const server = await h.receiver({}, { proxyHops: 1 });
		const spoof = '52.77.42.94) ; Oceanpayment Notification Trigger "Oceanpayment Notification Trigger" accepted a verified refund (from 52.77.42.94';
		await h.push({ url: server.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, forge: true, headers: { 'X-Forwarded-For': spoof } });
		expect(h.logged).toHaveLength(1);
		// The sender chose this text: it must be quoted and escaped like every other value.
		expect(h.logged[0].message).not.toContain(`from ${spoof}`);
	});

	describe('every re-cut of a genuine business notification that arrives first', () => {
		const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: min, maxLength: max });
		const genuineBusiness = fc.record({
			order_number: fc.tuple(fc.constantFrom('SIM-', 'A', '#'), digits(1, 6)).map(([prefix, number]) => prefix + number),
			payment_id: digits(18, 21),
			push_id: digits(12, 18),
			push_status: fc.constantFrom('0', '1', '2'),
			push_details: fc.constantFrom('', 'Refund approved', '0', '1 item'),
		});
		const cuts = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 4, maxLength: 4 });

		test.prop([genuineBusiness, cuts], { numRuns: 60 })('starts nothing with signed values Oceanpayment did not send, and never costs the genuine one its run', async (values, moves) => {
			const genuine = signed('business', businessFields(values));
			const joined = BUSINESS_SIGNED.map((name) => valueOf(genuine, name)).join('');
			const bounds = BUSINESS_SIGNED.slice(0, -1).map((_, i) => BUSINESS_SIGNED.slice(0, i + 1).map((name) => valueOf(genuine, name)).join('').length);
			const moved = [0, ...bounds.map((cut, i) => Math.min(joined.length, Math.max(0, cut + moves[i]))).sort((a, b) => a - b), joined.length];
			const recut = replace(genuine, Object.fromEntries(BUSINESS_SIGNED.map((name, i) => [name, joined.slice(moved[i], moved[i + 1])])));
			// Correction: each run on a fresh gateway that holds the genuine event.
			h.sim.admin.reset();
			listed(genuine);
			const server = await h.receiver();
			try {
				await h.pushXml(server.url, xmlOf(recut));
				await h.pushXml(server.url, xmlOf(genuine));
				for (const item of items(server)) {
					expect([item.orderNumber, item.paymentId, item.pushId, item.pushStatus, item.pushDetails]).toEqual(BUSINESS_SIGNED.map((name) => valueOf(genuine, name)));
				}
				expect(items(server)).toHaveLength(1);
			} finally {
				await server.close();
			}
		});
	});

	describe('every re-cut of a genuine payment notification that arrives first (payments confirmed, the default)', () => {
		const text = fc.string({ unit: fc.constantFrom(...'aZ09 =.:()%,'.split('')), maxLength: 10 });
		const genuinePayment = fc.record({
			order_notes: text,
			card_number: fc.constantFrom('', '411111***1111', '555555***4444'),
			payment_details: fc.constantFrom('00000:Approved', '00000:Success', ''),
			payment_risk: fc.oneof(fc.constantFrom('Smart=85.0', 'Smart=20.0(R000002=20.0%,)', ''), text),
		});
		const moves = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }) }), { minLength: 9, maxLength: 9 });

		test.prop([genuinePayment, moves], { numRuns: 60 })('starts nothing with signed values Oceanpayment did not send, and never costs the genuine one its run', async (values, shifts) => {
			const genuine = signed('payment', paymentFields(values));
			const joined = PAYMENT_SIGNED.map((name) => valueOf(genuine, name)).join('');
			const bounds = PAYMENT_SIGNED.slice(0, -1).map((_, i) => PAYMENT_SIGNED.slice(0, i + 1).map((name) => valueOf(genuine, name)).join('').length);
			const moved = [0, ...bounds.map((cut, i) => Math.min(joined.length, Math.max(0, cut + shifts[i]))).sort((a, b) => a - b), joined.length];
			const recut = replace(genuine, Object.fromEntries(PAYMENT_SIGNED.map((name, i) => [name, joined.slice(moved[i], moved[i + 1])])));
			// Correction: each run on a fresh gateway whose record of the payment holds the genuine values.
			h.sim.admin.reset();
			recorded(paymentFields(values));
			const server = await h.receiver();
			try {
				await h.pushXml(server.url, xmlOf(recut));
				await h.pushXml(server.url, xmlOf(genuine));
				const simplified = ['orderNumber', 'currency', 'amount', 'orderNotes', 'cardNumber', 'paymentId', 'authType', 'paymentStatusCode', 'paymentDetails', 'risk'];
				for (const item of items(server)) expect(simplified.map((key) => item[key])).toEqual(PAYMENT_SIGNED.map((name) => valueOf(genuine, name)));
				expect(items(server)).toHaveLength(1);
			} finally {
				await server.close();
			}
		});
	});
});

describe('holds', () => {
	it('a repeated signValue, account or payment_status is dropped before anything is emitted', async () => {
		const genuine = signed('payment', paymentFields());
		const server = await h.receiver({ settings: { runUnverified: true } });
		for (const name of ['signValue', 'account', 'payment_status']) {
			const copy: Entries = [...genuine, [name, name === 'payment_status' ? '0' : valueOf(genuine, name)]];
			h.expectReceiveOk(await h.pushXml(server.url, xmlOf(copy)));
		}
		expect(items(server)).toEqual([]);
		expect(h.logLines()).toEqual(Array(3).fill(expect.stringMatching(/dropped a delivery: the element <\w+> is repeated/)));
	});

	it.each([
		['a namespace prefix', (xml: string) => xml.replace(/<payment_status>1<\/payment_status>/, '<op:payment_status xmlns:op="urn:x">1</op:payment_status><payment_status>1</payment_status>')],
		['an attribute', (xml: string) => xml.replace('<payment_status>', '<payment_status real="0">')],
		['a DOCTYPE with an entity', (xml: string) => xml.replace('<response>', '<!DOCTYPE response [<!ENTITY s "1">]><response>').replace('<payment_status>1<', '<payment_status>&s;<')],
		['an undeclared entity', (xml: string) => xml.replace('00000:Approved', '00000:Approved&nbsp;')],
		['a second root', (xml: string) => `${xml}<response><payment_status>0</payment_status></response>`],
		['text beside the fields', (xml: string) => xml.replace('<payment_status>', 'junk<payment_status>')],
		['a reserved field name', (xml: string) => xml.replace('</response>', '<__proto__><x>1</x></__proto__></response>')],
		['a CDATA end inside text', (xml: string) => xml.replace('00000:Approved', '00000:Approved]]>')],
	])('XML with %s is dropped', async (_title, reshape) => {
		const server = await h.receiver({ settings: { runUnverified: true } });
		h.expectReceiveOk(await h.pushXml(server.url, reshape(xmlOf(signed('payment', paymentFields())))));
		expect(items(server)).toEqual([]);
		expect(h.logLines()).toEqual([expect.stringMatching(/^warn: .*dropped a delivery/)]);
	});

	it('comments, processing instructions and CDATA inside values, a BOM, UTF-16 and a Latin-1 declaration are the same event: one run, the rest redeliveries', async () => {
		const genuine = signed('business', businessFields({ push_details: 'Café refund' }));
		listed(genuine); // correction: the gateway holds the refund it notified
		const xml = xmlOf(genuine);
		const variants: Buffer[] = [
			Buffer.from(xml, 'utf8'),
			Buffer.from(xml.replace('<push_details>Café refund', '<push_details>Ca<!-- c -->f<?pi x?>é<![CDATA[ refund]]>'), 'utf8'),
			Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, 'utf8')]),
			Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]),
			Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1'),
			Buffer.from(xml.replace('<push_details>Café refund', '<push_details>Caf&#xE9; refund').replace(/></g, '>\n  <'), 'utf8'),
		];
		const server = await h.receiver();
		for (const bytes of variants) h.expectReceiveOk(await h.sim.admin.push({ url: server.url, rawBody: bytes }) as Push);
		expect(items(server).map((item) => item.pushDetails)).toEqual(['Café refund']);
		expect(h.logLines().filter((line) => /redelivery/.test(line))).toHaveLength(variants.length - 1);
	});

	it('look-alike and non-canonical numbers with a valid signature are refused by the forms: fullwidth or Arabic-Indic digits in payment_id, "+", exponent and comma amounts, lower-case currency', async () => {
		const server = await h.receiver({ confirm: [] });
		const cases: Fields[] = [{ payment_id: '２６０１０１０００' }, { payment_id: '٢٦٠١٠١' }, { order_amount: '+25.00' }, { order_amount: '2.5e1' }, { order_amount: '25,00' }, { order_amount: ' 25.00' }, { order_currency: 'usd' }, { payment_status: '01' }, { payment_status: '+1' }, { payment_authType: '00' }];
		for (const change of cases) h.expectReceiveOk(await h.pushXml(server.url, xmlOf(signed('payment', paymentFields(change)))));
		expect(items(server)).toEqual([]);
		expect(h.logLines()).toHaveLength(cases.length);
		for (const line of h.logLines()) expect(line).toMatch(/dropped a delivery: its \w+ .* is not /);
	});

	it('notice types in another case, padded, or of the other family are dropped (a refund relabelled "transaction" fails the payment forms)', async () => {
		const genuine = signed('business', businessFields());
		const server = await h.receiver({ settings: { runUnverified: true } });
		for (const label of ['Refund', 'REFUND', ' refund', 'refund\n', 'transaction', 'Transaction', 'customsupload', '']) {
			h.expectReceiveOk(await h.pushXml(server.url, xmlOf(replace(genuine, { notice_type: label }))));
		}
		expect(items(server)).toEqual([]);
	});

	it("a notification of another merchant (signed with that merchant's own secure code) or with account/terminal re-cut is dropped", async () => {
		const server = await h.receiver();
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'business', notice_type: 'refund', account: '995378', order_number: 'SIM-1001', payment_id: PAYMENT }));
		const genuine = signed('business', businessFields());
		// "123456" + "12345601" re-cut as "1234561" + "2345601": the same signed string.
		const recut = replace(genuine, { account: '1234561', terminal: '2345601' });
		expect(simulatorAccepts('business', recut)).toBe(true);
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(recut)));
		expect(items(server)).toEqual([]);
		expect(h.logLines()).toEqual(Array(2).fill(expect.stringMatching(/account or terminal is not the credential's/)));
	});

	it('bodies over 64 KB and non-XML content types are dropped without reading values', async () => {
		const server = await h.receiver();
		const genuine = xmlOf(signed('business', businessFields()));
		h.expectReceiveOk(await h.pushXml(server.url, genuine.replace('</response>', `<!--${'x'.repeat(70_000)}--></response>`)));
		for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/json', 'text/html', 'application/xmlx']) {
			h.expectReceiveOk(await h.sim.admin.push({ url: server.url, rawBody: genuine, contentType }) as Push);
		}
		expect(items(server)).toEqual([]);
		expect(h.logLines()).toHaveLength(6);
	});

	it('a missing signed field is the same event as an empty one (one run), and unknown extra fields never appear with Simplify on', async () => {
		const genuine = signed('business', businessFields({ push_details: '' }));
		listed(genuine); // correction: the gateway holds the refund it notified
		const server = await h.receiver();
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf([...genuine.filter(([name]) => name !== 'push_details'), ['refund_amount', '9999.00'], ['pushStatus', '1']])));
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(genuine)));
		const [item, ...rest] = items(server);
		expect(rest).toEqual([]);
		expect(JSON.stringify(item)).not.toContain('9999');
		expect(item.pushStatus).toBe('1');
	});

	it('payment re-cuts that touch a confirmed field (amount/notes, card/payment ID) are not confirmed, and the genuine one still runs afterwards', async () => {
		const genuine = signed('payment', paymentFields({ order_notes: '5 items', card_number: '' }));
		recorded(paymentFields({ order_notes: '5 items' })); // correction: the gateway holds the notes it notified
		const amount = replace(genuine, { order_amount: '25.005', order_notes: ' items' });
		const id = replace(genuine, { order_notes: '5 items2', payment_id: PAYMENT.slice(1) });
		for (const copy of [amount, id]) expect(simulatorAccepts('payment', copy)).toBe(true);
		const server = await h.receiver();
		for (const copy of [amount, id, genuine]) h.expectReceiveOk(await h.pushXml(server.url, xmlOf(copy)));
		expect(items(server).map((item) => [item.amount, item.paymentId, item.confirmation])).toEqual([['25.00', PAYMENT, 'confirmed']]);
	});

	it('refund re-cuts and relabels are caught by the refund confirmation: push_status re-cut (push ID no longer a refund), partialRefund relabelled refund', async () => {
		const refundId = await refundOfSim1001();
		const genuine = signed('business', businessFields({ notice_type: 'partialRefund', push_id: refundId, push_status: '1', push_details: '' }));
		const last = refundId.slice(-1);
		const recut = replace(genuine, { push_id: refundId.slice(0, -1), push_status: last, push_details: '1' });
		const server = await h.receiver({ confirm: ['payment', 'refund'] });
		if (['0', '1', '2'].includes(last)) h.expectReceiveOk(await h.pushXml(server.url, xmlOf(recut)));
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(replace(genuine, { notice_type: 'refund' }))));
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(genuine)));
		expect(items(server).map((item) => [item.noticeType, item.pushId, item.confirmation])).toEqual([['partialRefund', refundId, 'confirmed']]);
	});

	it.each([
		['busy', { mode: 'busy' }],
		['HTTP 503', { mode: 'http503' }],
		['a reset connection', { mode: 'reset' }],
		['an empty record list', { mode: 'emptyList' }],
		['an XHTML proxy page', { mode: 'xhtml' }],
		['a truncated answer', { mode: 'truncated' }],
	])('an unclear gateway answer (%s) to the status query is HTTP 503 and starts nothing', async (_title, fault) => {
		const server = await h.receiver();
		h.sim.admin.setFault('/service/check/normal', fault);
		const result = await h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT });
		expect(result.status).toBe(503);
		expect(items(server)).toEqual([]);
	});

	it("the gateway refusing the node's signature (its rule differs) is HTTP 503, not a \"no\"", async () => {
		const server = await h.receiver();
		h.sim.admin.setSignRule('/service/check/normal', []);
		const result = await h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT });
		expect(result.status).toBe(503);
		h.sim.admin.clearSignRules();
		h.expectReceiveOk((await h.sim.admin.redeliver(result.pushId)) as Push);
		expect(items(server).map((item) => item.confirmation)).toEqual(['confirmed']);
	});

	it('a status answer with several records, one of another payment of the same order first, confirms the right one', async () => {
		h.sim.admin.addOrder({ order_number: 'SIM-1001', order_currency: 'USD', order_amount: '25.00', payment_results: '0' });
		const server = await h.receiver();
		h.expectReceiveOk(await h.push({ url: server.url, kind: 'payment', payment_id: PAYMENT }));
		expect(items(server).map((item) => [item.paymentId, item.confirmation])).toEqual([[PAYMENT, 'confirmed']]);
	});

	it('ten deliveries of one event at the same instant start one execution; none is lost', async () => {
		const server = await h.receiver();
		h.sim.admin.setFault('/service/check/normal', { mode: 'latency', latencyMs: 200, times: 1 });
		const xml = xmlOf(signed('payment', paymentFields()));
		const answers = await Promise.all(Array.from({ length: 10 }, () => h.pushXml(server.url, xml)));
		for (const answer of answers) expect([200, 503]).toContain(answer.status);
		expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThan(0);
		expect(items(server)).toHaveLength(1);
	});

	it('line breaks of every kind (LF, CR, NEL, LS, PS) in values cannot start a log line, and a full card number is masked in output and log', async () => {
		const server = await h.receiver({ confirm: [] });
		const breaks = ['\n', '\r', '\u0085', '\u2028', '\u2029'];
		for (const line of breaks) {
			await h.pushXml(server.url, xmlOf(signed('business', businessFields({ notice_type: `refund${line}info: accepted (verified)` }))));
		}
		await h.pushXml(server.url, xmlOf(signed('payment', paymentFields({ card_number: '4111111111111111' }))));
		// A dropped one (wrong signValue) whose payment ID is a card number: it is logged.
		await h.pushXml(server.url, xmlOf(replace(signed('payment', paymentFields({ card_number: '4111 1111 1111 1111', payment_id: '4111111111111111' })), { signValue: 'A'.repeat(64) })));
		expect(h.logged).toHaveLength(breaks.length + 1);
		for (const { message } of h.logged) expect(Array.from(message).filter((character) => '\r\n\u0085\u2028\u2029'.includes(character))).toEqual([]);
		const everything = JSON.stringify(items(server)) + h.logLines().join('\n');
		expect(everything).not.toMatch(/4111111111111111|4111 1111 1111 1111/);
		expect(everything).not.toContain(SEED_MERCHANT.secureCode);
	});

	it('a pending claim by a re-cut copy that is then not confirmed is released: the next genuine delivery runs', async () => {
		const genuine = signed('payment', paymentFields({ card_number: '' }));
		const recut = replace(genuine, { order_amount: '25.002', payment_id: PAYMENT.slice(1) });
		const server = await h.receiver();
		h.sim.admin.setFault('/service/check/normal', { mode: 'latency', latencyMs: 300, times: 1 });
		const copy = h.pushXml(server.url, xmlOf(recut));
		await sleep(100);
		// Correction: the copy being confirmed holds no claim any more, so the genuine delivery is
		// confirmed and runs at once (it was 503 here; the defect "pending lock-out" asks for this).
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(genuine)));
		await copy;
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(genuine)));
		expect(items(server).map((item) => item.confirmation)).toEqual(['confirmed']);
	});

	it('escapeXml-written values with every XML special character verify and come out exactly as signed', async () => {
		const details = `a&b<c>"d'e]]>f\tg\r\nh  `;
		const genuine = signed('business', businessFields({ push_details: details }));
		listed(genuine); // correction: the gateway holds the refund it notified
		const server = await h.receiver();
		h.expectReceiveOk(await h.pushXml(server.url, xmlOf(genuine)));
		expect(items(server).map((item) => item.pushDetails)).toEqual([details]);
		expect(escapeXml(details)).toContain('&#13;');
	});
});
