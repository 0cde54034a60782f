/**
 * Re-Read the Overlap "Once, as It Ends" on busy accounts, through n8n-core's real PollContext
 * against the simulator (pages of 10), with the clock under test control (only Date is faked):
 * every event exactly once, records that reach the gateway late but within the overlap caught
 * (the README's promise), later ones not, and at most twice the calls that reading only the new
 * records needs.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { OceanpaymentTrigger } from '../../nodes/Oceanpayment/OceanpaymentTrigger.node';
import { runPoll } from '../helpers/poll';
import { SEED_MERCHANT, startGateway, type Simulator } from '../helpers/gateway';
import type { CredentialData } from '../helpers/n8n';

const START = new Date('2026-11-20T02:00:00.000Z');
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;
const MINUTE = 60_000;
const PAGE_SIZE = 10;

let sim: Simulator;
let credentials: CredentialData;
let clock: number;

beforeEach(async () => {
	jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: START });
	clock = START.getTime();
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

/** A trigger whose static data lives on between polls, as in a running n8n. */
class Trigger {
	staticData: IDataObject = {};

	constructor(private readonly parameters: INodeParameters) {}

	async poll(): Promise<{ items: INodeExecutionData[]; calls: number }> {
		sim.admin.clearLog();
		const outcome = await runPoll({ trigger: new OceanpaymentTrigger(), type: 'oceanpaymentTrigger', parameters: { simplify: true, ...this.parameters }, credentials, staticData: this.staticData });
		if (outcome.error) throw outcome.error;
		this.staticData = outcome.staticData;
		return { items: outcome.items, calls: sim.admin.getLog().length };
	}

	state(): IDataObject {
		return (this.staticData.global as IDataObject)['oceanpaymentTrigger:trigger-node'] as IDataObject;
	}
}

/** Payments added to the simulator: payment ID → date the gateway lists it under. */
class Payments {
	readonly dates = new Map<string, number>();

	/** A payment of `at`, dated a second earlier: a poll reads the seconds that are over. */
	add(id: string, at: number) {
		this.dates.set(id, at - 1000);
		sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: new Date(at - 1000) });
	}

	/** Payments listed under a date in (after, upTo]: what reading only new records reads. */
	between(after: number, upTo: number): number {
		return [...this.dates.values()].filter((at) => at > after && at <= upTo).length;
	}
}

/** How often each payment came out. */
function tally(counts: Map<string, number>, items: INodeExecutionData[]) {
	for (const item of items) counts.set(String(item.json.paymentId), (counts.get(String(item.json.paymentId)) ?? 0) + 1);
}

const once = { event: 'newSuccessfulPayment', options: { reRead: 'once' } };

describe('Re-Read the Overlap "Once, as It Ends"', () => {
	test('20 payments a minute over 60 polls: each exactly once, at most twice the calls new records need', async () => {
		const trigger = new Trigger(once);
		const payments = new Payments();
		await trigger.poll();
		const counts = new Map<string, number>();
		let previous = clock;
		const callsPerPoll: number[] = [];
		for (let minute = 1; minute <= 60; minute++) {
			advance(1);
			for (let n = 0; n < 20; n++) payments.add(`P${minute}-${n}`, clock - n * 2000);
			const needed = Math.max(1, Math.ceil(payments.between(previous, clock) / PAGE_SIZE));
			const { items, calls } = await trigger.poll();
			tally(counts, items);
			callsPerPoll.push(calls);
			expect(calls).toBeLessThanOrEqual(2 * needed);
			previous = clock;
		}
		expect([...payments.dates.keys()].filter((id) => counts.get(id) !== 1)).toEqual([]);
		expect(counts.size).toBe(1200);
		expect(Math.max(...callsPerPoll)).toBe(4);
	}, 60_000);

	test('the same with 2 of the 20 listed 1 to 29 minutes late: each exactly once; a minute is re-read with its late records', async () => {
		const trigger = new Trigger(once);
		const payments = new Payments();
		await trigger.poll();
		const counts = new Map<string, number>();
		const lags = [1, 3, 7, 12, 20, 29];
		let previous = clock;
		let calls = 0;
		let needed = 0;
		for (let minute = 1; minute <= 60; minute++) {
			advance(1);
			for (let n = 0; n < 18; n++) payments.add(`P${minute}-${n}`, clock - n * 2000);
			for (const n of [18, 19]) payments.add(`P${minute}-${n}`, clock - lags[(minute + n) % lags.length] * MINUTE);
			needed += Math.max(1, Math.ceil(payments.between(previous, clock) / PAGE_SIZE));
			const outcome = await trigger.poll();
			tally(counts, outcome.items);
			calls += outcome.calls;
			previous = clock;
		}
		// The last late ones come out once their dates have left the overlap.
		for (let minute = 1; minute <= 31; minute++) {
			advance(1);
			tally(counts, (await trigger.poll()).items);
		}
		expect([...payments.dates.keys()].filter((id) => counts.get(id) !== 1)).toEqual([]);
		expect(counts.size).toBe(1200);
		// A minute that leaves the overlap holds its late records too: now and then a third page.
		expect(calls).toBeLessThanOrEqual(2.5 * needed);
	}, 60_000);

	test('a record listed up to Overlap after its date comes out once; one listed later does not (as the README says)', async () => {
		const trigger = new Trigger({ ...once, options: { ...once.options, overlapMinutes: 10 } });
		const payments = new Payments();
		await trigger.poll();
		const seenAt = new Map<string, number>();
		for (let minute = 1; minute <= 40; minute++) {
			advance(1);
			// A busy background: 15 payments a minute.
			for (let n = 0; n < 15; n++) payments.add(`B${minute}-${n}`, clock - n * 1000);
			if (minute === 5) {
				payments.add('LATE-1', clock - 1 * MINUTE);
				payments.add('LATE-9', clock - 9 * MINUTE);
				payments.add('LATE-10', clock - 10 * MINUTE + 30_000);
				payments.add('LATE-12', clock - 12 * MINUTE);
			}
			for (const item of (await trigger.poll()).items) {
				const id = String(item.json.paymentId);
				expect(seenAt.has(id)).toBe(false);
				seenAt.set(id, minute);
			}
		}
		expect(seenAt.has('LATE-1')).toBe(true);
		expect(seenAt.has('LATE-9')).toBe(true);
		expect(seenAt.has('LATE-10')).toBe(true);
		expect(seenAt.has('LATE-12')).toBe(false);
		// Each comes out when its date leaves the overlap, at the latest Overlap after it was listed.
		for (const id of ['LATE-1', 'LATE-9', 'LATE-10']) expect(seenAt.get(id)).toBeLessThanOrEqual(5 + 10);
		expect(seenAt.size).toBe(40 * 15 + 3);
	}, 60_000);

	test('back after 3 hours off on a busy account: catches up within the budget, re-reads every period on the way, each payment once', async () => {
		const trigger = new Trigger(once);
		const payments = new Payments();
		await trigger.poll();
		const counts = new Map<string, number>();
		const offSince = clock;
		advance(180);
		// 10 a minute while it was off, each listed 5 minutes late (after the polls would have read them).
		for (let minute = 0; minute < 180; minute++) for (let n = 0; n < 10; n++) payments.add(`OFF${minute}-${n}`, offSince + minute * MINUTE + n * 1000);
		let caughtUp = 0;
		for (let poll = 1; poll <= 80; poll++) {
			for (let n = 0; n < 10; n++) payments.add(`LIVE${poll}-${n}`, clock - (n === 9 ? 15 * MINUTE : n * 1000));
			const { items, calls } = await trigger.poll();
			expect(calls).toBeLessThanOrEqual(20);
			tally(counts, items);
			const state = trigger.state();
			// The re-read never runs ahead of what the overlap allows, nor falls behind the cursor minus it.
			expect(Date.parse(String(state.checkedUntil))).toBeLessThanOrEqual(clock - 30 * MINUTE);
			// Caught up: read to the last second that is over, and read again up to the overlap before it.
			if (!caughtUp && Date.parse(String(state.cursor)) === clock - 1000 && Date.parse(String(state.checkedUntil)) === clock - 1000 - 30 * MINUTE) caughtUp = poll;
			advance(1);
		}
		for (let minute = 0; minute < 31; minute++) {
			tally(counts, (await trigger.poll()).items);
			advance(1);
		}
		// 1,800 records of the pause at 10 or more calls a poll; new reads older than the overlap count as its re-read.
		expect(caughtUp).toBeGreaterThan(3);
		expect(caughtUp).toBeLessThan(16);
		expect([...payments.dates.keys()].filter((id) => counts.get(id) !== 1)).toEqual([]);
	}, 60_000);

	test('a pause after a very busy half hour: the re-read of that half hour takes several polls while new records go on, each payment once', async () => {
		const trigger = new Trigger(once);
		const payments = new Payments();
		await trigger.poll();
		const counts = new Map<string, number>();
		// 40 a minute for 40 minutes: the overlap before the pause holds 120 pages, over the budget.
		for (let minute = 1; minute <= 40; minute++) {
			advance(1);
			for (let n = 0; n < 40; n++) payments.add(`BUSY${minute}-${n}`, clock - n * 1000);
			tally(counts, (await trigger.poll()).items);
		}
		const pausedAt = clock;
		advance(120);
		for (let minute = 0; minute < 120; minute++) for (let n = 0; n < 5; n++) payments.add(`PAUSE${minute}-${n}`, pausedAt + minute * MINUTE + n * 1000);
		let behind = 0;
		for (let poll = 1; poll <= 60; poll++) {
			for (let n = 0; n < 5; n++) payments.add(`LIVE${poll}-${n}`, clock - n * 1000);
			const { items, calls } = await trigger.poll();
			expect(calls).toBeLessThanOrEqual(20);
			tally(counts, items);
			const state = trigger.state();
			behind = Math.max(behind, Date.parse(String(state.cursor)) - 30 * MINUTE - Date.parse(String(state.checkedUntil)));
			advance(1);
		}
		for (let minute = 0; minute < 31; minute++) {
			tally(counts, (await trigger.poll()).items);
			advance(1);
		}
		// The re-read fell behind the cursor (it had more to read than half the budget) and caught up.
		expect(behind).toBeGreaterThan(10 * MINUTE);
		expect(Date.parse(String(trigger.state().checkedUntil))).toBe(clock - MINUTE - 1000 - 30 * MINUTE);
		expect([...payments.dates.keys()].filter((id) => counts.get(id) !== 1)).toEqual([]);
	}, 60_000);

	test('switching between Every Poll and Once, as It Ends keeps each payment once, late ones included', async () => {
		const parameters = (reRead: string) => ({ event: 'newSuccessfulPayment', options: { reRead } });
		const payments = new Payments();
		let trigger = new Trigger(parameters('everyPoll'));
		await trigger.poll();
		const counts = new Map<string, number>();
		for (let minute = 1; minute <= 90; minute++) {
			advance(1);
			if (minute === 20 || minute === 50) {
				const staticData = trigger.staticData;
				trigger = new Trigger(parameters(minute === 20 ? 'once' : 'everyPoll'));
				trigger.staticData = staticData;
			}
			for (let n = 0; n < 4; n++) payments.add(`S${minute}-${n}`, clock - (n === 3 ? ((minute * 7) % 25) * MINUTE : n * 1000));
			tally(counts, (await trigger.poll()).items);
		}
		expect([...payments.dates.keys()].filter((id) => counts.get(id) !== 1)).toEqual([]);
	}, 60_000);

	test('two identical business events 5 minutes apart: two events, none repeated by the re-reads', async () => {
		sim.admin.addOrder({ order_number: 'R-1', payment_id: 'RP1', order_amount: '100.00', payment_dateTime: new Date(clock - 3 * 24 * 60 * MINUTE) });
		const trigger = new Trigger({ event: 'newBusinessEvent', simplify: false, options: { reRead: 'once' } });
		await trigger.poll();
		const emitted: INodeExecutionData[] = [];
		for (let minute = 1; minute <= 75; minute++) {
			advance(1);
			if (minute === 2 || minute === 7) sim.admin.addBusinessEvent({ type: 'partialRefund', payment_id: 'RP1', amount: '10.00' });
			emitted.push(...(await trigger.poll()).items);
		}
		expect(emitted).toHaveLength(2);
		expect(emitted[0].json).toEqual(emitted[1].json);
	}, 60_000);

	test('the option from an expression: "once" is taken, anything else is refused naming the field before any call', async () => {
		const payments = new Payments();
		const trigger = new Trigger({ event: 'newSuccessfulPayment', options: { reRead: '={{ "once" }}' } });
		await trigger.poll();
		advance(1);
		payments.add('E1', clock);
		expect((await trigger.poll()).items.map((item) => item.json.paymentId)).toEqual(['E1']);
		expect(trigger.state().checkedUntil).toBeDefined();
		sim.admin.clearLog();
		const refused = await runPoll({ trigger: new OceanpaymentTrigger(), type: 'oceanpaymentTrigger', parameters: { event: 'newSuccessfulPayment', options: { reRead: '={{ "sometimes" }}' } }, credentials, staticData: trigger.staticData });
		expect(refused.error?.message).toBe('Re-Read the Overlap: "sometimes" is not one of auto, everyPoll, once');
		expect(sim.admin.getLog()).toHaveLength(0);
	});
});
