/**
 * Queue scenario 5 (issue 25): exactly once across restarts and webhook processes.
 *
 * Two webhook processes behind a round-robin proxy written here (the way a load balancer spreads
 * Oceanpayment's deliveries), one of them SIGKILLed in the middle and started again. 100 distinct
 * refund notifications (each of a refund the gateway knows, so that the trigger confirms it), each
 * delivered 3 times: twice at the same instant (which the proxy sends to the two processes), and
 * once more after the restart; an answer other than receive-ok is delivered again, as Oceanpayment
 * does. The same deliveries go to two workflows that differ only in the guard after the trigger:
 *   - the README's guard, the shipped example oceanpayment-notification-exactly-once.json
 *     (Postgres: INSERT … ON CONFLICT DO NOTHING RETURNING on a unique key), Slack replaced by a
 *     post to the receiver;
 *   - n8n's Remove Duplicates on eventId (history in n8n's database, check then record).
 * Counted: the runs that got past each guard (posts to the receiver), distinct events, duplicates
 * and lost events; the executions n8n started; the rows of the guard's table.
 *
 * Called by queue.mjs with its kit; adds a second webhook process and stops it again, and leaves
 * the restarted first one as ctx.webhook.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const { signFor } = createRequire(import.meta.url)('../simulator');

const EVENTS = 100;
/** Events in flight at once. */
const BATCH = 10;
const IDS = { postgres: 'queueOncePg00001', removeDuplicates: 'queueOnceRd00001' };
const HOOKS = { postgres: 'c5d0e1f2-9d0a-4c47-8f3e-0e2e5e0a0201', removeDuplicates: 'c5d0e1f2-9d0a-4c47-8f3e-0e2e5e0a0202' };
const TABLE = 'oceanpayment_events';
const EXAMPLE = 'oceanpayment-notification-exactly-once.json';

/** A partial refund the gateway records (a signed request to the simulator, as the node would send). */
async function refund(sim, paymentId, amount) {
	const fields = { account: '123456', terminal: '12345601', payment_id: paymentId, refund_type: '2', refund_amount: amount, refund_description: 'queue exactly once' };
	fields.signValue = signFor('/service/applyRefund', fields, 'sim-Secure-Code-7f3a');
	const answer = await (await fetch(`${sim.url}/service/applyRefund`, { method: 'POST', body: new URLSearchParams(fields) })).text();
	if (!answer.includes('<refund_results>00</refund_results>')) throw new Error(`the simulator refused the refund: ${answer.slice(0, 200)}`);
}

/** A round-robin proxy; a backend that refuses the connection is skipped, as a load balancer does. */
async function startProxy(backends) {
	let next = 0;
	const served = new Map();
	const server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const attempt = (tries) => {
				const backend = backends[next++ % backends.length];
				const forward = httpRequest(`${backend.url}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(backend.url).host }, agent: false }, (answer) => {
					served.set(backend.name, (served.get(backend.name) ?? 0) + 1);
					res.writeHead(answer.statusCode, answer.headers);
					answer.pipe(res);
				});
				forward.on('error', (error) => {
					if (error.code === 'ECONNREFUSED' && tries < backends.length) return attempt(tries + 1);
					if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
					res.end(`proxy: ${error.code ?? error.message}`);
				});
				forward.end(body);
			};
			attempt(1);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		served,
		close: () => new Promise((resolve) => (server.closeAllConnections?.(), server.close(() => resolve()))),
	};
}

export async function scenarioExactlyOnce(kit) {
	const { ctx, record, log, sleep, waitUntil, startN8nProcess, remember, stop, crash, publish, httpPost, chain, PACKAGE, ROOT } = kit;
	const scenario = '5 exactly once';
	const began = Date.now();
	const step = (what) => log(`  ${what} (${((Date.now() - began) / 1000).toFixed(1)} s into the scenario)`);
	// The second webhook process starts while the rest is set up.
	const starting = startN8nProcess('webhook-2', 'webhook').then(remember);

	// ── The guard's table and function (the SQL of the example's Setup note), a Postgres credential, the two workflows ──
	const example = JSON.parse(readFileSync(join(ROOT, 'examples', EXAMPLE), 'utf8'));
	const setup = /```sql\n([\s\S]*?)```/.exec(example.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote').parameters.content)[1];
	ctx.pg.query(setup);
	const postgres = await ctx.rest.post('/credentials', {
		name: 'Postgres (event guard)',
		type: 'postgres',
		data: { host: '127.0.0.1', port: ctx.pg.port, database: 'n8n', user: 'n8n', password: ctx.pg.password, ssl: 'disable', allowUnauthorizedCerts: false, maxConnections: 100 },
	});
	const [trigger, guard] = example.nodes;
	const deliver = (id, eventId) => httpPost('Deliver', `${ctx.receiver.url}/${id}`, `={{ JSON.stringify({ eventId: ${eventId}, execution: $execution.id, process: $env.OCEANPAYMENT_E2E_PROCESS }) }}`);
	const triggerOf = (hook) => ({ ...trigger, id: randomUUID(), webhookId: hook, credentials: { oceanpaymentApi: ctx.credential } });
	const workflows = [
		chain(IDS.postgres, 'Queue: exactly once (the example: Postgres guard)', [triggerOf(HOOKS.postgres), { ...guard, id: randomUUID(), credentials: { postgres: { id: postgres.id, name: postgres.name } } }, deliver(IDS.postgres, '$json.event_id')]),
		chain(IDS.removeDuplicates, 'Queue: exactly once? (Remove Duplicates)', [
			triggerOf(HOOKS.removeDuplicates),
			{ id: randomUUID(), name: 'Skip Redeliveries', type: 'n8n-nodes-base.removeDuplicates', typeVersion: 2, position: [240, 0], parameters: { operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: '={{ $json.eventId }}', options: {} } },
			deliver(IDS.removeDuplicates, '$json.eventId'),
		]),
	];
	for (const workflow of workflows) {
		await ctx.rest.post('/workflows', workflow);
		await publish(workflow.id);
	}
	if (!trigger.type.startsWith(PACKAGE)) throw new Error(`the example's first node is not the trigger: ${trigger.type}`);

	// ── 100 refunds the gateway knows, and their notifications as bytes ───────────────────────
	const notifications = [];
	for (let i = 0; i < EVENTS; i++) {
		const order = ctx.sim.admin.addOrder({ order_number: `Q-ONCE-${i}`, order_amount: '10.00', order_currency: 'USD' });
		await refund(ctx.sim, order.payment_id, '1.00');
		// Built by the simulator (signed with its own rules), captured at the receiver, then sent as bytes.
		const built = await ctx.sim.admin.push({ url: `${ctx.receiver.url}/capture`, kind: 'business', notice_type: 'partialRefund', payment_id: order.payment_id });
		notifications.push(built.xml);
	}

	step('100 refunds recorded and their notifications built; two workflows published');

	// ── A second webhook process and the proxy in front of both ───────────────────────────────
	const second = await starting;
	const backends = [
		{ name: 'webhook', url: ctx.webhook.url },
		{ name: 'webhook-2', url: second.url },
	];
	const proxy = await startProxy(backends);
	const answers = new Map();
	let deliveries = 0;
	/** One delivery as Oceanpayment makes it: again, later, unless the answer is receive-ok; 5 attempts at most. */
	const deliverOnce = async (hook, xml) => {
		for (let attempt = 1; attempt <= 5; attempt++) {
			deliveries++;
			let answer;
			try {
				const response = await fetch(`${proxy.url}/webhook/${hook}/webhook`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
				answer = `${response.status} ${await response.text()}`;
			} catch (error) {
				answer = `no answer (${error.cause?.code ?? error.message})`;
			}
			answers.set(answer, (answers.get(answer) ?? 0) + 1);
			if (answer === '200 receive-ok') return true;
			// Oceanpayment's own intervals are not documented (minutes, presumably); here 1, 2, 4, 8 s.
			await sleep(1000 * 2 ** (attempt - 1));
		}
		return false;
	};
	const bothWorkflows = (xml, copies) => Promise.all(Object.values(HOOKS).flatMap((hook) => Array.from({ length: copies }, () => deliverOnce(hook, xml))));
	/** Every event through `send`, BATCH events at a time (a new one as soon as one is done); `atHalf` when the middle one starts. */
	const deliverAll = async (send, atHalf) => {
		let next = 0;
		const lane = async () => {
			while (next < EVENTS) {
				const index = next++;
				if (index === EVENTS / 2) atHalf?.();
				await send(notifications[index]);
			}
		};
		await Promise.all(Array.from({ length: BATCH }, lane));
	};

	// Round 1: every event twice at the same instant; webhook-1 SIGKILLed in the middle, started again.
	let restarted;
	// Executions the killed process had written but not enqueued stay "new" for ever (n8n's
	// behaviour, not the node's): the deliveries they came from were answered with an error, so
	// Oceanpayment (here: round 2) delivers them again. Only they may stay unfinished.
	let killedAt;
	const restart = async () => {
		killedAt = new Date(Date.now() + 2000).toISOString();
		await crash(ctx.webhook);
		log('  webhook process 1 SIGKILLed in the middle of the deliveries; starting it again');
		const proc = remember(await startN8nProcess('webhook', 'webhook'));
		backends[0].url = proc.url;
		return proc;
	};
	await deliverAll(
		(xml) => bothWorkflows(xml, 2),
		() => (restarted = restart()),
	);
	step('round 1 delivered (every event twice at the same instant)');
	ctx.webhook = await restarted;
	step('webhook process 1 is back');
	// Round 2, after the restart: each event once more (the restarted process remembers nothing).
	await deliverAll((xml) => bothWorkflows(xml, 1));
	step('round 2 delivered (every event once more)');

	// ── Counting ──────────────────────────────────────────────────────────────────────────────
	const executions = (id) => Number(ctx.pg.query(`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${id}'`));
	const leftNewByKill = `status = 'new' AND "createdAt" <= '${killedAt}'`;
	const unfinished = () =>
		Number(ctx.pg.query(`SELECT count(*) FROM execution_entity WHERE "workflowId" IN ('${IDS.postgres}', '${IDS.removeDuplicates}') AND status NOT IN ('success', 'error', 'crashed', 'canceled') AND NOT (${leftNewByKill})`));
	let last = -1;
	try {
		await waitUntil(async () => {
			const now = executions(IDS.postgres) + executions(IDS.removeDuplicates);
			const settled = now === last && unfinished() === 0;
			last = now;
			if (!settled) await sleep(2000);
			return settled;
		}, 180_000, 'the executions of scenario 5 to finish');
	} catch (error) {
		// What did not finish, and what the deliveries were answered: the figures a failure needs.
		log(`  executions by status: ${ctx.pg.query(`SELECT string_agg(s, ', ') FROM (SELECT status || ' ' || count(*) AS s FROM execution_entity WHERE "workflowId" IN ('${IDS.postgres}', '${IDS.removeDuplicates}') GROUP BY status) t`)}`);
		log(`  deliveries ${deliveries} (answers: ${[...answers].map(([answer, n]) => `${n}× ${answer}`).join(', ')})`);
		throw error;
	}
	step('every execution finished');
	log(`  executions left "new" by the killed webhook process (never enqueued; delivered again): ${ctx.pg.query(`SELECT count(*) FROM execution_entity WHERE "workflowId" IN ('${IDS.postgres}', '${IDS.removeDuplicates}') AND ${leftNewByKill}`)}`);

	const figures = (id) => {
		const runs = ctx.receiver.at(`/${id}`).map((r) => r.eventId);
		const distinct = new Set(runs);
		return { runs: runs.length, distinct: distinct.size, duplicates: runs.length - distinct.size, executions: executions(id) };
	};
	const pg = figures(IDS.postgres);
	const rd = figures(IDS.removeDuplicates);
	const lost = (f) => EVENTS - f.distinct;
	log(`  deliveries ${deliveries} (answers: ${[...answers].map(([answer, n]) => `${n}× ${answer}`).join(', ')}); proxy: ${[...proxy.served].map(([name, n]) => `${name} ${n}`).join(', ')}`);
	record(scenario, 'events / deliveries planned (3 per event per workflow, 2 at the same instant)', `${EVENTS} / ${EVENTS * 3 * 2}`, `${EVENTS} / ${EVENTS * 6}`);
	record(scenario, 'deliveries answered receive-ok in the end', `${answers.get('200 receive-ok') ?? 0}`, String(EVENTS * 6));
	record(scenario, 'both webhook processes answered deliveries (proxy)', [...proxy.served.keys()].sort().join(', '), 'webhook, webhook-2');
	record(scenario, 'Postgres guard (the example): executions started', pg.executions, (n) => n >= EVENTS, `≥ ${EVENTS}`);
	record(scenario, 'Postgres guard (the example): runs past the guard / distinct events / duplicates / lost', `${pg.runs} / ${pg.distinct} / ${pg.duplicates} / ${lost(pg)}`, `${EVENTS} / ${EVENTS} / 0 / 0`);
	record(scenario, `Postgres guard: rows in ${TABLE}`, Number(ctx.pg.query(`SELECT count(*) FROM ${TABLE}`)), EVENTS);
	record(scenario, 'Remove Duplicates guard: executions started', rd.executions, (n) => n >= EVENTS, `≥ ${EVENTS}`);
	record(scenario, 'Remove Duplicates guard: runs past the guard / distinct events / duplicates / lost (measured)', `${rd.runs} / ${rd.distinct} / ${rd.duplicates} / ${lost(rd)}`, (v) => /^\d+ \/ 100 \/ \d+ \/ 0$/.test(v), 'n / 100 / measured / 0');
	log(`  duplicate rate past the guard: Postgres ${pg.duplicates}/${EVENTS}, Remove Duplicates ${rd.duplicates}/${EVENTS} (executions that reached the guard: ${pg.executions} and ${rd.executions})`);

	await proxy.close();
	await stop(second);
}
