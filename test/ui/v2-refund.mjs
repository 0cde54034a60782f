/**
 * Issue 27 in the editor, the Oceanpayment node's half: the version 2 Refund › Create panel with
 * its rerun notice (shown while Refund Number is empty, gone once it has a value), the version 1
 * panel as version 1 workflows keep it, and the repeat hint: a refund executed twice with the
 * same Refund Number, the second run's output panel shows n8n's execution hint "Refund
 * SHOP-R-1001 already existed: nothing was refunded" and the simulator holds one refund.
 * Called from run.mjs with its helpers (`kit`); each step is one check with screenshots.
 */
import { randomUUID } from 'node:crypto';

import { mouseClick, openNode, readOutput, readPanel, rest } from './editor.mjs';
import { NOTICE, resolveValues, visibleProperties } from './expected.mjs';

export async function v2RefundSteps({ page, baseUrl, sim, credential, cases, check, screenshot, assert, problems, problemsSince, PACKAGE }) {
	const refundCase = cases.find((c) => c.given.resource === 'refund' && c.given.operation === 'create');
	if (!refundCase) throw new Error('the node has no Refund › Create operation');
	const { description } = refundCase;
	const type = `${PACKAGE}.${description.name}`;
	const credentials = { oceanpaymentApi: { id: credential.id, name: credential.name } };
	const refundNode = (name, typeVersion, parameters, position) => ({ id: randomUUID(), name, type, typeVersion, position, parameters: { resource: 'refund', operation: 'create', ...parameters }, credentials });

	const v2 = refundNode('Refund v2', 2, { orderNumber: 'SIM-1001' }, [0, 0]);
	const v1 = refundNode('Refund v1', 1, {}, [300, 0]);
	const created = await rest(page, 'POST', '/rest/workflows', { name: 'Oceanpayment refund versions', nodes: [v2, v1], connections: {}, settings: { executionOrder: 'v1' } });

	/** The fields the panel shows against the description for that version. */
	const expectedFor = (typeVersion, given) => visibleProperties(description, resolveValues(description, given, typeVersion), typeVersion).map((property) => property.name);

	await check('Refund › Create version 2: Refund Number at the top with its hint, the rerun notice while it is empty, Order Number by default', async () => {
		const mark = problems.length;
		await openNode(page, baseUrl, created.id, v2, { fullReload: true });
		const panel = await readPanel(page);
		await screenshot(page, 'refund create v2 panel with notice');
		const shown = panel.fields.map((field) => field.name);
		const expected = expectedFor(2, { ...v2.parameters });
		assert(JSON.stringify(shown) === JSON.stringify(expected), `fields: expected ${expected.join(', ')}\n        shown    ${shown.join(', ')}`);
		assert(shown.indexOf('refundNumber') < shown.indexOf('refundType'), 'Refund Number is not above Refund Type');
		const notice = panel.fields.find((field) => field.name === NOTICE);
		assert(notice && /refunds the payment again/.test(notice.label), `no rerun notice: ${JSON.stringify(panel.fields)}`);
		assert(panel.fields.find((field) => field.name === 'identifyBy')?.value === 'Order Number', `Identify Payment By shows ${JSON.stringify(panel.fields.find((field) => field.name === 'identifyBy'))}`);
		const ndv = page.locator('[data-test-id="ndv"]');
		assert(await ndv.getByText(/Makes reruns safe/).first().isVisible(), 'the Refund Number hint is not shown');

		// A Refund Number makes the notice go.
		const input = ndv.locator('[data-test-id="parameter-input-refundNumber"] input');
		await input.fill('SHOP-R-1001');
		await input.press('Tab');
		await page.waitForFunction(() => ![...document.querySelectorAll('[data-test-id="ndv"] [data-test-id="parameter-item"]')].some((item) => /refunds the payment again/.test(item.innerText)), null, { timeout: 10_000 });
		await screenshot(page, 'refund create v2 panel with refund number');
		assert(problemsSince(mark).length === 0, problemsSince(mark).join('\n'));
		return `${shown.join(', ')}`;
	});

	await check('Refund › Create version 1 keeps its panel: Payment ID by default, Refund Number under Options, no notice', async () => {
		const mark = problems.length;
		await openNode(page, baseUrl, created.id, v1, { fullReload: true });
		const panel = await readPanel(page);
		await screenshot(page, 'refund create v1 panel');
		const shown = panel.fields.map((field) => field.name);
		const expected = expectedFor(1, { ...v1.parameters });
		assert(JSON.stringify(shown) === JSON.stringify(expected), `fields: expected ${expected.join(', ')}\n        shown    ${shown.join(', ')}`);
		assert(!shown.includes(NOTICE) && !shown.includes('refundNumber'), `version 1 shows ${shown.join(', ')}`);
		assert(panel.fields.find((field) => field.name === 'identifyBy')?.value === 'Payment ID', 'version 1 does not default to Payment ID');
		assert(problemsSince(mark).length === 0, problemsSince(mark).join('\n'));
		return shown.join(', ');
	});

	await check('the repeat hint: Refund › Create executed twice with Refund Number SHOP-R-1001, the second run says "already existed: nothing was refunded"', async () => {
		const mark = problems.length;
		const refunds = () => sim.admin.getRefunds({ refund_number: 'SHOP-R-1001' }).length;
		const before = refunds();
		const node = refundNode('Refund Twice', 2, { orderNumber: 'SIM-1001', refundNumber: 'SHOP-R-1001', refundType: '2', amount: '5.00', description: 'Damaged' }, [0, 0]);
		const workflow = await rest(page, 'POST', '/rest/workflows', { name: 'Oceanpayment repeat hint', nodes: [node], connections: {}, settings: { executionOrder: 'v1' } });
		const output = page.locator('[data-test-id="output-panel"]');
		const hint = 'Refund SHOP-R-1001 already existed: nothing was refunded';
		for (let run = 1; run <= 2; run++) {
			await openNode(page, baseUrl, workflow.id, node, { fullReload: true });
			await mouseClick(page, page.locator('[data-test-id="ndv"] [data-test-id="node-execute-button"]'));
			const shown = await readOutput(page);
			if (run === 2) await output.getByText(hint).first().waitFor({ timeout: 30_000 });
			await screenshot(page, run === 1 ? 'refund executed once' : 'refund executed again repeat hint');
			assert(shown.count === '1 item', `run ${run}: output shows ${JSON.stringify(shown.count)}:\n${shown.text}`);
			const hinted = await output.getByText(hint).count();
			assert(run === 1 ? hinted === 0 : hinted > 0, `run ${run}: the hint is ${hinted ? '' : 'not '}shown:\n${shown.text}`);
		}
		assert(refunds() - before === 1, `the simulator holds ${refunds() - before} refunds under SHOP-R-1001, expected 1`);
		assert(problemsSince(mark).length === 0, problemsSince(mark).join('\n'));
		return hint;
	});
}
