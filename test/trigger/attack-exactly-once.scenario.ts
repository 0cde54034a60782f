/**
 * Attack scenario for the list events (kept apart so a counterexample can be replayed alone): the
 * property of exactly-once.scenario.ts plus what it leaves out — n8n restarts (the static data
 * comes back from the last emitting poll), gateway faults in the middle of a poll (code 99, HTTP
 * 500, a dropped connection), polls 0–5 seconds apart, bursts of more records in one second than
 * the budget can page, budgets of 1–6 calls, the 45-minute and half-hour offsets, and a start from
 * a state written by the previous version (no checkedUntil/busy/pageSize; or 0.1.0's node static
 * data under the node's name).
 */
import { fc } from '@fast-check/jest';
import { sleep, type IDataObject } from 'n8n-workflow';

import { SEED_MERCHANT, startGateway, type Simulator, type SimulatorLogEntry } from '../helpers/gateway';
import { REAL_TIMERS, Tally, TriggerRun } from '../helpers/trigger';
import { clockChanges, momentsOf } from './zones';

export const ATTACK_ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Asia/Kolkata', 'Asia/Shanghai'] as const;
const CHANGES = new Map(ATTACK_ZONES.map((zone) => [zone, clockChanges(zone)]));

interface EventKind {
	parameters: IDataObject;
	add(sim: Simulator, id: string, at: number): void;
}

export const EVENTS: Record<string, EventKind> = {
	payments: { parameters: { event: 'newSuccessfulPayment' }, add: (sim, id, at) => sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: new Date(at) }) },
	disputes: { parameters: { event: 'newDispute', disputeType: '' }, add: (sim, id, at) => sim.admin.addDispute({ payment_id: id, order_number: `O-${id}`, disputes_date: new Date(at) }) },
	businessEvents: { parameters: { event: 'newBusinessEvent' }, add: (sim, id, at) => sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: id, review_dateTime: new Date(at) }) },
};

const fault = fc.option(
	fc.record({
		mode: fc.constantFrom('busy', 'http500', 'reset'),
		/** Calls of the poll that pass before the fault. */
		after: fc.integer({ min: 0, max: 4 }),
	}),
	{ freq: 3 },
);

const step = fc.record({
	/** Seconds since the previous poll: irregular, down to the same second. */
	gap: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 20, max: 420 })),
	lags: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
	/** Records listed in one second, more than a poll's budget can page through. */
	burst: fc.option(fc.integer({ min: 5, max: 60 }), { freq: 6 }),
	shiftAfterCalls: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 5 }),
	fault,
	/** n8n restarts before this poll: static data back from the last emitting poll. */
	restart: fc.boolean(),
	/** The user edits the trigger before this poll: another Re-Read mode or budget (same event). */
	edit: fc.option(fc.record({ reRead: fc.constantFrom('auto', 'everyPoll', 'once'), maxCalls: fc.integer({ min: 1, max: 8 }) }), { freq: 8 }),
});

export const attackScenario = fc.record({
	zone: fc.constantFrom(...ATTACK_ZONES),
	before: fc.double({ min: 0, max: 1, noNaN: true }),
	change: fc.nat(),
	event: fc.constantFrom(...Object.keys(EVENTS)),
	reRead: fc.constantFrom('auto', 'everyPoll', 'once'),
	maxCalls: fc.integer({ min: 1, max: 6 }),
	overlapMinutes: fc.integer({ min: 2, max: 40 }),
	pageSize: fc.integer({ min: 2, max: 10 }),
	/** Start from a state written by the previous version, after this many polls. */
	legacy: fc.constantFrom('none', 'noCheckedUntil', 'v1NodeData'),
	steps: fc.array(step, { minLength: 15, maxLength: 45 }),
});

export type AttackScenario = typeof attackScenario extends fc.Arbitrary<infer T> ? T : never;

/** Windows the poll kept (see exactly-once.scenario.ts): attempts given up are left out. */
function windowsRead(log: SimulatorLogEntry[]): Array<{ begin: string; end: string }> {
	const attempts = log
		.filter((entry) => entry.fields.order_beginDate !== undefined && String(entry.fields.pages ?? '1') === '1' && !entry.fault)
		.map((entry) => ({ begin: String(entry.fields.order_beginDate), end: String(entry.fields.order_endDate) }));
	const last = attempts.filter((window, index) => !attempts.slice(index + 1).some((later) => later.begin === window.begin && later.end === window.end));
	return last.filter((window, index) => !last.slice(index + 1).some((later) => (later.begin === window.begin && later.end < window.end) || (later.end === window.end && later.begin > window.begin)));
}

const STATE_KEY = 'oceanpaymentTrigger:trigger-node';

/** The state as the previous version kept it. */
function toLegacy(trigger: TriggerRun, legacy: string): void {
	for (const copy of [trigger.memory, trigger.database]) {
		const global = (copy.global ?? {}) as IDataObject;
		const state = global[STATE_KEY] as IDataObject | undefined;
		if (!state) continue;
		for (const field of ['checkedUntil', 'busy', 'pageSize']) delete state[field];
		if (legacy === 'v1NodeData') {
			delete global[STATE_KEY];
			copy[`node:${trigger.nodeName}`] = { oceanpaymentTrigger: { ...state, version: 1 } };
		}
	}
}

export async function runAttack(run: AttackScenario): Promise<void> {
	const changes = CHANGES.get(run.zone) ?? [];
	const anchor = changes.length ? changes[run.change % changes.length] : Date.UTC(2026, 5, 1, run.change % 24, (run.change * 7) % 60);
	let clock = Math.floor((anchor - run.before * 3 * 3_600_000) / 1000) * 1000;
	jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: clock });
	const { sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] }, defaultPageSize: run.pageSize, timeZone: run.zone });
	try {
		const kind = EVENTS[run.event];
		// Previous-version states are only ever Every Poll (the former default) or without checkedUntil.
		const reRead = run.legacy === 'none' ? run.reRead : 'everyPoll';
		const trigger = new TriggerRun(sim, { ...credentials, gatewayTimeZone: run.zone }, { ...kind.parameters, options: { reRead, maxCalls: run.maxCalls, overlapMinutes: run.overlapMinutes, retries: 0 } });
		const tally = new Tally();
		const added: string[] = [];
		const problems: string[] = [];
		const add = (lagShare: number, at = clock) => {
			const id = `R${added.length}`;
			added.push(id);
			kind.add(sim, id, at - Math.floor(lagShare * run.overlapMinutes * 60) * 1000);
		};
		const poll = async (shift: number | null = null, faulty: { mode: string; after: number } | null = null) => {
			if (faulty) sim.admin.setFault('*', { mode: faulty.mode, after: faulty.after, times: 1 });
			else if (shift !== null) sim.admin.setFault('*', { mode: 'latency', latencyMs: 25, after: shift, times: 1 });
			const polling = trigger.poll();
			if (shift !== null && !faulty) {
				await sleep(10);
				add(0.5);
			}
			const outcome = await polling;
			sim.admin.clearFaults();
			// A fault may fail the poll (then its state is not kept); any other failure is a defect.
			if (outcome.error && !(faulty && outcome.log.some((entry) => entry.fault))) problems.push(`${new Date(clock).toISOString()}: ${outcome.error.message}`);
			tally.add(outcome.items);
			for (const window of windowsRead(outcome.log)) {
				const ok = momentsOf(window.begin, run.zone).length === 1 && momentsOf(window.end, run.zone).length === 1 && window.begin < window.end;
				if (!ok) problems.push(`window ${window.begin} → ${window.end}`);
			}
		};
		const advance = (seconds: number) => {
			clock += seconds * 1000;
			jest.setSystemTime(clock);
		};

		await trigger.activate();
		if (run.legacy !== 'none') {
			// A few polls by "the previous version", then its state is what the new one finds.
			for (let n = 0; n < 3; n++) {
				advance(60);
				add(0);
				await poll();
			}
			toLegacy(trigger, run.legacy);
			trigger.parameters = { ...kind.parameters, options: { maxCalls: run.maxCalls, overlapMinutes: run.overlapMinutes, retries: 0, ...(run.reRead === 'auto' ? {} : { reRead: run.reRead }) } };
		}
		for (const { gap, lags, burst, shiftAfterCalls, fault: faulty, restart, edit } of run.steps) {
			advance(gap);
			if (edit) trigger.parameters = { ...kind.parameters, options: { ...(trigger.parameters.options as IDataObject), ...edit } };
			lags.forEach((lag) => add(lag));
			if (burst !== null) for (let n = 0; n < burst; n++) add(0, clock - 1000);
			if (restart) trigger.restart();
			await poll(shiftAfterCalls, faulty);
		}
		const lastAdded = clock;
		const done = () => Date.parse(String(trigger.state().checkedUntil)) >= lastAdded && Date.parse(String(trigger.state().cursor)) >= clock - 1000;
		for (let extra = 0; extra < 400 && !done(); extra++) {
			advance(60);
			await poll();
		}
		expect(problems.slice(0, 5)).toEqual([]);
		expect(tally.wrong(added)).toEqual([]);
	} finally {
		await sim.close();
		jest.useRealTimers();
	}
}
