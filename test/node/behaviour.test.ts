/**
 * What users rely on beyond single calls: batching with pairing, paging under Return All and
 * Limit, refunds that are never made twice, and a secure code that never shows.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { SEED_MERCHANT, startGateway, type Simulator } from '../helpers/gateway';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] } })));
afterAll(async () => sim.close());
beforeEach(() => sim.admin.reset());

async function run(parameters: INodeParameters, items: IDataObject[] = [{}], onError?: 'continueErrorOutput'): Promise<RunResult> {
	return await runNode({ node: { type: 'oceanpayment', parameters, onError }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials, items });
}

const callsTo = (path: string) => sim.admin.getLog().filter((entry) => entry.path === path);

describe('batching', () => {
	test('250 items → 3 status calls, each answer paired to its item, duplicates and unknown numbers included', async () => {
		for (let i = 0; i < 240; i++) sim.admin.addOrder({ order_number: `B-${i}`, payment_id: `PAY${String(i).padStart(5, '0')}`, order_amount: `${i}.50` });
		// Items 240–249: 5 duplicates of earlier numbers and 5 unknown numbers.
		const numbers = [...Array.from({ length: 240 }, (_, i) => `B-${i}`), 'B-3', 'B-3', 'B-100', 'B-239', 'B-0', 'X-1', 'X-2', 'X-3', 'X-4', 'X-5'];
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}' }, numbers.map((order) => ({ order })));
		expect(result.error).toBeUndefined();
		const calls = callsTo('/service/check/normal');
		expect(calls).toHaveLength(3);
		expect(calls.map((call) => String(call.fields.order_number).split(',').length)).toEqual([100, 100, 45]);
		expect(result.output).toHaveLength(250);
		result.output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.orderNumber).toBe(numbers[index]);
		});
		expect(result.output[3].json).toMatchObject({ found: true, paymentId: 'PAY00003', amount: '3.50' });
		expect(result.output[240].json).toMatchObject({ found: true, paymentId: 'PAY00003' });
		expect(result.output[249].json).toMatchObject({ found: false, paymentStatus: 'not_found', orderNumber: 'X-5' });
	});

	test('batching off: one call per item', async () => {
		sim.admin.addOrder({ order_number: 'S-1' });
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}', options: { batching: false } }, [{ order: 'S-1' }, { order: 'S-1,S-2' }]);
		expect(callsTo('/service/check/normal')).toHaveLength(2);
		expect(result.output.map((item) => [item.pairedItem, item.json.found])).toEqual([[{ item: 0 }, true], [{ item: 1 }, true], [{ item: 1 }, false]]);
	});

	test('a failed batch call fails only its items under Continue On Fail', async () => {
		for (let i = 0; i < 150; i++) sim.admin.addOrder({ order_number: `F-${i}` });
		sim.admin.setFault('/service/check/normal', { mode: 'http503', times: 3 }); // the first call and its 2 retries
		const items = Array.from({ length: 150 }, (_, i) => ({ order: `F-${i}` }));
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}', options: { retries: 2 } }, items, 'continueErrorOutput');
		expect(result.errorOutput).toHaveLength(100);
		expect(result.output).toHaveLength(50);
		expect(result.errorOutput[0].json.error).toContain('HTTP 503 (after 3 attempts)');
		expect(result.output[0].pairedItem).toEqual({ item: 100 });
	}, 20000);

	test('Parallel Calls 4: 1,000 numbers in 10 calls, at most 4 in flight, the same items as one call after the other', async () => {
		for (let i = 0; i < 1000; i++) sim.admin.addOrder({ order_number: `P-${i}`, payment_id: `PP${String(i).padStart(6, '0')}` });
		const items = Array.from({ length: 1000 }, (_, i) => ({ order: `P-${i}` }));
		const parameters = { resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}' };
		const sequential = await run(parameters, items);
		sim.admin.clearLog();
		sim.admin.setFault('/service/check/normal', { mode: 'latency', latencyMs: 500 });
		const parallel = await run({ ...parameters, options: { parallelCalls: 4 } }, items);
		expect(parallel.output).toEqual(sequential.output);
		const arrivals = callsTo('/service/check/normal').map((call) => Date.parse(call.time));
		expect(arrivals).toHaveLength(10);
		// Each answer takes 500 ms: the calls that arrive before any could have been answered are one wave.
		expect(arrivals.filter((at) => at < arrivals[0] + 400)).toHaveLength(4);
		expect(arrivals.filter((at) => at < arrivals[0] + 900)).toHaveLength(8);
	}, 30000);

	test('Parallel Calls: a failed call fails only its items under Continue On Fail; without it the node stops and starts no more calls', async () => {
		for (let i = 0; i < 300; i++) sim.admin.addOrder({ order_number: `Q-${i}` });
		const items = Array.from({ length: 300 }, (_, i) => ({ order: `Q-${i}` }));
		const parameters = { resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}', options: { parallelCalls: 2, retries: 0 } };
		sim.admin.setFault('/service/check/normal', { mode: 'http503', times: 1 });
		const continued = await run(parameters, items, 'continueErrorOutput');
		expect([continued.output.length, continued.errorOutput.length]).toEqual([200, 100]);
		expect(continued.errorOutput.map((item) => item.pairedItem)).toEqual(Array.from({ length: 100 }, (_, i) => ({ item: i })));
		sim.admin.clearLog();
		sim.admin.setFault('/service/check/normal', { mode: 'http503', times: 1 });
		const stopped = await run({ ...parameters, options: { parallelCalls: 1, retries: 0 } }, items);
		expect(stopped.error?.message).toContain('HTTP 503');
		expect(callsTo('/service/check/normal')).toHaveLength(1);
	}, 30000);

	test('Card BIN Lookup batches 150 BINs of 150 items into 2 calls', async () => {
		const items = Array.from({ length: 150 }, (_, i) => ({ bin: String(400000 + i) }));
		items[7] = { bin: '411111' };
		const result = await run({ resource: 'cardBin', operation: 'lookup', bins: '={{ $json.bin }}' }, items);
		expect(callsTo('/pinc/check-card-bin')).toHaveLength(2);
		expect(result.output).toHaveLength(150);
		expect(result.output[7]).toMatchObject({ json: { cardBin: '411111', found: true, card_brand: 'VISA' }, pairedItem: { item: 7 } });
	});
});

describe('paging', () => {
	const range = { startDate: DateTime.now().minus({ days: 2 }).toISO(), endDate: DateTime.now().toISO() };
	beforeEach(() => {
		for (let i = 0; i < 25; i++) sim.admin.addOrder({ order_number: `L-${String(i).padStart(2, '0')}`, payment_dateTime: DateTime.now().minus({ hours: 30 - i }).toISO() });
	});

	test('Return All over 25 records in pages of 10 → 25 items and 3 calls', async () => {
		const result = await run({ resource: 'order', operation: 'getManySuccessful', ...range, returnAll: true });
		expect(result.output).toHaveLength(25);
		expect(result.output.map((item) => item.json.orderNumber)).toEqual(Array.from({ length: 25 }, (_, i) => `L-${String(i).padStart(2, '0')}`));
		const calls = callsTo('/service/QueryOrdersList');
		expect(calls).toHaveLength(3);
		// Page 1 without `pages` (the CONFIRMED signature), then pages 2 and 3.
		expect(calls.map((call) => call.fields.pages)).toEqual([undefined, '2', '3']);
		expect(calls.every((call) => call.signature === 'valid')).toBe(true);
	});

	test('Limit 12 → 12 items and 2 calls', async () => {
		const result = await run({ resource: 'order', operation: 'getManySuccessful', ...range, returnAll: false, limit: 12 });
		expect(result.output).toHaveLength(12);
		expect(callsTo('/service/QueryOrdersList')).toHaveLength(2);
	});

	test('Limit 10 → 1 call', async () => {
		await run({ resource: 'order', operation: 'getManySuccessful', ...range, returnAll: false, limit: 10 });
		expect(callsTo('/service/QueryOrdersList')).toHaveLength(1);
	});

	test('no records → no items, one call', async () => {
		const result = await run({ resource: 'order', operation: 'getManySuccessful', startDate: DateTime.now().minus({ days: 100 }).toISO(), endDate: DateTime.now().minus({ days: 90 }).toISO(), returnAll: true });
		expect(result.output).toHaveLength(0);
		expect(callsTo('/service/QueryOrdersList')).toHaveLength(1);
	});
});

describe('safe refunds', () => {
	const refund = (options: IDataObject = {}) =>
		run({ resource: 'refund', operation: 'create', paymentId: 'SAFE-PAY', refundType: '2', amount: '10.00', description: 'Damaged', options: { refundNumber: 'SHOP-REFUND-1', ...options } });

	beforeEach(() => sim.admin.addOrder({ order_number: 'SAFE-1', payment_id: 'SAFE-PAY', order_amount: '50.00' }));

	test('commit-then-drop: the first run fails without retrying; the re-run returns the existing refund', async () => {
		sim.admin.setFault('/service/applyRefund', { mode: 'commitThenDrop', times: 1 });
		const first = await refund();
		expect(first.error?.message).toBe('Refund › Create failed: The gateway closed the connection without answering');
		expect(first.error?.description).toContain('never retried automatically');
		expect(callsTo('/service/applyRefund')).toHaveLength(1);
		expect(sim.admin.getRefunds()).toHaveLength(1);

		const again = await refund();
		expect(again.error).toBeUndefined();
		expect(again.output[0].json).toMatchObject({ alreadyExisted: true, created: false, refundNumber: 'SHOP-REFUND-1', amount: '10.00' });
		expect(callsTo('/service/applyRefund')).toHaveLength(1);
		expect(sim.admin.getRefunds()).toHaveLength(1);
		expect(sim.admin.getOrder('SAFE-PAY')?.refunded_cents).toBe(1000);
	});

	test('a transport failure of the check stops the refund (it is not made blind)', async () => {
		sim.admin.setFault('/service/queryRefund', { mode: 'http503' });
		const result = await refund();
		expect(result.error?.message).toContain('(check for an existing refund) failed: The gateway answered HTTP 503');
		expect(callsTo('/service/applyRefund')).toHaveLength(0);
	}, 15000);

	test('with the check switched off, a repeated run refunds again (the gateway accepts the number twice)', async () => {
		await refund({ skipExisting: false });
		await refund({ skipExisting: false });
		expect(callsTo('/service/queryRefund')).toHaveLength(0);
		expect(sim.admin.getRefunds()).toHaveLength(2);
	});

	test('refunds are never retried, whatever the failure', async () => {
		for (const mode of ['http500', 'http502', 'http503', 'reset', 'html', 'truncated']) {
			sim.admin.reset();
			sim.admin.addOrder({ order_number: 'SAFE-1', payment_id: 'SAFE-PAY', order_amount: '50.00' });
			sim.admin.setFault('/service/applyRefund', { mode });
			const result = await refund({ skipExisting: false });
			expect(result.error).toBeDefined();
			expect(callsTo('/service/applyRefund')).toHaveLength(1);
		}
	});
});

describe('the secure code never shows', () => {
	const secret = SEED_MERCHANT.secureCode;
	const range = { startDate: DateTime.now().minus({ days: 2 }).toISO(), endDate: DateTime.now().toISO() };
	const operations: INodeParameters[] = [
		{ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1' },
		{ resource: 'order', operation: 'getManySuccessful', ...range, returnAll: true },
		{ resource: 'order', operation: 'getManyBusinessEvents', ...range, returnAll: true },
		{ resource: 'order', operation: 'getManyDisputes', ...range, returnAll: true },
		{ resource: 'refund', operation: 'create', paymentId: 'SAFE-PAY', refundType: '2', amount: '1.00', description: 'x' },
		{ resource: 'refund', operation: 'get', lookupBy: 'refundId', refundId: '1' },
		{ resource: 'preAuthorization', operation: 'capture', paymentId: 'SAFE-PAY' },
		{ resource: 'preAuthorization', operation: 'void', paymentId: 'SAFE-PAY' },
		{ resource: 'preAuthorization', operation: 'reverse', orderNumber: 'SAFE-1' },
		{ resource: 'tracking', operation: 'upload', identifyBy: 'paymentId', paymentId: 'SAFE-PAY', trackingNumbers: 'A1', trackingSite: 'https://www.ups.com', handler: 'N/A' },
		{ resource: 'customs', operation: 'submit', paymentId: 'SAFE-PAY', customs: '01', customsNumber: 'C', customsName: 'N', payerIdNumber: '', payerName: '' },
		{ resource: 'account', operation: 'healthCheck', site: 'shop.example.com' },
		{ resource: 'cardBin', operation: 'lookup', bins: '411111' },
		{ resource: 'account', operation: 'selfCheck', probeMoneyEndpoints: true },
	];
	const faults = [null, 'http500', 'reset', 'html', 'truncated', 'wrongCode', 'commitThenDrop'];

	test(`across ${operations.length} operations × ${faults.length} fault settings, in output, errors and run data`, async () => {
		for (const fault of faults) {
			for (const parameters of operations) {
				sim.admin.reset();
				sim.admin.addOrder({ order_number: 'SAFE-1', payment_id: 'SAFE-PAY', order_amount: '50.00' });
				if (fault) sim.admin.setFault('*', { mode: fault });
				for (const onError of [undefined, 'continueErrorOutput'] as const) {
					const result = await runNode({
						node: { type: 'oceanpayment', parameters: { ...parameters, options: { ...((parameters.options as IDataObject) ?? {}), retries: 0 } }, onError },
						nodeTypes: { oceanpayment: new Oceanpayment() },
						credentials,
						items: [{}],
					});
					const everything = JSON.stringify({ run: result.run, error: result.error, message: result.error?.message, description: result.error?.description, stack: result.error?.stack });
					expect(everything).not.toContain(secret);
				}
			}
		}
		expect(JSON.stringify(sim.admin.getLog())).not.toContain(secret);
	}, 60000);
});

describe('a full card number never shows', () => {
	const CARD = '4111111111111111';
	const anyGrouping = /4111[ -]?1111[ -]?1111[ -]?1111/;
	const forms: unknown[] = [CARD, '4111 1111 1111 1111', '4111-1111-1111-1111', Number(CARD), ['411111', CARD], `411111,${CARD}`];
	const faults = [null, 'http500', 'html', 'wrongCode'];

	test(`Card BINs with a card number in ${forms.length} forms × ${faults.length} fault settings × 3 error modes: not in output, errors or run data`, async () => {
		for (const fault of faults) {
			for (const card of forms) {
				for (const onError of [undefined, 'continueErrorOutput', 'continueRegularOutput'] as const) {
					for (const batching of [true, false]) {
						sim.admin.reset();
						if (fault) sim.admin.setFault('*', { mode: fault });
						// Item 0 is a real BIN that reaches the gateway; item 1 carries the card number.
						const result = await runNode({
							node: { type: 'oceanpayment', parameters: { resource: 'cardBin', operation: 'lookup', bins: '={{ $json.card }}', options: { batching, retries: 0 } }, onError },
							nodeTypes: { oceanpayment: new Oceanpayment() },
							credentials,
							items: [{ card: '545454' }, { card }] as IDataObject[],
						});
						// n8n copies the input item's own fields onto error items; those are the workflow's data, not the node's words.
						const strip = (items: RunResult['output']) => items.map((item) => ({ ...item, json: { ...item.json, card: undefined } }));
						const nodeRun = result.run.data.resultData.runData.Oceanpayment?.map((one) => ({
							...one,
							data: one.data ? { main: (one.data.main ?? []).map((items) => strip(items ?? [])) } : undefined,
						}));
						const everything = JSON.stringify({
							nodeRun,
							output: strip(result.output),
							errorOutput: strip(result.errorOutput),
							error: result.error,
							message: result.error?.message,
							description: result.error?.description,
							stack: result.error?.stack,
						});
						expect({ fault, card, onError, batching, everything }).toEqual({ fault, card, onError, batching, everything: expect.not.stringMatching(anyGrouping) });
						const failedItem = onError === 'continueErrorOutput' ? result.errorOutput.find((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 1) : undefined;
						if (onError === 'continueErrorOutput') expect(failedItem?.json.error).toContain('411111…1111');
					}
				}
			}
		}
		expect(JSON.stringify(sim.admin.getLog())).not.toMatch(anyGrouping);
	}, 60000);
});
