/**
 * Attack on issue 29 (polling trigger). A trigger that ran on the main terminal alone is switched
 * to Terminal › Both: a payment made on the main terminal between the last poll and the switch
 * must still fire once (no losses), and nothing seen before must fire again (no repeats).
 * Real PollContext against the simulator; only Date is faked.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

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
const addPayment = (id: string, terminal: string, at: Date) => sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, terminal: terminal === MAIN ? '' : terminal, payment_dateTime: at });

let staticData: IDataObject = {};
async function poll(parameters: INodeParameters, creds: CredentialData = credentials): Promise<PollOutcome> {
	const outcome = await runPoll({ trigger: new OceanpaymentTrigger(), type: 'oceanpaymentTrigger', parameters: { simplify: true, ...parameters }, credentials: creds, staticData, mode: 'trigger' });
	if (!outcome.error) staticData = outcome.staticData;
	return outcome;
}
beforeEach(() => {
	staticData = {};
});
const ids = (outcome: PollOutcome) => outcome.items.map((item) => String(item.json.paymentId)).sort();

describe('switching Terminal from Main to Both', () => {
	test('DEFECT (fails today): a main payment made after the last Main poll is lost when the next poll runs with Both (new baseline)', async () => {
		// DEFECT: settings.ts puts the watched terminals into the state key, so the switch throws the
		// main terminal's position away and the first Both poll is a silent baseline.
		const mainOnly = { event: 'newSuccessfulPayment' };
		const bothTerminals = { event: 'newSuccessfulPayment', options: { terminal: 'both' } };
		addPayment('OLD-M', MAIN, minutesAgo(5));
		expect((await poll(mainOnly)).items).toEqual([]);
		advance(1);
		addPayment('SEEN-M', MAIN, minutesAgo(0));
		expect(ids(await poll(mainOnly))).toEqual(['SEEN-M']);
		advance(1);
		addPayment('GAP-M', MAIN, minutesAgo(0));
		advance(1);
		const first = await poll(bothTerminals);
		expect(first.error).toBeUndefined();
		const all = [...first.items];
		advance(1);
		addPayment('NEW-3', THREE_D, minutesAgo(0));
		all.push(...(await poll(bothTerminals)).items);
		const seen = all.map((item) => String(item.json.paymentId)).sort();
		expect(seen).toEqual(['GAP-M', 'NEW-3']);
	});

	test('guard: after the switch, nothing seen on Main fires again, and a later payment on each terminal fires once', async () => {
		const mainOnly = { event: 'newSuccessfulPayment' };
		const bothTerminals = { event: 'newSuccessfulPayment', options: { terminal: 'both' } };
		await poll(mainOnly);
		advance(1);
		addPayment('SEEN-M', MAIN, minutesAgo(0));
		await poll(mainOnly);
		advance(1);
		await poll(bothTerminals);
		const later: string[] = [];
		for (let i = 0; i < 3; i++) {
			advance(1);
			if (i === 0) {
				addPayment('L-M', MAIN, minutesAgo(0));
				addPayment('L-3', THREE_D, minutesAgo(0));
			}
			later.push(...(await poll(bothTerminals)).items.map((item) => String(item.json.paymentId)));
		}
		expect(later.sort()).toEqual(['L-3', 'L-M']);
	});
});

describe('switching Both back to Main', () => {
	test('DEFECT (fails today): a main payment made between the last Both poll and the first Main poll is lost', async () => {
		const mainOnly = { event: 'newSuccessfulPayment' };
		const bothTerminals = { event: 'newSuccessfulPayment', options: { terminal: 'both' } };
		await poll(bothTerminals);
		advance(1);
		addPayment('GAP-M2', MAIN, minutesAgo(0));
		advance(1);
		const all = [...(await poll(mainOnly)).items];
		advance(1);
		all.push(...(await poll(mainOnly)).items);
		expect(all.map((item) => String(item.json.paymentId))).toEqual(['GAP-M2']);
	});
});

describe('restarts with Both', () => {
	test('guard: a poll that fails on the 3-D terminal keeps the state; the next one emits each payment once', async () => {
		const bothTerminals = { event: 'newSuccessfulPayment', options: { terminal: 'both' } };
		await poll(bothTerminals);
		advance(1);
		addPayment('R-M', MAIN, minutesAgo(0));
		addPayment('R-3', THREE_D, minutesAgo(0));
		sim.admin.setFault('/service/QueryOrdersList', { mode: 'busy', after: 1, times: 1 });
		const failed = await poll(bothTerminals);
		const all = [...failed.items];
		for (let i = 0; i < 3; i++) {
			advance(1);
			all.push(...(await poll(bothTerminals)).items);
		}
		const seen = all.map((item) => `${item.json.terminal}:${item.json.paymentId}`).sort();
		expect(seen).toEqual([`${MAIN}:R-M`, `${THREE_D}:R-3`].sort());
	});

	test('guard: the 3-D pair removed from the credential while the trigger watches Both → the poll fails naming the Terminal option, state kept', async () => {
		const bothTerminals = { event: 'newSuccessfulPayment', options: { terminal: 'both' } };
		await poll(bothTerminals);
		const before = JSON.stringify(staticData);
		advance(1);
		const plain = { ...credentials, threeDSecureTerminal: '', threeDSecureSecureCode: '' };
		const outcome = await poll(bothTerminals, plain);
		// Either it fails (state kept), or it watches main alone — but never silently rebaselines and loses.
		if (outcome.error) expect(JSON.stringify(staticData)).toBe(before);
		else {
			addPayment('AFTER', MAIN, minutesAgo(0));
			advance(1);
			const next = await poll(bothTerminals, plain);
			expect(next.items.map((item) => item.json.paymentId)).toEqual(['AFTER']);
		}
	});
});
