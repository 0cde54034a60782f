/**
 * The polling trigger inside n8n-core's real PollContext, against the simulator, with the
 * clock under test control (only Date is faked; timers and I/O are real). Static data is
 * serialised and parsed back between polls, as a restart would.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { OceanpaymentTrigger } from '../../nodes/Oceanpayment/OceanpaymentTrigger.node';
import { runPoll, type PollOutcome } from '../helpers/poll';
import { SEED_MERCHANT, signFor, startGateway, type Simulator } from '../helpers/gateway';
import type { CredentialData } from '../helpers/n8n';

const START = new Date('2026-11-20T02:00:00.000Z');
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

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
	clock += minutes * 60_000;
	jest.setSystemTime(clock);
}
/** A record's date `minutes` before the poll, at least a second before it: a poll reads the seconds that are over. */
const minutesAgo = (minutes: number) => new Date(clock - minutes * 60_000 - 1000);

/**
 * A trigger as n8n runs it: the workflow's static data lives in memory between polls (changed by
 * successful polls only), and n8n writes it to the database only when a poll emits items.
 * `restart()` goes back to what was written.
 */
class Poller {
	staticData: IDataObject = {};
	/** What n8n would have written to its database. */
	saved: IDataObject = {};
	nodeName = 'Oceanpayment Trigger';
	constructor(private readonly parameters: INodeParameters) {}

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<PollOutcome> {
		const outcome = await runPoll({
			trigger: new OceanpaymentTrigger(),
			type: 'oceanpaymentTrigger',
			parameters: { simplify: true, ...this.parameters },
			credentials,
			staticData: this.staticData,
			mode,
			nodeName: this.nodeName,
		});
		if (!outcome.error && mode === 'trigger') {
			this.staticData = outcome.staticData;
			if (outcome.items.length) this.saved = JSON.parse(JSON.stringify(outcome.staticData)) as IDataObject;
		}
		return outcome;
	}

	restart(): void {
		this.staticData = JSON.parse(JSON.stringify(this.saved)) as IDataObject;
	}
}

/** The trigger's state, where it is kept: global static data under the node's ID. */
const stateOf = (staticData: IDataObject) => (staticData.global as IDataObject)['oceanpaymentTrigger:trigger-node'] as IDataObject & { orders: IDataObject; cursor: string };

const calls = () => sim.admin.getLog().length;

interface EventCase {
	name: string;
	parameters: INodeParameters;
	/** Adds one record whose event time is `at`; returns its payment id. */
	add(at: Date, id: string): void;
}

const EVENTS: EventCase[] = [
	{
		name: 'New Dispute',
		parameters: { event: 'newDispute', disputeType: '' },
		add: (at, id) => sim.admin.addDispute({ payment_id: id, order_number: `O-${id}`, disputes_date: at }),
	},
	{
		name: 'New Business Event',
		parameters: { event: 'newBusinessEvent', eventTypes: [] },
		add: (at, id) => sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: id, order_number: `O-${id}`, review_dateTime: at }),
	},
	{
		name: 'New Successful Payment',
		parameters: { event: 'newSuccessfulPayment' },
		add: (at, id) => sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: at }),
	},
];

const ids = (items: INodeExecutionData[]) => items.map((item) => String(item.json.paymentId));

describe.each(EVENTS)('$name', ({ parameters, add }) => {
	test('baseline emits nothing; a new record is emitted once; a late one inside the overlap too; idle polls cost 1 call', async () => {
		add(minutesAgo(5), 'OLD1');
		const poller = new Poller(parameters);
		const baseline = await poller.poll();
		expect(baseline.error).toBeUndefined();
		expect(baseline.items).toEqual([]);

		advance(1);
		add(minutesAgo(0), 'NEW1');
		expect(ids((await poller.poll()).items)).toEqual(['NEW1']);

		advance(1);
		sim.admin.clearLog();
		expect((await poller.poll()).items).toEqual([]);
		expect(calls()).toBe(1);

		advance(1);
		add(minutesAgo(12), 'LATE1'); // arrives now, event time 12 minutes ago (overlap is 30)
		expect(ids((await poller.poll()).items)).toEqual(['LATE1']);
		advance(1);
		expect((await poller.poll()).items).toEqual([]);
	});

	test('Fetch Test Event returns the newest records and leaves the state alone', async () => {
		add(minutesAgo(30), 'A');
		add(minutesAgo(20), 'B');
		const poller = new Poller(parameters);
		await poller.poll();
		const saved = JSON.stringify(poller.staticData);
		const manual = await poller.poll('manual');
		expect(manual.error).toBeUndefined();
		expect(ids(manual.items)).toEqual(['B', 'A']);
		expect(JSON.stringify(manual.staticData)).toBe(saved);
	});
});

test('backfill: the first poll emits the last N hours once', async () => {
	sim.admin.addDispute({ payment_id: 'D-3H', disputes_date: minutesAgo(180) });
	sim.admin.addDispute({ payment_id: 'D-1H', disputes_date: minutesAgo(60) });
	const poller = new Poller({ event: 'newDispute', disputeType: '', options: { backfillHours: 2 } });
	expect(ids((await poller.poll()).items)).toEqual(['D-1H']);
	advance(1);
	expect((await poller.poll()).items).toEqual([]);
});

test('business event type filter and simplified fields', async () => {
	const poller = new Poller({ event: 'newBusinessEvent', eventTypes: ['refund', 'partialRefund'] });
	await poller.poll();
	advance(1);
	sim.admin.addBusinessEvent({ type: 'fraud', payment_id: 'F1', review_dateTime: minutesAgo(0) });
	sim.admin.addBusinessEvent({ type: 'partialRefund', payment_id: 'R1', amount: '3.00', review_dateTime: minutesAgo(0) });
	const { items } = await poller.poll();
	expect(items.map((item) => item.json)).toEqual([expect.objectContaining({ event: 'newBusinessEvent', eventType: 'partialRefund', paymentId: 'R1', eventAmount: '3.00' })]);
});

test('changing the event or its filters starts a new baseline', async () => {
	sim.admin.addDispute({ payment_id: 'X1', notice_type: 'dispute', disputes_date: minutesAgo(1) });
	const poller = new Poller({ event: 'newDispute', disputeType: '' });
	await poller.poll();
	advance(1);
	const filtered = new Poller({ event: 'newDispute', disputeType: 'dispute' });
	filtered.staticData = poller.staticData;
	sim.admin.addDispute({ payment_id: 'X2', notice_type: 'dispute', disputes_date: minutesAgo(0) });
	expect((await filtered.poll()).items).toEqual([]);
	advance(1);
	sim.admin.addDispute({ payment_id: 'X3', notice_type: 'dispute', disputes_date: minutesAgo(0) });
	expect(ids((await filtered.poll()).items)).toEqual(['X3']);
});

test('a failed poll does not move the cursor: its records come with the next successful poll', async () => {
	const poller = new Poller({ event: 'newDispute', disputeType: '', options: { retries: 0 } });
	await poller.poll();
	const before = JSON.stringify(poller.staticData);
	advance(1);
	sim.admin.addDispute({ payment_id: 'P1', disputes_date: minutesAgo(0) });
	sim.admin.setFault('*', { mode: 'reset', times: 1 });
	const failed = await poller.poll();
	expect(failed.error?.message).toBe('Oceanpayment Trigger › New Dispute failed: The gateway closed the connection without answering');
	expect(JSON.stringify(poller.staticData)).toBe(before);
	advance(1);
	expect(ids((await poller.poll()).items)).toEqual(['P1']);
});

test('restart: state restored from serialised static data into a new trigger instance gives no duplicates', async () => {
	const poller = new Poller({ event: 'newSuccessfulPayment' });
	await poller.poll();
	advance(1);
	sim.admin.addOrder({ payment_id: 'R1', order_number: 'R-1', payment_dateTime: minutesAgo(0) });
	expect(ids((await poller.poll()).items)).toEqual(['R1']);
	const restarted = new Poller({ event: 'newSuccessfulPayment' });
	restarted.staticData = JSON.parse(JSON.stringify(poller.staticData)) as IDataObject;
	advance(1);
	sim.admin.addOrder({ payment_id: 'R2', order_number: 'R-2', payment_dateTime: minutesAgo(0) });
	expect(ids((await restarted.poll()).items)).toEqual(['R2']);
});

test('100 polls with random faults and arriving records: every record emitted exactly once', async () => {
	let seed = 20261122;
	const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	const poller = new Poller({ event: 'newDispute', disputeType: '', options: { retries: 0 } });
	await poller.poll();
	const emitted = new Map<string, number>();
	const added: string[] = [];
	let failures = 0;
	for (let poll = 0; poll < 100; poll++) {
		advance(1);
		for (let n = Math.floor(random() * 4); n > 0; n--) {
			const id = `D${added.length}`;
			added.push(id);
			// Late arrivals: event time up to 20 minutes back (overlap 30).
			sim.admin.addDispute({ payment_id: id, disputes_date: minutesAgo(Math.floor(random() * 20)) });
		}
		if (random() < 0.3) {
			const mode = ['http500', 'reset', 'truncated'][Math.floor(random() * 3)];
			sim.admin.setFault('*', { mode, times: 1, after: Math.floor(random() * 3) });
		}
		const outcome = await poller.poll();
		if (outcome.error) failures++;
		for (const id of ids(outcome.items)) emitted.set(id, (emitted.get(id) ?? 0) + 1);
		sim.admin.clearFaults();
	}
	// Late ones come out at the latest as their time leaves the overlap.
	for (let minute = 0; minute <= 30; minute++) {
		advance(1);
		for (const id of ids((await poller.poll()).items)) emitted.set(id, (emitted.get(id) ?? 0) + 1);
	}
	expect(failures).toBeGreaterThan(5);
	expect(added.length).toBeGreaterThan(100);
	expect([...emitted.keys()].sort()).toEqual([...added].sort());
	expect([...emitted.values()].every((count) => count === 1)).toBe(true);
}, 60000);

test('state stays under 64 KB after 10,000 events (100 polls of 100 new payments)', async () => {
	await sim.close();
	({ sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] }, defaultPageSize: 5000 }));
	const poller = new Poller({ event: 'newSuccessfulPayment' });
	await poller.poll();
	let emitted = 0;
	for (let poll = 0; poll < 100; poll++) {
		advance(1);
		for (let n = 0; n < 100; n++) sim.admin.addOrder({ order_number: `N${poll}-${n}`, payment_id: `P${poll}-${n}`, payment_dateTime: minutesAgo(0) });
		emitted += (await poller.poll()).items.length;
	}
	expect(emitted).toBe(10_000);
	const size = JSON.stringify(poller.staticData).length;
	expect(size).toBeLessThan(64 * 1024);
}, 120000);

describe('Order Status Changed', () => {
	const watched = Array.from({ length: 150 }, (_, i) => `W-${i}`);
	beforeEach(() => watched.forEach((order, i) => sim.admin.addOrder({ order_number: order, payment_id: `WP${i}`, order_amount: '20.00' })));

	async function refund(paymentId: string, amount: string, type: '1' | '2' = '2') {
		const fields: IDataObject = { account: SEED_MERCHANT.account, terminal: SEED_MERCHANT.terminal, payment_id: paymentId, refund_type: type, refund_amount: amount, refund_description: 'test' };
		fields.signValue = signFor('/service/applyRefund', fields, SEED_MERCHANT.secureCode);
		await fetch(`${sim.url}/service/applyRefund`, { method: 'POST', body: new URLSearchParams(fields as Record<string, string>) });
	}

	test('150 watched orders: 2 calls per poll; one refund → one item with previous and current', async () => {
		const poller = new Poller({ event: 'orderStatusChanged', watchedOrders: watched.join(',') });
		sim.admin.clearLog();
		expect((await poller.poll()).items).toEqual([]);
		expect(calls()).toBe(2);

		sim.admin.clearLog();
		expect((await poller.poll()).items).toEqual([]);
		expect(calls()).toBe(2);

		await refund('WP42', '5.00');
		sim.admin.clearLog();
		const { items } = await poller.poll();
		expect(calls()).toBe(2);
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				event: 'orderStatusChanged',
				orderNumber: 'W-42',
				paymentId: 'WP42',
				changedFields: ['refundStatus'],
				previous: expect.objectContaining({ paymentResult: '1', refundStatus: '0' }),
				current: expect.objectContaining({ paymentResult: '1', refundStatus: '2' }),
				payment: expect.objectContaining({ orderNumber: 'W-42', refundStatus: '2' }),
			}),
		]);
		expect((await poller.poll()).items).toEqual([]);
		expect(JSON.stringify(poller.staticData).length).toBeLessThan(64 * 1024);
	});

	test('a newly watched order is a baseline; orders no longer watched are forgotten', async () => {
		const poller = new Poller({ event: 'orderStatusChanged', watchedOrders: 'W-1,W-2' });
		await poller.poll();
		const wider = new Poller({ event: 'orderStatusChanged', watchedOrders: 'W-2,W-3' });
		wider.staticData = poller.staticData;
		await refund('WP3', '1.00');
		expect((await wider.poll()).items).toEqual([]);
		const orders = stateOf(wider.staticData).orders;
		expect(Object.keys(orders).sort()).toEqual(['W-2', 'W-3']);
		await refund('WP3', '19.00', '1'); // the rest, as a full refund: refund status 2 → 1
		expect((await wider.poll()).items.map((item) => item.json.orderNumber)).toEqual(['W-3']);
	});

	test('a payment that appears for a watched order fires with previous: null; Fetch Test Event changes nothing', async () => {
		const poller = new Poller({ event: 'orderStatusChanged', watchedOrders: 'LATER-1' });
		await poller.poll();
		sim.admin.addOrder({ order_number: 'LATER-1', payment_id: 'LP1', payment_results: '-1' });
		const saved = JSON.stringify(poller.staticData);
		const manual = await poller.poll('manual');
		expect(manual.items[0].json).toMatchObject({ orderNumber: 'LATER-1', previous: null });
		expect(JSON.stringify(manual.staticData)).toBe(saved);
		const { items } = await poller.poll();
		expect(items.map((item) => item.json)).toEqual([expect.objectContaining({ paymentId: 'LP1', previous: null, current: expect.objectContaining({ paymentResult: '-1' }) })]);
	});
});
