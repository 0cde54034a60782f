#!/usr/bin/env node
/**
 * Benchmark 1: the status of 1,000 orders in a real n8n (2.40.7), the Oceanpayment node with
 * batching vs the same job built by hand (Crypto for the SHA-256, HTTP Request per item, XML).
 * Both run against the simulator with a simulated round-trip time; wall time is n8n's own
 * execution time (startedAt → stoppedAt), so n8n's start-up is not counted.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createUserFolder, credentialFor, ensureN8n, executeWorkflow, importJson, nodeOutput, packPackage } from '../test/e2e/n8n.mjs';

const require = createRequire(import.meta.url);
const { startSimulator } = require('../test/simulator');

const RTT = Number(process.env.BENCH_RTT_MS ?? 20);
const ORDERS = 1000;
const MERCHANT = { account: '123456', terminal: '12345601', secureCode: 'sim-Secure-Code-7f3a' };
const makeOrders = `return Array.from({ length: ${ORDERS} }, (_, i) => ({ json: { order: 'BENCH-' + i } }));`;

const base = (id, name, nodes, chain) => ({
	id,
	name,
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: nodes.map((node, index) => ({ id: `${id}-${index}`, position: [index * 220, 0], typeVersion: 1, parameters: {}, ...node })),
	connections: Object.fromEntries(chain.slice(0, -1).map((from, index) => [from, { main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] }])),
});

function nodeWorkflow() {
	return base('benchNodeBatch01', 'Bench: Oceanpayment node', [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
		{ name: 'Orders', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: makeOrders } },
		{ name: 'Get Status', type: 'n8n-nodes-oceanpayment.oceanpayment', parameters: { resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}' }, credentials: { oceanpaymentApi: { id: 'OceanpaymentSim1', name: 'Oceanpayment (local simulator)' } } },
	], ['Start', 'Orders', 'Get Status']);
}

function handBuiltWorkflow(simUrl) {
	return base('benchHandBuilt01', 'Bench: HTTP Request + Crypto + XML', [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
		{ name: 'Orders', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: makeOrders } },
		{ name: 'Sign', type: 'n8n-nodes-base.crypto', typeVersion: 1, parameters: { action: 'hash', type: 'SHA256', value: `={{ '${MERCHANT.account}${MERCHANT.terminal}' + $json.order + '${MERCHANT.secureCode}' }}`, dataPropertyName: 'signValue', encoding: 'hex' } },
		{
			name: 'Query',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${simUrl}/service/check/normal`,
				sendBody: true,
				contentType: 'form-urlencoded',
				bodyParameters: { parameters: [
					{ name: 'account', value: MERCHANT.account },
					{ name: 'terminal', value: MERCHANT.terminal },
					{ name: 'order_number', value: '={{ $json.order }}' },
					{ name: 'signValue', value: '={{ $json.signValue }}' },
				] },
				options: { response: { response: { responseFormat: 'text', outputPropertyName: 'data' } } },
			},
		},
		{ name: 'Parse XML', type: 'n8n-nodes-base.xml', parameters: { mode: 'xmlToJson', dataPropertyName: 'data', options: {} } },
	], ['Start', 'Orders', 'Sign', 'Query', 'Parse XML']);
}

const elapsed = (run) => new Date(run.stoppedAt).getTime() - new Date(run.startedAt).getTime();

const n8n = ensureN8n();
const work = mkdtempSync(join(tmpdir(), 'oceanpayment-bench-n8n-'));
const user = createUserFolder(packPackage(work, { build: !process.env.E2E_SKIP_BUILD }), join(work, 'user'));
const sim = await startSimulator({ port: 0, seed: { merchants: [MERCHANT] } });
try {
	for (let i = 0; i < ORDERS; i++) sim.admin.addOrder({ order_number: `BENCH-${i}` });
	sim.admin.setFault('*', { mode: 'latency', latencyMs: RTT });
	await importJson(n8n, user, 'credentials', [credentialFor(sim.url)]);
	await importJson(n8n, user, 'workflow', [nodeWorkflow(), handBuiltWorkflow(sim.url)]);

	sim.admin.clearLog();
	const nodeRun = await executeWorkflow(n8n, user, 'benchNodeBatch01');
	const nodeItems = nodeOutput(nodeRun, 'Get Status')[0].length;
	const nodeCalls = sim.admin.getLog().length;

	sim.admin.clearLog();
	const handRun = await executeWorkflow(n8n, user, 'benchHandBuilt01');
	const handItems = nodeOutput(handRun, 'Parse XML')[0].length;
	const handCalls = sim.admin.getLog().length;
	const invalid = sim.admin.getLog().filter((entry) => entry.signature !== 'valid').length;

	if (nodeItems !== ORDERS || handItems !== ORDERS || invalid) throw new Error(`unexpected results: ${nodeItems}, ${handItems} items, ${invalid} bad signatures`);
	console.log(`n8n.status_1000_orders.node_calls: ${nodeCalls} (goal <= 10)`);
	console.log(`n8n.status_1000_orders.handbuilt_calls: ${handCalls} (measured)`);
	console.log(`n8n.status_1000_orders.node_wall_time: ${(elapsed(nodeRun) / 1000).toFixed(2)} s (n8n ${n8n.version}, execution only)`);
	console.log(`n8n.status_1000_orders.handbuilt_wall_time: ${(elapsed(handRun) / 1000).toFixed(2)} s (n8n ${n8n.version}, execution only)`);
	console.log(`n8n.status_1000_orders.speedup: ${(elapsed(handRun) / elapsed(nodeRun)).toFixed(1)}x (goal >= 20x)`);
} finally {
	await sim.close();
	rmSync(work, { recursive: true, force: true });
}
