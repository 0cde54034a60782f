#!/usr/bin/env node
/**
 * `npm start`: builds the package, starts the local Oceanpayment simulator with its seed data on
 * port 8899, and starts a real n8n on http://localhost:5678 with the package installed as a
 * community package, an "Oceanpayment (local simulator)" credential and the example workflows
 * imported. Ctrl-C stops everything.
 *
 * `npm run dev` (`--watch`): the same, and on every change under nodes/ or credentials/ it
 * rebuilds with `npm run build`, reinstalls the package into the playground's user folder and
 * restarts n8n (what `n8n-node dev` does, with the pinned n8n instead of n8n@latest). A build
 * that fails leaves the running n8n as it was.
 *
 *   PLAYGROUND_PORT (5678)  SIMULATOR_PORT (8899)
 *   N8N_VERSION / NODE_VERSION (default: test/e2e/n8n-versions.json)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { ROOT, createUserFolder, credentialFor, ensureN8n, importJson, packPackage, startN8n, stopAllChildren } from './e2e/n8n.mjs';

const require = createRequire(import.meta.url);
const { startSimulator } = require('./simulator');
const seed = require('./simulator/seed.json');

const watchMode = process.argv.includes('--watch');
const port = Number(process.env.PLAYGROUND_PORT ?? 5678);
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? 8899);
const cache = process.env.N8N_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-oceanpayment');
const WATCHED = ['nodes', 'credentials'];

let sim;
let started;
const watchers = [];
let stopping = false;
let restarting = false;

async function stop(code = 0) {
	if (stopping) return;
	stopping = true;
	console.log('\nStopping…');
	for (const watcher of watchers) watcher.close();
	await stopAllChildren();
	await sim?.close();
	process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function onN8nExit(child) {
	child.on('exit', () => {
		if (stopping || restarting || started?.child !== child) return;
		console.error(`n8n stopped unexpectedly:\n${started.output().slice(-3000)}`);
		stop(1);
	});
}

/** Replaces the package in the user folder by a freshly packed one (n8n must be stopped). */
function installPackage(user, tarball) {
	rmSync(join(user, '.n8n', 'nodes'), { recursive: true, force: true });
	createUserFolder(tarball, user);
}

/** Runs a command without blocking the event loop (the simulator lives in this process). */
function run(command, args) {
	return new Promise((resolveRun) => {
		const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let output = '';
		child.stdout.on('data', (chunk) => ((stdout += chunk), (output += chunk)));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('close', (code) => resolveRun({ ok: code === 0, stdout, output }));
	});
}

try {
	console.log('Playground: installing or reusing n8n (first time: about 5 minutes, 3 GB)…');
	const n8n = ensureN8n();
	const work = join(cache, 'playground');
	mkdirSync(work, { recursive: true });
	// Workflows and executions stay between runs; the package is replaced by the fresh build.
	const user = join(work, 'user');
	installPackage(user, packPackage(work));

	sim = await startSimulator({ port: simulatorPort });
	await importJson(n8n, user, 'credentials', [credentialFor(sim.url)]);
	const examples = readdirSync(join(ROOT, 'examples')).filter((file) => file.endsWith('.json'));
	await importJson(n8n, user, 'workflow', examples.map((file) => JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8'))));

	started = await startN8n(n8n, user, { port, log: false });
	onN8nExit(started.child);
	const merchant = seed.merchants[0];
	console.log(`
Oceanpayment playground is running (n8n ${n8n.version})
  n8n:        http://localhost:${port}   (first visit: create the local owner account)
  simulator:  ${sim.url}   (admin API: ${sim.url}/__admin/log, /__admin/state)
  credential: "Oceanpayment (local simulator)" — account ${merchant.account}, terminal ${merchant.terminal}, Custom environment → ${sim.url}
  workflows:  ${examples.join(', ')}
  seed orders SIM-1001 … SIM-1006 (e.g. Order › Get Status with "SIM-1001,SIM-1004")
${watchMode ? `Watching ${WATCHED.map((d) => `${d}/`).join(' and ')}: a change rebuilds the package and restarts n8n (reload the editor page).\n` : ''}Ctrl-C stops n8n and the simulator. n8n data: ${user}
`);

	if (watchMode) {
		let timer = null;
		let building = false;
		let again = false;
		const rebuild = async () => {
			if (building) {
				again = true;
				return;
			}
			building = true;
			const since = Date.now();
			console.log('↻ change detected: npm run build…');
			const build = await run('npm', ['run', 'build', '--silent']);
			if (stopping) return;
			if (!build.ok) {
				console.log(`✕ build failed; n8n keeps the previous build\n${build.output.trim().split('\n').slice(-25).join('\n')}`);
			} else {
				const pack = await run('npm', ['pack', '--json', '--pack-destination', work]);
				if (!pack.ok) console.log(`✕ npm pack failed; n8n keeps the previous build\n${pack.output.slice(-2000)}`);
				else {
					restarting = true;
					await started.stop();
					if (stopping) return;
					installPackage(user, join(work, JSON.parse(pack.stdout)[0].filename));
					try {
						started = await startN8n(n8n, user, { port, log: false });
						onN8nExit(started.child);
						console.log(`✓ rebuilt and restarted n8n in ${((Date.now() - since) / 1000).toFixed(1)} s: reload http://localhost:${port}`);
					} catch (error) {
						console.error(`✕ n8n did not start with the new build:\n${String(error.message).slice(-3000)}`);
						return stop(1);
					} finally {
						restarting = false;
					}
				}
			}
			building = false;
			if (again) {
				again = false;
				rebuild();
			}
		};
		for (const dir of WATCHED) {
			watchers.push(
				watch(join(ROOT, dir), { recursive: true }, () => {
					clearTimeout(timer);
					timer = setTimeout(rebuild, 400);
				}),
			);
		}
	}
} catch (error) {
	console.error(error);
	await stop(1);
}
