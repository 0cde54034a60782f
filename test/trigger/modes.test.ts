/**
 * Re-Read the Overlap: no mode loses a record that reaches the list within the Overlap, whatever
 * the load; they differ in how soon a late record comes out and in calls. Through n8n-core's real
 * PollContext against the simulator (pages of 10), with the clock under test control.
 */
import type { IDataObject } from 'n8n-workflow';

import { SEED_MERCHANT, startGateway, type Simulator } from '../helpers/gateway';
import type { CredentialData } from '../helpers/n8n';
import { MINUTE, REAL_TIMERS, Tally, TriggerRun } from '../helpers/trigger';

const START = Date.parse('2026-11-20T02:00:00.000Z');
const PAGE_SIZE = 10;
let sim: Simulator;
let credentials: CredentialData;
let clock: number;

beforeEach(async () => {
	jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: START });
	clock = START;
	({ sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] }, defaultPageSize: PAGE_SIZE }));
});
afterEach(async () => {
	await sim.close();
	jest.useRealTimers();
});

function advance(minutes: number) {
	clock += minutes * MINUTE;
	jest.setSystemTime(clock);
}

const dates = new Map<string, number>();
beforeEach(() => dates.clear());
function pay(id: string, at: number) {
	dates.set(id, at);
	sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: new Date(at) });
}
/** Pages that reading only the records dated in (after, upTo] needs. */
const pagesBetween = (after: number, upTo: number) => Math.max(1, Math.ceil([...dates.values()].filter((at) => at > after && at <= upTo).length / PAGE_SIZE));

describe.each([
	{ reRead: 'auto', name: 'Automatic (default)', costBound: 2 },
	{ reRead: 'everyPoll', name: 'Every Poll', costBound: undefined },
	{ reRead: 'once', name: 'Once, as It Ends', costBound: 2.5 },
])('$name', ({ reRead, costBound }) => {
	test('20 payments a minute, 2 of them listed 1 to 29 minutes late: each exactly once, within the budget', async () => {
		const trigger = new TriggerRun(sim, credentials, { event: 'newSuccessfulPayment', options: reRead === 'auto' ? {} : { reRead } });
		await trigger.activate();
		const tally = new Tally();
		const lags = [1, 3, 7, 12, 20, 29];
		let previous = clock;
		let calls = 0;
		let needed = 0;
		for (let minute = 1; minute <= 60 + 31; minute++) {
			advance(1);
			for (let n = 0; n < 20 && minute <= 60; n++) pay(`P${minute}-${n}`, clock - (n >= 18 ? lags[(minute + n) % lags.length] * MINUTE : n * 2000));
			const poll = await trigger.poll();
			expect(poll.error).toBeUndefined();
			expect(poll.calls).toBeLessThanOrEqual(20);
			tally.add(poll.items);
			if (minute <= 60) {
				calls += poll.calls;
				needed += pagesBetween(previous, clock);
			}
			previous = clock;
		}
		expect(tally.wrong(dates.keys())).toEqual([]);
		if (costBound) expect(calls).toBeLessThanOrEqual(costBound * needed);
	}, 60_000);
});

describe('Automatic', () => {
	test('a quiet account: one call a poll, and a late record comes out at the next poll', async () => {
		const trigger = new TriggerRun(sim, credentials, { event: 'newSuccessfulPayment' });
		await trigger.activate();
		for (let minute = 1; minute <= 40; minute++) {
			advance(1);
			if (minute % 4 === 0) pay(`Q${minute}`, clock - (minute % 8 === 0 ? 25 * MINUTE : 0));
			const poll = await trigger.poll();
			expect(poll.calls).toBe(1);
			if (minute % 4 === 0) expect(poll.items.map((item) => item.json.paymentId)).toEqual([`Q${minute}`]);
			else expect(poll.items).toEqual([]);
		}
	});

	test('a busy hour, then quiet again: reads as Once, as It Ends while busy, and the whole overlap in one call once quiet', async () => {
		const trigger = new TriggerRun(sim, credentials, { event: 'newSuccessfulPayment' });
		await trigger.activate();
		const tally = new Tally();
		const callsAt: number[] = [];
		for (let minute = 1; minute <= 150; minute++) {
			advance(1);
			if (minute <= 60) for (let n = 0; n < 15; n++) pay(`B${minute}-${n}`, clock - n * 3000);
			else if (minute % 10 === 0) pay(`L${minute}`, clock - 5 * MINUTE);
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
		const trigger = new TriggerRun(sim, credentials, { event: 'newSuccessfulPayment', options: { reRead: 'everyPoll' } });
		await trigger.activate();
		const tally = new Tally();
		for (let minute = 1; minute <= 20; minute++) {
			advance(1);
			pay(`OLD${minute}`, clock - (minute % 3 === 0 ? 10 * MINUTE : 0));
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
			advance(1);
			if (minute <= 25) pay(`NEW${minute}`, clock - (minute % 4 === 0 ? 20 * MINUTE : 0));
			const poll = await trigger.poll();
			expect(poll.error).toBeUndefined();
			tally.add(poll.items);
		}
		expect(tally.wrong(dates.keys())).toEqual([]);
	});
});
