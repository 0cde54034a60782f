/**
 * The oldest moment a list serves ("the last 30 days", "6 months") is learned from the gateway
 * when it refuses a window that the conservative bound allowed. Here the credential's Gateway
 * Time Zone (America/New_York) is not the simulator's (Asia/Shanghai): every local time the
 * trigger sends is read 12 hours earlier, so a window from the trigger's oldest moment is
 * refused (code 24) until the trigger moves its start on.
 */
import type { IDataObject } from 'n8n-workflow';

import { HOUR, Testbed, windowsOf } from '../helpers/trigger';

const DAY = 24 * HOUR;
const bed = new Testbed();
afterEach(() => bed.close());

async function openMismatched(): Promise<void> {
	await bed.open(Date.parse('2026-06-10T04:00:00Z'));
	bed.credentials = { ...bed.credentials, gatewayTimeZone: 'America/New_York' };
}

const refused = (poll: { log: Parameters<typeof windowsOf>[0] }) => windowsOf(poll.log).filter((window) => window.result === '24').length;

describe('the oldest moment of a list, learned from refusals', () => {
	test('Fetch Test Event of New Dispute: the refused 30-day window is asked again from later, and the 10-day-old dispute is shown', async () => {
		await openMismatched();
		bed.sim.admin.addDispute({ payment_id: 'D10', order_number: 'O-D10', disputes_date: new Date(bed.clock - 10 * DAY) });
		const sample = await bed.trigger({ event: 'newDispute', disputeType: '' }).poll('manual');
		expect(sample.error?.message).toBeUndefined();
		expect(refused(sample)).toBeGreaterThan(0);
		expect(sample.items.map((item) => item.json.paymentId)).toEqual(['D10']);
	});

	test('Dispute Reply Deadline: the activation poll learns where the list begins, keeps it, and the next polls ask only from there', async () => {
		await openMismatched();
		bed.sim.admin.addDispute({ payment_id: 'N', order_number: 'O-N', push_details: 'x', disputes_date: new Date(bed.clock - 3 * DAY), reply_deadline: new Date(bed.clock + 10 * HOUR) });
		const trigger = bed.trigger({ event: 'disputeReplyDeadline' });
		const first = await trigger.activate();
		expect(first.error?.message).toBeUndefined();
		expect(refused(first)).toBeGreaterThan(0);
		expect(first.items.map((item) => item.json.paymentId)).toEqual(['N']);
		expect(Number(trigger.state().oldestShift)).toBeGreaterThan(0);
		for (let poll = 0; poll < 3; poll++) {
			bed.advance(10);
			const next = await trigger.poll();
			expect(next.error?.message).toBeUndefined();
			expect(refused(next)).toBe(0);
			expect(next.items).toEqual([]);
		}
	});

	test('New Successful Payment with a backfill back to the oldest moment: learned once, the payment emitted once', async () => {
		await openMismatched();
		bed.sim.admin.addOrder({ payment_id: 'OLD', order_number: 'O-OLD', payment_dateTime: new Date(bed.clock - 20 * DAY) });
		const trigger = bed.trigger({ event: 'newSuccessfulPayment', options: { backfillHours: 24 * 183 } });
		const first = await trigger.activate();
		expect(first.error?.message).toBeUndefined();
		expect(first.items.map((item) => item.json.paymentId)).toEqual(['OLD']);
		bed.advance(1);
		const next = await trigger.poll();
		expect(next.error?.message).toBeUndefined();
		expect(next.items).toEqual([]);
		expect(refused(next)).toBe(0);
	});

	test('a gateway that refuses every window: after the few shifts the poll fails with its answer, the state untouched', async () => {
		await bed.open(Date.parse('2026-06-10T04:00:00Z'));
		const trigger = bed.trigger({ event: 'disputeReplyDeadline' });
		bed.sim.admin.setFault('*', { mode: 'reject', code: '24', text: 'Only disputes of the last 30 days can be queried' });
		const poll = await trigger.poll();
		expect(poll.error?.message).toContain('code 24');
		expect(poll.calls).toBeLessThanOrEqual(7);
		expect(trigger.state()).toEqual({} as IDataObject);
	});

	test('a refusal about the signature is not taken for a range: one call, the error as it came', async () => {
		await bed.open(Date.parse('2026-06-10T04:00:00Z'));
		bed.sim.admin.setFault('*', { mode: 'reject', code: '04', text: 'signValue error' });
		const poll = await bed.trigger({ event: 'newDispute', disputeType: '' }).poll('manual');
		expect(poll.error?.message).toContain('code 04');
		expect(poll.calls).toBe(1);
	});
});
