/**
 * Re-Read the Overlap: no mode loses a record that reaches the list within the Overlap, whatever
 * the load; they differ in how soon a late record comes out and in calls. Through n8n-core's real
 * PollContext against the simulator (pages of 10), with the bed.clock under test control.
 */
import type { IDataObject } from 'n8n-workflow';

import { MINUTE, Tally, Testbed } from '../helpers/trigger';

const START = Date.parse('2026-11-20T02:00:00.000Z');
const PAGE_SIZE = 10;
const bed = new Testbed();
beforeEach(() => bed.open(START, { defaultPageSize: PAGE_SIZE }));
afterEach(() => bed.close());

const dates = new Map<string, number>();
beforeEach(() => dates.clear());
/** A payment of `at`, dated a second earlier: a poll reads the seconds that are over. */
function pay(id: string, at: number) {
	dates.set(id, at - 1000);
	bed.sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: new Date(at - 1000) });
}
/** Pages that reading only the records dated in (after, upTo] needs. */
const pagesBetween = (after: number, upTo: number) => Math.max(1, Math.ceil([...dates.values()].filter((at) => at > after && at <= upTo).length / PAGE_SIZE));

describe.each([
	{ reRead: 'auto', name: 'Automatic (default)', costBound: 2 },
	{ reRead: 'everyPoll', name: 'Every Poll', costBound: undefined },
	{ reRead: 'once', name: 'Once, as It Ends', costBound: 2.5 },
])('$name', ({ reRead, costBound }) => {
	test('20 payments a minute, 2 of them listed 1 to 29 minutes late: each exactly once, within the budget', async () => {
		const trigger = bed.trigger({ event: 'newSuccessfulPayment', options: reRead === 'auto' ? {} : { reRead } });
		await trigger.activate();
		const tally = new Tally();
		const lags = [1, 3, 7, 12, 20, 29];
		let previous = bed.clock;
		let calls = 0;
		let needed = 0;
		for (let minute = 1; minute <= 60 + 31; minute++) {
			bed.advance(1);
			for (let n = 0; n < 20 && minute <= 60; n++) pay(`P${minute}-${n}`, bed.clock - (n >= 18 ? lags[(minute + n) % lags.length] * MINUTE : n * 2000));
			const poll = await trigger.poll();
			expect(poll.error).toBeUndefined();
			expect(poll.calls).toBeLessThanOrEqual(20);
			tally.add(poll.items);
			if (minute <= 60) {
				calls += poll.calls;
				needed += pagesBetween(previous, bed.clock);
			}
			previous = bed.clock;
		}
		expect(tally.wrong(dates.keys())).toEqual([]);
		if (costBound) expect(calls).toBeLessThanOrEqual(costBound * needed);
	}, 60_000);
});

describe('Automatic', () => {
	test('a quiet account: one call a poll, and a late record comes out at the next poll', async () => {
		const trigger = bed.trigger({ event: 'newSuccessfulPayment' });
		await trigger.activate();
		for (let minute = 1; minute <= 40; minute++) {
			bed.advance(1);
			if (minute % 4 === 0) pay(`Q${minute}`, bed.clock - (minute % 8 === 0 ? 25 * MINUTE : 0));
			const poll = await trigger.poll();
			expect(poll.calls).toBe(1);
			if (minute % 4 === 0) expect(poll.items.map((item) => item.json.paymentId)).toEqual([`Q${minute}`]);
			else expect(poll.items).toEqual([]);
		}
	});

	test('a busy hour, then quiet again: reads as Once, as It Ends while busy, and the whole overlap in one call once quiet', async () => {
		const trigger = bed.trigger({ event: 'newSuccessfulPayment' });
		await trigger.activate();
		const tally = new Tally();
		const callsAt: number[] = [];
		for (let minute = 1; minute <= 150; minute++) {
			bed.advance(1);
			if (minute <= 60) for (let n = 0; n < 15; n++) pay(`B${minute}-${n}`, bed.clock - n * 3000);
			else if (minute % 10 === 0) pay(`L${minute}`, bed.clock - 5 * MINUTE);
			const poll = await trigger.poll();
			tally.add(poll.items);
			callsAt.push(poll.calls);
			if (minute === 60) expect(trigger.state().busy).toBe(true);
		}
		expect(tally.wrong(dates.keys())).toEqual([]);
		expect(trigger.state().busy).toBeUndefined();
		// The last half hour: one call a poll again.
		expect(callsAt.slice(-30).every((calls) => calls === 1)).toBe(true);
	}, 60_000);
});

describe('upgrading a trigger saved before Automatic', () => {
	test.each([
		{ stored: { reRead: 'everyPoll' }, means: 'Every Poll, stored' },
		{ stored: {}, means: 'the former default, not stored: now Automatic' },
	])('$means: its state (without checkedUntil) loads; nothing twice, late records caught', async ({ stored }) => {
		const trigger = bed.trigger({ event: 'newSuccessfulPayment', options: { reRead: 'everyPoll' } });
		await trigger.activate();
		const tally = new Tally();
		for (let minute = 1; minute <= 20; minute++) {
			bed.advance(1);
			pay(`OLD${minute}`, bed.clock - (minute % 3 === 0 ? 10 * MINUTE : 0));
			tally.add((await trigger.poll()).items);
		}
		// What the previous version kept: the same state without the fields it did not know.
		const state = trigger.state();
		for (const field of ['checkedUntil', 'busy', 'pageSize']) delete state[field];
		expect(Object.keys(state).sort()).toEqual(['config', 'cursor', 'orders', 'seen', 'version']);
		trigger.database = JSON.parse(JSON.stringify(trigger.memory)) as IDataObject;
		trigger.restart();
		trigger.parameters = { event: 'newSuccessfulPayment', options: stored };
		for (let minute = 1; minute <= 60; minute++) {
			bed.advance(1);
			if (minute <= 25) pay(`NEW${minute}`, bed.clock - (minute % 4 === 0 ? 20 * MINUTE : 0));
			const poll = await trigger.poll();
			expect(poll.error).toBeUndefined();
			tally.add(poll.items);
		}
		expect(tally.wrong(dates.keys())).toEqual([]);
	});
});
