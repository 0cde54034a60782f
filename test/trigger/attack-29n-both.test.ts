/**
 * Adversarial review of issue 29 at the polling trigger with Options › Terminal = Both: an event
 * of the 3-D Secure terminal must never be emitted with the main terminal's label, nor be taken
 * for a main-terminal event with the same list key (the same record on two terminals is two
 * events). Real PollContext against the simulator (two terminals, own codes and records); only
 * Date is faked. These attacks hold: the tests are guards.
 */
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
	constructor(private readonly parameters: INodeParameters) {}
	async poll(): Promise<PollOutcome> {
		const outcome = await runPoll({ trigger: new OceanpaymentTrigger(), type: 'oceanpaymentTrigger', parameters: { simplify: true, ...this.parameters }, credentials, staticData: this.staticData, mode: 'trigger' });
		if (!outcome.error) this.staticData = outcome.staticData;
		return outcome;
	}
}
const seen = (items: INodeExecutionData[]) => items.map((item) => [String(item.json.paymentId), item.json.terminal]);

describe('holds: Both never mixes the terminals up', () => {
	test('a business event with the same list key on both terminals, the 3-D one listed a poll later: emitted then, with the 3-D label, not taken for the main one', async () => {
		const poller = new Poller({ event: 'newBusinessEvent', options: { terminal: 'both' } });
		expect((await poller.poll()).error).toBeUndefined();
		const event = { type: 'refund', payment_id: '260101000000000008888', order_number: 'O-SHARED', order_amount: '5.00', details: 'same', status: '1' };
		advance(1);
		sim.admin.addBusinessEvent({ ...event, terminal: MAIN, review_dateTime: minutesAgo(0) });
		const first = await poller.poll();
		expect(first.error).toBeUndefined();
		expect(seen(first.items)).toEqual([[event.payment_id, MAIN]]);
		advance(1);
		sim.admin.addBusinessEvent({ ...event, terminal: THREE_D, review_dateTime: minutesAgo(0) });
		const second = await poller.poll();
		expect(second.error).toBeUndefined();
		expect(seen(second.items)).toEqual([[event.payment_id, THREE_D]]);
		advance(1);
		expect((await poller.poll()).items).toEqual([]);
	});

	test('the same dispute on both terminals: two reply-deadline alarms, each once and with its own terminal', async () => {
		const dispute = { payment_id: '260101000000000008889', order_number: 'O-DISPUTED', disputes_date: minutesAgo(13 * 24 * 60), push_details: 'same' };
		sim.admin.addDispute({ ...dispute });
		sim.admin.addDispute({ ...dispute, terminal: THREE_D });
		const poller = new Poller({ event: 'disputeReplyDeadline', disputeType: '', leadHours: 48, options: { terminal: 'both' } });
		const first = await poller.poll();
		expect(first.error).toBeUndefined();
		expect(seen(first.items).sort()).toEqual([
			[dispute.payment_id, MAIN],
			[dispute.payment_id, THREE_D],
		]);
		advance(5);
		expect((await poller.poll()).items).toEqual([]);
	});

	test('New Dispute with Both: a dispute of the 3-D terminal carries the 3-D terminal, the main one the main terminal', async () => {
		const poller = new Poller({ event: 'newDispute', disputeType: '', options: { terminal: 'both' } });
		expect((await poller.poll()).error).toBeUndefined();
		advance(1);
		sim.admin.addDispute({ payment_id: '260101000000000008890', order_number: 'O-D3', terminal: THREE_D, disputes_date: minutesAgo(0) });
		sim.admin.addDispute({ payment_id: '260101000000000008891', order_number: 'O-DM', disputes_date: minutesAgo(0) });
		const { items, error } = await poller.poll();
		expect(error).toBeUndefined();
		expect(seen(items).sort()).toEqual([
			['260101000000000008890', THREE_D],
			['260101000000000008891', MAIN],
		]);
	});
});
