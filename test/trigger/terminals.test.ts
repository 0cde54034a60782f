/**
 * Issue 29: one polling trigger for both terminals. One state, one Max Gateway Calls per Poll;
 * each event emitted once, with its terminal. Real PollContext against the simulator, whose two
 * terminals have their own secure codes and records; only Date is faked.
 */
import { fc, test } from '@fast-check/jest';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { OceanpaymentTrigger } from '../../nodes/Oceanpayment/OceanpaymentTrigger.node';
import { runPoll, type PollOutcome } from '../helpers/poll';
import { SEED_MERCHANT, SEED_THREE_D, THREE_D_FIELDS, startGateway, type Simulator } from '../helpers/gateway';
import type { CredentialData } from '../helpers/n8n';
import { REAL_TIMERS } from '../helpers/trigger';

const START = new Date('2026-11-20T02:00:00.000Z');
const MAIN = SEED_MERCHANT.terminal;
const THREE_D = SEED_THREE_D.terminal;

let sim: Simulator;
let credentials: CredentialData;
let clock: number;

beforeEach(async () => {
	jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: START });
	clock = START.getTime();
	let single: CredentialData;
	({ sim, credentials: single } = await startGateway({ seed: { merchants: [SEED_MERCHANT, { account: SEED_MERCHANT.account, ...SEED_THREE_D }] }, defaultPageSize: 10 }));
	credentials = { ...single, ...THREE_D_FIELDS };
});
afterEach(async () => {
	await sim.close();
	jest.useRealTimers();
});

function advance(minutes: number) {
	clock += minutes * 60_000;
	jest.setSystemTime(clock);
}
const minutesAgo = (minutes: number) => new Date(clock - minutes * 60_000 - 1000);

class Poller {
	staticData: IDataObject = {};
	constructor(
		private readonly parameters: INodeParameters,
		private readonly data: () => CredentialData = () => credentials,
	) {}

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<PollOutcome> {
		const outcome = await runPoll({ trigger: new OceanpaymentTrigger(), type: 'oceanpaymentTrigger', parameters: { simplify: true, ...this.parameters }, credentials: this.data(), staticData: this.staticData, mode });
		if (!outcome.error && mode === 'trigger') this.staticData = outcome.staticData;
		return outcome;
	}
}

const seen = (items: INodeExecutionData[]) => items.map((item) => [String(item.json.paymentId), item.json.terminal]);
const terminalsCalled = () => sim.admin.getLog().map((entry) => String(entry.fields.terminal));

const addPayment = (id: string, terminal: string, at: Date) => sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, terminal: terminal === MAIN ? '' : terminal, payment_dateTime: at });

describe('New Successful Payment on both terminals', () => {
	test('each new payment once, with its terminal; an idle poll costs one call per terminal', async () => {
		addPayment('OLD-M', MAIN, minutesAgo(5));
		addPayment('OLD-3', THREE_D, minutesAgo(5));
		const poller = new Poller({ event: 'newSuccessfulPayment', options: { terminal: 'both' } });
		expect((await poller.poll()).items).toEqual([]);

		advance(1);
		addPayment('NEW-M', MAIN, minutesAgo(0));
		addPayment('NEW-3', THREE_D, minutesAgo(0));
		const outcome = await poller.poll();
		expect(outcome.error).toBeUndefined();
		expect(seen(outcome.items).sort()).toEqual([
			['NEW-3', THREE_D],
			['NEW-M', MAIN],
		]);

		advance(1);
		sim.admin.clearLog();
		expect((await poller.poll()).items).toEqual([]);
		expect(terminalsCalled()).toEqual([MAIN, THREE_D]);
		expect(sim.admin.getLog().every((entry) => entry.signature === 'valid')).toBe(true);

		advance(1);
		addPayment('LATE-3', THREE_D, minutesAgo(12));
		expect(seen((await poller.poll()).items)).toEqual([['LATE-3', THREE_D]]);
		advance(1);
		expect((await poller.poll()).items).toEqual([]);
	});

	test('the same order number on both terminals is two events', async () => {
		const poller = new Poller({ event: 'newSuccessfulPayment', options: { terminal: 'both' } });
		await poller.poll();
		advance(1);
		addPayment('SAME', MAIN, minutesAgo(0));
		sim.admin.addOrder({ payment_id: 'SAME-3D', order_number: 'O-SAME', terminal: THREE_D, payment_dateTime: minutesAgo(0) });
		expect(seen((await poller.poll()).items).sort()).toEqual([
			['SAME', MAIN],
			['SAME-3D', THREE_D],
		]);
	});

	test('Max Gateway Calls per Poll is one budget across both terminals', async () => {
		const poller = new Poller({ event: 'newSuccessfulPayment', options: { terminal: 'both', maxCalls: 4, reRead: 'once' } });
		await poller.poll();
		advance(60);
		for (let i = 0; i < 45; i++) addPayment(`B-${i}`, i % 2 ? MAIN : THREE_D, minutesAgo(50 - i));
		sim.admin.clearLog();
		const first = await poller.poll();
		expect(first.error).toBeUndefined();
		// A window is read on both terminals at once, so a poll may end one window over the budget, never more.
		expect(sim.admin.getLog().length).toBeLessThanOrEqual(4 + 2);
		const all = [...first.items];
		for (let i = 0; i < 10; i++) {
			advance(1);
			all.push(...(await poller.poll()).items);
		}
		const ids = all.map((item) => String(item.json.paymentId));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.sort()).toEqual(Array.from({ length: 45 }, (_, i) => `B-${i}`).sort());
		for (const item of all) expect(item.json.terminal).toBe(Number(String(item.json.paymentId).slice(2)) % 2 ? MAIN : THREE_D);
	});

	test('Fetch Test Event with Both: the newest records of both terminals, each with its terminal, state untouched', async () => {
		addPayment('A-M', MAIN, minutesAgo(30));
		addPayment('B-3', THREE_D, minutesAgo(20));
		addPayment('C-M', MAIN, minutesAgo(10));
		const poller = new Poller({ event: 'newSuccessfulPayment', options: { terminal: 'both' } });
		const sample = await poller.poll('manual');
		expect(sample.error).toBeUndefined();
		expect(seen(sample.items)).toEqual([
			['C-M', MAIN],
			['B-3', THREE_D],
			['A-M', MAIN],
		]);
		expect(poller.staticData).toEqual({});
	});

	test('only the 3-D terminal: its payments, not the main ones', async () => {
		const poller = new Poller({ event: 'newSuccessfulPayment', options: { terminal: 'threeDSecure' } });
		await poller.poll();
		advance(1);
		addPayment('M1', MAIN, minutesAgo(0));
		addPayment('T1', THREE_D, minutesAgo(0));
		expect(seen((await poller.poll()).items)).toEqual([['T1', THREE_D]]);
	});

	test('a credential without the pair keeps the state key and items of before (no terminal field)', async () => {
		const plain = () => ({ ...credentials, threeDSecureTerminal: '', threeDSecureSecureCode: '' });
		const poller = new Poller({ event: 'newSuccessfulPayment' }, plain);
		await poller.poll();
		const state = (poller.staticData.global as IDataObject)['oceanpaymentTrigger:trigger-node'] as IDataObject;
		expect(state.config).toBe(JSON.stringify(['newSuccessfulPayment', '', [], '0']));
		advance(1);
		addPayment('P1', MAIN, minutesAgo(0));
		const { items } = await poller.poll();
		expect(items.map((item) => item.json.paymentId)).toEqual(['P1']);
		expect(items[0].json).not.toHaveProperty('terminal');
	});
});

describe('Order Status Changed on both terminals', () => {
	test('a change on either terminal fires once with its terminal', async () => {
		addPayment('S-M', MAIN, minutesAgo(60));
		sim.admin.addOrder({ payment_id: 'S-3', order_number: 'O-S-3', terminal: THREE_D, payment_dateTime: minutesAgo(60), auth_type: 'pre-auth' });
		const poller = new Poller({ event: 'orderStatusChanged', watchedOrders: 'O-S-M,O-S-3', options: { terminal: 'both' } });
		expect((await poller.poll()).items).toEqual([]);
		// A chargeback on the 3-D terminal's payment.
		sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: 'S-3' });
		advance(1);
		const { items, error } = await poller.poll();
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.orderNumber, item.json.changedFields, item.json.terminal])).toEqual([['O-S-3', ['chargebackStatus'], THREE_D]]);
		advance(1);
		expect((await poller.poll()).items).toEqual([]);
	});
});

describe('Dispute Reply Deadline on both terminals', () => {
	test('an alarm for a dispute of each terminal, once, with its terminal', async () => {
		// Replies are due 14 days after the dispute date (23:59:59): a dispute of 13 days ago is due within 48 hours.
		sim.admin.addDispute({ payment_id: 'DL-M', order_number: 'DLM-1', disputes_date: minutesAgo(13 * 24 * 60) });
		sim.admin.addDispute({ payment_id: 'DL-3', order_number: 'DL3-1', terminal: THREE_D, disputes_date: minutesAgo(13 * 24 * 60) });
		const poller = new Poller({ event: 'disputeReplyDeadline', disputeType: '', leadHours: 48, options: { terminal: 'both' } });
		const first = await poller.poll();
		expect(first.error).toBeUndefined();
		expect(seen(first.items).sort()).toEqual([
			['DL-3', THREE_D],
			['DL-M', MAIN],
		]);
		advance(5);
		expect((await poller.poll()).items).toEqual([]);
	});
});

describe('property: each event once, with its terminal', () => {
	const arrival = fc.record({ terminal: fc.constantFrom(MAIN, THREE_D), minutesLate: fc.integer({ min: 0, max: 20 }), pollAt: fc.integer({ min: 1, max: 6 }) });
	test.prop([fc.array(arrival, { minLength: 1, maxLength: 15 }), fc.constantFrom('auto', 'everyPoll', 'once')], { numRuns: 15 })(
		'payments arriving on either terminal over several polls, some late within the overlap',
		async (arrivals, reRead) => {
			sim.admin.reset();
			const poller = new Poller({ event: 'newSuccessfulPayment', options: { terminal: 'both', reRead } });
			await poller.poll();
			const emitted: Array<[string, unknown]> = [];
			for (let poll = 1; poll <= 6 + 31; poll++) {
				advance(1);
				arrivals.forEach((entry, index) => {
					if (entry.pollAt === poll) addPayment(`P${index}`, entry.terminal, minutesAgo(entry.minutesLate));
				});
				const outcome = await poller.poll();
				expect(outcome.error).toBeUndefined();
				for (const item of outcome.items) emitted.push([String(item.json.paymentId), item.json.terminal]);
			}
			expect(emitted.sort()).toEqual(arrivals.map((entry, index): [string, unknown] => [`P${index}`, entry.terminal]).sort());
		},
	);
});
