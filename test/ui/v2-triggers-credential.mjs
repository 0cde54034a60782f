/**
 * Editor steps for issue 27 (triggers version 2 and the credential form), called from run.mjs:
 *   - the Notification Trigger's own trigger panel (header, "When will this node trigger my
 *     flow?", activation hint) instead of n8n's generic text, and the hint under Notification
 *     Types that says empty means all (n8n shows "Select" in the empty field whatever the
 *     placeholder);
 *   - the polling trigger at version 2 starts on New Business Event, a version 1 node keeps New
 *     Klarna Dispute; the Klarna-only and baseline notices; Fetch Test Event items show
 *     `sample: true` in the output panel;
 *   - the credential modal leads with the IP-whitelisting notice;
 *   - the credential Test against a host whose connect never completes ends within 20 s with a
 *     message naming IP whitelisting, the host and a firewall.
 * Every text is compared with the BUILT descriptions (dist/), so the test follows the source.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { ROOT, PACKAGE } from '../e2e/n8n.mjs';
import { mouseClick, openNode, readOutput, readPanel, rest } from './editor.mjs';

const require = createRequire(import.meta.url);
const { startBlackHole } = require('../helpers/black-hole.js');

const dist = (file) => {
	const path = join(ROOT, 'dist', file);
	delete require.cache[require.resolve(path)];
	return require(path);
};
const flat = (text) => String(text ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

/**
 * @param {object} kit what run.mjs has: page, baseUrl, check, assert, screenshot, problems,
 *   problemsSince, cases, workflowId (the workflow of every panel), credential (the imported one), sim
 *   (the simulator)
 */
export default async function v2TriggersAndCredential({ page, baseUrl, workflowId, check, assert, screenshot, problems, problemsSince, cases, credential, sim }) {
	const { OceanpaymentNotificationTrigger } = dist('nodes/Oceanpayment/OceanpaymentNotificationTrigger.node.js');
	const { OceanpaymentTrigger } = dist('nodes/Oceanpayment/OceanpaymentTrigger.node.js');
	const { OceanpaymentApi } = dist('credentials/OceanpaymentApi.credentials.js');
	const notificationDescription = new OceanpaymentNotificationTrigger().description;
	const pollingDescription = new OceanpaymentTrigger().description;
	const ndv = page.locator('[data-test-id="ndv"]');

	// ------------------------------------------------------------ Notification Trigger panel
	const notification = cases.find((c) => c.description.name === 'oceanpaymentNotificationTrigger');
	await check('Notification Trigger (version 2): its own trigger panel text, no "Pull in events" or "create an event"; the hint under Notification Types says empty means all', async () => {
		assert(notification, 'no Notification Trigger case');
		const mark = problems.length;
		await openNode(page, baseUrl, workflowId, notification.node, { fullReload: true });
		const panel = notificationDescription.triggerPanel;
		const header = (await ndv.locator('[data-test-id="trigger-header"]').innerText()).trim();
		assert(header === panel.header, `trigger header "${header}", description says "${panel.header}"`);
		// "When will this node trigger my flow?" unfolds the executions help.
		const question = ndv.getByText(/When will this node trigger my flow/i).first();
		await question.click();
		await page.waitForTimeout(500);
		await screenshot(page, 'notification trigger panel');
		const text = flat(await ndv.innerText());
		for (const [what, expected] of [
			['executions help', panel.executionsHelp.inactive],
			['activation hint', panel.activationHint.inactive],
		]) {
			const start = flat(expected).slice(0, 80);
			assert(text.includes(start), `the panel does not show the ${what} "${start}…":\n${text.slice(0, 1500)}`);
		}
		for (const generic of [/Pull in events from/i, /create an event/i, /make an event happen/i]) assert(!generic.test(text), `the panel still shows n8n's generic text ${generic}`);
		// The noticeUrl notice is the first field, right below the credential and the Webhook URLs.
		const fields = (await readPanel(page)).fields;
		// (The first parameter item also holds the credential slot.)
		assert(fields[0]?.name === '(notice)' && /(^|\n)noticeUrl: to test/.test(fields[0].label), `first field: ${JSON.stringify(fields[0])}`);
		// n8n shows "Select" in an empty multi-options field; the hint below it says empty means all.
		const hint = notificationDescription.properties.find((p) => p.name === 'noticeTypes').hint;
		const typesItem = ndv.locator('[data-test-id="parameter-item"]').filter({ has: page.locator('label[for="noticeTypes"]') }).first();
		const typesText = flat(await typesItem.innerText());
		assert(typesText.includes(hint), `Notification Types shows "${typesText}", not the hint "${hint}"`);
		await ndv.getByText('Webhook URLs').first().click().catch(() => {});
		await page.waitForTimeout(500);
		await screenshot(page, 'notification trigger webhook urls and notice');
		assert(problemsSince(mark).length === 0, problemsSince(mark).join('\n'));
		return `header "${header}"; Notification Types: "${typesText}"`;
	});

	// ------------------------------------------------------------ polling trigger, both versions
	const pollingType = `${PACKAGE}.${pollingDescription.name}`;
	const node = (name, typeVersion, parameters, x) => ({
		id: randomUUID(),
		name,
		type: pollingType,
		typeVersion,
		position: [x, 0],
		parameters,
		credentials: { oceanpaymentApi: { id: credential.id, name: credential.name } },
	});
	const fresh2 = node('New v2 Trigger', 2, {}, 0);
	const fresh1 = node('Old v1 Trigger', 1, {}, 300);
	const payments = node('Payments v2 Trigger', 2, { event: 'newSuccessfulPayment' }, 600);
	let pollingWorkflow;
	await check('Oceanpayment Trigger: a new version 2 node starts on New Business Event, a version 1 node keeps New Klarna Dispute with the Klarna-only notice', async () => {
		const mark = problems.length;
		// Parameters as n8n stores them for a node added now: none set, each version's defaults apply.
		pollingWorkflow = await rest(page, 'POST', '/rest/workflows', { name: 'Oceanpayment trigger versions', nodes: [fresh2, fresh1, payments], connections: {}, settings: { executionOrder: 'v1' } });
		const shown = {};
		for (const [n, label] of [[fresh2, 'version 2'], [fresh1, 'version 1']]) {
			await openNode(page, baseUrl, pollingWorkflow.id, n, { fullReload: n === fresh2 });
			const panel = await readPanel(page);
			await screenshot(page, `polling trigger new node ${label}`);
			shown[label] = panel.fields;
		}
		const event = (fields) => fields.find((f) => f.name === 'event')?.value;
		assert(event(shown['version 2']) === 'New Business Event', `version 2 node shows Event ${JSON.stringify(event(shown['version 2']))}`);
		assert(event(shown['version 1']) === 'New Klarna Dispute', `version 1 node shows Event ${JSON.stringify(event(shown['version 1']))}`);
		const notices = (fields) => fields.filter((f) => f.name === '(notice)').map((f) => f.label);
		assert(notices(shown['version 1']).some((text) => /Only Klarna disputes/.test(text) && /New Business Event/.test(text)), `version 1 notices: ${JSON.stringify(notices(shown['version 1']))}`);
		assert(!notices(shown['version 2']).some((text) => /Only Klarna disputes/.test(text)), 'the Klarna-only notice shows on New Business Event');
		assert(notices(shown['version 2']).some((text) => /first poll/.test(text) && /Overlap/.test(text)), `version 2 notices: ${JSON.stringify(notices(shown['version 2']))}`);
		assert(problemsSince(mark).length === 0, problemsSince(mark).join('\n'));
		return `v2: ${event(shown['version 2'])}; v1: ${event(shown['version 1'])}`;
	});

	await check('Oceanpayment Trigger: Fetch Test Event shows its items with sample = true in the output panel', async () => {
		assert(pollingWorkflow, 'no workflow');
		const mark = problems.length;
		sim.admin.addOrder({ payment_id: 'UI-SAMPLE-1', order_number: 'UI-SAMPLE-1', payment_dateTime: new Date(Date.now() - 5 * 60_000) });
		await openNode(page, baseUrl, pollingWorkflow.id, payments, { fullReload: true });
		await mouseClick(page, page.locator('[data-test-id="ndv"] [data-test-id="node-execute-button"]'));
		const output = await readOutput(page);
		await screenshot(page, 'polling trigger fetch test event samples');
		const column = output.headers.indexOf('sample');
		assert(column >= 0, `no sample column; headers: ${output.headers.join(', ')}\n${output.text}`);
		assert(output.rows.length > 0 && output.rows.every((row) => row[column] === 'true'), `sample column: ${JSON.stringify(output.rows.map((row) => row[column]))}`);
		const ids = output.rows.map((row) => row[output.headers.indexOf('paymentId')]);
		assert(ids.includes('UI-SAMPLE-1'), `payment IDs shown: ${ids.join(', ')}`);
		assert(problemsSince(mark).length === 0, problemsSince(mark).join('\n'));
		return `${output.count}, sample = true on each; ${ids.slice(0, 3).join(', ')}`;
	});

	// ------------------------------------------------------------ credential modal
	const dialog = page.locator('[data-test-id="editCredential-modal"]');
	const success = dialog.locator('[data-test-id="credentials-config-container-test-success"]');
	const failure = dialog.getByText(/Couldn.t connect with these settings/);
	const notice = new OceanpaymentApi().properties.find((p) => p.type === 'notice');
	let modalOpen = false;
	await check('credential modal: the IP-whitelisting notice is the first thing in the form', async () => {
		const mark = problems.length;
		await page.goto(`${baseUrl}/home/credentials/${credential.id}`);
		await dialog.waitFor();
		await Promise.race([success.waitFor({ state: 'visible' }), failure.waitFor({ state: 'visible' })]).catch(() => {});
		const text = flat(await dialog.innerText());
		const start = flat(notice.displayName).slice(0, 60);
		const at = text.indexOf(start);
		assert(at >= 0, `the modal does not show the notice "${start}…":\n${text.slice(0, 1200)}`);
		const terminal = text.indexOf('Terminal');
		assert(terminal < 0 || at < terminal, 'the notice is not above the Terminal field');
		await screenshot(page, 'credential ip whitelisting notice');
		modalOpen = true;
		assert(problemsSince(mark).length === 0, problemsSince(mark).join('\n'));
		return `"${start}…"`;
	});
	if (!modalOpen) return;

	await check('credential Test against a host whose connect never completes ends within 20 s, naming IP whitelisting, the host and a firewall', async () => {
		const blackHole = await startBlackHole();
		const input = dialog.locator('[data-test-id="parameter-input-queryBaseUrl"] input');
		const original = await input.inputValue();
		try {
			await input.fill(blackHole.url);
			const tested = page.waitForResponse((response) => response.url().includes('/rest/credentials/test'), { timeout: 60_000 });
			const started = Date.now();
			await mouseClick(page, dialog.locator('[data-test-id="credential-save-button"]'));
			const answer = (await (await tested).json()).data;
			await failure.waitFor({ state: 'visible', timeout: 30_000 });
			const seconds = (Date.now() - started) / 1000;
			const more = dialog.getByText('More details');
			if (await more.isVisible()) await more.click();
			await page.waitForTimeout(400);
			await screenshot(page, 'credential test unreachable host');
			const message = String(answer?.message ?? '');
			const banner = flat(await dialog.innerText());
			assert(seconds < 20, `the Test took ${seconds.toFixed(1)} s`);
			assert(answer?.status === 'Error', `n8n's test answered ${JSON.stringify(answer)}`);
			for (const pattern of [new RegExp(`${blackHole.host.replace(/\./g, '\\.')} did not answer within 15 s`), /whitelisted by Oceanpayment/, /Environment or a Custom base URL/, /firewall/]) {
				assert(pattern.test(message), `the message does not match ${pattern}: "${message}"`);
			}
			assert(banner.includes(message.slice(0, 60)), `the modal does not show the message: "${banner.slice(0, 800)}"`);
			return `${seconds.toFixed(1)} s: "${message}"`;
		} finally {
			await input.fill(original).catch(() => {});
			const tested = page.waitForResponse((response) => response.url().includes('/rest/credentials/test'), { timeout: 60_000 }).catch(() => {});
			await mouseClick(page, dialog.locator('[data-test-id="credential-save-button"]')).catch(() => {});
			await tested;
			await blackHole.close();
		}
	});
}
