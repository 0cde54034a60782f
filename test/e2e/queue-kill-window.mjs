/**
 * Queue mode: the main killed between saving a polling trigger's state and putting the
 * execution on the queue (a phase of queue.mjs).
 *
 * n8n's main saves the workflow's static data (the trigger's state, which now remembers the new
 * event) when a poll emits, and then enqueues the execution in Redis. To kill it exactly in
 * between, Redis is paused (SIGSTOP) before the event is listed: the poll saves the state in
 * Postgres and the enqueue waits on Redis. Once Postgres holds the new state of every workflow,
 * the main is SIGKILLed and Redis resumed (SIGCONT); then the main starts again, and the workers
 * run whatever reaches the queue. `WORKFLOWS` identical dispute workflows (the example's trigger
 * as shipped, faster poll times) are tried at once, round after round: each workflow whose new
 * state Postgres holds after the kill is one try, and each delivery of the round's dispute to the
 * receiver is counted. A poll killed before it saved is not a try; its event must come after the
 * restart.
 */
import { ownerSession, sleep, waitUntil } from './n8n.mjs';

const WORKFLOWS = 10;
/** Kills until at least this many polls were killed in the window (at most MAX_ROUNDS). */
const MIN_TRIES = 20;
const MAX_ROUNDS = 4;
const LIST_PATH = '/service/DisputeOrderList';
const ids = Array.from({ length: WORKFLOWS }, (_, n) => `queueKillWin${String(n).padStart(4, '0')}`);

/**
 * kit: { ctx (sim, receiver, pg, redis, main, rest), disputesWorkflow(id, name, receiver path),
 * record, log, crash, startMain (starts the main again and returns it) }.
 */
export async function killWindowScenario(kit) {
	const { ctx, disputesWorkflow, record, log, crash, startMain } = kit;
	const scenario = '5 kill window';
	const inList = ids.map((id) => `'${id}'`).join(',');
	/** workflow id → the trigger state as Postgres holds it. */
	const states = () =>
		new Map(
			ctx.pg
				.query(`SELECT id, "staticData"::text FROM workflow_entity WHERE id IN (${inList})`)
				.split('\n')
				.filter(Boolean)
				.map((line) => [line.slice(0, line.indexOf('|')), line.slice(line.indexOf('|') + 1)]),
		);
	const hasState = (text) => text.includes('oceanpaymentTrigger:n1');
	const executionStatuses = () =>
		ctx.pg
			.query(`SELECT status, count(*) FROM execution_entity WHERE "workflowId" IN (${inList}) GROUP BY status ORDER BY status`)
			.split('\n')
			.filter(Boolean)
			.map((line) => line.replace('|', ' '))
			.join(', ');
	const delivered = (paymentId) => ctx.receiver.at('/killwindow').filter((d) => d.paymentId === paymentId);
	const listCalls = () => ctx.sim.admin.getLog().filter((e) => e.path === LIST_PATH).length;

	for (const id of ids) {
		await ctx.rest.post('/workflows', disputesWorkflow(id, `Queue: kill window ${id.slice(-2)}`, '/killwindow'));
		const workflow = await ctx.rest.get(`/workflows/${id}`);
		await ctx.rest.post(`/workflows/${id}/activate`, { versionId: workflow.versionId });
	}
	await waitUntil(() => [...states().values()].filter(hasState).length === WORKFLOWS, 120_000, 'the baseline of every kill-window workflow');

	const outcomes = []; // { round, id, paymentId, saved }
	const redis = ctx.redis.proc.child.pid;
	for (let round = 1; round <= MAX_ROUNDS && outcomes.filter((o) => o.saved).length < MIN_TRIES; round++) {
		const before = states();
		const paymentId = `99${String(Date.now()).slice(-9)}${round}`.padEnd(21, '0');
		const changed = () => {
			const now = states();
			return ids.filter((id) => now.get(id) !== before.get(id));
		};
		process.kill(redis, 'SIGSTOP');
		try {
			ctx.sim.admin.addDispute({ order_number: `Q-KILL-${round}`, payment_id: paymentId, push_details: 'return' });
			// The poll that sees the dispute saves the state, then waits on Redis to enqueue.
			await waitUntil(() => changed().length === WORKFLOWS, 90_000, `round ${round}: the new trigger state of every workflow in Postgres`).catch((error) => log(`  ${error.message}`));
			await crash(ctx.main);
		} finally {
			process.kill(redis, 'SIGCONT');
		}
		// What Postgres holds once the main is gone: those polls were killed in the window.
		const saved = changed();
		outcomes.push(...ids.map((id) => ({ round, id, paymentId, saved: saved.includes(id) })));
		log(`  round ${round}: the new state of ${saved.length} of ${WORKFLOWS} workflows saved, then the main SIGKILLed (Redis paused meanwhile); starting it again`);
		ctx.main = await startMain();
		ctx.rest = await ownerSession(ctx.main.url);
		// Every workflow polls at least twice more, and the workers have time to run what is queued.
		const mark = listCalls();
		await waitUntil(() => listCalls() >= mark + 2 * WORKFLOWS, 90_000, `round ${round}: two more polls of each workflow`);
		await sleep(5000);
	}
	for (const id of ids) await ctx.rest.post(`/workflows/${id}/deactivate`, {});

	const deliveries = (o) => delivered(o.paymentId).filter((d) => d.workflow === o.id).length;
	const summary = (list) => {
		const once = list.filter((o) => deliveries(o) === 1).length;
		const lost = list.filter((o) => deliveries(o) === 0).length;
		const duplicated = list.reduce((sum, o) => sum + Math.max(0, deliveries(o) - 1), 0);
		return { once, lost, duplicated, text: `${once} / ${lost} / ${duplicated}` };
	};
	const inWindow = summary(outcomes.filter((o) => o.saved));
	const outside = summary(outcomes.filter((o) => !o.saved));
	const tries = outcomes.filter((o) => o.saved).length;
	record(scenario, 'tries: polls killed after saving the trigger state, before enqueueing', tries, (n) => n >= MIN_TRIES, `>= ${MIN_TRIES}`);
	record(scenario, 'those events: delivered once / lost / duplicated', inWindow.text, (v) => inWindow.once + inWindow.lost === tries && v.endsWith(' / 0'), 'once + lost = tries; 0 duplicated (lost is measured)');
	record(scenario, 'polls killed before saving: delivered once / lost / duplicated after the restart', outside.text, () => outside.once === outcomes.length - tries, 'all once');
	record(scenario, 'executions of these workflows in Postgres afterwards (status count)', executionStatuses() || 'none', () => true, 'measured');
	return { tries, ...inWindow };
}
