/**
 * The trigger defects of issues 16 and 18, each proven fixed through n8n-core's real PollContext
 * against the simulator, with the clock under test control (only Date is faked).
 *
 * `Trigger` keeps the workflow's static data the way a running n8n does: the in-memory copy keeps
 * every poll's changes (a failed poll's too, since n8n keeps the Workflow object), and the copy
 * in n8n's database is written only when a poll emits items. `restart()` goes back to that copy.
 */
import { createHash } from 'crypto';
import { sleep, type IDataObject, type INodeExecutionData, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { description as businessEventsDescription } from '../../nodes/Oceanpayment/actions/order/getManyBusinessEvents.operation';
import { SEED_MERCHANT, signFor, startGateway, type Simulator } from '../helpers/gateway';
import { Tally, TriggerRun, type Poll } from '../helpers/trigger';
import type { CredentialData } from '../helpers/n8n';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeReport, captureLog } = require('../helpers/stdout') as {
	writeReport(text: string): void;
	captureLog(wanted: (line: string) => boolean): { lines: string[]; restore(): void };
};

const START = new Date('2026-11-20T02:00:00.000Z');
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The node's default Max Gateway Calls per Poll. */
const DEFAULT_BUDGET = 20;

let sim: Simulator;
let credentials: CredentialData;
let clock: number;

beforeEach(async () => {
	jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: START });
	clock = START.getTime();
	({ sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] }, defaultPageSize: 10 }));
});
afterEach(async () => {
	await sim.close();
	jest.useRealTimers();
});

function advance(minutes: number) {
	clock += minutes * MINUTE;
	jest.setSystemTime(clock);
}
/** A record's date `minutes` before the poll, at least a second before it: a poll reads the seconds that are over. */
const minutesAgo = (minutes: number) => new Date(clock - minutes * MINUTE - 1000);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

type TriggerState = IDataObject & { cursor?: string; orders: Record<string, string>; seen: Record<string, string> };

/** The trigger as a running n8n keeps it (test/helpers/trigger.ts), on this file's simulator. */
class Trigger extends TriggerRun {
	constructor(parameters: INodeParameters) {
		super(sim, credentials, parameters);
	}

	state(): TriggerState {
		return super.state() as TriggerState;
	}
}

/** The per-poll numbers of the catch-up tests, printed as one table at the end. */
const report: Array<{ scenario: string; poll: number; calls: number; emitted: number; ms: number; behind: string }> = [];
function record(scenario: string, poll: number, outcome: Poll, trigger: Trigger) {
	const cursor = trigger.state()?.cursor;
	const behind = cursor ? (clock - Date.parse(cursor)) / MINUTE : NaN;
	report.push({ scenario, poll, calls: outcome.calls, emitted: outcome.items.length, ms: Math.round(outcome.ms), behind: behind >= 1440 ? `${(behind / 1440).toFixed(1)} d` : `${Math.round(behind)} min` });
}
afterAll(() => {
	if (!report.length) return;
	const header = ['scenario', 'poll', 'calls', 'emitted', 'wall ms', 'cursor behind now'];
	const rows = report.map((row) => [row.scenario, String(row.poll), String(row.calls), String(row.emitted), String(row.ms), row.behind]);
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
	const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
	writeReport(`\nTrigger catch-up, per poll:\n${[line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n')}\n`);
});

/** A deterministic pseudo-random sequence in [0, 1). */
function randomFrom(seed: number) {
	let state = seed;
	return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

async function refund(paymentId: string, amount: string) {
	const fields: IDataObject = { account: SEED_MERCHANT.account, terminal: SEED_MERCHANT.terminal, payment_id: paymentId, refund_type: '2', refund_amount: amount, refund_description: 'test' };
	fields.signValue = signFor('/service/applyRefund', fields, SEED_MERCHANT.secureCode);
	const answer = await fetch(`${sim.url}/service/applyRefund`, { method: 'POST', body: new URLSearchParams(fields as Record<string, string>) });
	expect(await answer.text()).toContain('<refund_results>00</refund_results>');
}

describe('issue 16 › Order Status Changed after an unusable status answer', () => {
	test.each([
		['xhtml', /returned an HTML page instead of XML/],
		['emptyResponse', /answered without records or a result code/],
		['emptyList', /answered without records or a result code/],
	])('%s at HTTP 200: the poll fails, the saved state stays as it was, and the same good answers never emit anything', async (mode, message) => {
		for (const n of [1, 2, 3]) sim.admin.addOrder({ order_number: `U-${n}`, payment_id: `UP${n}`, order_amount: '20.00' });
		const trigger = new Trigger({ event: 'orderStatusChanged', watchedOrders: 'U-1,U-2,U-3' });
		expect((await trigger.activate()).items).toEqual([]);
		expect(Object.values(trigger.state().orders)).toEqual(['UP1:1/0/0/0/0', 'UP2:1/0/0/0/0', 'UP3:1/0/0/0/0']);

		for (let round = 0; round < 3; round++) {
			advance(1);
			const before = JSON.stringify(trigger.memory);
			sim.admin.setFault('/service/check/normal', { mode, times: 1 });
			const failed = await trigger.poll();
			expect(failed.error?.message).toMatch(message);
			expect(failed.items).toEqual([]);
			expect(JSON.stringify(trigger.memory)).toBe(before);

			advance(1);
			const good = await trigger.poll();
			expect(good.error).toBeUndefined();
			expect(good.items).toEqual([]);
			expect(Object.values(trigger.state().orders)).toEqual(['UP1:1/0/0/0/0', 'UP2:1/0/0/0/0', 'UP3:1/0/0/0/0']);
		}

		// Still watching: a real change after the bad answers comes out once.
		await refund('UP2', '5.00');
		advance(1);
		const { items } = await trigger.poll();
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ orderNumber: 'U-2', changedFields: ['refundStatus'], previous: expect.objectContaining({ refundStatus: '0' }), current: expect.objectContaining({ refundStatus: '2' }) }),
		]);
		advance(1);
		expect((await trigger.poll()).items).toEqual([]);
	});
});

describe('issue 16 › identical-looking business events', () => {
	const partialRefund = (reviewedAt?: Date) =>
		sim.admin.addBusinessEvent({ type: 'partialRefund', payment_id: 'RP1', amount: '10.00', review_dateTime: reviewedAt ?? minutesAgo(0) });
	beforeEach(() => sim.admin.addOrder({ order_number: 'R-1', payment_id: 'RP1', order_amount: '100.00', payment_dateTime: new Date(clock - 3 * DAY) }));

	test('two partial refunds of 10.00 on one payment, 5 minutes apart: two events, and 75 minutes of re-reads repeat none', async () => {
		const trigger = new Trigger({ event: 'newBusinessEvent', simplify: false });
		await trigger.activate();
		const emitted: INodeExecutionData[] = [];
		for (let minute = 1; minute <= 75; minute++) {
			advance(1);
			if (minute === 2 || minute === 7) partialRefund();
			const outcome = await trigger.poll();
			expect(outcome.error).toBeUndefined();
			emitted.push(...outcome.items);
		}
		expect(emitted).toHaveLength(2);
		// The gateway's records agree in every field it returns: only counting tells them apart.
		expect(emitted[0].json).toEqual(emitted[1].json);
		expect(emitted[0].json).toMatchObject({ type: 'partialRefund', payment_id: 'RP1', amount: '10.00' });
	});

	test('identical events listed in the same second come out once each; a third one later too', async () => {
		const trigger = new Trigger({ event: 'newBusinessEvent' });
		await trigger.activate();
		advance(1);
		partialRefund();
		partialRefund();
		expect((await trigger.poll()).items).toHaveLength(2);
		let later = 0;
		for (let minute = 1; minute <= 60; minute++) {
			advance(1);
			if (minute === 12) partialRefund();
			later += (await trigger.poll()).items.length;
		}
		expect(later).toBe(1);
	});

	test('a second identical refund listed over Overlap after the first one is held back, not lost', async () => {
		const trigger = new Trigger({ event: 'newBusinessEvent' });
		await trigger.activate();
		const when: number[] = [];
		for (let minute = 1; minute <= 90; minute++) {
			advance(1);
			if (minute === 1 || minute === 36) partialRefund();
			if ((await trigger.poll()).items.length) when.push(minute);
		}
		// The second one waits until the trigger stops counting the first (Overlap + 10 minutes after
		// the poll that first saw it), then comes out once.
		expect(when).toHaveLength(2);
		expect(when[0]).toBe(1);
		expect(when[1]).toBeGreaterThanOrEqual(36);
		expect(when[1]).toBeLessThanOrEqual(36 + 12);
	});

	test('the case the gateway cannot tell apart: a second identical refund that happened within 10 minutes of the poll that saw the first, listed only after the polls stopped re-reading the first, is taken for it', async () => {
		const trigger = new Trigger({ event: 'newBusinessEvent', options: { overlapMinutes: 30 } });
		await trigger.activate();
		const tally = new Tally((item) => `${String(item.json.eventType)} ${String(item.json.eventAmount)}`);
		const firstPoll = clock + MINUTE;
		for (let minute = 1; minute <= 90; minute++) {
			advance(1);
			// First refund: reviewed 10 s before the poll at 02:01, emitted by it.
			if (minute === 1) partialRefund(new Date(clock - 10_000));
			if (minute === 34) {
				// Reviewed at 02:06, but listed only at 02:34 (28 minutes late, within the overlap).
				partialRefund(new Date(firstPoll + 5 * MINUTE));
				// The same lateness on an event that differs in one field: caught.
				sim.admin.addBusinessEvent({ type: 'partialRefund', payment_id: 'RP1', amount: '10.01', review_dateTime: new Date(firstPoll + 5 * MINUTE) });
			}
			tally.add((await trigger.poll()).items);
		}
		expect(Object.fromEntries(tally.counts)).toEqual({ 'partialRefund 10.00': 1, 'partialRefund 10.01': 1 });
	});

	test('a list that changes while its pages are read: the window is read again, no event repeated', async () => {
		// Every Poll: the late records are read again by the next poll, while the list changes.
		const trigger = new Trigger({ event: 'newDispute', disputeType: '', options: { reRead: 'everyPoll' } });
		await trigger.activate();
		advance(1);
		for (let n = 0; n < 25; n++) sim.admin.addDispute({ payment_id: `S${n}`, disputes_date: new Date(clock - 20 * MINUTE + n * 1000) });
		const tally = new Tally();
		expect(tally.add((await trigger.poll()).items)).toHaveLength(25);

		advance(1);
		// Page 2 is answered after a delay, during which a late dispute sorts in before the others.
		sim.admin.setFault('/service/DisputeOrderList', { mode: 'latency', latencyMs: 300, after: 1, times: 1 });
		const polling = trigger.poll();
		await sleep(100);
		sim.admin.addDispute({ payment_id: 'LATE', disputes_date: new Date(clock - 25 * MINUTE) });
		const shifted = await polling;
		expect(shifted.error).toBeUndefined();
		expect(shifted.log.filter((entry) => entry.fields.pages === '1' || entry.fields.pages === undefined).length).toBeGreaterThan(1);
		tally.add(shifted.items);
		for (let minute = 0; minute < 45; minute++) {
			advance(1);
			tally.add((await trigger.poll()).items);
		}
		const expected = new Map([...Array.from({ length: 25 }, (_, n) => [`S${n}`, 1] as [string, number]), ['LATE', 1]]);
		expect(tally.wrong(expected)).toEqual([]);
	});
});

describe('issue 16 › the business-event date type', () => {
	test('the default catches a chargeback and a refund today on a payment made 3 days ago: each exactly once over 5 polls', async () => {
		sim.admin.addOrder({ order_number: 'OLD-1', payment_id: 'OLDP1', order_amount: '50.00', payment_dateTime: new Date(clock - 3 * DAY) });
		sim.admin.addOrder({ order_number: 'OLD-2', payment_id: 'OLDP2', order_amount: '50.00', payment_dateTime: new Date(clock - 3 * DAY) });
		const trigger = new Trigger({ event: 'newBusinessEvent' });
		await trigger.activate();
		const tally = new Tally((item) => `${String(item.json.eventType)} ${String(item.json.paymentId)}`);
		const dateTypes = new Set<unknown>();
		for (let poll = 1; poll <= 5; poll++) {
			advance(1);
			if (poll === 1) {
				sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: 'OLDP1', payment_cpdTime: new Date(clock) });
				sim.admin.addBusinessEvent({ type: 'refund', payment_id: 'OLDP2', amount: '50.00' });
			}
			const outcome = await trigger.poll();
			expect(outcome.error).toBeUndefined();
			tally.add(outcome.items);
			for (const entry of outcome.log) dateTypes.add(entry.fields.date_type);
		}
		expect(Object.fromEntries(tally.counts)).toEqual({ 'chargeBack OLDP1': 1, 'refund OLDP2': 1 });
		// Review time, the gateway's default, is asked for by leaving date_type out.
		expect([...dateTypes]).toEqual([undefined]);
	});

	test('Order › Get Many Business Events says what each date type misses', () => {
		const field = businessEventsDescription.find((property) => property.name === 'dateType') as INodeProperties;
		const option = (value: string) => String((field.options as Array<{ value: string; description?: string }>).find((entry) => entry.value === value)?.description);
		expect(option('0')).toMatch(/every event/i);
		expect(option('1')).toMatch(/misses .*(earlier|older) payments/i);
		expect(option('2')).toMatch(/misses refunds/i);
		expect(String(field.description)).toMatch(/Review Time/);
	});
});

interface CatchUpCase {
	name: string;
	parameters: INodeParameters;
	/** Days the trigger was off; the dispute list only reaches 30 days back. */
	daysOff: number;
	/** Records in the days off, each with a unique payment id from `id`, dated `at`. */
	bulk(records: Array<{ id: string; at: Date }>): void;
	/** One record dated `at`. */
	add(id: string, at: Date): void;
}

const CATCH_UP: CatchUpCase[] = [
	{
		name: 'New Business Event',
		parameters: { event: 'newBusinessEvent' },
		daysOff: 30,
		bulk: (records) => sim.admin.addBusinessEvents(records.map(({ id, at }) => ({ type: 'refund', payment_id: id, amount: '5.00', review_dateTime: at }))),
		add: (id, at) => sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: id, review_dateTime: at }),
	},
	{
		name: 'New Successful Payment',
		parameters: { event: 'newSuccessfulPayment' },
		daysOff: 30,
		bulk: (records) => sim.admin.addOrders(records.map(({ id, at }) => ({ payment_id: id, order_number: `O-${id}`, payment_dateTime: at }))),
		add: (id, at) => sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: at }),
	},
	{
		name: 'New Dispute',
		parameters: { event: 'newDispute', disputeType: '' },
		daysOff: 29,
		bulk: (records) => sim.admin.addDisputes(records.map(({ id, at }) => ({ payment_id: id, order_number: `O-${id}`, disputes_date: at }))),
		add: (id, at) => sim.admin.addDispute({ payment_id: id, order_number: `O-${id}`, disputes_date: at }),
	},
];

describe('issue 16 › catch-up within the call budget', () => {
	test.each(CATCH_UP)('$name: off for $daysOff days over 4,000 records, caught up over several polls within the budget, 0 lost, 0 twice', async ({ name, parameters, daysOff, bulk, add }) => {
		const random = randomFrom(daysOff * 1000 + name.length);
		const trigger = new Trigger(parameters);
		const tally = new Tally();
		const expected = new Map<string, number>();
		const expect1 = (id: string) => expected.set(id, (expected.get(id) ?? 0) + 1);
		await trigger.activate();
		advance(1);
		add('FIRST', minutesAgo(0));
		expect1('FIRST');
		tally.add((await trigger.poll()).items);

		const offSince = clock;
		advance(daysOff * 24 * 60);
		const records = Array.from({ length: 4000 }, (_, n) => ({ id: `B${n}`, at: new Date(offSince + 1000 + Math.floor(random() * (clock - offSince - 2000))) }));
		bulk(records);
		records.forEach(({ id }) => expect1(id));
		if (name === 'New Business Event') {
			// 100 pairs of identical events (same payment, type, status, amount), 1 to 6 hours apart: many
			// pairs straddle the end of a poll's read, the second one then read by the next poll.
			const pairs = Array.from({ length: 100 }, (_, n) => {
				const first = offSince + Math.floor(random() * (clock - offSince - 6 * 3600_000));
				return [first, first + 3600_000 + Math.floor(random() * 5 * 3600_000)].map((at) => ({ type: 'partialRefund', payment_id: `PAIR${n}`, amount: '10.00', review_dateTime: new Date(at) }));
			});
			sim.admin.addBusinessEvents(pairs.flat());
			pairs.forEach((_, n) => expected.set(`PAIR${n}`, 2));
		}

		let caughtUpAfter = 0;
		for (let poll = 1; poll <= 80; poll++) {
			// Live records keep arriving during the catch-up, some of them late.
			add(`LIVE${poll}`, minutesAgo(poll % 5 === 0 ? 20 : 0));
			expect1(`LIVE${poll}`);
			const outcome = await trigger.poll();
			expect(outcome.error).toBeUndefined();
			expect(outcome.calls).toBeLessThanOrEqual(DEFAULT_BUDGET);
			tally.add(outcome.items);
			if (!caughtUpAfter) record(name, poll, outcome, trigger);
			// Caught up: read to the last second that is over.
			if (!caughtUpAfter && Date.parse(trigger.state().cursor ?? '') === Math.floor(clock / 1000) * 1000 - 1000) caughtUpAfter = poll;
			advance(1);
		}
		// Late live records come out at the latest as their time leaves the overlap.
		for (let minute = 0; minute <= 30; minute++) {
			tally.add((await trigger.poll()).items);
			advance(1);
		}
		expect(caughtUpAfter).toBeGreaterThan(5);
		expect(caughtUpAfter).toBeLessThan(40);
		expect(tally.wrong(expected)).toEqual([]);
	}, 120000);

	test.each([
		// Every Poll re-reads the newest part of the overlap that the calls left allow, and says so.
		{ reRead: 'everyPoll', lateWithin: 0, warning: /New Successful Payment: the overlap holds more records than the calls left in this poll can read again, so only those from [\d-]+ [\d:]+ \(gateway time\) on were read again now; the older ones are read again as they leave the overlap/ },
		{ reRead: 'auto', lateWithin: 31 },
		{ reRead: 'once', lateWithin: 31 },
	])('a busy account whose overlap holds more pages than the budget ($reRead): every poll moves the cursor forward within the budget, nothing lost or twice', async ({ reRead, lateWithin, warning }) => {
		// The trigger's warnings in n8n's log are kept to be checked.
		const warnings = captureLog((line) => line.includes('Oceanpayment Trigger ›'));
		const tally = new Tally();
		const expected = new Map<string, number>();
		const listedAt = new Map<string, number>();
		const lateBy: number[] = [];
		try {
			const trigger = new Trigger({ event: 'newSuccessfulPayment', options: { maxCalls: 10, reRead } });
			await trigger.activate();
			let cursor = Date.parse(trigger.state().cursor ?? '');
			for (let minute = 1; minute <= 60 + 31; minute++) {
				advance(1);
				// 8 payments a minute: 240 in the 30-minute overlap, 24 pages, over a budget of 10 calls.
				for (let n = 0; n < 8 && minute <= 60; n++) {
					const id = `P${minute}-${n}`;
					expected.set(id, 1);
					listedAt.set(id, minute);
					// One in eight reaches the list 2 minutes late.
					sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: minutesAgo(n === 7 ? 2 : 0) });
				}
				const outcome = await trigger.poll();
				expect(outcome.error).toBeUndefined();
				expect(outcome.calls).toBeLessThanOrEqual(10);
				for (const id of tally.add(outcome.items)) if (id.endsWith('-7')) lateBy.push(minute - (listedAt.get(id) ?? 0));
				const next = Date.parse(trigger.state().cursor ?? '');
				expect(next).toBeGreaterThan(cursor);
				cursor = next;
			}
		} finally {
			warnings.restore();
		}
		expect(tally.wrong(expected)).toEqual([]);
		// A late record comes out at once (Every Poll) or when its time leaves the overlap.
		expect(Math.max(...lateBy)).toBeLessThanOrEqual(lateWithin);
		const overlapWarnings = warnings.lines.filter((line) => line.includes('the overlap holds more records'));
		if (warning) expect(overlapWarnings[0]).toMatch(warning);
		else expect(overlapWarnings).toEqual([]);
	}, 60000);

	test('Order Status Changed, 450 watched orders and a budget of 2 calls: takes turns over the chunks, each change once, no false events', async () => {
		const orders = Array.from({ length: 450 }, (_, n) => `W-${n}`);
		sim.admin.addOrders(orders.map((order, n) => ({ order_number: order, payment_id: `WP${n}`, order_amount: '20.00' })));
		const trigger = new Trigger({ event: 'orderStatusChanged', watchedOrders: orders.join(','), options: { maxCalls: 2 } });
		const asked: string[][] = [];
		const tally = new Tally((item) => String(item.json.orderNumber));
		for (let poll = 1; poll <= 3; poll++) {
			const outcome = poll === 1 ? await trigger.activate() : await trigger.poll();
			expect(outcome.items).toEqual([]);
			expect(outcome.calls).toBe(2);
			asked.push(outcome.log.flatMap((entry) => String(entry.fields.order_number).split(',')));
			advance(1);
		}
		// Three polls of two chunks of up to 100 asked about every order, the first chunk twice.
		expect(asked.map((numbers) => numbers.length)).toEqual([200, 200, 150]);
		expect(new Set(asked.flat())).toEqual(new Set(orders));
		expect(Object.keys(trigger.state().orders)).toHaveLength(450);

		const changed = ['W-5', 'W-120', 'W-250', 'W-399', 'W-449'];
		for (const order of changed) await refund(`WP${order.slice(2)}`, '1.00');
		for (let poll = 1; poll <= 12; poll++) {
			const outcome = await trigger.poll();
			expect(outcome.error).toBeUndefined();
			expect(outcome.calls).toBe(2);
			tally.add(outcome.items);
			for (const item of outcome.items) expect(item.json).toMatchObject({ changedFields: ['refundStatus'], previous: expect.objectContaining({ refundStatus: '0' }) });
			record('Order Status Changed, 450 orders', poll, outcome, trigger);
			advance(1);
		}
		expect(tally.wrong(new Map(changed.map((order) => [order, 1])))).toEqual([]);
	}, 60000);
});

describe('issue 16 › events remembered by when they were first seen', () => {
	test('an event whose returned dates are far from the date the gateway filters on comes out once over 60 polls', async () => {
		sim.admin.addOrder({ order_number: 'F-1', payment_id: 'FP1', payment_dateTime: new Date(clock - 3 * DAY) });
		const trigger = new Trigger({ event: 'newBusinessEvent' });
		await trigger.activate();
		let emitted = 0;
		for (let minute = 1; minute <= 60; minute++) {
			advance(1);
			// Filtered on its review time (now, never returned); it returns the payment's time (3 days
			// ago) and an exception time 2 days ago. Remembering it by either of those would forget it
			// at once, and the next re-read would emit it again.
			if (minute === 1) sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: 'FP1', payment_cpdTime: new Date(clock - 2 * DAY) });
			emitted += (await trigger.poll()).items.length;
		}
		expect(emitted).toBe(1);
	});
});

/**
 * The state 0.1.0 saved (under node static data, which n8n keys by node name): events bucketed by
 * the minute of their event time. Checked once against 0.1.0's own code for the records below.
 */
function stateOf010(config: unknown[], cursor: Date, events: Array<{ key: string; at: Date }>, orders: Record<string, string> = {}): IDataObject {
	const seen: Record<string, string> = {};
	for (const { key, at } of events) {
		const minute = String(Math.floor(at.getTime() / MINUTE));
		seen[minute] = (seen[minute] ?? '') + createHash('sha256').update(key, 'utf8').digest('base64').slice(0, 8);
	}
	return { version: 1, config: JSON.stringify(config), cursor: cursor.toISOString().replace('Z', '+00:00'), seen, orders };
}

describe('issue 18 › state kept across renames and moved from 0.1.0', () => {
	test('renamed away and back: one state under the node ID, nothing lost, nothing twice', async () => {
		const trigger = new Trigger({ event: 'newDispute', disputeType: '' });
		await trigger.activate();
		const tally = new Tally();
		const add = (id: string) => sim.admin.addDispute({ payment_id: id, disputes_date: minutesAgo(0) });
		for (let minute = 1; minute <= 50; minute++) {
			advance(1);
			if (minute === 2) trigger.nodeName = 'Disputes';
			if (minute === 4) trigger.nodeName = 'Oceanpayment Trigger';
			if (minute <= 5) add(`D${minute}`);
			if (minute === 20) add('D20');
			const outcome = await trigger.poll();
			expect(outcome.error).toBeUndefined();
			tally.add(outcome.items);
		}
		expect(tally.wrong(new Map(['D1', 'D2', 'D3', 'D4', 'D5', 'D20'].map((id) => [id, 1])))).toEqual([]);
		expect(Object.keys(trigger.memory.global as IDataObject)).toEqual(['oceanpaymentTrigger:trigger-node']);
		for (const [key, value] of Object.entries(trigger.memory)) if (key.startsWith('node:')) expect(value).not.toHaveProperty('oceanpaymentTrigger');
	});

	interface LegacyCase {
		name: string;
		parameters: INodeParameters;
		config: unknown[];
		/** Adds a record dated `at` and returns 0.1.0's event key for it and its event time. */
		add(id: string, at: Date): { key: string; at: Date };
	}
	const gatewayText = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
	const LEGACY: LegacyCase[] = [
		{
			name: 'New Dispute',
			parameters: { event: 'newDispute', disputeType: '' },
			config: ['newDispute', '', [], '0'],
			add: (id, at) => {
				const view = sim.admin.addDispute({ payment_id: id, disputes_date: at });
				return { key: ['dispute', id, view.notice_type, gatewayText(at), view.disputes_times, view.push_details].map((part) => String(part ?? '')).join('|'), at };
			},
		},
		{
			name: 'New Business Event',
			parameters: { event: 'newBusinessEvent' },
			config: ['newBusinessEvent', '', [], '0'],
			add: (id, at) => {
				sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: id, amount: '7.00', review_dateTime: at });
				// 0.1.0 bucketed review-time events by the poll's time, not the event's.
				return { key: ['business', id, 'chargeBack', '1', '7.00', '', ''].join('|'), at: START };
			},
		},
		{
			name: 'New Successful Payment',
			parameters: { event: 'newSuccessfulPayment' },
			config: ['newSuccessfulPayment', '', [], '0'],
			add: (id, at) => {
				sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: at });
				return { key: `payment|${id}`, at };
			},
		},
	];

	test.each(LEGACY)('$name: the state 0.1.0 kept under the node name moves on the first poll; nothing lost or repeated', async ({ parameters, config, add }) => {
		// 0.1.0 polled at START and had seen two events.
		const seen = [add('OLD1', minutesAgo(20)), add('OLD2', minutesAgo(1))];
		const trigger = new Trigger(parameters);
		trigger.memory = { 'node:Oceanpayment Trigger': { oceanpaymentTrigger: stateOf010(config, START, seen) } };
		trigger.database = clone(trigger.memory);

		// The upgrade takes 5 minutes; one event happens meanwhile, one reaches the gateway late.
		advance(5);
		add('NEW1', minutesAgo(2));
		add('LATE1', minutesAgo(15));
		const tally = new Tally();
		const first = await trigger.poll();
		expect(first.error).toBeUndefined();
		expect(tally.add(first.items).sort()).toEqual(['LATE1', 'NEW1']);
		expect(trigger.memory['node:Oceanpayment Trigger']).toEqual({});
		expect(trigger.state()).toMatchObject({ config: JSON.stringify(config), version: 2 });

		for (let minute = 1; minute <= 45; minute++) {
			advance(1);
			if (minute === 10) add('NEW2', minutesAgo(0));
			tally.add((await trigger.poll()).items);
		}
		expect(tally.wrong(new Map(['LATE1', 'NEW1', 'NEW2'].map((id) => [id, 1])))).toEqual([]);
	});

	test('Order Status Changed: the snapshots 0.1.0 kept move on the first poll; a change during the upgrade comes out once', async () => {
		for (const n of [1, 2]) sim.admin.addOrder({ order_number: `M-${n}`, payment_id: `MP${n}`, order_amount: '20.00' });
		const trigger = new Trigger({ event: 'orderStatusChanged', watchedOrders: 'M-1,M-2' });
		const orders = { 'M-1': 'MP1:1/0/0/0/0', 'M-2': 'MP2:1/0/0/0/0' };
		trigger.memory = { 'node:Oceanpayment Trigger': { oceanpaymentTrigger: stateOf010(['orderStatusChanged', '', [], '0'], START, [], orders) } };
		advance(5);
		await refund('MP2', '2.00');
		const { items, error } = await trigger.poll();
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ orderNumber: 'M-2', changedFields: ['refundStatus'], previous: expect.objectContaining({ refundStatus: '0' }) }),
		]);
		advance(1);
		expect((await trigger.poll()).items).toEqual([]);
		expect(trigger.memory['node:Oceanpayment Trigger']).toEqual({});
	});
});

describe('issue 18 › the re-read after a restart is bounded', () => {
	test('n8n saved the state only at the last emitting poll; a restart after 30 quiet days catches up over several polls within the budget, nothing lost or repeated', async () => {
		const trigger = new Trigger({ event: 'newBusinessEvent', eventTypes: ['chargeBack'] });
		const tally = new Tally();
		await trigger.activate();
		advance(1);
		sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: 'CB0', review_dateTime: minutesAgo(0) });
		expect(tally.add((await trigger.poll()).items)).toEqual(['CB0']);
		const savedAt = trigger.state().cursor;

		// 30 quiet days: 3,000 refunds, which this trigger does not fire on, polled every 6 hours.
		const random = randomFrom(18);
		const quietSince = clock;
		sim.admin.addBusinessEvents(Array.from({ length: 3000 }, (_, n) => ({ type: 'refund', payment_id: `RF${n}`, amount: '3.00', review_dateTime: new Date(quietSince + Math.floor(random() * 30 * DAY)) })));
		for (let poll = 0; poll < 120; poll++) {
			advance(6 * 60);
			const outcome = await trigger.poll();
			expect(outcome.error).toBeUndefined();
			expect(outcome.items).toEqual([]);
		}
		expect(Date.parse(trigger.state().cursor ?? '')).toBe(clock - 1000);
		expect((trigger.database.global as IDataObject)['oceanpaymentTrigger:trigger-node']).toMatchObject({ cursor: savedAt });

		// n8n stops; a chargeback happens while it is down; it starts 2 hours later.
		advance(60);
		sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: 'CB1', review_dateTime: minutesAgo(0) });
		advance(60);
		trigger.restart();
		expect(trigger.state().cursor).toBe(savedAt);

		let caughtUpAfter = 0;
		for (let poll = 1; poll <= 60; poll++) {
			if (poll === 5) {
				// Restarted again mid-way: nothing was emitted since, so it starts over from the same state.
				trigger.restart();
				expect(trigger.state().cursor).toBe(savedAt);
			}
			if (poll === 8) sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: 'CB2', review_dateTime: minutesAgo(0) });
			const outcome = await trigger.poll();
			expect(outcome.error).toBeUndefined();
			expect(outcome.calls).toBeLessThanOrEqual(DEFAULT_BUDGET);
			tally.add(outcome.items);
			if (!caughtUpAfter) record('restart after 30 quiet days', poll, outcome, trigger);
			if (!caughtUpAfter && Date.parse(trigger.state().cursor ?? '') === clock - 1000) caughtUpAfter = poll;
			advance(1);
		}
		expect(caughtUpAfter).toBeGreaterThan(5);
		expect(Object.fromEntries(tally.counts)).toEqual({ CB0: 1, CB1: 1, CB2: 1 });
	}, 120000);
});
