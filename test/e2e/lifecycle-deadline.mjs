/**
 * Lifecycle scenario for Dispute Reply Deadline (imported by lifecycle.mjs): the trigger of
 * examples/oceanpayment-dispute-deadline-to-slack.json (48 hours and 6 hours before, as shipped;
 * faster poll times) delivers each alarm to the receiver. Three disputes are listed: deadlines in
 * 30 hours (one alarm), in 6 hours and 90 seconds (two alarms, the second after the restart or
 * shortly before it) and 2 hours ago (none: passed before the workflow was published). Then the
 * trigger is renamed and published, and n8n is SIGKILLed and started again: no alarm may repeat.
 * The New Dispute workflow of the other scenarios delivers each of these disputes once too.
 */
import { sleep, waitUntil } from './n8n.mjs';

const DEADLINES = 'lifecycleDeadline';
const HOUR = 3_600_000;

/** `kit`: what the lifecycle suite shares (its ctx, workflow ids and builder, REST helpers). */
export function deadlineScenario(kit) {
	const { ctx, MAIN, deliveryWorkflow, publish, unpublish, renameTrigger, start, crash, settle, getWorkflow, baselineSaved, log } = kit;
	const arrivals = (workflow, paymentId) => ctx.receiver.arrivals.filter((a) => a.workflow === workflow && a.paymentId === paymentId && a.answered).length;

	return {
		name: 'dispute reply deadline: rename and restart',
		how: 'a Dispute Reply Deadline workflow published through REST; 3 disputes; trigger renamed and published; n8n SIGKILLed and started',
		async run() {
			const workflow = deliveryWorkflow(DEADLINES, 'Lifecycle: dispute reply deadlines → receiver', ctx.receiver.url, ctx.credential, undefined, 'oceanpayment-dispute-deadline-to-slack.json');
			await ctx.rest.post('/workflows', workflow);
			await publish(DEADLINES);
			await waitUntil(async () => baselineSaved(await getWorkflow(DEADLINES)), 60_000, `the activation of ${DEADLINES}`);
			const now = Date.now();
			const add = (label, dueIn, alarms) => {
				const seq = String(ctx.nextId++).padStart(4, '0');
				const paymentId = `88${String(now).slice(-9)}${seq}00000000`.slice(0, 21);
				const orderNumber = `DL-${label}-${seq}`;
				// Raised now (so that the New Dispute workflow delivers it too), with the deadline given.
				ctx.sim.admin.addDispute({ order_number: orderNumber, payment_id: paymentId, push_details: 'return', reply_deadline: new Date(now + dueIn) });
				const expect = { [MAIN]: 1, [DEADLINES]: alarms };
				const event = { scenario: this.name, label, orderNumber, paymentId, expect, attempts: expect, hang: false };
				ctx.events.push(event);
				return event;
			};
			const soon = add('A', 30 * HOUR, 1);
			const twice = add('B', 6 * HOUR + 90_000, 2);
			const passed = add('C', -2 * HOUR, 0);
			const all = [soon, twice, passed];
			await waitUntil(() => arrivals(DEADLINES, soon.paymentId) > 0 && arrivals(DEADLINES, twice.paymentId) > 0 && all.every((e) => arrivals(MAIN, e.paymentId) > 0), 60_000, 'the first alarms and the new-dispute deliveries');
			await renameTrigger(DEADLINES, workflow.nodes[0].name, 'Deadlines (renamed)');
			await settle(2);
			const killedAt = Date.now();
			await crash(ctx.started);
			log('  n8n killed; starting it again');
			await start();
			await waitUntil(() => arrivals(DEADLINES, twice.paymentId) >= 2, 120_000, 'the second alarm of B');
			await settle(2);
			// A little longer than the poll interval: a repeat after the restart would show.
			await sleep(5_000);
			await unpublish(DEADLINES);
			this.note = `B's second alarm fell due ${now + 90_000 < killedAt ? 'before the kill' : 'after the kill'}`;
		},
	};
}
