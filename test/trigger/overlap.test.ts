/**
 * n8n starts a poll at every poll time, also while the previous poll still waits on a slow
 * gateway. Both polls of one trigger share the workflow's static data in memory; without a guard
 * both would emit the same new event. Seen in a real n8n by test/e2e/lifecycle.mjs.
 */
import { sleep, type IDataObject } from 'n8n-workflow';

import { OceanpaymentTrigger } from '../../nodes/Oceanpayment/OceanpaymentTrigger.node';
import { runPoll } from '../helpers/poll';
import { SEED_MERCHANT, startGateway, type Simulator } from '../helpers/gateway';
import type { CredentialData } from '../helpers/n8n';

const LIST = '/service/DisputeOrderList';
let sim: Simulator;
let credentials: CredentialData;

beforeEach(async () => {
	({ sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] } }));
});
afterEach(async () => sim.close());

const poll = (staticData: IDataObject, nodeId = 'trigger-node') =>
	runPoll({ trigger: new OceanpaymentTrigger(), type: 'oceanpaymentTrigger', parameters: { event: 'newDispute', disputeType: '', simplify: true }, credentials, staticData, nodeId });

async function untilSlowCallArrives(): Promise<void> {
	for (let i = 0; i < 200 && !sim.admin.getLog().some((e) => e.fault === 'latency'); i++) await sleep(10);
}

test('a poll that starts while the previous one still runs is skipped, so a new event is emitted once', async () => {
	const baseline = await poll({});
	expect(baseline.error).toBeUndefined();
	// Dated two seconds ago: a poll reads the seconds that are over (these polls run within one).
	sim.admin.addDispute({ payment_id: 'OVERLAP1', order_number: 'O-OVERLAP1', disputes_date: new Date(Date.now() - 2000) });
	sim.admin.setFault(LIST, { mode: 'latency', latencyMs: 1500, times: 1 });
	sim.admin.clearLog();

	const slow = poll(baseline.staticData);
	await untilSlowCallArrives();
	const overlapping = await poll(baseline.staticData);
	expect(overlapping.error).toBeUndefined();
	expect(overlapping.items).toEqual([]);
	expect(sim.admin.getLog().filter((e) => e.path === LIST)).toHaveLength(1); // the skipped poll called nothing

	const first = await slow;
	expect(first.items.map((item) => item.json.paymentId)).toEqual(['OVERLAP1']);
	// Once the slow poll is done, polls run again (and find nothing new).
	const next = await poll(first.staticData);
	expect(next.items).toEqual([]);
	expect(sim.admin.getLog().filter((e) => e.path === LIST).length).toBeGreaterThan(1);
});

test('another trigger node polls meanwhile, and a poll that failed does not block the next', async () => {
	const baseline = await poll({});
	sim.admin.setFault(LIST, { mode: 'latency', latencyMs: 1000, times: 1 });
	const slow = poll(baseline.staticData);
	await untilSlowCallArrives();
	const other = await poll({}, 'another-trigger-node');
	expect(other.error).toBeUndefined();
	await slow;

	sim.admin.setFault(LIST, { mode: 'busy', times: 1 });
	expect((await poll(baseline.staticData)).error).toBeDefined();
	sim.admin.addDispute({ payment_id: 'AFTERFAIL', order_number: 'O-AFTERFAIL', disputes_date: new Date(Date.now() - 2000) });
	expect((await poll(baseline.staticData)).items.map((item) => item.json.paymentId)).toEqual(['AFTERFAIL']);
});
