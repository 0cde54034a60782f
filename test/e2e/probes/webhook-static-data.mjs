#!/usr/bin/env node
/**
 * Fact check behind the Notification Trigger's design (README › Notification Trigger ›
 * Redeliveries): does n8n save the workflow static data that a webhook trigger's webhook()
 * changes? Runs a real `n8n start` (N8N_VERSION / NODE_VERSION as for the e2e suite) with a probe
 * webhook node from a custom-extensions folder: each call counts itself in
 * getWorkflowStaticData('node'). Workflow "starts" returns an item (starts an execution),
 * workflow "drops" returns only a response. Three POSTs to each; then n8n is stopped and the
 * saved static data is read back with `n8n export:workflow`.
 *   node test/e2e/probes/webhook-static-data.mjs
 * Prints one JSON line: { n8n, starts: <saved count or null>, drops: <saved count or null> }.
 * Measured: n8n 2.41.1 → starts 1, drops 3 (of the three changes of the workflow that starts
 * executions only the first is saved: the workflow had no static data yet, so n8n had no object
 * to share with the execution); n8n 1.123.81 → starts 3, drops 3. About 75 s each.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { activateWorkflow, ensureN8n, freePort, importJson, n8nCli, startN8n, stopAllChildren } from '../n8n.mjs';

const PROBE_NODE = `
class ProbeWebhook {
	constructor() {
		this.description = {
			displayName: 'Probe Webhook', name: 'probeWebhook', group: ['trigger'], version: 1, description: 'Counts its calls in static data',
			defaults: { name: 'Probe Webhook' }, inputs: [], outputs: ['main'],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'probe' }],
			properties: [{ displayName: 'Start Execution', name: 'start', type: 'boolean', default: true }],
		};
	}
	async webhook() {
		const data = this.getWorkflowStaticData('node');
		data.calls = (data.calls || 0) + 1;
		return this.getNodeParameter('start') ? { workflowData: [[{ json: { calls: data.calls } }]] } : { webhookResponse: 'dropped' };
	}
}
module.exports = { ProbeWebhook };
`;

const work = mkdtempSync(join(tmpdir(), 'oceanpayment-probe-'));
const cleanup = async () => {
	await stopAllChildren();
	rmSync(work, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => cleanup().finally(() => process.exit(1)));

try {
	const extensions = join(work, 'extensions', 'probe');
	mkdirSync(extensions, { recursive: true });
	writeFileSync(join(extensions, 'ProbeWebhook.node.js'), PROBE_NODE);
	const user = join(work, 'user');
	mkdirSync(join(user, '.n8n'), { recursive: true });
	const base = ensureN8n();
	const n8n = { ...base, env: { ...base.env, N8N_CUSTOM_EXTENSIONS: join(work, 'extensions') } };

	const probe = (id, hook, start) => ({
		id,
		name: `Probe: ${id}`,
		active: false,
		nodes: [{ id: `${id}-node`, name: 'Probe Webhook', type: 'CUSTOM.probeWebhook', typeVersion: 1, position: [0, 0], webhookId: hook, parameters: { start } }],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	const workflows = { starts: probe('probeStarts', '0b0f7a52-0c7e-4f55-9a31-7d2c0f000001', true), drops: probe('probeDrops', '0b0f7a52-0c7e-4f55-9a31-7d2c0f000002', false) };
	await importJson(n8n, user, 'workflow', Object.values(workflows));
	for (const workflow of Object.values(workflows)) await activateWorkflow(n8n, user, workflow.id);

	const started = await startN8n(n8n, user, { port: await freePort() });
	try {
		for (const workflow of Object.values(workflows)) {
			const url = `${started.url}/webhook/${workflow.nodes[0].webhookId}/probe`;
			for (let call = 0; call < 3; call++) {
				// n8n registers active webhooks a moment after /healthz answers.
				for (let attempt = 0; ; attempt++) {
					const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
					await response.text();
					if (response.ok) break;
					if (attempt > 30) throw new Error(`${url} answered ${response.status}`);
					await new Promise((resolve) => setTimeout(resolve, 1000));
				}
			}
		}
		await new Promise((resolve) => setTimeout(resolve, 3000));
	} finally {
		await started.stop();
	}

	const saved = {};
	for (const [name, workflow] of Object.entries(workflows)) {
		const file = join(work, `${workflow.id}.json`);
		await n8nCli(n8n, user, ['export:workflow', `--id=${workflow.id}`, `--output=${file}`]);
		const [exported] = [JSON.parse(readFileSync(file, 'utf8'))].flat();
		let staticData = exported.staticData ?? null;
		if (typeof staticData === 'string') staticData = JSON.parse(staticData);
		saved[name] = staticData?.['node:Probe Webhook']?.calls ?? null;
	}
	console.log(JSON.stringify({ n8n: n8n.version, starts: saved.starts, drops: saved.drops }));
} finally {
	await cleanup();
}
