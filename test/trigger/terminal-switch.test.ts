/**
 * Issue 29: changing Options › Terminal of a running polling trigger keeps each terminal's place.
 * A terminal watched before and after the change goes on where it was (nothing made in between is
 * lost or repeated); a terminal added starts at the change like a new trigger (what it already
 * lists stays quiet); a terminal dropped is no longer read. For the list events, Order Status
 * Changed and Dispute Reply Deadline. Real PollContext against the simulator; only Date is faked.
 */
import { fc, test } from '@fast-check/jest';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OceanpaymentTrigger } from '../../nodes/Oceanpayment/OceanpaymentTrigger.node';
import { runPoll, type PollOutcome } from '../helpers/poll';
import { SEED_MERCHANT, SEED_THREE_D, THREE_D_FIELDS, startGateway, type Simulator } from '../helpers/gateway';
import type { CredentialData } from '../helpers/n8n';
import { REAL_TIMERS } from '../helpers/trigger';

const START = new Date('2026-11-20T02:00:00.000Z');
const MAIN = SEED_MERCHANT.terminal;
const THREE_D = SEED_THREE_D.terminal;
type Choice = 'main' | 'threeDSecure' | 'both';
const WATCHES: Record<Choice, string[]> = { main: [MAIN], threeDSecure: [THREE_D], both: [MAIN, THREE_D] };

let sim: Simulator;
let credentials: CredentialData;
let clock: number;
let staticData: IDataObject;

beforeAll(async () => {
	let single: CredentialData;
	({ sim, credentials: single } = await startGateway({ seed: { merchants: [SEED_MERCHANT, { account: SEED_MERCHANT.account, ...SEED_THREE_D }] }, defaultPageSize: 10 }));
	credentials = { ...single, ...THREE_D_FIELDS };
});
afterAll(async () => sim.close());
beforeEach(() => {
	jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: START });
	clock = START.getTime();
	staticData = {};
	sim.admin.reset();
});
afterEach(() => jest.useRealTimers());

function advance(minutes: number) {
	clock += minutes * 60_000;
	jest.setSystemTime(clock);
}
const minutesAgo = (minutes: number) => new Date(clock - minutes * 60_000 - 1000);
const addPayment = (id: string, terminal: string, at: Date) => sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, terminal: terminal === MAIN ? '' : terminal, payment_dateTime: at });

async function poll(parameters: INodeParameters): Promise<PollOutcome> {
	const outcome = await runPoll({ trigger: new OceanpaymentTrigger(), type: 'oceanpaymentTrigger', parameters: { simplify: true, ...parameters }, credentials, staticData, mode: 'trigger' });
	if (!outcome.error) staticData = outcome.staticData;
	return outcome;
}
const payments = (terminal: Choice, options: IDataObject = {}) => ({ event: 'newSuccessfulPayment', options: { terminal, ...options } });
const seen = (outcome: PollOutcome) => outcome.items.map((item) => `${String(item.json.terminal)}:${String(item.json.paymentId)}`).sort();

describe('New Successful Payment', () => {
	test('Main → 3-D Secure → Both → Main: each terminal goes on where it was; one added starts at the change', async () => {
		expect((await poll(payments('main'))).error).toBeUndefined();
		advance(1);
		addPayment('M1', MAIN, minutesAgo(0));
		addPayment('T0', THREE_D, minutesAgo(0)); // made while only main is watched: before 3-D's start
		advance(1);
		// Switch to 3-D only: main dropped (M1 was made before the switch, while main was watched, but is
		// read only by a poll that watches main: none does), 3-D added (T0 is already there).
		expect(seen(await poll(payments('threeDSecure')))).toEqual([]);
		advance(1);
		addPayment('T1', THREE_D, minutesAgo(0));
		addPayment('M2', MAIN, minutesAgo(0));
		expect(seen(await poll(payments('threeDSecure')))).toEqual([`${THREE_D}:T1`]);
		advance(1);
		addPayment('T2', THREE_D, minutesAgo(0));
		advance(1);
		// Main added back: M1 and M2 are before its new start; 3-D goes on (T2 made in between).
		expect(seen(await poll(payments('both')))).toEqual([`${THREE_D}:T2`]);
		advance(1);
		addPayment('M3', MAIN, minutesAgo(0));
		addPayment('T3', THREE_D, minutesAgo(0));
		advance(1);
		expect(seen(await poll(payments('main')))).toEqual([`${MAIN}:M3`]);
		for (let i = 0; i < 35; i++) {
			advance(1);
			expect(seen(await poll(payments('main')))).toEqual([]);
		}
	});

	test('a late payment of a terminal watched throughout still comes out once after a switch', async () => {
		await poll(payments('main', { reRead: 'once' }));
		advance(5);
		await poll(payments('main', { reRead: 'once' }));
		advance(1);
		await poll(payments('both', { reRead: 'once' }));
		// Listed now, dated 3 minutes ago: before the switch, on a terminal watched before and after it.
		addPayment('LATE-M', MAIN, minutesAgo(3));
		const all: string[] = [];
		for (let i = 0; i < 35; i++) {
			advance(1);
			all.push(...seen(await poll(payments('both', { reRead: 'once' }))));
		}
		expect(all).toEqual([`${MAIN}:LATE-M`]);
	});

	// The oracle: a payment dated when it is made comes out once, with its terminal, exactly when the
	// first poll after it watches its terminal and the poll before watched it too (otherwise that
	// first poll adds the terminal, whose baseline holds it); never more than once.
	const step = fc.record({ terminal: fc.constantFrom<Choice>('main', 'threeDSecure', 'both'), made: fc.array(fc.constantFrom(MAIN, THREE_D), { maxLength: 3 }) });
	test.prop([fc.constantFrom<Choice>('main', 'threeDSecure', 'both'), fc.array(step, { minLength: 1, maxLength: 8 }), fc.constantFrom('auto', 'everyPoll', 'once')], { numRuns: 12 })(
		'property: any sequence of Terminal settings, payments made between polls on either terminal',
		async (first, steps, reRead) => {
			sim.admin.reset();
			staticData = {};
			expect((await poll(payments(first, { reRead }))).error).toBeUndefined();
			let before = first;
			const expected: string[] = [];
			const emitted: string[] = [];
			let n = 0;
			for (const { terminal, made } of steps) {
				advance(1);
				for (const on of made) {
					const id = `P${n++}`;
					addPayment(id, on, minutesAgo(0));
					if (WATCHES[terminal].includes(on) && WATCHES[before].includes(on)) expected.push(`${on}:${id}`);
				}
				const outcome = await poll(payments(terminal, { reRead }));
				expect(outcome.error).toBeUndefined();
				emitted.push(...seen(outcome));
				before = terminal;
			}
			for (let i = 0; i < 32; i++) {
				advance(1);
				emitted.push(...seen(await poll(payments(before, { reRead }))));
			}
			expect(emitted.sort()).toEqual(expected.sort());
		},
	);
});

describe('Order Status Changed', () => {
	const watch = (terminal: Choice) => ({ event: 'orderStatusChanged', watchedOrders: 'O-S-M,O-S-3', options: { terminal } });
	const changes = (outcome: PollOutcome) => outcome.items.map((item) => [item.json.orderNumber, item.json.changedFields, item.json.terminal]);
	beforeEach(() => {
		addPayment('S-M', MAIN, minutesAgo(60));
		addPayment('S-3', THREE_D, minutesAgo(60));
	});

	test('Main → Both → Main: a main change made in between fires once; the 3-D payment is a baseline when added, forgotten when dropped', async () => {
		expect((await poll(watch('main'))).items).toEqual([]);
		sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: 'S-M' });
		advance(1);
		const switched = await poll(watch('both'));
		expect(switched.error).toBeUndefined();
		expect(changes(switched)).toEqual([['O-S-M', ['chargebackStatus'], MAIN]]);
		sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: 'S-3' });
		advance(1);
		expect(changes(await poll(watch('both')))).toEqual([['O-S-3', ['chargebackStatus'], THREE_D]]);
		advance(1);
		// Back to Main: O-S-3 has no payment there, which is no disappearance.
		const back = await poll(watch('main'));
		expect(back.error).toBeUndefined();
		expect(back.items).toEqual([]);
		sim.admin.addBusinessEvent({ type: 'refund', payment_id: 'S-3', amount: '1.00' });
		advance(1);
		expect((await poll(watch('main'))).items).toEqual([]);
		advance(1);
		// 3-D added again: its payment's state is a new baseline, not a change.
		expect((await poll(watch('both'))).items).toEqual([]);
		advance(1);
		expect((await poll(watch('both'))).items).toEqual([]);
	});

	test('Both: a refusal in one terminal\'s record fails the poll naming the terminal and code, and keeps the state', async () => {
		await poll(watch('both'));
		const saved = JSON.stringify(staticData);
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '80002', text: 'Invalid terminal', inRecord: true, after: 1, times: 1 });
		advance(1);
		const refused = await poll(watch('both'));
		expect(refused.error?.message).toContain(`3-D Secure terminal ${THREE_D}`);
		expect(refused.error?.message).toContain('code 80002 ("Invalid terminal")');
		expect(JSON.stringify(staticData)).toBe(saved);
		advance(1);
		const next = await poll(watch('both'));
		expect(next.error).toBeUndefined();
		expect(next.items).toEqual([]);
	});
});

describe('Dispute Reply Deadline', () => {
	const HOUR = 60;
	const fired = (outcome: PollOutcome) => outcome.items.map((item) => `${String(item.json.terminal)}:${String(item.json.paymentId)}`).sort();
	const deadlineIn = (minutes: number) => new Date(clock + minutes * 60_000);

	test('Main → Both: a main deadline passing in between still fires; a 3-D deadline passed before the switch does not; one ahead does, once', async () => {
		const lead = { event: 'disputeReplyDeadline', disputeType: '', leadHours: 1 };
		const on = (terminal: Choice) => ({ ...lead, options: { terminal } });
		// Main's alarm is not due at the last Main poll (90 minutes ahead) and its deadline passes before the next poll.
		sim.admin.addDispute({ payment_id: 'DL-M', order_number: 'DLM-1', disputes_date: minutesAgo(2 * HOUR), reply_deadline: deadlineIn(90) });
		sim.admin.addDispute({ payment_id: 'DL-3-PAST', order_number: 'DL3-0', terminal: THREE_D, disputes_date: minutesAgo(3 * HOUR), reply_deadline: deadlineIn(20) });
		sim.admin.addDispute({ payment_id: 'DL-3', order_number: 'DL3-1', terminal: THREE_D, disputes_date: minutesAgo(2 * HOUR), reply_deadline: deadlineIn(150) });
		expect(fired(await poll(on('main')))).toEqual([]);
		advance(2 * HOUR);
		expect(fired(await poll(on('both')))).toEqual([`${MAIN}:DL-M`, `${THREE_D}:DL-3`]);
		for (let i = 0; i < 5; i++) {
			advance(10);
			expect(fired(await poll(on('both')))).toEqual([]);
		}
	});
});

describe('a switch during a pass over a repeated local time (Europe/Berlin, autumn)', () => {
	let berlin: Simulator;
	let berlinCredentials: CredentialData;
	beforeEach(async () => {
		let single: CredentialData;
		({ sim: berlin, credentials: single } = await startGateway({ seed: { merchants: [SEED_MERCHANT, { account: SEED_MERCHANT.account, ...SEED_THREE_D }] }, defaultPageSize: 10, timeZone: 'Europe/Berlin' }));
		berlinCredentials = { ...single, ...THREE_D_FIELDS, gatewayTimeZone: 'Europe/Berlin' };
	});
	afterEach(async () => berlin.close());

	test('a change made inside the repeated hour takes effect when it is over; a switch while its window is read again over several polls starts that pass again: each payment once or never as the terminals watched say', async () => {
		const begin = Date.parse('2026-10-25T00:20:00Z');
		clock = begin;
		jest.setSystemTime(clock);
		// Asked: 3-D Secure alone at minutes 24-54 (inside the repeated hour, undone inside it: no effect),
		// 60-70 (asked and undone inside it) and 115-129 (after it, while its window, still in the overlap, is
		// read again over several polls, the pass being on its second terminal).
		const asked = (minute: number): Choice => ((minute >= 24 && minute < 55) || (minute >= 60 && minute < 70) || (minute >= 115 && minute < 130) ? 'threeDSecure' : 'both');
		// 02:00-03:00 local is repeated: 00:00Z-02:00Z; a poll's "now" is the second before it.
		const insideRepeat = (minute: number) => begin + minute * 60_000 - 1000 <= Date.parse('2026-10-25T02:00:00Z');
		const effective: Choice[] = [];
		for (let minute = 0; minute <= 200; minute++) effective.push(minute > 0 && insideRepeat(minute) ? effective[minute - 1] : asked(minute));
		const pollBerlin = async (terminal: Choice) => {
			const outcome = await runPoll({ trigger: new OceanpaymentTrigger(), type: 'oceanpaymentTrigger', parameters: { event: 'newSuccessfulPayment', simplify: true, options: { terminal } }, credentials: berlinCredentials, staticData, mode: 'trigger' });
			if (!outcome.error) staticData = outcome.staticData;
			return outcome;
		};
		expect((await pollBerlin(asked(0))).error).toBeUndefined();
		const counts = new Map<string, number>();
		const wrongTerminal: string[] = [];
		const expected: string[] = [];
		const never: string[] = [];
		for (let minute = 1; minute <= 200; minute++) {
			advance(1);
			for (let n = 0; n < 5 && minute <= 160; n++) {
				for (const terminal of [MAIN, THREE_D]) {
					const id = `${terminal === MAIN ? 'M' : 'T'}${minute}-${n}`;
					berlin.admin.addOrder({ payment_id: id, order_number: `O-${id}`, terminal: terminal === MAIN ? '' : terminal, payment_dateTime: new Date(clock - 1000 - n * 5000) });
					// Made on a terminal watched from the poll before it for the next 30 polls (time enough for a pass
					// over the repeated hour's window to read it): once. Made while it was not watched (by the poll
					// before or after): never. Otherwise (dropped before a pass read it): at most once.
					if (effective.slice(minute - 1, minute + 31).every((choice) => WATCHES[choice].includes(terminal))) expected.push(`${terminal}:${id}`);
					else if (!WATCHES[effective[minute]].includes(terminal) || !WATCHES[effective[minute - 1]].includes(terminal)) never.push(`${terminal}:${id}`);
				}
			}
			// Listed late, dated inside the repeated hour: read by the next pass over its window, which comes
			// after the switch to 3-D Secure alone (main is no longer read then).
			if (minute === 114) berlin.admin.addOrder({ payment_id: 'LATE-M', order_number: 'O-LATE-M', payment_dateTime: new Date('2026-10-25T01:30:00Z') });
			if (minute === 115) expect(((staticData.global as IDataObject)['oceanpaymentTrigger:trigger-node'] as IDataObject).repeatPass).toMatchObject({ terminal: 1 });
			const outcome = await pollBerlin(asked(minute));
			expect(outcome.error).toBeUndefined();
			for (const item of outcome.items) {
				const key = `${String(item.json.terminal)}:${String(item.json.paymentId)}`;
				counts.set(key, (counts.get(key) ?? 0) + 1);
				if (!WATCHES[effective[minute]].includes(String(item.json.terminal))) wrongTerminal.push(`${minute}:${key}`);
			}
		}
		expect(wrongTerminal).toEqual([]);
		expect([...counts].filter(([, count]) => count > 1)).toEqual([]);
		expect(never.filter((key) => counts.has(key))).toEqual([]);
		expect(expected.filter((key) => counts.get(key) !== 1)).toEqual([]);
		// Main was dropped and added again, only after the repeated hour.
		expect([effective[100], effective[115], effective[130]]).toEqual(['both', 'threeDSecure', 'both']);
	}, 180_000);
});
