#!/usr/bin/env node
/**
 * `npm start` / `npm run dev`: builds the package, starts the local Oceanpayment simulator with
 * its seed data on port 8899, and starts a real n8n on http://localhost:5678 with the package
 * installed as a community package, an "Oceanpayment (local simulator)" credential and the
 * example workflows imported. Ctrl-C stops everything.
 *   PLAYGROUND_PORT (5678)  SIMULATOR_PORT (8899)  N8N_VERSION (2.40.7)
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { ROOT, createUserFolder, credentialFor, ensureN8n, importJson, packPackage, startN8n } from './e2e/n8n.mjs';

const require = createRequire(import.meta.url);
const { startSimulator } = require('./simulator');
const seed = require('./simulator/seed.json');

const port = Number(process.env.PLAYGROUND_PORT ?? 5678);
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? 8899);
const cache = process.env.N8N_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-oceanpayment');

console.log('Playground: installing or reusing n8n (first time: about 5 minutes, 3 GB)…');
const n8n = ensureN8n();
const work = join(cache, 'playground');
mkdirSync(work, { recursive: true });
const tarball = packPackage(work);
// Workflows and executions stay between runs; the package is replaced by the fresh build.
const user = join(work, 'user');
rmSync(join(user, '.n8n', 'nodes'), { recursive: true, force: true });
createUserFolder(tarball, user);

const sim = await startSimulator({ port: simulatorPort });
await importJson(n8n, user, 'credentials', [credentialFor(sim.url)]);
const examples = readdirSync(join(ROOT, 'examples')).filter((file) => file.endsWith('.json'));
await importJson(n8n, user, 'workflow', examples.map((file) => JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8'))));

const started = await startN8n(n8n, user, { port, log: false });
const merchant = seed.merchants[0];
console.log(`
Oceanpayment playground is running
  n8n:        http://localhost:${port}   (first visit: create the local owner account)
  simulator:  ${sim.url}   (admin API: ${sim.url}/__admin/log, /__admin/state)
  credential: "Oceanpayment (local simulator)" — account ${merchant.account}, terminal ${merchant.terminal}, Custom environment → ${sim.url}
  workflows:  ${examples.join(', ')}
  seed orders SIM-1001 … SIM-1006 (e.g. Order › Get Status with "SIM-1001,SIM-1004")
Ctrl-C stops n8n and the simulator. n8n data: ${user}
`);

let stopping = false;
const stop = async () => {
	if (stopping) return;
	stopping = true;
	console.log('\nStopping…');
	await started.stop();
	await sim.close();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
started.child.on('exit', () => {
	if (!stopping) {
		console.error(`n8n stopped unexpectedly:\n${started.output().slice(-3000)}`);
		sim.close().then(() => process.exit(1));
	}
});
