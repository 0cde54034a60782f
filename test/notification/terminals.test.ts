/**
 * Issue 29: one Notification Trigger for both terminals. A push for the 3-D Secure terminal is
 * verified with that terminal's secure code (and confirmed through that terminal); a push for a
 * terminal the credential does not hold is still dropped. The simulator signs with its own rules.
 */
import { SEED_MERCHANT, SEED_THREE_D, THREE_D_FIELDS } from '../helpers/gateway';
import { notificationHarness } from '../helpers/notifications';

const h = notificationHarness();
const { push, logLines, expectReceiveOk } = h;
const receiver = async (parameters = {}) => await h.receiver(parameters, { credentials: { ...h.credentials, ...THREE_D_FIELDS } });
const THREE_D_PAYMENT = '260101000000000002001';
const MAIN_PAYMENT = '260101000000000001001';

describe('a credential with both terminals', () => {
	it('runs a push of each terminal once, each verified with its own secure code and confirmed through its own terminal', async () => {
		const server = await receiver();
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'chargeBack', payment_id: MAIN_PAYMENT }));
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'chargeBack', terminal: SEED_THREE_D.terminal, payment_id: THREE_D_PAYMENT }));
		const items = server.executions().map(([item]) => item.json);
		expect(items.map((json) => [json.terminal, json.paymentId, json.signatureValid, json.confirmation])).toEqual([
			[SEED_MERCHANT.terminal, MAIN_PAYMENT, true, 'confirmed'],
			[SEED_THREE_D.terminal, THREE_D_PAYMENT, true, 'confirmed'],
		]);
		// The 3-D push was confirmed by asking the 3-D terminal, signed with its secure code.
		const lists = h.sim.admin.getLog().filter((entry) => entry.path === '/service/BusinessOrdersList');
		expect(lists.map((entry) => [entry.fields.terminal, entry.signature])).toEqual([
			[SEED_MERCHANT.terminal, 'valid'],
			[SEED_THREE_D.terminal, 'valid'],
		]);
		expect(logLines()).toEqual([]);
	});

	it('a payment push of the 3-D terminal is confirmed with its status query on that terminal', async () => {
		const server = await receiver({ confirm: ['payment'] });
		expectReceiveOk(await push({ url: server.url, kind: 'payment', terminal: SEED_THREE_D.terminal, payment_id: THREE_D_PAYMENT }));
		expect(server.executions().map(([item]) => [item.json.terminal, item.json.confirmation])).toEqual([[SEED_THREE_D.terminal, 'confirmed']]);
		expect(h.sim.admin.getLog().map((entry) => [entry.path, entry.fields.terminal])).toEqual([['/service/check/normal', SEED_THREE_D.terminal]]);
	});

	it("a 3-D push signed with the main terminal's secure code is dropped", async () => {
		const server = await receiver();
		// The simulator signs with the merchant's code; a 3-D merchant whose code is the main one forges it.
		h.sim.admin.addMerchant({ account: SEED_MERCHANT.account, terminal: SEED_THREE_D.terminal, secureCode: SEED_MERCHANT.secureCode });
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'refund', terminal: SEED_THREE_D.terminal, payment_id: THREE_D_PAYMENT }));
		expect(server.executions()).toEqual([]);
		expect(logLines()).toEqual([expect.stringContaining('its signature is not valid: its signValue does not match')]);
	});

	it('a push for a third terminal the credential does not hold is still dropped', async () => {
		h.sim.admin.addMerchant({ account: SEED_MERCHANT.account, terminal: '12345699', secureCode: SEED_THREE_D.secureCode });
		const server = await receiver();
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'refund', terminal: '12345699', payment_id: '260101000000000009999', order_number: 'THIRD-1' }));
		expect(server.executions()).toEqual([]);
		expect(logLines()).toEqual([expect.stringContaining("its account or terminal is not the credential's")]);
	});

	it('neither secure code reaches a log line', async () => {
		const server = await receiver();
		await push({ url: server.url, kind: 'business', notice_type: 'refund', terminal: SEED_THREE_D.terminal, payment_id: THREE_D_PAYMENT, forge: true });
		expect(logLines()).toHaveLength(1);
		for (const line of logLines()) {
			expect(line).not.toContain(SEED_THREE_D.secureCode);
			expect(line).not.toContain(SEED_MERCHANT.secureCode);
		}
	});
});

describe('a credential with the main terminal only (as before issue 29)', () => {
	it('drops a push of the 3-D terminal, whose signature is genuine', async () => {
		const server = await h.receiver();
		expectReceiveOk(await push({ url: server.url, kind: 'business', notice_type: 'refund', terminal: SEED_THREE_D.terminal, payment_id: THREE_D_PAYMENT }));
		expect(server.executions()).toEqual([]);
		expect(logLines()).toEqual([expect.stringContaining("its account or terminal is not the credential's")]);
	});
});
