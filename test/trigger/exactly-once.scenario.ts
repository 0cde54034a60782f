/** The scenario of exactly-once.test.ts (apart, so that a counterexample can be replayed on its own). */
import { fc } from '@fast-check/jest';
import { sleep, type IDataObject } from 'n8n-workflow';

import { SEED_MERCHANT, startGateway, type Simulator, type SimulatorLogEntry } from '../helpers/gateway';
import { REAL_TIMERS, Tally, TriggerRun } from '../helpers/trigger';
import { clockChanges, momentsOf, ZONES } from './zones';

const CHANGES = new Map(ZONES.map((zone) => [zone, clockChanges(zone)]));

interface EventKind {
	parameters: IDataObject;
	/** Adds a record dated `at` (ms) with a unique payment id. */
	add(sim: Simulator, id: string, at: number): void;
}

const EVENTS: Record<string, EventKind> = {
	payments: { parameters: { event: 'newSuccessfulPayment' }, add: (sim, id, at) => sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: new Date(at) }) },
	disputes: { parameters: { event: 'newDispute', disputeType: '' }, add: (sim, id, at) => sim.admin.addDispute({ payment_id: id, order_number: `O-${id}`, disputes_date: new Date(at) }) },
	// Filtered on a review time the list does not return.
	businessEvents: { parameters: { event: 'newBusinessEvent' }, add: (sim, id, at) => sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: id, review_dateTime: new Date(at) }) },
};

const step = fc.record({
	/** Seconds since the previous poll. */
	gap: fc.integer({ min: 20, max: 420 }),
	/** How late each new record is listed, as a share of the Overlap. */
	lags: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 14 }),
	/** A record listed while this poll reads its pages (after that many calls). */
	shiftAfterCalls: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 4 }),
});

export const scenario = fc.record({
	zone: fc.constantFrom(...ZONES),
	/** Where the run starts: this share of 3 hours before a clock change of the zone. */
	before: fc.double({ min: 0, max: 1, noNaN: true }),
	change: fc.nat(),
	event: fc.constantFrom(...Object.keys(EVENTS)),
	reRead: fc.constantFrom('auto', 'everyPoll', 'once'),
	maxCalls: fc.integer({ min: 1, max: 25 }),
	overlapMinutes: fc.integer({ min: 3, max: 60 }),
	pageSize: fc.integer({ min: 3, max: 20 }),
	steps: fc.array(step, { minLength: 20, maxLength: 70 }),
});

interface Window {
	begin: string;
	end: string;
	start: number;
	last: number;
}

/**
 * The windows a poll read, without the attempts it gave up: a window too big for the budget is
 * asked again shorter (the same begin with an earlier end, or, reading the newest part of the
 * overlap, the same end with a later begin), and one that changed while its pages were read is
 * asked again whole. Each window counts where it was asked last.
 */
function windowsRead(log: SimulatorLogEntry[]): Array<{ begin: string; end: string }> {
	const attempts = log.filter((entry) => String(entry.fields.pages ?? '1') === '1').map((entry) => ({ begin: String(entry.fields.order_beginDate), end: String(entry.fields.order_endDate) }));
	const last = attempts.filter((window, index) => !attempts.slice(index + 1).some((later) => later.begin === window.begin && later.end === window.end));
	return last.filter((window, index) => !last.slice(index + 1).some((later) => (later.begin === window.begin && later.end < window.end) || (later.end === window.end && later.begin > window.begin)));
}

export type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** One run: throws (through expect) when a property does not hold. */
export async function runScenario(run: Scenario): Promise<void> {
	const changes = CHANGES.get(run.zone) ?? [];
	const anchor = changes.length ? changes[run.change % changes.length] : Date.UTC(2026, 5, 1, run.change % 24);
	let clock = Math.floor((anchor - run.before * 3 * 3_600_000) / 1000) * 1000;
	jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: clock });
	const { sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] }, defaultPageSize: run.pageSize, timeZone: run.zone });
	try {
		const kind = EVENTS[run.event];
		const trigger = new TriggerRun(sim, { ...credentials, gatewayTimeZone: run.zone }, { ...kind.parameters, options: { reRead: run.reRead, maxCalls: run.maxCalls, overlapMinutes: run.overlapMinutes } });
		const tally = new Tally();
		const added: string[] = [];
		const failures: string[] = [];
		const windows: Window[] = [];
		const add = (lagShare: number) => {
			const id = `R${added.length}`;
			added.push(id);
			kind.add(sim, id, clock - Math.floor(lagShare * run.overlapMinutes * 60) * 1000);
		};
		const poll = async (shiftAfterCalls: number | null = null) => {
			if (shiftAfterCalls !== null) sim.admin.setFault('*', { mode: 'latency', latencyMs: 25, after: shiftAfterCalls, times: 1 });
			const polling = trigger.poll();
			if (shiftAfterCalls !== null) {
				// Listed while the delayed page is on its way: the pages after it shift.
				await sleep(10);
				add(0.5);
			}
			const outcome = await polling;
			sim.admin.clearFaults();
			if (outcome.error) failures.push(`${new Date(clock).toISOString()}: ${outcome.error.message}`);
			tally.add(outcome.items);
			const asked = windowsRead(outcome.log);
			for (const window of asked) {
				const [start] = momentsOf(window.begin, run.zone);
				const [last] = momentsOf(window.end, run.zone);
				// Begin and end exist once in local time, and the begin comes first.
				expect([window.begin, momentsOf(window.begin, run.zone).length, momentsOf(window.end, run.zone).length]).toEqual([window.begin, 1, 1]);
				expect([window, window.begin < window.end]).toEqual([window, true]);
				windows.push({ ...window, start, last });
			}
			// The windows of one poll do not overlap in local time.
			const sorted = [...asked].sort((a, b) => (a.begin < b.begin ? -1 : 1));
			for (let i = 1; i < sorted.length; i++) expect([sorted[i - 1], sorted[i], sorted[i].begin > sorted[i - 1].end]).toEqual([sorted[i - 1], sorted[i], true]);
		};
		const advance = (seconds: number) => {
			clock += seconds * 1000;
			jest.setSystemTime(clock);
		};

		await poll();
		for (const { gap, lags, shiftAfterCalls } of run.steps) {
			advance(gap);
			lags.forEach(add);
			await poll(shiftAfterCalls);
		}
		// Then polls every minute until everything listed has been read again past its Overlap, and new records up to now.
		const lastAdded = clock;
		// (A poll reads up to the last second that is over.)
		const done = () => Date.parse(String(trigger.state().checkedUntil)) >= lastAdded && Date.parse(String(trigger.state().cursor)) >= clock - 1000;
		for (let extra = 0; extra < 400 && !done(); extra++) {
			advance(60);
			await poll();
		}
		expect(failures).toEqual([]);
		expect(Date.parse(String(trigger.state().checkedUntil))).toBeGreaterThanOrEqual(lastAdded);
		expect(tally.wrong(added)).toEqual([]);
		// Together the windows leave no moment out, from the first one to now.
		windows.sort((a, b) => a.start - b.start);
		let covered = windows[0].last;
		for (const window of windows.slice(1)) {
			expect(window.start).toBeLessThanOrEqual(covered + 1000);
			covered = Math.max(covered, window.last);
		}
		expect(covered).toBeGreaterThanOrEqual(clock - 1000);
	} finally {
		await sim.close();
		jest.useRealTimers();
	}
}
