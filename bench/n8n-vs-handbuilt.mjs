#!/usr/bin/env node
/**
 * Benchmark 1: the status of 1,000 orders in a real n8n (the packed package installed as a
 * community package), measured per node: each node's own `executionTime` from the stored run
 * data, so neither n8n's start of an execution nor the Code node that makes the items counts.
 *   - Get Status: the Oceanpayment node with batching, and again with Parallel Calls 4.
 *   - Hand-built: Crypto (SHA-256 per item) + HTTP Request (one form POST per item) + XML.
 *   - Floor: an Edit Fields (Set) node with one expression per item, what n8n itself needs to
 *     evaluate one parameter for each of the same 1,000 items.
 * One `n8n start`, the three workflows started by their webhooks: a warm-up round, then
 * BENCH_ROUNDS rounds (default 3) that run the three in turn (the order rotates each round);
 * figures are the medians. Gateway calls are counted in the simulator's log.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { createUserFolder, credentialFor, ensureN8n, freePort, importJson, ownerSession, packPackage, startN8n, stopAllChildren } from '../test/e2e/n8n.mjs';

const require = createRequire(import.meta.url);
const { startSimulator } = require('../test/simulator');

const RTT = Number(process.env.BENCH_RTT_MS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ORDERS = 1000;
const MERCHANT = { account: '123456', terminal: '12345601', secureCode: 'sim-Secure-Code-7f3a' };
const CREDENTIAL = { id: 'OceanpaymentSim1', name: 'Oceanpayment (local simulator)' };
const makeOrders = `return Array.from({ length: ${ORDERS} }, (_, i) => ({ json: { order: 'BENCH-' + i } }));`;

const node = (name, type, parameters, extra = {}) => ({ id: randomUUID(), name, type, typeVersion: 1, position: [0, 0], parameters, ...extra });

function workflow(id, name, hook, nodes) {
	const all = [
		node('Webhook', 'n8n-nodes-base.webhook', { httpMethod: 'POST', path: hook, responseMode: 'lastNode', responseData: 'noData', options: {} }, { typeVersion: 2, webhookId: randomUUID() }),
		node('Orders', 'n8n-nodes-base.code', { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: makeOrders }, { typeVersion: 2 }),
		...nodes,
	].map((entry, index) => ({ ...entry, position: [index * 220, 0] }));
	const connections = {};
	for (let i = 0; i + 1 < all.length; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, hook, active: false, settings: { executionOrder: 'v1' }, nodes: all, connections };
}

const WORKFLOWS = (simUrl) => ({
	node: workflow('benchNodeBatch01', 'Bench: Oceanpayment Get Status', 'bench-oceanpayment-node', [
		node('Get Status', 'n8n-nodes-oceanpayment.oceanpayment', { resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}' }, { credentials: { oceanpaymentApi: CREDENTIAL } }),
	]),
	parallel: workflow('benchNodeParal01', 'Bench: Oceanpayment Get Status, Parallel Calls 4', 'bench-oceanpayment-node-parallel', [
		node('Get Status', 'n8n-nodes-oceanpayment.oceanpayment', { resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}', options: { parallelCalls: 4 } }, { credentials: { oceanpaymentApi: CREDENTIAL } }),
	]),
	handBuilt: workflow('benchHandBuilt01', 'Bench: Crypto + HTTP Request + XML', 'bench-oceanpayment-handbuilt', [
		node('Sign', 'n8n-nodes-base.crypto', { action: 'hash', type: 'SHA256', value: `={{ '${MERCHANT.account}${MERCHANT.terminal}' + $json.order + '${MERCHANT.secureCode}' }}`, dataPropertyName: 'signValue', encoding: 'hex' }),
		node(
			'Query',
			'n8n-nodes-base.httpRequest',
			{
				method: 'POST',
				url: `${simUrl}/service/check/normal`,
				sendBody: true,
				contentType: 'form-urlencoded',
				bodyParameters: {
					parameters: [
						{ name: 'account', value: MERCHANT.account },
						{ name: 'terminal', value: MERCHANT.terminal },
						{ name: 'order_number', value: '={{ $json.order }}' },
						{ name: 'signValue', value: '={{ $json.signValue }}' },
					],
				},
				options: { response: { response: { responseFormat: 'text', outputPropertyName: 'data' } } },
			},
			{ typeVersion: 4.2 },
		),
		node('Parse XML', 'n8n-nodes-base.xml', { mode: 'xmlToJson', dataPropertyName: 'data', options: {} }),
	]),
	floor: workflow('benchFloorSet001', 'Bench: Edit Fields, one expression per item', 'bench-oceanpayment-floor', [
		node(
			'Edit Fields',
			'n8n-nodes-base.set',
			{ mode: 'manual', assignments: { assignments: [{ id: randomUUID(), name: 'orderNumber', value: '={{ $json.order }}', type: 'string' }] }, options: {} },
			{ typeVersion: 3.4 },
		),
	]),
});

/** Which nodes of each workflow are measured (their execution times are summed). */
const MEASURED = { node: ['Get Status'], parallel: ['Get Status'], handBuilt: ['Sign', 'Query', 'Parse XML'], floor: ['Edit Fields'] };
/** Output items checked after each run. */
const LAST = { node: 'Get Status', parallel: 'Get Status', handBuilt: 'Parse XML', floor: 'Edit Fields' };

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const n8n = ensureN8n();
if (n8n.version.startsWith('1.')) throw new Error('the n8n benchmark needs n8n 2.x (workflows are published through the REST API)');
const { parse } = createRequire(join(n8n.dir, 'node_modules', 'n8n', 'package.json'))('flatted');
const work = mkdtempSync(join(tmpdir(), 'oceanpayment-bench-n8n-'));
const user = createUserFolder(packPackage(work, { build: !process.env.E2E_SKIP_BUILD }), join(work, 'user'));
const sim = await startSimulator({ port: 0, seed: { merchants: [MERCHANT] } });
let started;
const stop = () => stopAllChildren().finally(() => process.exit(1));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
try {
	sim.admin.addOrders(Array.from({ length: ORDERS }, (_, i) => ({ order_number: `BENCH-${i}` })));
	sim.admin.setFault('*', { mode: 'latency', latencyMs: RTT });
	const workflows = WORKFLOWS(sim.url);
	await importJson(n8n, user, 'credentials', [credentialFor(sim.url)]);
	await importJson(n8n, user, 'workflow', Object.values(workflows).map(({ hook: _hook, ...definition }) => definition));
	started = await startN8n(n8n, user, { port: await freePort(), env: { N8N_LOG_LEVEL: 'warn' } });
	const rest = await ownerSession(started.url);
	for (const { id } of Object.values(workflows)) {
		const stored = await rest.get(`/workflows/${id}`);
		await rest.post(`/workflows/${id}/activate`, { versionId: stored.versionId });
	}

	const executionIds = async (workflowId) => {
		const answer = await rest.get(`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100`);
		return (Array.isArray(answer) ? answer : (answer?.results ?? [])).filter((e) => e.workflowId === workflowId).map((e) => Number(e.id));
	};

	/** Starts a workflow by its webhook and returns its stored run data and the gateway calls it made. */
	async function runOnce(key) {
		const { id, hook } = workflows[key];
		const before = new Set(await executionIds(id));
		sim.admin.clearLog();
		for (let attempt = 0; ; attempt++) {
			const response = await fetch(`${started.url}/webhook/${hook}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			await response.text();
			if (response.ok) break;
			// A published workflow's webhook can answer 404 for a moment after activation.
			if (response.status !== 404 || attempt > 40) throw new Error(`POST /webhook/${hook} answered ${response.status}`);
			await sleep(500);
		}
		const calls = sim.admin.getLog();
		let executionId;
		for (let waited = 0; executionId === undefined; waited += 250) {
			executionId = (await executionIds(id)).find((candidate) => !before.has(candidate));
			if (executionId === undefined && waited > 60_000) throw new Error(`no stored execution of ${id}`);
			if (executionId === undefined) await sleep(250);
		}
		let runData;
		for (let waited = 0; !runData; waited += 250) {
			const execution = await rest.get(`/executions/${executionId}`);
			const data = typeof execution.data === 'string' ? parse(execution.data) : execution.data;
			if (execution.finished || execution.status === 'success') runData = data.resultData.runData;
			else if (['error', 'crashed', 'canceled'].includes(execution.status)) throw new Error(`${id} ended ${execution.status}: ${JSON.stringify(data?.resultData?.error ?? null).slice(0, 1000)}`);
			else if (waited > 60_000) throw new Error(`execution ${executionId} did not finish`);
			else await sleep(250);
		}
		const last = runData[LAST[key]]?.[0];
		const items = last?.data?.main?.[0]?.length ?? 0;
		if (items !== ORDERS) throw new Error(`${key}: ${LAST[key]} gave ${items} items`);
		const invalid = calls.filter((entry) => entry.signature !== 'valid').length;
		if (invalid) throw new Error(`${key}: ${invalid} gateway calls with a bad signature`);
		const times = Object.fromEntries(MEASURED[key].map((name) => [name, runData[name][0].executionTime]));
		return { ms: Object.values(times).reduce((sum, value) => sum + value, 0), times, calls: calls.length };
	}

	const order = ['node', 'parallel', 'handBuilt', 'floor'];
	const results = { node: [], parallel: [], handBuilt: [], floor: [] };
	const loads = [];
	for (let round = 0; round <= ROUNDS; round++) {
		const rotated = order.map((_, index) => order[(index + round) % order.length]);
		for (const key of rotated) {
			const result = await runOnce(key);
			const load = loadavg()[0];
			process.stderr.write(`bench: n8n round ${round}${round === 0 ? ' (warm-up)' : ''} ${key}: ${result.ms} ms ${JSON.stringify(result.times)}, ${result.calls} calls, load ${load.toFixed(1)}\n`);
			if (round > 0) {
				results[key].push(result);
				loads.push(load);
			}
		}
	}

	const ms = (key) => median(results[key].map((result) => result.ms));
	const part = (name) => median(results.handBuilt.map((result) => result.times[name]));
	const ratioPerRound = (a, b) => median(results[a].map((result, index) => result.ms / results[b][index].ms));
	const label = `n8n ${n8n.version}, median of ${ROUNDS}`;
	console.log(`n8n.status_1000_orders.node_calls: ${results.node[0].calls} (goal <= 10)`);
	console.log(`n8n.status_1000_orders.handbuilt_calls: ${results.handBuilt[0].calls} (measured)`);
	console.log(`n8n.status_1000_orders.get_status_node_time: ${ms('node')} ms (${label}, includes 10 gateway round trips of ${RTT} ms)`);
	console.log(`n8n.status_1000_orders.floor_edit_fields_time: ${ms('floor')} ms (${label}; one expression per item)`);
	console.log(`n8n.status_1000_orders.handbuilt_time: ${ms('handBuilt')} ms (${label}; Crypto ${part('Sign')} + HTTP Request ${part('Query')} + XML ${part('Parse XML')})`);
	console.log(`n8n.status_1000_orders.get_status_vs_floor: ${ratioPerRound('node', 'floor').toFixed(2)}x (goal <= 1.5x; median of the per-round ratios)`);
	console.log(`n8n.status_1000_orders.handbuilt_vs_get_status: ${ratioPerRound('handBuilt', 'node').toFixed(2)}x (goal >= 4x; median of the per-round ratios)`);
	console.log(`n8n.status_1000_orders.parallel_4.get_status_node_time: ${ms('parallel')} ms (${label}; option Parallel Calls 4, same 10 calls)`);
	console.log(`n8n.status_1000_orders.parallel_4.get_status_vs_floor: ${ratioPerRound('parallel', 'floor').toFixed(2)}x (goal <= 1.5x; median of the per-round ratios)`);
	console.log(`n8n.status_1000_orders.parallel_4.handbuilt_vs_get_status: ${ratioPerRound('handBuilt', 'parallel').toFixed(2)}x (goal >= 4x; median of the per-round ratios)`);
	console.log(`n8n.status_1000_orders.load_average: ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} (1-minute load average while measuring, ${cpus().length} cores)`);
} finally {
	await started?.stop();
	await sim.close();
	rmSync(work, { recursive: true, force: true });
}
