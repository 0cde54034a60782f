/**
 * Small helpers around n8n's editor (checked on n8n 2.40 / 2.41): owner setup, REST calls from
 * inside the page, opening a node's panel, reading the parameters it renders, the output table
 * and the credential modal. Selectors are n8n's own data-test-id attributes where it has them.
 */

export const OWNER = { email: 'owner@example.com', firstName: 'Ocean', lastName: 'Tester', password: 'Oceanpayment-UI-1' };

/** A fresh user folder sends / to /setup; fill the owner form and wait until we are in. */
export async function setupOwner(page, baseUrl) {
	await page.goto(`${baseUrl}/`);
	// n8n answers /healthz before the editor is fully ready: reload until the form is there.
	const deadline = Date.now() + 120_000;
	while (!(await page.locator('input[name="email"]').isVisible())) {
		if (Date.now() > deadline) throw new Error(`no owner setup form at ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 500)}`);
		await page.waitForTimeout(2000);
		if (!(await page.locator('input[name="email"]').isVisible())) await page.goto(`${baseUrl}/`);
	}
	if (!new URL(page.url()).pathname.includes('/setup')) throw new Error(`the fresh n8n showed its form at ${page.url()}, not /setup`);
	for (const [name, value] of Object.entries(OWNER)) await page.fill(`input[name="${name}"]`, value);
	await page.getByRole('button', { name: 'Next' }).click();
	await page.waitForURL((url) => !url.pathname.includes('/setup'), { timeout: 60_000 });
}

/**
 * A REST call made by the page itself: n8n 2.x ties the session cookie to a browser id that
 * the editor keeps in localStorage and sends as a header.
 */
export async function rest(page, method, path, body) {
	const answer = await page.evaluate(
		async ({ method, path, body }) => {
			const response = await fetch(path, {
				method,
				headers: { 'content-type': 'application/json', 'browser-id': localStorage.getItem('n8n-browserId') ?? '' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return { status: response.status, text: await response.text() };
		},
		{ method, path, body },
	);
	if (answer.status >= 400) throw new Error(`${method} ${path} answered HTTP ${answer.status}: ${answer.text.slice(0, 500)}`);
	return JSON.parse(answer.text).data;
}

/**
 * Opens /workflow/<id>/<nodeId>. The first time (or with UI_FULL_RELOAD=1) it loads the page;
 * afterwards it navigates inside the app through its router, as clicking around does, which
 * takes well under a second instead of a full editor load.
 */
export async function openNode(page, baseUrl, workflowId, node, { fullReload = false } = {}) {
	const path = `/workflow/${workflowId}/${node.id}`;
	const pushed =
		!fullReload &&
		new URL(page.url()).pathname.startsWith(`/workflow/${workflowId}`) &&
		(await page.evaluate((target) => {
			const router = document.querySelector('#app')?.__vue_app__?.config?.globalProperties?.$router;
			if (!router) return false;
			router.push(target);
			return true;
		}, path));
	if (!pushed) await page.goto(`${baseUrl}${path}`);
	await page.waitForFunction(
		(name) => document.querySelector('[data-test-id="ndv"] [data-test-id="node-title-container"]')?.textContent?.includes(name),
		node.name,
		{ timeout: 60_000 },
	);
	await waitForStablePanel(page);
}

async function waitForStablePanel(page) {
	let previous = '';
	for (let attempt = 0; attempt < 40; attempt++) {
		const current = JSON.stringify(await readPanel(page));
		if (current === previous && current !== '{"fields":[],"credential":null}') return;
		previous = current;
		await page.waitForTimeout(250);
	}
}

/**
 * The panel's top-level fields, in order: the parameter items of the Parameters tab (the
 * Settings tab renders its own, hidden), skipping items nested in another one (a collection's
 * options, a fixed collection's values). For each: the parameter name (label[for]), its label,
 * its value when it is an input, and whether it shows the red issue icon.
 */
export function readPanel(page) {
	return page.evaluate(() => {
		const root = document.querySelector('[data-test-id="ndv"] [data-test-id="node-parameters"]');
		if (!root) return { fields: [], credential: null };
		const items = [...root.querySelectorAll('[data-test-id="parameter-item"]')].filter(
			(item) => item.checkVisibility() && !item.parentElement.closest('[data-test-id="parameter-item"]'),
		);
		const own = (item, selector) => [...item.querySelectorAll(selector)].filter((element) => element.closest('[data-test-id="parameter-item"]') === item);
		const fields = items.map((item) => {
			// One item per parameter; the first also holds the credential slot, whose label has no "for".
			const label = own(item, 'label[for]')[0];
			// A notice has no field label, only its text.
			if (!label) return { name: '(notice)', label: item.innerText.trim().slice(0, 300), value: null, issue: false };
			const name = label.getAttribute('for');
			const input = item.querySelector(`[data-test-id="parameter-input-${name}"] input, [data-test-id="parameter-input-${name}"] textarea`);
			return {
				name,
				label: label.innerText.split('\n')[0].replace(/\s*\*$/, '').trim(),
				value: input ? input.value : null,
				issue: own(item, '[data-test-id="parameter-issues"]').length > 0,
			};
		});
		const slot = root.querySelector('[data-test-id="node-credentials-slot"]');
		const credential = slot ? (slot.querySelector('input')?.value ?? slot.innerText.trim()) : null;
		return { fields, credential };
	});
}

/** A real mouse click in the middle of an element (locator clicks can be intercepted by n8n's overlays). */
export async function mouseClick(page, locator) {
	await locator.waitFor({ state: 'visible' });
	const box = await locator.boundingBox();
	if (!box) throw new Error('element has no box to click');
	await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** The output panel: its "N items" text and the table it shows (headers, rows of cell texts). */
export async function readOutput(page) {
	const panel = page.locator('[data-test-id="output-panel"]');
	await panel.locator('[data-test-id="run-data-item-count"], [data-test-id="node-error-message"], .node-error-view, [class*="errorView"]').first().waitFor({ timeout: 120_000 });
	return panel.evaluate((element) => {
		const count = element.querySelector('[data-test-id="run-data-item-count"]')?.innerText.trim() ?? null;
		const table = element.querySelector('table');
		const headers = table ? [...table.querySelectorAll('thead th')].map((th) => th.innerText.trim()) : [];
		const rows = table ? [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())) : [];
		return { count, headers, rows, text: element.innerText.slice(0, 2000) };
	});
}

/**
 * The field names a panel's Schema view lists, in order (the list is virtual: it renders only
 * what is in view, so it is scrolled through to the end).
 */
export async function readSchemaFields(page, panel) {
	await panel.locator('[data-test-id="run-data-schema-item"] [data-name]').first().waitFor({ timeout: 60_000 });
	const names = [];
	for (let step = 0; step < 50; step++) {
		const { visible, atEnd } = await panel.evaluate((root) => {
			const items = [...root.querySelectorAll('[data-test-id="run-data-schema-item"] [data-name]')];
			let scroller = items[0]?.parentElement ?? null;
			while (scroller && !(scroller.scrollHeight > scroller.clientHeight && /(auto|scroll)/.test(getComputedStyle(scroller).overflowY))) scroller = scroller.parentElement;
			const visible = items
				.map((item) => ({ name: item.getAttribute('data-name'), top: item.getBoundingClientRect().top }))
				.sort((a, b) => a.top - b.top)
				.map((item) => item.name);
			if (!scroller) return { visible, atEnd: true };
			const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
			scroller.scrollTop += Math.max(40, scroller.clientHeight - 80);
			return { visible, atEnd };
		});
		for (const name of visible) if (!names.includes(name)) names.push(name);
		if (atEnd) break;
		await page.waitForTimeout(200);
	}
	return names;
}
