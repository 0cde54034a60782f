#!/usr/bin/env node
/**
 * Editor test (`npm run test:ui`): the playground stack on free ports (simulator + a real n8n
 * with the packed package installed as a community package and the simulator credential),
 * driven in Debian's Chromium through playwright-core:
 *   - owner setup of the fresh n8n;
 *   - a workflow with one node per resource × operation of every node in package.json's
 *     n8n.nodes (one per event for the trigger), read from the BUILT descriptions in dist/;
 *   - every node's panel shows exactly the top-level fields its displayOptions make visible, in
 *     the description's order and with its labels, the credential selected and issue icons on
 *     the empty required fields only, with no page or console errors;
 *   - Execute step on Order › Get Status and the items of the output panel;
 *   - a node after a never-run Order › Get Status lists the shipped output schema's fields
 *     ("Usually outputs the following fields");
 *   - the credential's test in its modal: a wrong Secure Code must fail, the right one pass.
 * Screenshots of every step go to UI_SCREENSHOTS (default: a new temp folder), printed at the end.
 *   UI_SKIP_BUILD=1   use the existing dist/        N8N_VERSION=…  another n8n (ensureN8n's default otherwise)
 *   UI_FULL_RELOAD=1  load every panel with a full page load instead of in-app navigation
 *   UI_N8N_LOG=1      print n8n's log               UI_HEADED=1 is not supported (no display here)
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ROOT, PACKAGE, createUserFolder, credentialFor, ensureN8n, importJson, packPackage, startN8n } from '../e2e/n8n.mjs';
import { ensureChromium, launchChromium } from './browser.mjs';
import { mouseClick, openNode, readOutput, readPanel, readSchemaFields, rest, setupOwner } from './editor.mjs';
import { NOTICE, loadNodeDescriptions, panelCases } from './expected.mjs';

const require = createRequire(import.meta.url);
const { startSimulator } = require('../simulator');
const seed = require('../simulator/seed.json');

const startedAt = Date.now();
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);
const shots = process.env.UI_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'oceanpayment-ui-'));
mkdirSync(shots, { recursive: true });
for (const file of readdirSync(shots)) if (file.endsWith('.png')) rmSync(join(shots, file));

// ---------------------------------------------------------------- cleanup, also on signals
const cleanups = [];
let cleaning = null;
function cleanup() {
	cleaning ??= (async () => {
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (error) {
				console.error(`cleanup: ${error.message}`);
			}
		}
	})();
	return cleaning;
}
let stoppedBy = null;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
	process.on(signal, () => {
		if (stoppedBy) return;
		stoppedBy = signal;
		console.log(`\n${signal}: stopping n8n, the simulator and Chromium…`);
		cleanup().then(() => {
			console.log(`Stopped by ${signal} after ${seconds(startedAt)} s; screenshots so far: ${shots}`);
			process.exit(code);
		});
	});
}

// ---------------------------------------------------------------- checks
const results = [];
let currentPage = null;
async function check(name, fn) {
	if (stoppedBy) return new Promise(() => {}); // a signal stops the suite: run nothing more
	const started = Date.now();
	try {
		const note = await fn();
		results.push({ name, ok: true });
		console.log(`  ✓ ${name} (${seconds(started)} s)${note ? `\n      ${note}` : ''}`);
		return true;
	} catch (error) {
		if (stoppedBy) return new Promise(() => {});
		results.push({ name, ok: false });
		if (currentPage) await screenshot(currentPage, `FAILED ${name.slice(0, 60)}`).catch(() => {});
		console.log(`  ✕ ${name} (${seconds(started)} s)\n      ${String(error.stack ?? error).split('\n').slice(0, 12).join('\n      ')}`);
		return false;
	}
}
function assert(condition, message) {
	if (!condition) throw new Error(message);
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

let shotNumber = 0;
async function screenshot(page, name) {
	const file = join(shots, `${String(++shotNumber).padStart(2, '0')}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.png`);
	await page.screenshot({ path: file });
	return file;
}

function freePort() {
	return new Promise((resolvePort, rejectPort) => {
		const server = createServer();
		server.once('error', rejectPort);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

/**
 * ensure-n8n.sh deletes a cache folder without `.complete` and installs again, so a second
 * install of a version that another process is installing right now would break both: wait
 * for that one instead.
 */
async function waitForOtherInstall() {
	let version = process.env.N8N_VERSION || /N8N_VERSION\s*\?\?\s*'([^']+)'/.exec(ensureN8n.toString())?.[1];
	if (!version) {
		try {
			version = (await import('../e2e/n8n-versions.mjs')).pinned().n8n;
		} catch {
			return;
		}
	}
	const installing = () => {
		for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)) {
			try {
				const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
				if (cmdline.includes(`n8n@${version}`) && cmdline.includes('install')) return pid;
				if (cmdline.includes('ensure-n8n.sh') && readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`N8N_VERSION=${version}`)) return pid;
			} catch {
				// process gone or not ours to read
			}
		}
		return null;
	};
	let pid = installing();
	if (!pid) return;
	console.log(`n8n ${version} is being installed by another process (pid ${pid}); waiting for it…`);
	while ((pid = installing())) await new Promise((r) => setTimeout(r, 5000));
}

/** n8n answers /healthz before it serves the editor (a first GET / can be a 404): wait for both. */
async function waitForEditor(baseUrl) {
	const deadline = Date.now() + 120_000;
	for (;;) {
		try {
			const [editor, settings] = await Promise.all([fetch(`${baseUrl}/`), fetch(`${baseUrl}/rest/settings`)]);
			if (editor.ok && settings.ok && (await editor.text()).includes('<div id="app"')) return;
		} catch {
			// not up yet
		}
		if (Date.now() > deadline) throw new Error(`n8n at ${baseUrl} did not serve its editor within 120 s`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

// ---------------------------------------------------------------- the suite
async function main() {
	console.log('Editor test: preparing Chromium, n8n and the package…');
	ensureChromium();
	await waitForOtherInstall();
	const n8n = ensureN8n();
	console.log(`n8n ${n8n.version} on Node ${n8n.nodeVersion} (${n8n.dir})`);
	const work = mkdtempSync(join(tmpdir(), 'oceanpayment-ui-n8n-'));
	cleanups.push(() => rmSync(work, { recursive: true, force: true }));
	const tarball = packPackage(work, { build: !process.env.UI_SKIP_BUILD });

	const cases = panelCases(loadNodeDescriptions(ROOT));
	console.log(`${cases.length} panels from ${[...new Set(cases.map((c) => c.file))].join(', ')}`);

	const user = createUserFolder(tarball, join(work, 'user'));
	const sim = await startSimulator({ port: 0 });
	cleanups.push(() => sim.close());
	const credential = credentialFor(sim.url);
	await importJson(n8n, user, 'credentials', [credential]);
	const port = await freePort();
	const n8nStarted = Date.now();
	const server = await startN8n(n8n, user, { port, log: !!process.env.UI_N8N_LOG });
	cleanups.push(() => server.stop());
	const baseUrl = `http://127.0.0.1:${port}`;
	await waitForEditor(baseUrl);
	console.log(`n8n ${baseUrl} up in ${seconds(n8nStarted)} s, simulator ${sim.url}\n`);

	const browser = await launchChromium();
	cleanups.push(() => browser.close());
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	currentPage = page;
	page.setDefaultTimeout(60_000);
	page.on('dialog', (dialog) => dialog.accept().catch(() => {}));

	// Everything the page reports; each check looks at what arrived while it ran.
	let loggedIn = false;
	const problems = [];
	page.on('pageerror', (error) => problems.push({ loggedIn, kind: 'page error', text: error.message }));
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		const text = message.text();
		// A fresh editor asks who is logged in before the owner exists: one 401, expected.
		if (!loggedIn && /401/.test(text)) return;
		problems.push({ loggedIn, kind: 'console error', text: `${text} ${message.location()?.url ?? ''}`.trim() });
	});
	const problemsSince = (mark) => problems.slice(mark).map((p) => `${p.kind}: ${p.text.slice(0, 300)}`);

	await check('owner setup (fresh n8n → /setup form → logged in)', async () => {
		await setupOwner(page, baseUrl);
		loggedIn = true;
		await screenshot(page, 'after owner setup');
		assert(problems.length === 0, `errors before login other than the expected 401:\n${problemsSince(0).join('\n')}`);
		return `landed on ${new URL(page.url()).pathname}`;
	});
	if (!loggedIn) return;

	// One node per case, named after it, with the simulator credential.
	const nodeTypes = new Set(cases.map((c) => c.description.name));
	const getStatus = cases.find((c) => c.given.resource === 'order' && c.given.operation === 'getStatus');
	const orderNumbers = ['SIM-1001', 'SIM-1003'];
	const nodes = cases.map((c, index) => {
		const parameters = { ...c.given };
		if (c === getStatus) parameters.orderNumbers = orderNumbers.join(',');
		c.node = {
			id: randomUUID(),
			name: c.label,
			type: `${PACKAGE}.${c.description.name}`,
			typeVersion: Array.isArray(c.description.version) ? Math.max(...c.description.version) : c.description.version,
			position: [(index % 6) * 280, Math.floor(index / 6) * 240],
			parameters,
			credentials: { oceanpaymentApi: { id: credential.id, name: credential.name } },
		};
		if (c === getStatus) c.values = { ...c.values, orderNumbers: parameters.orderNumbers };
		return c.node;
	});
	let workflowId;
	await check(`workflow with ${nodes.length} nodes (${[...nodeTypes].join(', ')}) created through the editor's REST API`, async () => {
		const credentials = await rest(page, 'GET', '/rest/credentials');
		assert(credentials.some((c) => c.id === credential.id), `credential ${credential.id} is not listed: ${JSON.stringify(credentials).slice(0, 300)}`);
		const created = await rest(page, 'POST', '/rest/workflows', { name: 'Oceanpayment editor test', nodes, connections: {}, settings: { executionOrder: 'v1' } });
		workflowId = created.id;
		assert(workflowId && created.nodes.length === nodes.length, `unexpected answer: ${JSON.stringify(created).slice(0, 300)}`);
		return `workflow ${workflowId}`;
	});
	if (!workflowId) return;

	await check('canvas shows every node with its icon', async () => {
		const mark = problems.length;
		await page.goto(`${baseUrl}/workflow/${workflowId}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await page.waitForFunction((count) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= count, nodes.length);
		await page.waitForTimeout(1500); // the canvas fades in
		const canvas = await page.evaluate(() => ({
			names: [...document.querySelectorAll('[data-test-id="canvas-node"]')].map((node) => node.getAttribute('data-node-name')),
			icons: [...document.querySelectorAll('[data-test-id="canvas-node"] img')].map((img) => ({ src: img.getAttribute('src'), ok: img.complete && img.naturalWidth > 0 })),
		}));
		await screenshot(page, 'canvas');
		const missing = nodes.filter((node) => !canvas.names.includes(node.name));
		assert(missing.length === 0, `nodes not on the canvas: ${missing.map((n) => n.name).join(', ')}`);
		const ours = canvas.icons.filter((icon) => icon.src?.includes(PACKAGE));
		assert(ours.length >= nodes.length, `expected ${nodes.length} Oceanpayment icons, found ${ours.length}: ${JSON.stringify(canvas.icons.slice(0, 3))}`);
		const broken = ours.filter((icon) => !icon.ok);
		assert(broken.length === 0, `icons that did not load: ${[...new Set(broken.map((i) => i.src))].join(', ')}`);
		assert(problemsSince(mark).length === 0, problemsSince(mark).join('\n'));
		return `icon ${[...new Set(ours.map((i) => i.src))].join(', ')}`;
	});

	for (const c of cases) {
		const expected = c.expected.map((p) => p.name);
		await check(`${c.label}: panel shows ${expected.join(', ')}`, async () => {
			const mark = problems.length;
			await openNode(page, baseUrl, workflowId, c.node, { fullReload: !!process.env.UI_FULL_RELOAD });
			const panel = await readPanel(page);
			await screenshot(page, c.label);
			const errors = [];
			const shown = panel.fields.map((f) => f.name);
			if (!same(shown, expected)) errors.push(`fields: expected ${expected.join(', ')}\n        shown    ${shown.join(', ')}`);
			for (const property of c.expected) {
				// Notices have no name in the panel: the nth expected notice is the nth one shown.
				const nth = (list, item) => list.filter((p) => p.name === NOTICE).indexOf(item);
				const field = property.name === NOTICE ? panel.fields.filter((f) => f.name === NOTICE)[nth(c.expected, property)] : panel.fields.find((f) => f.name === property.name);
				if (!field) continue;
				if (property.name === NOTICE) {
					if (!field.label.includes(property.displayName.replace(/<[^>]+>/g, '').slice(0, 40))) errors.push(`notice: shows "${field.label}", description says "${property.displayName}"`);
					continue;
				}
				if (field.label !== property.displayName) errors.push(`${property.name}: label "${field.label}", description says "${property.displayName}"`);
				if (property.type === 'options' && field.value !== null) {
					const option = property.options.find((o) => o.value === c.values[property.name]);
					if (option && field.value !== option.name) errors.push(`${property.name}: shows "${field.value}", expected "${option.name}"`);
				}
				const empty = c.values[property.name] === '' || c.values[property.name] === undefined;
				const shouldWarn = !!property.required && empty && ['string', 'number', 'dateTime'].includes(property.type);
				if (field.issue !== shouldWarn) errors.push(`${property.name}: ${field.issue ? 'shows an issue icon' : 'shows no issue icon'} (required: ${!!property.required}, value ${JSON.stringify(c.values[property.name])})`);
			}
			if (panel.credential !== credential.name) errors.push(`credential: shows ${JSON.stringify(panel.credential)}, expected "${credential.name}"`);
			errors.push(...problemsSince(mark));
			assert(errors.length === 0, errors.join('\n'));
		});
	}

	await check(`Order › Get Status: Execute step with ${orderNumbers.join(',')} shows the items in the output panel`, async () => {
		assert(getStatus, 'the node has no Order › Get Status operation');
		const mark = problems.length;
		await openNode(page, baseUrl, workflowId, getStatus.node, { fullReload: true });
		await mouseClick(page, page.locator('[data-test-id="ndv"] [data-test-id="node-execute-button"]'));
		const output = await readOutput(page);
		await screenshot(page, 'order get status executed');
		assert(output.count === `${orderNumbers.length} items`, `output shows ${JSON.stringify(output.count)}, expected "${orderNumbers.length} items":\n${output.text}`);
		assert(output.rows.length === orderNumbers.length, `the table has ${output.rows.length} rows: ${JSON.stringify(output.rows)}`);
		const column = (name) => output.headers.indexOf(name);
		for (const name of ['orderNumber', 'paymentStatus']) assert(column(name) >= 0, `no ${name} column; headers: ${output.headers.join(', ')}`);
		const statusName = { 1: 'success', 0: 'failed', '-1': 'pending' };
		for (const [index, number] of orderNumbers.entries()) {
			const row = output.rows[index];
			const order = seed.orders.find((o) => o.order_number === number);
			const expectedStatus = statusName[order.payment_results ?? '1'];
			assert(row[column('orderNumber')] === number, `row ${index + 1}: orderNumber ${row[column('orderNumber')]}, expected ${number}`);
			assert(row[column('paymentStatus')] === expectedStatus, `row ${index + 1} (${number}): paymentStatus ${row[column('paymentStatus')]}, expected ${expectedStatus}`);
		}
		assert(problemsSince(mark).length === 0, problemsSince(mark).join('\n'));
		return output.rows.map((row) => `${row[column('orderNumber')]} ${row[column('paymentStatus')]}`).join(', ');
	});

	// The output schema the package ships: a node after a Get Status that never ran lists its fields.
	const schemaFile = join(ROOT, 'dist', 'nodes', 'Oceanpayment', '__schema__', 'v1.0.0', 'order', 'getStatus.json');
	await check('a node after a never-run Order › Get Status lists its fields in the input panel ("Usually outputs the following fields")', async () => {
		const mark = problems.length;
		const expectedFields = Object.keys(JSON.parse(readFileSync(schemaFile, 'utf8')).properties);
		const statusNode = { ...getStatus.node, id: randomUUID(), name: 'Never Run Get Status', position: [0, 0] };
		const after = { id: randomUUID(), name: 'After Get Status', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [300, 0], parameters: {} };
		const created = await rest(page, 'POST', '/rest/workflows', {
			name: 'Oceanpayment output schema preview',
			nodes: [statusNode, after],
			connections: { [statusNode.name]: { main: [[{ node: after.name, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		const served = page.waitForResponse((response) => response.url().includes('/schemas/') && response.url().includes('/order/getStatus.json'), { timeout: 60_000 });
		await openNode(page, baseUrl, created.id, after, { fullReload: true });
		const schemaAnswer = await served;
		assert(schemaAnswer.status() === 200, `${schemaAnswer.url()} answered HTTP ${schemaAnswer.status()}`);
		const input = page.locator('[data-test-id="ndv-input-panel"]');
		const schemaMode = input.locator('[data-test-id="ndv-run-data-display-mode"]').getByText('Schema', { exact: true });
		if (await schemaMode.isVisible().catch(() => false)) await schemaMode.click();
		await input.locator('[data-test-id="schema-preview-warning"]').waitFor({ timeout: 60_000 });
		const shown = await readSchemaFields(page, input);
		await screenshot(page, 'schema preview after never-run get status');
		const warning = (await input.locator('[data-test-id="schema-preview-warning"]').innerText()).replace(/\s+/g, ' ').trim();
		assert(/Usually outputs the following fields/.test(warning), `the preview notice says "${warning}"`);
		assert(same(shown, expectedFields), `input panel lists\n        ${shown.join(', ')}\n      the schema has\n        ${expectedFields.join(', ')}`);
		assert(problemsSince(mark).length === 0, problemsSince(mark).join('\n'));
		return `${shown.length} fields: ${shown.slice(0, 5).join(', ')}…`;
	});

	await (await import('./v2-refund.mjs')).v2RefundSteps({ page, baseUrl, sim, credential, cases, check, screenshot, assert, problems, problemsSince, PACKAGE });
	// The credential modal: Save runs the credential test and shows its verdict as a banner.
	const dialog = page.locator('[data-test-id="editCredential-modal"]');
	const success = dialog.locator('[data-test-id="credentials-config-container-test-success"]');
	const failure = dialog.getByText(/Couldn.t connect with these settings/);
	async function saveAndTest(secureCode, name) {
		const input = dialog.locator('[data-test-id="parameter-input-secureCode"] input');
		await input.fill(secureCode);
		const tested = page.waitForResponse((response) => response.url().includes('/rest/credentials/test'), { timeout: 60_000 });
		await mouseClick(page, dialog.locator('[data-test-id="credential-save-button"]'));
		const answer = (await (await tested).json()).data;
		await Promise.race([success.waitFor({ state: 'visible' }), failure.waitFor({ state: 'visible' })]).catch(() => {});
		await page.waitForTimeout(500);
		await screenshot(page, name);
		const shown = (await success.isVisible()) ? 'success' : (await failure.isVisible()) ? 'failure' : 'nothing';
		if (shown === 'failure') {
			// "More details" unfolds the message of the credential test.
			const more = dialog.getByText('More details');
			if (await more.isVisible()) {
				await more.click();
				await page.waitForTimeout(300);
				await screenshot(page, `${name} details`);
			}
		}
		// The banner: the largest element around the verdict that holds no form field (verdict,
		// details, Retry button).
		const bannerOf = (locator) =>
			locator.evaluate((element) => {
				let node = element;
				while (node.parentElement && !node.parentElement.querySelector('input, textarea')) node = node.parentElement;
				return node.innerText;
			});
		const banner = shown === 'success' ? await success.innerText() : shown === 'failure' ? await bannerOf(failure) : '';
		return { answer, shown, banner: banner.replace(/\s+/g, ' ').trim() };
	}
	let modalOpen = false;
	await check('credential modal opens and tests the imported credential', async () => {
		const mark = problems.length;
		await page.goto(`${baseUrl}/home/credentials/${credential.id}`);
		await dialog.waitFor();
		// Opening an existing credential tests it once; wait for that verdict first.
		await Promise.race([success.waitFor({ state: 'visible' }), failure.waitFor({ state: 'visible' })]);
		await screenshot(page, 'credential modal');
		await dialog.locator('[data-test-id="parameter-input-publicKey"]').scrollIntoViewIfNeeded();
		await screenshot(page, 'credential modal scrolled');
		modalOpen = true;
		assert(problemsSince(mark).length === 0, problemsSince(mark).join('\n'));
	});
	if (modalOpen) {
		await check('credential Test with a WRONG Secure Code shows a failure in the editor', async () => {
			const { answer, shown, banner } = await saveAndTest('wrong-Secure-Code-0000', 'credential wrong secure code');
			assert(shown === 'failure', `the modal shows ${shown}${banner ? ` ("${banner}")` : ''}; n8n's test answered ${JSON.stringify(answer)}`);
			// The details say what to fix (a signature rejection points at the keys).
			assert(/Secure Code/i.test(banner), `the failure does not name the Secure Code: "${banner}"`);
			return `"${banner}"`;
		});
		await check('credential Test with the right Secure Code shows "Connection tested successfully"', async () => {
			const { answer, shown, banner } = await saveAndTest(credential.data.secureCode, 'credential right secure code');
			assert(shown === 'success' && /Connection tested successfully/.test(banner), `the modal shows ${shown} ("${banner}"); n8n's test answered ${JSON.stringify(answer)}`);
			return `"${banner}"`;
		});
	}

	await (await import('./v2-triggers-credential.mjs')).default({ page, baseUrl, workflowId, check, assert, screenshot, problems, problemsSince, cases, credential, sim });

	await check('no page errors and no console errors after login', async () => {
		const after = problems.filter((p) => p.loggedIn);
		assert(after.length === 0, after.map((p) => `${p.kind}: ${p.text.slice(0, 300)}`).join('\n'));
	});
}

let crashed = null;
try {
	await main();
} catch (error) {
	if (stoppedBy) await new Promise(() => {}); // the signal handler exits
	crashed = error;
	console.log(`\n✕ the suite stopped: ${String(error.stack ?? error).split('\n').slice(0, 12).join('\n  ')}`);
} finally {
	await cleanup();
}
const failed = results.filter((r) => !r.ok);
console.log(`\n${results.length - failed.length} of ${results.length} checks passed${failed.length ? `; failed:\n  ✕ ${failed.map((r) => r.name).join('\n  ✕ ')}` : ''}`);
console.log(`Screenshots: ${shots}`);
console.log(`Total time: ${seconds(startedAt)} s`);
writeFileSync(join(shots, 'results.json'), JSON.stringify({ results, seconds: Number(seconds(startedAt)) }, null, 2));
process.exit(crashed || failed.length || results.length === 0 ? 1 : 0);
