#!/usr/bin/env node
/**
 * End-to-end test in a real n8n (`npm run test:e2e`): the packed package installed as n8n
 * installs community packages, a credential of type oceanpaymentApi pointing at the local
 * simulator, every example workflow imported. Asserts on n8n's JSON output, n8n's REST API and
 * the simulator's request log and state. Two phases:
 *   1. n8n CLI, no n8n running: import, then `n8n execute --id` for every operation, batching
 *      and the runnable examples.
 *   2. ONE `n8n start` shared by every check that needs a running n8n (LIVE_CHECKS below): the
 *      trigger, n8n's own v3 breaking-changes report, and what plugs in later.
 * The n8n version: N8N_VERSION / NODE_VERSION, else the default of test/e2e/n8n-versions.json.
 *   E2E_SKIP_BUILD=1    use the existing dist
 *   E2E_SKIP_TRIGGER=1  skip the trigger check (about 2.5 minutes)
 *   E2E_SKIP_LIVE=1     skip phase 2 (no `n8n start`)
 *   E2E_ONLY=<regex>    run only the checks whose name matches (case-insensitive)
 *   E2E_KEEP=1          keep the work folder (user folder, tarball) for inspection
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	PACKAGE,
	activateWorkflow,
	ROOT,
	createUserFolder,
	credentialFor,
	ensureN8n,
	executeWorkflow,
	freePort,
	importJson,
	nodeOutput,
	ownerSession,
	packPackage,
	startN8n,
	stopAllChildren,
} from './n8n.mjs';
import { checkRefund09, refund09Workflow } from './refund-09.mjs';
import { checkRefundVersions, refundVersionsWorkflow } from './refund-versions.mjs';

const require = createRequire(import.meta.url);
const { startSimulator } = require('../simulator');

const OP = `${PACKAGE}.oceanpayment`;
const CRED = { oceanpaymentApi: { id: 'OceanpaymentSim1', name: 'Oceanpayment (local simulator)' } };
/** The same account with its 3-D Secure terminal too (issue 29): the simulator's seed terminal 12345633. */
const CRED_TWO_TERMINALS = { oceanpaymentApi: { id: 'OceanpaymentSim2T', name: 'Oceanpayment, two terminals (local simulator)' } };
const THREE_D = { terminal: '12345633', secureCode: 'sim-3DS-Code-4c9e' };
function twoTerminalCredential(simUrl) {
	const single = credentialFor(simUrl, CRED_TWO_TERMINALS.oceanpaymentApi.id);
	return { ...single, name: CRED_TWO_TERMINALS.oceanpaymentApi.name, data: { ...single.data, threeDSecureTerminal: THREE_D.terminal, threeDSecureSecureCode: THREE_D.secureCode } };
}
const results = [];
const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, 'i') : null;
const selected = (name) => !only || only.test(name);

/** Runs one check and prints ✓ or ✕ with its time (or – when E2E_ONLY leaves it out). */
async function check(name, fn) {
	if (!selected(name)) {
		console.log(`  – ${name} (not selected by E2E_ONLY)`);
		return;
	}
	const started = Date.now();
	try {
		await fn();
		results.push({ name, ok: true });
		console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	} catch (error) {
		results.push({ name, ok: false });
		console.log(`  ✕ ${name}\n    ${String(error.stack ?? error).split('\n').slice(0, 8).join('\n    ')}`);
	}
}

function assert(condition, message) {
	if (!condition) throw new Error(message);
}
function assertEqual(actual, expected, message) {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	if (a !== e) throw new Error(`${message}: expected ${e}, got ${a}`);
}

let position = 0;
const node = (name, type, parameters, extra = {}) => ({ id: `${name}-${++position}`.replace(/\W/g, '-'), name, type, typeVersion: 1, position: [position * 200, 0], parameters, ...extra });
const oceanpayment = (name, parameters, extra = {}) => node(name, OP, parameters, { credentials: CRED, ...extra });
const manual = (name = 'Start') => node(name, 'n8n-nodes-base.manualTrigger', {});
const noOp = (name) => node(name, 'n8n-nodes-base.noOp', {});
const code = (name, jsCode) => ({ ...node(name, 'n8n-nodes-base.code', { mode: 'runOnceForAllItems', language: 'javaScript', jsCode }), typeVersion: 2 });

function connect(pairs) {
	const connections = {};
	for (const [from, to, output = 0] of pairs) {
		connections[from] ??= { main: [] };
		while (connections[from].main.length <= output) connections[from].main.push([]);
		connections[from].main[output].push({ node: to, type: 'main', index: 0 });
	}
	return connections;
}

const workflow = (id, name, nodes, pairs) => ({ id, name, active: false, nodes, connections: connect(pairs), settings: { executionOrder: 'v1' } });

const range = { startDate: '={{ $now.minus({ days: 1 }).toISO() }}', endDate: '={{ $now.plus({ minutes: 5 }).toISO() }}', returnAll: true };

function allOperationsWorkflow() {
	const branches = [
		oceanpayment('Get Status', { resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001,SIM-1003,NOPE-1' }),
		oceanpayment('Successful Orders', { resource: 'order', operation: 'getManySuccessful', ...range }),
		oceanpayment('Business Events', { resource: 'order', operation: 'getManyBusinessEvents', ...range, dateType: '0' }),
		oceanpayment('Disputes', { resource: 'order', operation: 'getManyDisputes', ...range, disputeType: '' }),
		oceanpayment('Refund', { resource: 'refund', operation: 'create', paymentId: '260101000000000001001', refundType: '2', amount: '5.00', description: '商品瑕疵', options: { refundNumber: 'E2E-R1' } }),
		oceanpayment('Capture', { resource: 'preAuthorization', operation: 'capture', paymentId: '260101000000000001004', options: {} }),
		oceanpayment('Void', { resource: 'preAuthorization', operation: 'void', paymentId: 'E2EVOID0000000000001', options: {} }),
		oceanpayment('Reverse', { resource: 'preAuthorization', operation: 'reverse', orderNumber: 'SIM-1005', options: {} }),
		oceanpayment('Tracking', { resource: 'tracking', operation: 'upload', identifyBy: 'orderNumber', orderNumber: 'SIM-1002', trackingNumbers: 'E2E123456', trackingSite: 'https://www.dhl.com', handler: 'e2e', options: {} }),
		oceanpayment('Customs', { resource: 'customs', operation: 'submit', paymentId: '260101000000000001005', customs: '01', customsNumber: 'C-E2E', customsName: 'Example Trading', payerIdNumber: '110101199001011234', payerName: '张三', options: {} }),
		oceanpayment('Health Check', { resource: 'account', operation: 'healthCheck', site: 'shop.example.com', publicKey: '', options: {} }),
		oceanpayment('Card BIN', { resource: 'cardBin', operation: 'lookup', bins: '411111,545454', options: {} }),
		oceanpayment('Self-Check', { resource: 'account', operation: 'selfCheck', probeMoneyEndpoints: false, options: {} }),
		oceanpayment('Refund Too Much', { resource: 'refund', operation: 'create', paymentId: '260101000000000001002', refundType: '2', amount: '999.00', description: 'too much', options: {} }, { onError: 'continueErrorOutput' }),
	];
	const nodes = [manual(), ...branches, oceanpayment('Get Refund', { resource: 'refund', operation: 'get', lookupBy: 'refundNumber', refundNumber: 'E2E-R1', options: {} }), noOp('Unexpected Success'), noOp('Handle Failure')];
	const pairs = [...branches.map((b) => ['Start', b.name]), ['Refund', 'Get Refund'], ['Refund Too Much', 'Unexpected Success', 0], ['Refund Too Much', 'Handle Failure', 1]];
	return workflow('e2eAllOperations', 'E2E: every operation', nodes, pairs);
}

function batchWorkflow() {
	const js = `const numbers = [];
for (let i = 0; i < 240; i++) numbers.push('E2E-B-' + i);
numbers.push('E2E-B-3', 'E2E-B-3', 'E2E-B-100', 'E2E-B-239', 'E2E-B-0', 'E2E-X-1', 'E2E-X-2', 'E2E-X-3', 'E2E-X-4', 'E2E-X-5');
return numbers.map((order) => ({ json: { order } }));`;
	return workflow('e2eBatch250Items', 'E2E: 250 order numbers', [manual(), code('Make 250 Orders', js), oceanpayment('Get Status', { resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}' })], [
		['Start', 'Make 250 Orders'],
		['Make 250 Orders', 'Get Status'],
	]);
}

/** Issue 29: one two-terminal credential, Get Status on both terminals and a refund of a 3-D Secure payment by its order number. */
function twoTerminalsWorkflow() {
	const withBoth = { credentials: CRED_TWO_TERMINALS };
	const status = oceanpayment('Get Status Both', { resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001,SIM-3D-2001,NOPE-2T', options: { terminal: 'both' } }, withBoth);
	const refund = oceanpayment('Refund 3-D Payment', { resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber: 'SIM-3D-2001', refundType: '2', amount: '3.00', description: 'two terminals', options: { refundNumber: 'E2E-3D-R1' } }, withBoth);
	return workflow('e2eTwoTerminals01', 'E2E: two terminals, one credential', [manual(), status, refund], [
		['Start', status.name],
		['Start', refund.name],
	]);
}

/**
 * An HTTP Request node using the predefined Oceanpayment credential: signed for the credential's
 * own endpoint, refused (nothing sent) for a URL on another host.
 */
function httpRequestWorkflow(simUrl, foreignUrl) {
	const request = (name, url) => ({
		...node(name, 'n8n-nodes-base.httpRequest', {
			method: 'POST',
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'oceanpaymentApi',
			sendBody: true,
			contentType: 'form-urlencoded',
			bodyParameters: { parameters: [{ name: 'order_number', value: 'SIM-1001' }] },
			options: { response: { response: { responseFormat: 'text' } } },
		}),
		typeVersion: 4.2,
		credentials: CRED,
		onError: 'continueErrorOutput',
	});
	const own = request('Own Endpoint', `${simUrl}/service/check/normal`);
	const foreign = request('Foreign Host', `${foreignUrl}/service/check/normal`);
	return workflow('e2eHttpRequestCred', 'E2E: HTTP Request with the Oceanpayment credential', [manual(), own, foreign, noOp('Own Failed'), noOp('Foreign Sent'), noOp('Foreign Refused')], [
		['Start', 'Own Endpoint'],
		['Start', 'Foreign Host'],
		['Own Endpoint', 'Own Failed', 1],
		['Foreign Host', 'Foreign Sent', 0],
		['Foreign Host', 'Foreign Refused', 1],
	]);
}

/** Values that must never be stored: a full card number given as a BIN, under Continue On Fail. */
const FULL_CARD_NUMBER = '4111111111111111';
function cardNumberWorkflow() {
	// The number is put together by the node's expression, so only what the node itself keeps
	// (its output, its error) can bring it into the stored data: the input items hold two halves.
	const lookup = oceanpayment('Card BIN', { resource: 'cardBin', operation: 'lookup', bins: '={{ $json.head + $json.tail }}', options: { batching: false } }, { onError: 'continueErrorOutput' });
	const [head, tail] = [FULL_CARD_NUMBER.slice(0, 6), FULL_CARD_NUMBER.slice(6)];
	const items = code('Card Numbers', `return [{ json: { head: '411111', tail: '' } }, { json: { head: '411111,${head}', tail: '${tail}' } }];`);
	return workflow('e2eCardNumberLeak', 'E2E: a card number given as a BIN', [manual(), items, lookup, noOp('Looked Up'), noOp('Refused')], [
		['Start', 'Card Numbers'],
		['Card Numbers', 'Card BIN'],
		['Card BIN', 'Looked Up', 0],
		['Card BIN', 'Refused', 1],
	]);
}

/** An example made runnable: its trigger replaced by Manual Trigger + sample data, Slack by No-Ops. */
function runnableExample(file, id, sample) {
	const example = JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8'));
	const trigger = example.nodes.find((n) => /Trigger|schedule/i.test(n.type));
	const nodes = example.nodes.map((n) => {
		if (n === trigger) return sample ? { ...code(n.name, `return ${JSON.stringify(sample)}.map((json) => ({ json }));`), position: n.position } : { ...manual(n.name), position: n.position };
		if (n.type === 'n8n-nodes-base.slack') return { ...noOp(n.name), position: n.position };
		return n;
	});
	const connections = { ...example.connections };
	if (sample) {
		nodes.unshift(manual('Start'));
		connections.Start = { main: [[{ node: trigger.name, type: 'main', index: 0 }]] };
	}
	return { ...example, id, nodes, connections };
}

async function startCapture() {
	const received = [];
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received.push(JSON.parse(body || '{}'));
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${server.address().port}/capture`, received, close: () => new Promise((r) => server.close(r)) };
}

async function waitFor(predicate, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (predicate()) return;
		await new Promise((r) => setTimeout(r, 1000));
	}
	throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}


/**
 * Checks that need a running n8n. They share ONE `n8n start` (phase 2), in this order:
 *   name      printed with ✓ / ✕
 *   skip(ctx) optional: a reason (string) to skip it on this n8n, printed with –
 *   prepare(ctx)  before n8n starts, with the n8n CLI (import, publish); nothing may import
 *                 into the user folder while n8n runs
 *   run(ctx)      with n8n running
 *   cleanup(ctx)  optional, after n8n has stopped (also when prepare or run failed)
 * ctx: { n8n, user, sim, seedForRun, examples, state (per check), and in run: url,
 *        rest() (the owner's REST client, see ownerSession in n8n.mjs), n8nOutput() }.
 * Checks run one after the other. The trigger keeps polling the simulator after its own check:
 * later checks that look at the simulator's log filter it by path.
 *
 * More checks come from test/e2e/live/*.mjs (same shape, same shared n8n): the credential test
 * through `POST /rest/credentials/test`, the notification trigger's webhook, and the node as an
 * AI-agent tool with human approval of refunds.
 */
const V3_CANARY = 'e2eV3ReportCanary';
const LIVE_CHECKS = [
	{
		name: "n8n's v3 breaking-changes report: no finding in the package's nodes or the example workflows",
		skip: ({ n8n }) =>
			existsSync(join(n8n.dir, 'node_modules', 'n8n', 'dist', 'modules', 'breaking-changes', 'rules', 'v3', 'unverified-packages.rule.js')) ? null : `n8n ${n8n.version} has no v3 report`,
		// Every example workflow, as shipped, plus a canary that proves the report reads workflows
		// holding this package's nodes: an Oceanpayment node with the removed $getPairedItem
		// helper must be the report's one and only workflow finding.
		prepare: async ({ n8n, user, examples }) => {
			const canary = oceanpayment('Canary Get Status', { resource: 'order', operation: 'getStatus', orderNumbers: '={{ $getPairedItem("Start", null, 0).json.order }}' });
			const canaryWorkflow = workflow(V3_CANARY, 'E2E: v3 report canary (uses $getPairedItem on purpose)', [manual(), canary], [['Start', canary.name]]);
			await importJson(n8n, user, 'workflow', [canaryWorkflow, ...examples.map((e) => e.workflow)]);
		},
		run: async ({ rest, examples, n8nOutput }) => {
			const client = await rest();
			// Every example workflow (and every workflow of this suite) is in the instance the report reads.
			const workflows = await client.get('/workflows');
			const ids = new Set(workflows.map((w) => w.id));
			for (const { file, workflow: example } of examples) assert(ids.has(example.id), `example ${file} (id ${example.id}) is not in n8n`);
			// What the editor's migration report calls.
			const { report, totalWorkflows } = await client.get('/breaking-changes/report?version=v3');
			assertEqual(report.targetVersion, 'v3', 'report target version');
			assertEqual(totalWorkflows, ids.size, 'workflows the report read');
			const line = (text) => console.log(`    ${text}`);
			line(
				`v3 report of n8n ${report.currentVersion}: ${totalWorkflows} workflows (${examples.length} examples, 1 canary, the rest this suite's), ` +
					`${report.workflowResults.length} workflow findings, ${report.instanceResults.length} instance findings`,
			);
			const affectedBy = {};
			for (const finding of report.workflowResults) {
				const detail = await client.get(`/breaking-changes/report/${finding.ruleId}`);
				const affected = detail?.affectedWorkflows ?? [];
				affectedBy[finding.ruleId] = affected.map((w) => w.id);
				const canaryOnly = finding.ruleId === 'get-paired-item-v3' && affected.every((w) => w.id === V3_CANARY);
				line(`${canaryOnly ? '• canary' : '✕'} workflow finding ${finding.ruleId} [${finding.ruleSeverity}] ${finding.ruleTitle}`);
				for (const w of affected) for (const issue of w.issues) line(`    ${w.name} (${w.id}): ${issue.title}`);
			}
			for (const finding of report.instanceResults) {
				const expected = finding.ruleId === 'unverified-packages-v3' ? 'expected: see docs/upgrading-to-n8n-3.md' : 'about this test instance, not the package';
				line(`• instance finding ${finding.ruleId} [${finding.ruleSeverity}] ${finding.ruleTitle} (${expected})`);
			}
			assertEqual(affectedBy, { 'get-paired-item-v3': [V3_CANARY] }, 'workflow findings (only the canary may have one)');
			assert(
				report.instanceResults.some((f) => f.ruleId === 'unverified-packages-v3'),
				'the report no longer lists unverified-packages-v3: check the note in docs/upgrading-to-n8n-3.md',
			);
			// A rule that throws on a workflow is skipped with a warning instead of reported.
			const ruleErrors = n8nOutput().split('\n').filter((l) => /Breaking change rule failed/i.test(l));
			assertEqual(ruleErrors, [], 'v3 rules that failed on a workflow');
		},
	},
	{
		name: 'the trigger in a running n8n delivers a new dispute exactly once',
		skip: () => (process.env.E2E_SKIP_TRIGGER ? 'E2E_SKIP_TRIGGER is set' : null),
		prepare: async ({ n8n, user, seedForRun, state }) => {
			// Activation runs the first poll: the simulator must hold its data before n8n starts.
			seedForRun();
			state.capture = await startCapture();
			const example = JSON.parse(readFileSync(join(ROOT, 'examples', 'oceanpayment-dispute-to-slack.json'), 'utf8'));
			const [trigger] = example.nodes;
			const deliver = {
				...node('Deliver', 'n8n-nodes-base.httpRequest', { method: 'POST', url: state.capture.url, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json) }}', options: {} }),
				typeVersion: 4.2,
			};
			await importJson(n8n, user, 'workflow', [workflow('e2eTriggerDispute', 'E2E: dispute trigger', [trigger, deliver], [[trigger.name, 'Deliver']])]);
			await activateWorkflow(n8n, user, 'e2eTriggerDispute');
		},
		run: async ({ sim, state: { capture } }) => {
			const polls = () => sim.admin.getLog().filter((e) => e.path === '/service/DisputeOrderList').length;
			await waitFor(() => polls() > 0, 90_000, 'the baseline poll');
			assertEqual(capture.received.length, 0, 'items delivered by the baseline');
			sim.admin.addDispute({ order_number: 'E2E-D-1', payment_id: 'E2ED00000000000000001', push_details: 'return' });
			await waitFor(() => capture.received.length > 0, 150_000, 'the dispute to be delivered');
			const pollsSoFar = polls();
			await waitFor(() => polls() > pollsSoFar, 90_000, 'one more poll');
			assertEqual(capture.received.map((d) => d.paymentId), ['E2ED00000000000000001'], 'delivered disputes');
			assertEqual(capture.received[0].event, 'newDispute', 'event');
		},
		cleanup: async ({ state }) => state.capture?.close(),
	},
	// ▸ More live checks come from test/e2e/live/*.mjs (loaded below, in file-name order).
];

/**
 * Live checks kept in their own files: each module under test/e2e/live/ default-exports
 * `(kit) => check[]`, with checks of the LIVE_CHECKS shape above. The kit holds this file's
 * workflow builders and assertions, so a check module needs nothing from run.mjs itself.
 */
const KIT = { PACKAGE, OP, CRED, CRED_TWO_TERMINALS, THREE_D, ROOT, node, oceanpayment, manual, noOp, code, connect, workflow, assert, assertEqual, waitFor, startCapture, importJson, activateWorkflow, executeWorkflow, nodeOutput, freePort };
async function loadLiveChecks() {
	const dir = join(ROOT, 'test', 'e2e', 'live');
	if (!existsSync(dir)) return;
	for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) {
		const module = await import(join(dir, file));
		for (const live of module.default(KIT)) LIVE_CHECKS.push({ ...live, file });
	}
}

/** Phase 2: prepares the live checks, starts n8n once, runs them, stops n8n. */
async function runLiveChecks(base) {
	await loadLiveChecks();
	const checks = [];
	for (const live of LIVE_CHECKS) {
		const reason = live.skip?.(base);
		if (!selected(live.name)) console.log(`  – ${live.name} (not selected by E2E_ONLY)`);
		else if (reason) console.log(`  – ${live.name} (skipped: ${reason})`);
		else checks.push({ ...live, ctx: { ...base, state: {} }, failed: null });
	}
	if (!checks.length) return;
	let started;
	try {
		for (const live of checks) {
			try {
				await live.prepare?.(live.ctx);
			} catch (error) {
				live.failed = error;
			}
		}
		const since = Date.now();
		let startError = null;
		try {
			started = await startN8n(base.n8n, base.user, { port: await freePort() });
			console.log(`  n8n ${base.n8n.version} started at ${started.url} in ${((Date.now() - since) / 1000).toFixed(1)} s, for ${checks.length} live checks`);
		} catch (error) {
			startError = error;
		}
		let session;
		const shared = {
			url: started?.url,
			rest: () => (session ??= ownerSession(started.url)),
			n8nOutput: () => started?.output() ?? '',
		};
		for (const live of checks) {
			await check(live.name, async () => {
				if (live.failed) throw live.failed;
				if (startError) throw startError;
				await live.run({ ...live.ctx, ...shared });
			});
		}
	} finally {
		await started?.stop();
		for (const live of checks) await live.cleanup?.(live.ctx).catch(() => {});
	}
}

async function main() {
	const work = mkdtempSync(join(tmpdir(), 'oceanpayment-e2e-'));
	let sim;
	const cleanup = async () => {
		await stopAllChildren();
		await sim?.close();
		if (!process.env.E2E_KEEP) rmSync(work, { recursive: true, force: true });
	};
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			console.log(`\nE2E: ${signal}, stopping n8n and the simulator…`);
			cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
		});
	}

	console.log(`E2E: installing or reusing n8n ${process.env.N8N_VERSION || '(default of test/e2e/n8n-versions.json)'}…`);
	const n8n = ensureN8n();
	const tarball = packPackage(work, { build: !process.env.E2E_SKIP_BUILD });
	const user = createUserFolder(tarball, join(work, 'user'));
	sim = await startSimulator({ port: 0 });
	console.log(`E2E: n8n ${n8n.version} on Node ${n8n.nodeVersion} (${n8n.dir}), user folder ${user}, simulator ${sim.url}`);

	const seedForRun = () => {
		sim.admin.reset();
		sim.admin.addOrder({ order_number: 'E2E-VOID', payment_id: 'E2EVOID0000000000001', preauth: true });
		for (let i = 0; i < 240; i++) sim.admin.addOrder({ order_number: `E2E-B-${i}`, payment_id: `E2EB${String(i).padStart(5, '0')}` });
		sim.admin.clearLog();
	};
	const examples = readdirSync(join(ROOT, 'examples'))
		.filter((f) => f.endsWith('.json'))
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) }));

	try {
		// ── Phase 1: the n8n CLI, no n8n running ────────────────────────────────────────────
		console.log('Phase 1: n8n CLI (import, n8n execute)');
		await importJson(n8n, user, 'credentials', [credentialFor(sim.url), twoTerminalCredential(sim.url)]);
		const runnable = {
			refund: runnableExample('shopify-refund-to-oceanpayment.json', 'e2eExampleRefund', [
				{ id: 9001, order_id: 'SIM-1002', note: 'Damaged on arrival', transactions: [{ amount: '9.90', currency: 'EUR', kind: 'refund' }] },
			]),
			tracking: runnableExample('shopify-fulfillment-to-tracking.json', 'e2eExampleTrack1', [
				{ id: 7001, order_id: 'SIM-1001', tracking_numbers: ['1Z999AA10123456784'], tracking_url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' },
			]),
			reconciliation: runnableExample('daily-reconciliation.json', 'e2eExampleRecon1', null),
		};
		await importJson(n8n, user, 'workflow', [allOperationsWorkflow(), batchWorkflow(), twoTerminalsWorkflow(), refund09Workflow(KIT), refundVersionsWorkflow(KIT), ...Object.values(runnable)]);

		await check('the example workflows import and use only known node types without parameter issues', async () => {
			for (const { workflow: example } of examples) await importJson(n8n, user, 'workflow', example);
			const report = JSON.parse(
				execFileSync(n8n.node, [join(ROOT, 'test', 'e2e', 'check-examples.cjs'), n8n.dir, join(user, '.n8n', 'nodes', 'node_modules', PACKAGE), ...examples.map(({ file }) => join(ROOT, 'examples', file))], {
					encoding: 'utf8',
				}),
			);
			assertEqual(report.checked, examples.length, 'examples checked');
			assertEqual(report.problems, [], 'problems');
		});
		await check('every operation runs in n8n against the simulator (one workflow, 15 Oceanpayment nodes)', async () => {
			seedForRun();
			const run = await executeWorkflow(n8n, user, 'e2eAllOperations');
			assertEqual(run.status, 'success', 'run status');
			const [status] = nodeOutput(run, 'Get Status');
			assertEqual(status.map((s) => [s.orderNumber, s.paymentStatus]), [['SIM-1001', 'success'], ['SIM-1003', 'failed'], ['NOPE-1', 'not_found']], 'statuses');
			assert(nodeOutput(run, 'Successful Orders')[0].length >= 4, 'successful orders listed');
			assert(nodeOutput(run, 'Business Events')[0].some((e) => e.eventType === 'chargeBack'), 'business event listed');
			assert(nodeOutput(run, 'Disputes')[0].some((d) => d.orderNumber === 'SIM-1002'), 'dispute listed');
			const [[refund]] = nodeOutput(run, 'Refund');
			assert(refund.created === true && refund.description === '商品瑕疵', `refund: ${JSON.stringify(refund)}`);
			assertEqual(nodeOutput(run, 'Get Refund')[0][0].refundId, refund.refundId, 'refund found by number');
			assertEqual(nodeOutput(run, 'Capture')[0][0].success, true, 'capture');
			assertEqual(nodeOutput(run, 'Void')[0][0].success, true, 'void');
			assertEqual(nodeOutput(run, 'Reverse')[0][0].success, true, 'reverse');
			assertEqual(nodeOutput(run, 'Tracking')[0][0].code, '01', 'tracking');
			assertEqual(nodeOutput(run, 'Customs')[0][0].type, 'submit', 'customs');
			assertEqual(nodeOutput(run, 'Health Check')[0][0].healthy, true, 'health check');
			assertEqual(nodeOutput(run, 'Card BIN')[0].map((b) => [b.cardBin, b.card_brand]), [['411111', 'VISA'], ['545454', 'MASTERCARD']], 'card BINs');
			const selfCheck = nodeOutput(run, 'Self-Check')[0];
			const summary = selfCheck.find((item) => item.type === 'summary');
			assertEqual([summary?.counts, selfCheck.length], [{ accepted: summary?.checks, rejected: 0, inconclusive: 0 }, summary?.checks + 1], 'self-check verdicts');
			// The rejection went to the error output, with the gateway's message.
			const [failure] = nodeOutput(run, 'Handle Failure')[0];
			assert(String(failure.error).includes('Refund amount exceeds the refundable amount'), `error output: ${JSON.stringify(failure)}`);
			assert(!run.data.resultData.runData['Unexpected Success'], 'nothing reached the success output');
			// The simulator saw correctly signed calls on every endpoint and stored the Chinese text.
			const log = sim.admin.getLog();
			const paths = new Set(log.map((e) => e.path));
			for (const path of ['/service/check/normal', '/service/QueryOrdersList', '/service/BusinessOrdersList', '/service/DisputeOrderList', '/service/applyRefund', '/service/queryRefund', '/service/uploadTrackingNo', '/gateway/service/auth', '/gateway/service/customsUpload', '/pinc/check-account', '/pinc/check-card-bin']) {
				assert(paths.has(path), `no call to ${path}`);
			}
			assert(log.every((e) => e.signature !== 'invalid' && e.signature !== 'missing'), 'every signature valid');
			assertEqual(sim.admin.getRefunds({ refund_number: 'E2E-R1' }).map((r) => r.refund_description), ['商品瑕疵'], 'stored refund description');
			assert(!JSON.stringify(run).includes('sim-Secure-Code-7f3a'), 'the secure code is not in the run');
		});

		await check('250 order numbers through Get Status: 3 gateway calls, 250 paired items', async () => {
			seedForRun();
			const run = await executeWorkflow(n8n, user, 'e2eBatch250Items');
			const [items] = nodeOutput(run, 'Get Status');
			assertEqual(items.length, 250, 'items');
			const calls = sim.admin.getLog().filter((e) => e.path === '/service/check/normal');
			assertEqual(calls.map((c) => c.fields.order_number.split(',').length), [100, 100, 45], 'numbers per call');
			assertEqual([items[3].paymentId, items[240].paymentId, items[249].found], ['E2EB00003', 'E2EB00003', false], 'pairing');
			const paired = run.data.resultData.runData['Get Status'][0].data.main[0].map((item) => item.pairedItem.item);
			assertEqual(paired, Array.from({ length: 250 }, (_, i) => i), 'pairedItem');
		});

		await check('one credential with two terminals: Get Status on Both says each order\'s terminal; a refund by order number goes to the 3-D Secure terminal, signed with its secure code', async () => {
			seedForRun();
			const run = await executeWorkflow(n8n, user, 'e2eTwoTerminals01');
			assertEqual(run.status, 'success', 'run status');
			const [status] = nodeOutput(run, 'Get Status Both');
			assertEqual(
				status.map((s) => [s.orderNumber, s.paymentStatus, s.terminal]),
				[['SIM-1001', 'success', '12345601'], ['SIM-3D-2001', 'success', THREE_D.terminal], ['NOPE-2T', 'not_found', `12345601,${THREE_D.terminal}`]],
				'statuses on both terminals',
			);
			const [[refund]] = nodeOutput(run, 'Refund 3-D Payment');
			assertEqual([refund.created, refund.paymentId, refund.terminal], [true, '260101000000000002001', THREE_D.terminal], 'refund on the 3-D terminal');
			const log = sim.admin.getLog();
			assertEqual(log.filter((e) => e.path === '/service/applyRefund').map((e) => [e.fields.terminal, e.signature, e.resultCode]), [[THREE_D.terminal, 'valid', '00']], 'the refund call');
			assertEqual([...new Set(log.filter((e) => e.path === '/service/check/normal').map((e) => e.fields.terminal))].sort(), ['12345601', THREE_D.terminal], 'terminals asked');
			assert(log.every((e) => e.signature === 'valid'), 'every signature valid');
			assertEqual(sim.admin.getRefunds({ refund_number: 'E2E-3D-R1' }).map((r) => [r.payment_id, r.refund_amount]), [['260101000000000002001', '3.00']], 'refund stored');
			for (const secret of ['sim-Secure-Code-7f3a', THREE_D.secureCode]) assert(!JSON.stringify(run).includes(secret), 'a secure code is in the run');
		});

		await check('example "Shopify refund → Oceanpayment refund → Slack" refunds the successful payment of the order once, also when the webhook repeats', async () => {
			seedForRun();
			// A declined first attempt on the same order: only the successful payment is refunded.
			sim.admin.addOrder({ order_number: 'SIM-1002', payment_id: '260101000000000009002', payment_results: '0', order_amount: '99.90', order_currency: 'EUR' });
			for (let attempt = 0; attempt < 2; attempt++) {
				const run = await executeWorkflow(n8n, user, 'e2eExampleRefund');
				const [[told]] = nodeOutput(run, 'Tell Finance');
				assertEqual([told.amount, told.refundNumber, told.alreadyExisted, told.paymentId], ['9.90', 'shopify-9001', attempt === 1, '260101000000000001002'], `attempt ${attempt + 1}`);
			}
			assertEqual(sim.admin.getRefunds().map((r) => [r.payment_id, r.refund_type]), [['260101000000000001002', '2']], 'refunds made (partial: 9.90 of 99.90)');
		});

		await check('refunds by refund number with Chinese descriptions on a gateway that says 09 "refund not found": run twice, one refund each; a second node in the same execution never sends a number again', async () => {
			seedForRun();
			await checkRefund09({ sim, n8n, user, executeWorkflow, nodeOutput, assert, assertEqual });
		});

		await check('Refund › Create version 1 and version 2 side by side: each refunds once, a rerun refunds nothing and says so in an execution hint, a busy check stops both', async () => {
			seedForRun();
			await checkRefundVersions({ sim, n8n, user, executeWorkflow, nodeOutput, assert, assertEqual });
		});

		await check('example "Shopify fulfillment → Oceanpayment tracking upload" uploads the tracking number', async () => {
			seedForRun();
			await executeWorkflow(n8n, user, 'e2eExampleTrack1');
			assertEqual(sim.admin.getOrder('SIM-1001').tracking, { number: '1Z999AA10123456784', site: 'https://www.ups.com', handler: 'n8n (Shopify fulfillment)' }, 'tracking');
		});

		await check('example "Daily reconciliation" lists yesterday\'s payments into a CSV file', async () => {
			seedForRun();
			const yesterdayNoon = new Date(Date.now() - 86_400_000);
			sim.admin.addOrder({ order_number: 'RECON-1', payment_id: 'RECON0000000000000001', payment_dateTime: `${new Date(yesterdayNoon.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)} 12:00:00` });
			const run = await executeWorkflow(n8n, user, 'e2eExampleRecon1');
			assert(nodeOutput(run, 'Successful Orders of Yesterday')[0].some((o) => o.orderNumber === 'RECON-1'), 'yesterday\'s order listed');
			const [file] = run.data.resultData.runData['Spreadsheet-Ready CSV'][0].data.main[0];
			assert(/^oceanpayment-\d{4}-\d{2}-\d{2}\.csv$/.test(file.binary.data.fileName), `file: ${JSON.stringify(file.binary?.data)}`);
		});

		await check('an HTTP Request node with the Oceanpayment credential: signed for its own endpoint, refused for another host (nothing sent there)', async () => {
			seedForRun();
			const foreign = await startCapture();
			try {
				await importJson(n8n, user, 'workflow', [httpRequestWorkflow(sim.url, foreign.url.replace(/\/capture$/, ''))]);
				const run = await executeWorkflow(n8n, user, 'e2eHttpRequestCred');
				const [[own]] = nodeOutput(run, 'Own Endpoint');
				assert(String(own.data).includes('<order_number>SIM-1001</order_number>'), `own endpoint answer: ${JSON.stringify(own).slice(0, 300)}`);
				const calls = sim.admin.getLog().filter((e) => e.path === '/service/check/normal');
				assertEqual(calls.map((c) => c.signature), ['valid'], 'signatures the simulator saw');
				assert(!run.data.resultData.runData['Own Failed'] && !run.data.resultData.runData['Foreign Sent'], 'nothing on the wrong branches');
				const [[refused]] = nodeOutput(run, 'Foreign Refused');
				assert(/only signs requests to Oceanpayment endpoints under its own base URLs/.test(JSON.stringify(refused)), `foreign host error: ${JSON.stringify(refused).slice(0, 400)}`);
				assertEqual(foreign.received.length, 0, 'requests that reached the foreign host');
			} finally {
				await foreign.close();
			}
		});

		await check(`n8n's stored execution data holds no secure code and no full card number (${FULL_CARD_NUMBER.slice(0, 6)}…)`, async () => {
			seedForRun();
			await importJson(n8n, user, 'workflow', [cardNumberWorkflow()]);
			const run = await executeWorkflow(n8n, user, 'e2eCardNumberLeak');
			const refused = nodeOutput(run, 'Card BIN')[1][0];
			assert(String(refused.error).includes('411111…1111'), `masked in the error item: ${JSON.stringify(refused)}`);
			assert(!JSON.stringify(run).includes(FULL_CARD_NUMBER), 'the printed run holds the full card number');
			// Everything n8n stored so far: the database (and its write-ahead log) with every
			// execution of this suite, this one included.
			const files = readdirSync(join(user, '.n8n')).filter((f) => /^database\.sqlite/.test(f));
			const stored = Buffer.concat(files.map((f) => readFileSync(join(user, '.n8n', f))));
			assert(stored.includes('411111…1111'), 'the masked number is stored (so the scan reads execution data)');
			assertEqual(
				[FULL_CARD_NUMBER, 'sim-Secure-Code-7f3a', THREE_D.secureCode].filter((secret) => stored.includes(secret)),
				[],
				'secrets in the stored data',
			);
		});

		// ── Phase 2: one `n8n start` for every check that needs a running n8n ────────────────
		if (process.env.E2E_SKIP_LIVE) console.log('Phase 2 skipped (E2E_SKIP_LIVE is set)');
		else {
			console.log('Phase 2: one running n8n (n8n start)');
			await runLiveChecks({ n8n, user, sim, seedForRun, examples });
		}
	} finally {
		await cleanup();
	}

	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	console.log(`\nE2E against n8n ${n8n.version}`);
	console.log(`e2e: ${passed} passed, ${failed} failed`);
	if (!results.length) console.log('e2e: no check ran (E2E_ONLY matched nothing?)');
	process.exit(failed || !results.length ? 1 : 0);
}

main().catch(async (error) => {
	console.error(error);
	await stopAllChildren();
	process.exit(1);
});
