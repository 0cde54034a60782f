/**
 * The example "Klarna dispute reply deadline → Slack reminder" in a running n8n (`n8n start`):
 * the shipped workflow with its trigger settings as they are (Dispute Reply Deadline, 48 hours and
 * again 6 hours before), polled every 5 s instead of every 10 minutes, and its Slack node replaced
 * by an HTTP POST of the Slack message the node would send (its own text expression) to a capture
 * server. The simulator lists disputes whose deadlines are near, far and already passed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLE = 'oceanpayment-dispute-deadline-to-slack.json';
const WORKFLOW = 'e2eDisputeDeadline';
const HOUR = 3_600_000;
/** n8n refuses one poll time firing more than once a minute, but takes several at fixed seconds. */
const EVERY_5_SECONDS = Array.from({ length: 12 }, (_, i) => ({ mode: 'custom', cronExpression: `${i * 5} * * * * *` }));

export default function disputeDeadlineChecks(kit) {
	const { PACKAGE, CRED, ROOT, node, assert, assertEqual, waitFor, startCapture, importJson } = kit;
	const shared = { capture: null };

	function exampleWorkflow() {
		const example = JSON.parse(readFileSync(join(ROOT, 'examples', EXAMPLE), 'utf8'));
		const nodes = example.nodes.map((n) => {
			if (n.type === `${PACKAGE}.oceanpaymentTrigger`) return { ...n, parameters: { ...n.parameters, pollTimes: { item: EVERY_5_SECONDS } }, credentials: CRED };
			if (n.type !== 'n8n-nodes-base.slack') return n;
			return {
				...node(n.name, 'n8n-nodes-base.httpRequest', {
					method: 'POST',
					url: shared.capture.url,
					sendBody: true,
					bodyParameters: {
						parameters: [
							{ name: 'paymentId', value: '={{ $json.paymentId }}' },
							{ name: 'alarmHours', value: '={{ $json.alarmHours }}' },
							{ name: 'text', value: n.parameters.text },
						],
					},
					options: {},
				}),
				typeVersion: 4.2,
				position: n.position,
			};
		});
		return { ...example, id: WORKFLOW, name: `E2E: ${example.name}`, nodes };
	}

	return [
		{
			name: 'example "Klarna dispute reply deadline → Slack reminder": one reminder 48 hours and one 6 hours before each deadline, naming order, amount, reason and hours left; none for a passed or far deadline',
			prepare: async ({ n8n, user, state }) => {
				shared.capture = await startCapture();
				state.capture = shared.capture;
				await importJson(n8n, user, 'workflow', [exampleWorkflow()]);
			},
			run: async ({ sim, rest, state: { capture } }) => {
				// Published only now (through REST, as the editor does), so that its polls of the dispute
				// list do not mix with the other dispute trigger's check, which counts that list's polls.
				const client = await rest();
				const { versionId } = await client.get(`/workflows/${WORKFLOW}`);
				await client.post(`/workflows/${WORKFLOW}/activate`, { versionId });
				// This trigger's polls read the 30 days the list serves; the other trigger reads the last minutes.
				const monthAgo = new Date(Date.now() + 8 * HOUR - 29 * 24 * HOUR).toISOString().slice(0, 10);
				const polls = () => sim.admin.getLog().filter((e) => e.path === '/service/DisputeOrderList' && String(e.fields.order_beginDate) < monthAgo).length;
				await waitFor(() => polls() > 0, 90_000, 'the first poll');
				const now = Date.now();
				const dispute = (id, dueIn, raisedDaysAgo = 3) =>
					sim.admin.addDispute({ payment_id: id, order_number: `O-${id}`, order_amount: '49.90', order_currency: 'EUR', push_details: 'goods_not_received', disputes_date: new Date(now - raisedDaysAgo * 24 * HOUR), reply_deadline: new Date(now + dueIn) });
				dispute('E2EDL000000000000SOON', 30 * HOUR);
				// Its second reminder falls due 30 s from now (the trigger polls every 5 s).
				dispute('E2EDL00000000000TWICE', 6 * HOUR + 30_000);
				dispute('E2EDL0000000000PASSED', -3 * HOUR, 12);
				dispute('E2EDL0000000000000FAR', 10 * 24 * HOUR);
				const reminders = () => capture.received.map((r) => `${r.paymentId}@${r.alarmHours}`).sort();
				const expected = ['E2EDL000000000000SOON@48', 'E2EDL00000000000TWICE@48', 'E2EDL00000000000TWICE@6'];
				await waitFor(() => reminders().length >= expected.length, 150_000, 'three reminders');
				// Three more polls: a repeat would show.
				const mark = polls();
				await waitFor(() => polls() >= mark + 3, 60_000, 'three more polls');
				await client.post(`/workflows/${WORKFLOW}/deactivate`, {});
				assertEqual(reminders(), expected, 'reminders (payment@hours before)');
				const soon = capture.received.find((r) => r.paymentId === 'E2EDL000000000000SOON');
				assert(
					/^:hourglass_flowing_sand: Reply to the Klarna dispute on order O-E2EDL000000000000SOON \(49\.90 EUR, reason: goods_not_received\): (29\.9|30) hours left, reply by \d{4}-\d{2}-\d{2} \d{2}:\d{2} /.test(soon.text),
					`Slack text: ${soon.text}`,
				);
			},
			cleanup: async () => {
				const capture = shared.capture;
				shared.capture = null;
				await capture?.close();
			},
		},
	];
}
