#!/usr/bin/env node
/**
 * The package on n8n's distributed engine (`npm run test:e2e:queue`): queue mode with Postgres,
 * Redis, one main, two workers and one webhook process, all real and all started here.
 *
 *   PostgreSQL  Debian's package (apt-get install when missing), initdb in a temp folder, one
 *               `postgres` process on a free loopback port (as the `postgres` user when run as
 *               root: PostgreSQL refuses root)
 *   Redis       Debian's redis-server, one process on a free loopback port, no persistence
 *   n8n         `n8n start` (main), `n8n worker` ×2, `n8n webhook`, EXECUTIONS_MODE=queue,
 *               DB_TYPE=postgresdb, the same N8N_ENCRYPTION_KEY; each process has its own user
 *               folder with the packed package installed where n8n installs community packages
 *               (as separate machines or containers would); the main serves no production
 *               webhooks (N8N_DISABLE_PRODUCTION_MAIN_PROCESS), so every webhook goes to the
 *               webhook process
 *
 * Set up as a user would, through the editor's REST calls on the main (credential, workflows,
 * Publish). Then four scenarios, each ending in numbers that must equal the expectation:
 *   1 trigger       30 disputes over several polls, the main SIGKILLed and restarted in the
 *                   middle: each delivered once; no poll while the main is down; every
 *                   execution on a worker
 *   2 get status    a webhook (on the webhook process) → 250 order numbers → Get Status on a
 *                   worker: 3 gateway calls, 250 paired items, every signature valid
 *   3 notification  the Notification Trigger on the webhook process: a refund notification and
 *                   its redelivery give one downstream run, a forged one none
 *   4 refunds       20 concurrent webhook calls, 10 refund numbers each twice, "Skip If This
 *                   Refund Number Already Exists" on: the refunds the gateway recorded with two
 *                   workers (the race; with the local gateway, and with a refund call that
 *                   takes 1 s), and with the documented mitigation (one worker, concurrency 1)
 *   5 exactly once  (queue-exactly-once.mjs) 100 notifications × 3 deliveries through a proxy to
 *                   two webhook processes, one restarted: runs past the README's Postgres guard
 *                   and past Remove Duplicates
 *   6 kill window   the main SIGKILLed between saving trigger state and enqueueing (queue-kill-window.mjs)
 * Where executions ran: n8n's own log lines ("Worker started execution <id>") of each process,
 * and `$env.OCEANPAYMENT_E2E_PROCESS` (a different value per process) evaluated by a node.
 *
 * Prints each phase's time, a table of the numbers and the total; exits 1 when a number differs.
 * Every process it started is stopped at the end, also on failure and on SIGINT/SIGTERM.
 *   N8N_VERSION / NODE_VERSION   the n8n to run (default: test/e2e/n8n-versions.json)
 *   QUEUE_SKIP_BUILD=1           use the existing dist
 *   QUEUE_POLL_SECONDS=5         trigger poll interval (n8n refuses one poll time firing more
 *                                than once a minute, but accepts several at fixed seconds)
 *   QUEUE_LOG=1                  print every process's output
 *   QUEUE_KEEP=1                 keep the work folders
 *   QUEUE_ONE_USER_FOLDER=1      all n8n processes share one user folder (one machine, one
 *                                ~/.n8n) instead of one each
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { scenarioExactlyOnce } from './queue-exactly-once.mjs';
import { PACKAGE, ROOT, createUserFolder, credentialFor, ensureN8n, freePort, n8nEnv, ownerSession, packPackage, descendants, sleep, waitUntil } from './n8n.mjs';
import { killWindowScenario } from './queue-kill-window.mjs';

const require = createRequire(import.meta.url);
const { startSimulator } = require('../simulator');

const began = Date.now();
const POLL_SECONDS = Number(process.env.QUEUE_POLL_SECONDS || 5);
const OP = `${PACKAGE}.oceanpayment`;
const LIST_PATH = '/service/DisputeOrderList';
const elapsed = (since = began) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (text) => console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${text}`);

// ── Results ───────────────────────────────────────────────────────────────────────────────────
const rows = []; // { scenario, what, expected, measured, ok }
const phases = []; // { name, seconds, error }

/** A number in the final table: `expected` is a value or a predicate with its text. */
function record(scenario, what, measured, expected, expectedText = String(expected)) {
	const ok = typeof expected === 'function' ? expected(measured) : measured === expected;
	rows.push({ scenario, what, expected: expectedText, measured: String(measured), ok });
	log(`  ${ok ? '✓' : '✕'} ${what}: ${measured} (expected ${expectedText})`);
	return ok;
}

/** Runs one phase and records its time. A failed `required` phase ends the run (then cleanup). */
async function phase(name, fn, { required = false } = {}) {
	if (stopping) throw new Error('stopping (signal)');
	const since = Date.now();
	log(`▸ ${name}`);
	try {
		await fn();
		phases.push({ name, seconds: (Date.now() - since) / 1000 });
		log(`  ${name}: ${elapsed(since)}`);
	} catch (error) {
		phases.push({ name, seconds: (Date.now() - since) / 1000, error });
		log(`  ✕ ${name} failed after ${elapsed(since)}: ${String(error.stack ?? error).split('\n').slice(0, 6).join('\n      ')}`);
		if (required || stopping) throw new Error(`${name} failed: the later phases need it`);
	}
}
let stopping = false;

// ── Processes this script starts ─────────────────────────────────────────────────────────────
const processes = new Set(); // { name, child, lines, stopSignal }

function track(name, child, { stopSignal = 'SIGTERM', quiet = false } = {}) {
	const proc = { name, child, lines: [], timed: [], stopSignal };
	const collect = (chunk) => {
		const text = chunk.toString();
		proc.lines.push(text);
		proc.timed.push(text.replace(/^(?=.)/gm, `${((Date.now() - began) / 1000).toFixed(2).padStart(8)} `));
		if (process.env.QUEUE_LOG && !quiet) process.stdout.write(text.replace(/^(?=.)/gm, `${name.padEnd(9)}| `));
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	processes.add(proc);
	child.once('exit', () => processes.delete(proc));
	proc.output = () => proc.lines.join('');
	proc.alive = () => child.exitCode === null && child.signalCode === null;
	return proc;
}

function killPids(pids, signal = 'SIGKILL') {
	for (const pid of pids) {
		try {
			process.kill(pid, signal);
		} catch {
			// already gone
		}
	}
}

/** Stops one process (its signal, SIGKILL after 25 s) and any descendant it left behind. */
async function stop(proc, signal = proc.stopSignal) {
	const orphans = descendants(proc.child.pid);
	if (proc.alive()) {
		const exited = new Promise((resolve) => proc.child.once('exit', resolve));
		const timer = setTimeout(() => proc.child.kill('SIGKILL'), 25_000);
		proc.child.kill(signal);
		await exited;
		clearTimeout(timer);
	}
	killPids(orphans);
}

/** A crash: SIGKILL the process and everything it started, at once. */
async function crash(proc) {
	const orphans = descendants(proc.child.pid);
	const exited = proc.alive() ? new Promise((resolve) => proc.child.once('exit', resolve)) : Promise.resolve();
	proc.child.kill('SIGKILL');
	killPids(orphans);
	await exited;
}

/** n8n first (they hold connections), then Redis and Postgres. */
async function stopEverything() {
	const all = [...processes];
	const n8nProcs = all.filter((p) => p.kind === 'n8n');
	await Promise.all(n8nProcs.map((p) => stop(p)));
	await Promise.all(all.filter((p) => p.kind !== 'n8n').map((p) => stop(p)));
}

// ── PostgreSQL and Redis from Debian packages ────────────────────────────────────────────────
function postgresBin() {
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return null;
	const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(base, versions[0], 'bin') : null;
}

/** Installs postgresql and redis-server with apt-get when a binary is missing (needs root). */
function ensurePackages() {
	const missing = [];
	if (!postgresBin()) missing.push('postgresql');
	if (!existsSync('/usr/bin/redis-server')) missing.push('redis-server');
	if (!missing.length) return 'already installed';
	if (process.getuid?.() !== 0) throw new Error(`${missing.join(' and ')} missing and not root: apt-get install -y ${missing.join(' ')}`);
	const install = () => execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	try {
		install();
	} catch {
		execFileSync('apt-get', ['update'], { stdio: 'inherit' });
		install();
	}
	return `installed ${missing.join(', ')}`;
}

/** Whether Redis answers PING on that port. */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let data = '';
		const done = (answer) => {
			socket.destroy();
			resolve(answer);
		};
		socket.setTimeout(2000, () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			data += chunk;
			if (data.includes('+PONG')) done(true);
		});
		socket.on('error', () => done(false));
		socket.on('close', () => resolve(data.includes('+PONG')));
	});
}

/** initdb + postgres in a temp folder; returns the connection settings for n8n. */
async function startPostgres() {
	const bin = postgresBin();
	const dir = mkdtempSync(join(tmpdir(), 'oceanpayment-queue-pg-'));
	const data = join(dir, 'data');
	const sockets = join(dir, 'sockets');
	mkdirSync(sockets);
	const password = randomBytes(12).toString('hex');
	writeFileSync(join(dir, 'password'), password);
	// PostgreSQL refuses to run as root: run it as the package's `postgres` user then.
	let ids = {};
	if (process.getuid() === 0) {
		ids = { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) };
		for (const path of [dir, sockets, join(dir, 'password')]) chownSync(path, ids.uid, ids.gid);
	}
	chmodSync(dir, 0o700);
	execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'n8n', `--pwfile=${join(dir, 'password')}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'], {
		...ids,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const port = await freePort();
	// A throw-away database: durability off for speed.
	const args = ['-D', data, '-k', sockets, '-p', String(port), '-h', '127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'];
	const proc = track('postgres', spawn(join(bin, 'postgres'), args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'] }), { stopSignal: 'SIGINT', quiet: true });
	proc.kind = 'postgres';
	proc.dir = dir;
	const env = { PGPASSWORD: password, PATH: process.env.PATH };
	await waitUntil(() => {
		if (!proc.alive()) throw new Error(`postgres exited:\n${proc.output().slice(-2000)}`);
		try {
			execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q'], { env });
			return true;
		} catch {
			return false;
		}
	}, 60_000, 'postgres to accept connections');
	execFileSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n'], { env });
	/** One SQL query's rows as text (psql -tA). */
	const query = (sql) => execFileSync(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'n8n', '-tA', '-c', sql], { env, encoding: 'utf8' }).trim();
	return { proc, port, password, query, version: bin.split('/').at(-2) };
}

async function startRedis(work) {
	const port = await freePort();
	const dir = join(work, 'redis');
	mkdirSync(dir);
	const proc = track('redis', spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] }), { quiet: true });
	proc.kind = 'redis';
	await waitUntil(async () => {
		if (!proc.alive()) throw new Error(`redis-server exited:\n${proc.output().slice(-2000)}`);
		return redisPing(port);
	}, 30_000, 'redis to answer PING');
	return { proc, port, version: execFileSync('/usr/bin/redis-server', ['--version'], { encoding: 'utf8' }).match(/v=(\S+)/)?.[1] };
}

// ── n8n processes ────────────────────────────────────────────────────────────────────────────
const ctx = { n8n: null, tarball: null, work: null, sim: null, receiver: null, pg: null, redis: null, main: null, webhook: null, workers: [], rest: null, credential: null };

/** What every n8n process shares: queue mode, the Postgres database, Redis, one encryption key. */
function queueEnv(name) {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(ctx.pg.port),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'n8n',
		DB_POSTGRESDB_PASSWORD: ctx.pg.password,
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(ctx.redis.port),
		N8N_LOG_LEVEL: 'info',
		// Lets a node's expression name the process that evaluated it ($env.OCEANPAYMENT_E2E_PROCESS).
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		OCEANPAYMENT_E2E_PROCESS: name,
	};
}

/** The environment each role gets on top of queueEnv (printed in the report). */
const ROLE_ENV = {
	main: (port) => ({ N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' }),
	webhook: (port) => ({ N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1' }),
	worker: (port) => ({ QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }),
};

/**
 * Starts one n8n process (`start`, `worker` or `webhook`) in its own user folder with the packed
 * package, and waits until its health endpoint answers.
 */
async function startN8nProcess(name, role, args = []) {
	const since = Date.now();
	const user = join(ctx.work, process.env.QUEUE_ONE_USER_FOLDER ? 'user-main' : `user-${name}`);
	if (!existsSync(user)) createUserFolder(ctx.tarball, user);
	const port = await freePort();
	const env = n8nEnv(user, { ...ctx.n8n.env, ...queueEnv(name), ...ROLE_ENV[role](port), N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
	const command = role === 'main' ? 'start' : role;
	const proc = track(name, spawn(ctx.n8n.node, [ctx.n8n.bin, command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
	proc.kind = 'n8n';
	proc.role = role;
	proc.url = `http://127.0.0.1:${port}`;
	proc.env = env;
	// /healthz answers before the migrations; readiness once the process is fully up.
	const ready = `${proc.url}/healthz/readiness`;
	await waitUntil(async () => {
		if (!proc.alive()) throw new Error(`n8n ${command} (${name}) exited:\n${proc.output().slice(-4000)}`);
		try {
			return (await fetch(ready)).ok;
		} catch {
			return false;
		}
	}, 240_000, `n8n ${command} (${name}) at ${ready}`);
	log(`  n8n ${command} ${args.join(' ')} as ${name} ready in ${elapsed(since)} (${ready})`);
	return proc;
}

/** All log lines of every n8n process started under that name, restarts included. */
const outputs = new Map(); // name → [proc, …]
function remember(proc) {
	outputs.set(proc.name, [...(outputs.get(proc.name) ?? []), proc]);
	return proc;
}
const outputOf = (name) => (outputs.get(name) ?? []).map((p) => p.output()).join('');

/** executionId → name of the worker that logged "Worker started execution <id>". */
function executionsByWorker() {
	const where = new Map();
	for (const [name] of outputs) {
		for (const match of outputOf(name).matchAll(/Worker started execution (\d+)/g)) {
			if (where.has(match[1])) where.set(match[1], `${where.get(match[1])}+${name}`);
			else where.set(match[1], name);
		}
	}
	return where;
}

// ── The receiver of what workflows deliver ───────────────────────────────────────────────────
async function startReceiver() {
	const received = []; // { path, body }
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			let json;
			try {
				json = JSON.parse(body || '{}');
			} catch {
				json = { raw: body };
			}
			received.push({ path: req.url, body: json });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		received,
		at: (path) => received.filter((r) => r.path === path).map((r) => r.body),
		close: () => new Promise((resolve) => (server.closeAllConnections?.(), server.close(() => resolve()))),
	};
}

// ── Workflows ────────────────────────────────────────────────────────────────────────────────
const IDS = {
	disputes: 'queueDisputes001',
	status: 'queueStatus00001',
	notify: 'queueNotify00001',
	notifyNoMemory: 'queueNotify00002',
	refunds: 'queueRefunds0001',
};
const HOOKS = {
	status: 'oceanpayment-queue-status',
	refunds: 'oceanpayment-queue-refunds',
	notify: 'c5d0e1f2-9d0a-4c47-8f3e-0e2e5e0a0101',
	notifyNoMemory: 'c5d0e1f2-9d0a-4c47-8f3e-0e2e5e0a0102',
};

let position = 0;
const node = (name, type, parameters, extra = {}) => ({ id: randomUUID(), name, type, typeVersion: 1, position: [(position += 220), 0], parameters, ...extra });
const oceanpayment = (name, parameters, extra = {}) => node(name, OP, parameters, { credentials: { oceanpaymentApi: ctx.credential }, ...extra });
const httpPost = (name, url, jsonBody) => node(name, 'n8n-nodes-base.httpRequest', { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody, options: {} }, { typeVersion: 4.2 });
const webhook = (name, path, responseData) =>
	node(name, 'n8n-nodes-base.webhook', { httpMethod: 'POST', path, responseMode: 'lastNode', responseData, options: {} }, { typeVersion: 2, webhookId: randomUUID() });
const whereNode = () =>
	node(
		'Where',
		'n8n-nodes-base.set',
		{ mode: 'manual', includeOtherFields: true, assignments: { assignments: [{ id: randomUUID(), name: 'process', value: '={{ $env.OCEANPAYMENT_E2E_PROCESS }}', type: 'string' }] }, options: {} },
		{ typeVersion: 3.4 },
	);

function chain(id, name, nodes) {
	const connections = {};
	for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' } };
}

const POLL_TIMES = Array.from({ length: Math.floor(60 / POLL_SECONDS) }, (_, i) => ({ mode: 'custom', cronExpression: `${i * POLL_SECONDS} * * * * *` }));

/** The dispute example's trigger (settings as shipped, faster poll times) → the receiver. */
function disputesWorkflow(id = IDS.disputes, name = 'Queue: disputes → receiver', path = '/disputes') {
	const example = JSON.parse(readFileSync(join(ROOT, 'examples', 'oceanpayment-dispute-to-slack.json'), 'utf8'));
	const [exampleTrigger] = example.nodes;
	const trigger = { ...exampleTrigger, parameters: { ...exampleTrigger.parameters, pollTimes: { item: POLL_TIMES } }, credentials: { oceanpaymentApi: ctx.credential } };
	const deliver = httpPost('Deliver', `${ctx.receiver.url}${path}`, '={{ JSON.stringify({ workflow: $workflow.id, paymentId: $json.paymentId, orderNumber: $json.orderNumber, execution: $execution.id, process: $env.OCEANPAYMENT_E2E_PROCESS }) }}');
	return chain(id, name, [trigger, deliver]);
}

/** 240 order numbers plus 10 repeats/unknowns, as in the e2e suite's batch check. */
const STATUS_CODE = `const numbers = [];
for (let i = 0; i < 240; i++) numbers.push('Q-B-' + i);
numbers.push('Q-B-3', 'Q-B-3', 'Q-B-100', 'Q-B-239', 'Q-B-0', 'Q-X-1', 'Q-X-2', 'Q-X-3', 'Q-X-4', 'Q-X-5');
return numbers.map((order) => ({ json: { order } }));`;

function statusWorkflow() {
	const make = node('Make 250 Orders', 'n8n-nodes-base.code', { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: STATUS_CODE }, { typeVersion: 2 });
	const status = oceanpayment('Get Status', { resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}' });
	return chain(IDS.status, 'Queue: webhook → 250 order statuses', [webhook('Webhook', HOOKS.status, 'allEntries'), make, status]);
}

function refundsWorkflow() {
	const refund = oceanpayment('Refund', {
		resource: 'refund',
		operation: 'create',
		paymentId: '={{ $json.body.paymentId }}',
		refundType: '2',
		amount: '1.00',
		description: 'queue mode race',
		options: { refundNumber: '={{ $json.body.refundNumber }}', skipExisting: true },
	});
	return chain(IDS.refunds, 'Queue: webhook → refund with a refund number', [webhook('Webhook', HOOKS.refunds, 'firstEntryJson'), refund, whereNode()]);
}

/** Notification Trigger → Remove Duplicates on eventId (n8n's database) → the receiver. */
function notificationWorkflow(id, name, hook, { dropRedeliveries }) {
	const trigger = {
		...node('Oceanpayment Notification Trigger', `${PACKAGE}.oceanpaymentNotificationTrigger`, { noticeTypes: ['refund', 'partialRefund'], simplify: true, settings: dropRedeliveries ? {} : { dropRedeliveries: false } }),
		webhookId: hook,
		credentials: { oceanpaymentApi: ctx.credential },
	};
	const dedupe = node('Skip Redeliveries', 'n8n-nodes-base.removeDuplicates', { operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: '={{ $json.eventId }}', options: {} }, { typeVersion: 2 });
	const deliver = httpPost('Deliver', `${ctx.receiver.url}/${id}`, '={{ JSON.stringify({ eventId: $json.eventId, pushId: $json.pushId, process: $env.OCEANPAYMENT_E2E_PROCESS }) }}');
	return chain(id, name, [trigger, dedupe, deliver]);
}

/** Whether the packed package (as installed for the main) has the Notification Trigger. */
const notificationTriggerBuilt = () => existsSync(join(ctx.work, 'user-main', '.n8n', 'nodes', 'node_modules', PACKAGE, 'dist', 'nodes', 'Oceanpayment', 'OceanpaymentNotificationTrigger.node.js'));

// ── REST (what the editor calls) ─────────────────────────────────────────────────────────────
async function publish(id) {
	const workflow = await ctx.rest.get(`/workflows/${id}`);
	await ctx.rest.post(`/workflows/${id}/activate`, { versionId: workflow.versionId });
}

async function executionsOf(workflowId) {
	const answer = await ctx.rest.get(`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100`);
	const list = Array.isArray(answer) ? answer : (answer?.results ?? []);
	return list.filter((e) => e.workflowId === workflowId);
}

async function settledExecutions(workflowId, atLeast, timeoutMs = 90_000) {
	let list = [];
	await waitUntil(async () => {
		list = await executionsOf(workflowId);
		return list.length >= atLeast && list.every((e) => ['success', 'error', 'crashed', 'canceled'].includes(e.status));
	}, timeoutMs, `${atLeast} finished executions of ${workflowId}`);
	return list;
}

/** The stored run data of an execution (flatted, as n8n stores it). */
async function runData(executionId) {
	const { parse } = createRequire(join(ctx.n8n.dir, 'node_modules', 'n8n', 'package.json'))('flatted');
	const execution = await ctx.rest.get(`/executions/${executionId}`);
	return (typeof execution.data === 'string' ? parse(execution.data) : execution.data).resultData.runData;
}

/** How many executions ran on each worker, and how many on no worker (e.g. the main). */
function placement(executionIds) {
	const where = executionsByWorker();
	const count = {};
	for (const id of executionIds) {
		const name = where.get(String(id)) ?? 'no worker';
		count[name] = (count[name] ?? 0) + 1;
	}
	return count;
}
const onWorkers = (count) => Object.entries(count).filter(([name]) => /^worker-\d$/.test(name)).reduce((sum, [, n]) => sum + n, 0);
const describe = (count) => Object.entries(count).sort().map(([name, n]) => `${name} ${n}`).join(', ');

// ── Scenarios ────────────────────────────────────────────────────────────────────────────────
async function scenarioStatus() {
	ctx.sim.admin.clearLog();
	const before = (await executionsOf(IDS.status)).length;
	// The webhook process's port: the main serves no production webhooks here.
	const response = await fetch(`${ctx.webhook.url}/webhook/${HOOKS.status}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	const items = await response.json();
	record('2 get status', 'HTTP status of the webhook call (webhook process)', response.status, 200);
	record('2 get status', 'items in the answer', Array.isArray(items) ? items.length : -1, 250);
	const calls = ctx.sim.admin.getLog().filter((e) => e.path === '/service/check/normal');
	record('2 get status', 'gateway calls (numbers per call)', `${calls.length} (${calls.map((c) => String(c.fields.order_number).split(',').length).join('/')})`, '3 (100/100/45)');
	record('2 get status', 'gateway calls with an invalid or missing signature', calls.filter((c) => c.signature !== 'valid').length, 0);
	const [execution] = (await settledExecutions(IDS.status, before + 1)).sort((a, b) => Number(b.id) - Number(a.id));
	const data = await runData(execution.id);
	const out = data['Get Status'][0].data.main[0];
	const paired = out.filter((item, i) => item.pairedItem?.item === i).length;
	record('2 get status', 'paired items (item i ← input i)', paired, 250);
	record('2 get status', 'repeats answered like the first (Q-B-3 at 3 and 240)', String(out[3].json.paymentId === out[240].json.paymentId && out[3].json.paymentId === 'QB00003'), 'true');
	const where = placement([execution.id]);
	record('2 get status', 'the execution ran on', describe(where), (v) => /^worker-\d 1$/.test(v), 'worker-1 or worker-2');
	record('2 get status', 'enqueued by the webhook process', String(new RegExp(`Enqueued execution ${execution.id} `).test(outputOf('webhook'))), 'true');
}

async function scenarioNotification() {
	if (!notificationTriggerBuilt()) {
		record('3 notification', 'SLOT WAITING: no OceanpaymentNotificationTrigger in dist', 'not run', 'run');
		return;
	}
	const url = (hook) => `${ctx.webhook.url}/webhook/${hook}/webhook`;
	const PAYMENT = '260101000000000001001';
	const delivered = (id) => ctx.receiver.at(`/${id}`);
	/** Executions of the workflow once n8n had time to start (and finish) anything it would. */
	const runsAfter = async (id, atLeast) => {
		await sleep(3000);
		return settledExecutions(id, atLeast);
	};

	// With the node's own memory (on the webhook process): a refund notification, then its redelivery.
	const first = await ctx.sim.admin.push({ url: url(HOOKS.notify), kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_details: 'Refund approved' });
	record('3 notification', 'answer to the refund notification', `${first.status} ${first.body}`, '200 receive-ok');
	await waitUntil(() => delivered(IDS.notify).length > 0, 60_000, 'the refund notification downstream');
	const redelivery = await ctx.sim.admin.redeliver(first.pushId);
	record('3 notification', 'answer to its redelivery', `${redelivery.status} ${redelivery.body}`, '200 receive-ok');
	const afterRedelivery = await runsAfter(IDS.notify, 1);
	record('3 notification', 'refund + redelivery: executions / downstream runs', `${afterRedelivery.length} / ${delivered(IDS.notify).length}`, '1 / 1');

	// A forged one (wrong signature).
	const forged = await ctx.sim.admin.push({ url: url(HOOKS.notify), kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'Q-FORGED-1', forge: true });
	record('3 notification', 'answer to the forged notification', `${forged.status} ${forged.body}`, '200 receive-ok');
	const afterForged = await runsAfter(IDS.notify, 1);
	record('3 notification', 'forged: executions / downstream runs', `${afterForged.length - afterRedelivery.length} / ${delivered(IDS.notify).filter((d) => d.pushId === 'Q-FORGED-1').length}`, '0 / 0');
	const hookLog = outputOf('webhook');
	record('3 notification', 'the webhook process logged the dropped redelivery and forgery', String(/dropped a delivery: it is a redelivery/.test(hookLog) && /dropped a delivery: its signature is not valid/.test(hookLog)), 'true');

	// Without the node's memory (Drop Redeliveries off): every delivery runs, and Remove Duplicates
	// (n8n's database, shared by the workers) holds the redelivery.
	const partial = await ctx.sim.admin.push({ url: url(HOOKS.notifyNoMemory), kind: 'business', notice_type: 'partialRefund', payment_id: PAYMENT, push_id: 'Q-PARTIAL-1' });
	await waitUntil(() => delivered(IDS.notifyNoMemory).length > 0, 60_000, 'the partial refund downstream');
	await ctx.sim.admin.redeliver(partial.pushId);
	const noMemory = await runsAfter(IDS.notifyNoMemory, 2);
	record('3 notification', 'node memory off, delivery + redelivery: executions / downstream runs', `${noMemory.length} / ${delivered(IDS.notifyNoMemory).length}`, '2 / 1');
	const all = [...afterForged, ...noMemory];
	record('3 notification', 'executions on workers (by worker log)', `${onWorkers(placement(all.map((e) => e.id)))} of ${all.length}`, `${all.length} of ${all.length}`);
	const processes = [...delivered(IDS.notify), ...delivered(IDS.notifyNoMemory)].map((d) => d.process);
	record('3 notification', 'Deliver evaluated on ($env)', [...new Set(processes)].sort().join(', '), (v) => /^worker-\d(, worker-\d)?$/.test(v), 'workers only');
}

async function scenarioTrigger() {
	const delivered = () => ctx.receiver.at('/disputes');
	const listCalls = () => ctx.sim.admin.getLog().filter((e) => e.path === LIST_PATH).length;
	const added = [];
	let next = 1;
	const addBatch = (n = 5) => {
		const batch = Array.from({ length: n }, () => {
			const seq = String(next++).padStart(4, '0');
			return { order_number: `Q-D-${seq}`, payment_id: `7700000000000000${seq}0`.slice(0, 21), push_details: 'return' };
		});
		ctx.sim.admin.addDisputes(batch);
		added.push(...batch);
		return batch;
	};
	const allDelivered = (batch) => () => batch.every((d) => delivered().some((r) => r.paymentId === d.payment_id));
	const pollsBefore = listCalls();
	const emittingPolls = new Set();
	// Batches 1–3, each after the previous one was delivered (so at least one poll each).
	for (let b = 1; b <= 3; b++) {
		const batch = addBatch();
		await waitUntil(allDelivered(batch), 120_000, `dispute batch ${b}`);
	}
	// Batch 4 added, and the main SIGKILLed right away; batch 5 while it is down.
	const batch4 = addBatch();
	const killedAt = listCalls();
	await crash(ctx.main);
	log('  main SIGKILLed (with its task runner)');
	const batch5 = addBatch();
	await sleep(3 * POLL_SECONDS * 1000);
	const pollsWhileDown = listCalls() - killedAt;
	ctx.main = remember(await startN8nProcess('main', 'main'));
	ctx.rest = await ownerSession(ctx.main.url);
	await waitUntil(allDelivered([...batch4, ...batch5]), 150_000, 'dispute batches 4 and 5 after the restart');
	const batch6 = addBatch();
	await waitUntil(allDelivered(batch6), 120_000, 'dispute batch 6');
	// Two more polls, so that a repeat would show.
	const mark = listCalls();
	await waitUntil(() => listCalls() >= mark + 2, 60_000, 'two more polls');
	await sleep(2000);

	const got = delivered();
	const counts = new Map();
	for (const r of got) counts.set(r.paymentId, (counts.get(r.paymentId) ?? 0) + 1);
	for (const r of got) emittingPolls.add(r.execution);
	record('1 trigger', 'disputes added (6 batches, the main killed after batch 4)', added.length, 30);
	record('1 trigger', 'lost', added.filter((d) => !counts.has(d.payment_id)).length, 0);
	record('1 trigger', 'duplicates', [...counts.values()].reduce((sum, n) => sum + n - 1, 0), 0);
	record('1 trigger', 'unexpected deliveries', got.filter((r) => !added.some((d) => d.payment_id === r.paymentId)).length, 0);
	record('1 trigger', 'executions that delivered (one per emitting poll)', emittingPolls.size, (n) => n >= 5, '≥ 5');
	record('1 trigger', 'dispute list polls in all / while the main was down', `${listCalls() - pollsBefore} / ${pollsWhileDown}`, (v) => / \/ 0$/.test(v), 'n / 0');
	const byEnv = {};
	for (const r of got) byEnv[r.process] = (byEnv[r.process] ?? 0) + 1;
	record('1 trigger', 'deliveries by the process that ran Deliver ($env)', describe(byEnv), (v) => !/main|webhook|undefined/.test(v) && /worker/.test(v), 'workers only');
	const where = placement([...emittingPolls]);
	record('1 trigger', 'executions by worker log', describe(where), (v) => !/no worker|\+/.test(v), 'each on one worker');
	const enqueuedByMain = [...emittingPolls].filter((id) => new RegExp(`Enqueued execution ${id} `).test(outputOf('main'))).length;
	record('1 trigger', 'executions the main put on the queue (its log)', `${enqueuedByMain} of ${emittingPolls.size}`, `${emittingPolls.size} of ${emittingPolls.size}`);
	const agree = got.every((r) => executionsByWorker().get(String(r.execution)) === r.process);
	record('1 trigger', '$env and worker log name the same worker', String(agree), 'true');
	// The trigger's state, read straight from Postgres.
	const stored = JSON.parse(ctx.pg.query(`SELECT "staticData" FROM workflow_entity WHERE id = '${IDS.disputes}'`) || 'null');
	record('1 trigger', 'trigger state in Postgres (workflow_entity.staticData.global)', Object.keys(stored?.global ?? {}).join(', ') || 'none', 'oceanpaymentTrigger:n1');
}

async function refundRound(prefix) {
	const payments = Array.from({ length: 10 }, (_, i) =>
		ctx.sim.admin.addOrder({ order_number: `${prefix}-O-${i}`, order_amount: '100.00', order_currency: 'USD', payment_results: '1' }).payment_id,
	);
	const calls = payments.flatMap((paymentId, i) => [0, 1].map(() => ({ paymentId, refundNumber: `${prefix}-R-${i}` })));
	const before = new Set((await executionsOf(IDS.refunds)).map((e) => e.id));
	const answers = await Promise.all(
		calls.map(async (body) => {
			const response = await fetch(`${ctx.webhook.url}/webhook/${HOOKS.refunds}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			return { status: response.status, json: await response.json().catch(() => null) };
		}),
	);
	const refunds = ctx.sim.admin.getRefunds().filter((r) => String(r.refund_number).startsWith(`${prefix}-R-`));
	// How far apart the two existence checks of each refund number reached the gateway.
	const checks = ctx.sim.admin.getLog().filter((e) => e.path === '/service/queryRefund' && String(e.fields.refund_number).startsWith(`${prefix}-R-`));
	const gaps = [...new Set(checks.map((e) => e.fields.refund_number))]
		.map((number) => checks.filter((e) => e.fields.refund_number === number).map((e) => Date.parse(e.time)))
		.filter((times) => times.length === 2)
		.map(([a, b]) => Math.abs(b - a))
		.sort((a, b) => a - b);
	log(`  ${prefix}: ${refunds.length} refunds; gaps between the two existence checks of a refund number (ms): ${gaps.join(', ')}`);
	const executions = (await settledExecutions(IDS.refunds, before.size + 20)).filter((e) => !before.has(e.id));
	return { answers, refunds, executions };
}

/**
 * The race window is the time from the existence check's answer until the refund is recorded:
 * n8n's own processing plus the refund call's way to the gateway. The local simulator answers in
 * about 1 ms; a latency fault on the refund call (the refund is recorded when the delay ends)
 * stands for a gateway farther away.
 */
const REFUND_LATENCY_MS = 1000;

async function scenarioRefunds() {
	const round = async (label, prefix, latencyMs) => {
		ctx.sim.admin.clearFaults();
		if (latencyMs) ctx.sim.admin.setFault('/service/applyRefund', { mode: 'latency', latencyMs });
		const result = await refundRound(prefix);
		record('4 refunds', `${label}: webhook calls answered 200`, result.answers.filter((a) => a.status === 200).length, 20);
		record('4 refunds', `${label}: answers created / alreadyExisted`, `${result.answers.filter((a) => a.json?.created === true).length} / ${result.answers.filter((a) => a.json?.alreadyExisted === true).length}`, (v) => v === `${result.refunds.length} / ${20 - result.refunds.length}`, 'refunds / 20 − refunds');
		return result;
	};
	const twoWorkers = 'two workers × concurrency 10';
	const quick = await round(`${twoWorkers}, local gateway`, 'QR0', 0);
	record('4 refunds', `${twoWorkers}, local gateway: refunds recorded for 10 refund numbers`, quick.refunds.length, (n) => n >= 10 && n <= 20, '10–20 (measured)');
	const race = await round(`${twoWorkers}, refund call ${REFUND_LATENCY_MS} ms`, 'QR1', REFUND_LATENCY_MS);
	record('4 refunds', `${twoWorkers}, refund call ${REFUND_LATENCY_MS} ms: refunds recorded for 10 refund numbers`, race.refunds.length, (n) => n > 10 && n <= 20, '> 10 (the race)');
	record('4 refunds', `${twoWorkers}: executions by worker log`, describe(placement([...quick.executions, ...race.executions].map((e) => e.id))), (v) => /^worker-1 \d+, worker-2 \d+$/.test(v), 'both workers');

	// The mitigation: one worker, concurrency 1.
	await Promise.all(ctx.workers.map((w) => stop(w)));
	log('  workers stopped; starting one worker with --concurrency=1');
	ctx.workers = [remember(await startN8nProcess('worker-s', 'worker', ['--concurrency=1']))];
	const serial = await round(`one worker × concurrency 1, refund call ${REFUND_LATENCY_MS} ms`, 'QR2', REFUND_LATENCY_MS);
	record('4 refunds', `one worker × concurrency 1, refund call ${REFUND_LATENCY_MS} ms: refunds recorded`, serial.refunds.length, 10);
	record('4 refunds', 'one worker: executions by worker log', describe(placement(serial.executions.map((e) => e.id))), 'worker-s 20');
	ctx.sim.admin.clearFaults();
}

// ── The run ──────────────────────────────────────────────────────────────────────────────────
function table() {
	const width = (key, min) => Math.max(min, ...rows.map((r) => r[key].length));
	const [s, w, e, m] = [width('scenario', 8), width('what', 4), width('expected', 8), width('measured', 8)];
	console.log(`\n${'scenario'.padEnd(s)} | ${'what'.padEnd(w)} | ${'expected'.padEnd(e)} | ${'measured'.padEnd(m)} |`);
	console.log(`${'-'.repeat(s)}-|-${'-'.repeat(w)}-|-${'-'.repeat(e)}-|-${'-'.repeat(m)}-|---`);
	for (const r of rows) console.log(`${r.scenario.padEnd(s)} | ${r.what.padEnd(w)} | ${r.expected.padEnd(e)} | ${r.measured.padEnd(m)} | ${r.ok ? 'ok' : 'FAIL'}`);
	console.log('\nphase times:');
	for (const p of phases) console.log(`  ${p.name.padEnd(48)} ${p.seconds.toFixed(1).padStart(6)} s${p.error ? '  (failed)' : ''}`);
	return rows.length > 0 && rows.every((r) => r.ok) && phases.every((p) => !p.error);
}

async function main() {
	ctx.work = mkdtempSync(join(tmpdir(), 'oceanpayment-queue-'));
	let cleaned = false;
	const cleanup = async () => {
		if (cleaned) return;
		cleaned = true;
		await stopEverything();
		await ctx.receiver?.close();
		await ctx.sim?.close();
		if (process.env.QUEUE_KEEP) {
			// Every process's output with the seconds since the start, for a look afterwards.
			for (const [name, procs] of outputs) writeFileSync(join(ctx.work, `${name}.log`), procs.map((p) => p.timed.join('')).join('\n--- restart ---\n'));
			console.log(`queue: work folder kept: ${ctx.work} (process logs: <name>.log), Postgres data ${ctx.pg?.proc.dir}`);
		} else for (const dir of [ctx.work, ctx.pg?.proc.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
	};
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			stopping = true;
			console.log(`\nqueue: ${signal}, stopping n8n, Redis, Postgres, the simulator and the receiver…`);
			cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
		});
	}

	let ok = false;
	try {
		await phase('Postgres and Redis (Debian packages, local processes)', async () => {
			log(`  packages: ${ensurePackages()}`);
			[ctx.pg, ctx.redis] = await Promise.all([startPostgres(), startRedis(ctx.work)]);
			log(`  PostgreSQL ${ctx.pg.version} on 127.0.0.1:${ctx.pg.port}, Redis ${ctx.redis.version} on 127.0.0.1:${ctx.redis.port}`);
		}, { required: true });
		await phase('n8n install, package build and pack', async () => {
			ctx.n8n = ensureN8n();
			ctx.tarball = packPackage(ctx.work, { build: !process.env.QUEUE_SKIP_BUILD });
			ctx.sim = await startSimulator({ port: 0 });
			ctx.receiver = await startReceiver();
			for (let i = 0; i < 240; i++) ctx.sim.admin.addOrder({ order_number: `Q-B-${i}`, payment_id: `QB${String(i).padStart(5, '0')}` });
			log(`  n8n ${ctx.n8n.version} on Node ${ctx.n8n.nodeVersion}; simulator ${ctx.sim.url}; receiver ${ctx.receiver.url}; trigger polls every ${POLL_SECONDS} s`);
		}, { required: true });
		await phase('main (migrations), then 2 workers + webhook process', async () => {
			// The main migrates the empty database first; the others start once it is ready.
			ctx.main = remember(await startN8nProcess('main', 'main'));
			const others = Promise.all([startN8nProcess('webhook', 'webhook'), startN8nProcess('worker-1', 'worker'), startN8nProcess('worker-2', 'worker')]);
			const session = ownerSession(ctx.main.url);
			[ctx.webhook, ...ctx.workers] = (await others).map(remember);
			ctx.rest = await session;
		}, { required: true });
		await phase('setup through REST: credential, workflows, publish', async () => {
			const { id: _unused, ...credential } = credentialFor(ctx.sim.url);
			const created = await ctx.rest.post('/credentials', credential);
			ctx.credential = { id: created.id, name: created.name };
			const workflows = [disputesWorkflow(), statusWorkflow(), refundsWorkflow()];
			if (notificationTriggerBuilt()) {
				workflows.push(
					notificationWorkflow(IDS.notify, 'Queue: notifications', HOOKS.notify, { dropRedeliveries: true }),
					notificationWorkflow(IDS.notifyNoMemory, 'Queue: notifications, no node memory', HOOKS.notifyNoMemory, { dropRedeliveries: false }),
				);
			}
			for (const workflow of workflows) {
				await ctx.rest.post('/workflows', workflow);
				await publish(workflow.id);
			}
			// The trigger's baseline: the activation poll runs on the main and saves the state.
			await waitUntil(async () => (await ctx.rest.get(`/workflows/${IDS.disputes}`)).staticData?.global?.['oceanpaymentTrigger:n1'] !== undefined, 90_000, 'the trigger baseline');
		}, { required: true });
		await phase('scenario 2: webhook → Get Status ×250 on a worker', scenarioStatus);
		await phase('scenario 3: notification trigger on the webhook process', scenarioNotification);
		await phase('scenario 5: notifications exactly once, 2 webhook processes, a restart', () =>
			scenarioExactlyOnce({ ctx, record, log, sleep, waitUntil, startN8nProcess, remember, stop, crash, publish, httpPost, chain, PACKAGE, ROOT }),
		);
		await phase('scenario 1: trigger exactly once, main killed', scenarioTrigger);
		await phase('scenario 4: concurrent duplicate refunds', scenarioRefunds);
		await phase('scenario 6: main killed between saving trigger state and enqueueing', () => killWindowScenario({ ctx, disputesWorkflow, record, log, crash, startMain: async () => remember(await startN8nProcess('main', 'main')) }));
		await phase('where the package loaded', async () => {
			// Every process ran a node of the package: the main polled (scenario 1), the webhook
			// process answered the Notification Trigger's webhook (scenario 3), both workers ran
			// Oceanpayment executions (scenario 4). A process without the package would fail these.
			const unknown = [...outputs.keys()].filter((name) => /Unrecognized node type|Node type .* is not known/i.test(outputOf(name)));
			record('all', 'processes that did not know a node type of the package', unknown.length, 0);
		});
		ok = table();
	} catch (error) {
		console.error(error);
		table();
	} finally {
		await cleanup();
	}
	console.log(`\nqueue mode against n8n ${ctx.n8n?.version ?? '?'}: ${ok ? 'PASSED' : 'FAILED'}; total time ${elapsed()}`);
	process.exit(ok ? 0 : 1);
}

main();
