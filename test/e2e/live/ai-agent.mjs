/**
 * The node as an AI agent's tool in a running n8n (`n8n start`): n8n's AI Agent (v3.1) with the
 * OpenAI Chat Model pointed at a chat-completions stub on 127.0.0.1 (test/helpers/model-stub.mjs),
 * the Oceanpayment tools of the shipped example "Support agent: order status and refunds", the
 * simulator as the gateway and a loopback SMTP sink (test/helpers/smtp-sink.mjs) for approvals.
 *
 *   "E2E: agent tools"   Webhook → the example's agent, model and Get Order Status tool, plus its
 *                        Refund Payment tool wired straight to the agent with "Allow AI Agent to Run
 *                        This" off (answers the webhook when the agent is done)
 *   "E2E: support agent" the example as shipped, its chat trigger replaced by a Webhook (answers
 *                        at once: a refund waits for a person's approval by email)
 *
 * The stub plays the model: for a prompt with a scenario marker it asks for one tool call with
 * that scenario's arguments, and once the tool's answer is in the conversation it answers with
 * that answer quoted. What counts: the requests the stub received (the tool definitions n8n
 * sends, the tool answers it passes back), the simulator's log and refunds, the approval mails
 * and n8n's executions list. Needs n8n 2.x (AI Agent 3.1, human review of tool calls).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { answer, lastMessage, startModelStub, textOf, toolCall } from '../../helpers/model-stub.mjs';
import { startSmtpSink } from '../../helpers/smtp-sink.mjs';

const EXAMPLE = 'support-agent-order-status-and-refunds.json';
const TOOLS_WORKFLOW = 'e2eAgentTools001';
const SUPPORT_WORKFLOW = 'e2eSupportAgent01';
const TOOLS_PATH = 'e2e-agent-tools';
const SUPPORT_PATH = 'e2e-support-agent';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** What the "model" asks for, per marker in the customer's message. */
const SCENARIOS = {
	'[status]': { tool: 'Get_Order_Status', args: { orderNumbers: 'SIM-1001' } },
	'[status-invalid]': { tool: 'Get_Order_Status', args: { orderNumbers: 'A'.repeat(60) } },
	'[refund-ungated]': { tool: 'Refund_Payment', args: { orderNumber: 'SIM-1001', amount: '5.00', reason: 'Changed my mind' } },
	'[refund-approve]': { tool: 'Refund_Payment', args: { orderNumber: 'SIM-1002', amount: '9.90', reason: 'Arrived damaged' } },
	'[refund-deny]': { tool: 'Refund_Payment', args: { orderNumber: 'SIM-1001', amount: '25.00', reason: 'Never arrived' } },
};
const FINAL = 'Here is what the tool answered: ';

export default function aiAgentChecks(kit) {
	const { PACKAGE, node, code, assert, assertEqual, waitFor, importJson, activateWorkflow } = kit;
	const shared = { prepared: null, stub: null, sink: null };

	/** The model: a tool call for the marked scenario, then an answer quoting the tool's answer. */
	function respond(body) {
		const last = lastMessage(body);
		if (last.role === 'tool') return answer(`${FINAL}${textOf(last)}`);
		const prompt = textOf([...body.messages].reverse().find((message) => message.role === 'user'));
		const marker = Object.keys(SCENARIOS)
			.sort((a, b) => b.length - a.length)
			.find((key) => prompt.includes(key));
		if (!marker) throw new Error(`no scenario marker in the prompt "${prompt}"`);
		const { tool, args } = SCENARIOS[marker];
		const offered = (body.tools ?? []).find((candidate) => candidate.function?.name === tool);
		if (!offered) throw new Error(`n8n offered no tool ${tool}; offered: ${(body.tools ?? []).map((t) => t.function?.name).join(', ')}`);
		// Behind a human-review gate the tool's own arguments go under toolParameters.
		const gated = 'toolParameters' in (offered.function.parameters?.properties ?? {});
		return toolCall(tool, gated ? { toolParameters: args, hitlParameters: {} } : args);
	}

	const example = () => JSON.parse(readFileSync(join(kit.ROOT, 'examples', EXAMPLE), 'utf8'));
	const byType = (nodes, type) => nodes.find((n) => n.type === type);

	/** Webhook → Code (the chat trigger's fields) in place of the example's chat trigger. */
	function webhookStart(path, responseMode, chatTriggerName) {
		const hook = { ...node('Chat Webhook', 'n8n-nodes-base.webhook', { httpMethod: 'POST', path, responseMode, options: {} }), typeVersion: 2, webhookId: randomUUID() };
		const fields = code(chatTriggerName, 'return $input.all().map((item) => ({ json: { chatInput: item.json.body.chatInput, sessionId: item.json.body.sessionId } }));');
		return [hook, fields];
	}

	function supportWorkflow() {
		const shipped = example();
		const trigger = byType(shipped.nodes, '@n8n/n8n-nodes-langchain.chatTrigger');
		const start = webhookStart(SUPPORT_PATH, 'onReceived', trigger.name);
		const nodes = [...start, ...shipped.nodes.filter((n) => n !== trigger)];
		const connections = { ...shipped.connections, [start[0].name]: { main: [[{ node: trigger.name, type: 'main', index: 0 }]] } };
		return { ...shipped, id: SUPPORT_WORKFLOW, name: `E2E: ${shipped.name}`, nodes, connections };
	}

	function toolsWorkflow() {
		const shipped = example();
		const trigger = byType(shipped.nodes, '@n8n/n8n-nodes-langchain.chatTrigger');
		const agent = byType(shipped.nodes, '@n8n/n8n-nodes-langchain.agent');
		const model = byType(shipped.nodes, '@n8n/n8n-nodes-langchain.lmChatOpenAi');
		const [status, refund] = shipped.nodes.filter((n) => n.type === `${PACKAGE}.oceanpaymentTool`);
		const { allowAgent, ...refundParameters } = refund.parameters;
		assert(allowAgent === true, 'the example lets the agent ask for refunds (behind its approval gate)');
		const ungated = { ...refund, parameters: refundParameters };
		const start = webhookStart(TOOLS_PATH, 'lastNode', trigger.name);
		const into = (type) => [[{ node: agent.name, type, index: 0 }]];
		return {
			id: TOOLS_WORKFLOW,
			name: 'E2E: agent tools (refund without approval gate and without the option)',
			active: false,
			nodes: [...start, agent, model, status, ungated],
			connections: {
				[start[0].name]: { main: [[{ node: trigger.name, type: 'main', index: 0 }]] },
				[trigger.name]: { main: into('main') },
				[model.name]: { ai_languageModel: into('ai_languageModel') },
				[status.name]: { ai_tool: into('ai_tool') },
				[ungated.name]: { ai_tool: into('ai_tool') },
			},
			settings: { executionOrder: 'v1' },
		};
	}

	async function prepare({ n8n, user }) {
		shared.prepared ??= (async () => {
			shared.stub = await startModelStub(respond);
			shared.sink = await startSmtpSink();
			const shipped = example();
			const { openAiApi } = byType(shipped.nodes, '@n8n/n8n-nodes-langchain.lmChatOpenAi').credentials;
			const { smtp } = byType(shipped.nodes, 'n8n-nodes-base.emailSendHitlTool').credentials;
			await importJson(n8n, user, 'credentials', [
				{ ...openAiApi, type: 'openAiApi', data: { apiKey: 'sk-model-stub', url: `${shared.stub.url}/v1`, header: false } },
				{ ...smtp, type: 'smtp', data: { user: '', password: '', host: shared.sink.host, port: shared.sink.port, secure: false, disableStartTls: true } },
			]);
			await importJson(n8n, user, 'workflow', [toolsWorkflow(), supportWorkflow()]);
			for (const id of [TOOLS_WORKFLOW, SUPPORT_WORKFLOW]) await activateWorkflow(n8n, user, id);
		})();
		await shared.prepared;
	}

	async function cleanup() {
		const { stub, sink } = shared;
		shared.stub = shared.sink = null;
		await stub?.close();
		await sink?.close();
	}

	const skip = ({ n8n }) => (n8n.version.startsWith('1.') ? `n8n ${n8n.version} has no AI Agent 3.1 and no human review of tool calls` : null);

	/** POSTs a customer message to a workflow's webhook; production webhooks can 404 for a moment after start. */
	async function say(ctx, path, chatInput, sessionId = randomUUID()) {
		const deadline = Date.now() + 60_000;
		for (;;) {
			const response = await fetch(`${ctx.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatInput, sessionId }) });
			const text = await response.text();
			if (response.status !== 404 || Date.now() > deadline) {
				assert(response.ok, `POST /webhook/${path} answered ${response.status}: ${text.slice(0, 500)}`);
				return text ? JSON.parse(text) : null;
			}
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}

	/** The conversation the stub saw for one customer message: its requests, in order. */
	const conversation = (marker) => shared.stub.requests.filter((body) => body.messages.some((m) => m.role === 'user' && textOf(m).includes(marker)));
	const toolAnswer = (requests) => {
		const message = requests.map(lastMessage).find((m) => m.role === 'tool');
		assert(message, `no tool answer reached the model; it got ${requests.length} requests, last messages: ${requests.map((r) => lastMessage(r).role).join(', ')}`);
		return textOf(message);
	};
	const calls = (sim, path, since = 0) => sim.admin.getLog().slice(since).filter((entry) => entry.path === path);

	async function executions(ctx, workflowId) {
		const client = await ctx.rest();
		const listed = await client.get(`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`);
		return (Array.isArray(listed) ? listed : listed?.results ?? []).filter((execution) => execution.workflowId === workflowId);
	}

	/** The support workflow's execution that waits for an approval (the mail goes out just before it waits). */
	async function waitingExecution(ctx) {
		let runs = [];
		for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
			runs = await executions(ctx, SUPPORT_WORKFLOW);
			const waiting = runs.filter((run) => run.status === 'waiting');
			if (waiting.length === 1) return waiting[0].id;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`no one execution waits for the approval: ${JSON.stringify(runs.map((run) => [run.id, run.status]))}`);
	}

	/** The status of one execution once it has left "waiting" and "running" (or after 60 s). */
	async function settledStatus(ctx, id) {
		let status;
		for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
			status = (await executions(ctx, SUPPORT_WORKFLOW)).find((run) => run.id === id)?.status;
			if (status && !['waiting', 'running', 'new'].includes(status)) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		return status;
	}

	/** Opens an approval link as a person's browser would (n8n answers bots with an empty page and does nothing). */
	async function click(ctx, link) {
		const url = new URL(link);
		const local = `${ctx.url}${url.pathname}${url.search}`;
		const deadline = Date.now() + 60_000;
		for (;;) {
			const response = await fetch(local, { headers: { 'user-agent': BROWSER, accept: 'text/html' } });
			const text = await response.text();
			if (response.status !== 404 || Date.now() > deadline) return { status: response.status, text };
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}

	/** The approval mail for one refund, with its approve and decline links. */
	async function approvalMail(orderNumber) {
		const mail = await shared.sink.next(60_000);
		assert(mail.text.includes(orderNumber), `the approval mail does not name order ${orderNumber}:\n${mail.text.slice(0, 1500)}`);
		const approve = mail.links.find((link) => link.includes('/webhook-waiting/') && /[?&]approved=true/.test(link));
		const decline = mail.links.find((link) => link.includes('/webhook-waiting/') && /[?&]approved=false/.test(link));
		assert(approve && decline, `approve and decline links in the mail: ${JSON.stringify(mail.links)}`);
		return { mail, approve, decline };
	}

	const line = (text) => console.log(`    ${text}`);

	return [
		{
			name: 'AI agent: Get Status as a tool runs once with the model\'s order numbers (valid signature), its items reach the model, a validation error comes back as the tool\'s answer',
			skip,
			prepare,
			cleanup,
			run: async (ctx) => {
				const { sim, seedForRun } = ctx;
				seedForRun();
				const started = Date.now();
				const reply = await say(ctx, TOOLS_PATH, 'Hello, where is my order SIM-1001? [status]');
				const took = (Date.now() - started) / 1000;
				const requests = conversation('[status]');
				assertEqual(requests.length, 2, 'model calls (tool call, then answer)');

				// What n8n offers the model: one function per tool node, described by the example.
				const tools = requests[0].tools.map((tool) => tool.function);
				line(`tool definitions n8n sent to the model:\n${JSON.stringify(requests[0].tools, null, 2).replace(/^/gm, '      ')}`);
				const shipped = example();
				const described = Object.fromEntries(shipped.nodes.filter((n) => n.type === `${PACKAGE}.oceanpaymentTool`).map((n) => [n.name.replace(/ /g, '_'), n.parameters.toolDescription]));
				assertEqual(tools.map((tool) => tool.name).sort(), Object.keys(described).sort(), 'tool names');
				for (const tool of tools) assertEqual(tool.description, described[tool.name], `${tool.name}: description`);
				const status = tools.find((tool) => tool.name === 'Get_Order_Status');
				assertEqual(Object.keys(status.parameters.properties), ['orderNumbers'], 'Get_Order_Status parameters');
				assert(/order number/.test(status.parameters.properties.orderNumbers.description), `orderNumbers has the example's description: ${JSON.stringify(status.parameters.properties.orderNumbers)}`);
				assertEqual(Object.keys(tools.find((tool) => tool.name === 'Refund_Payment').parameters.properties).sort(), ['amount', 'orderNumber', 'reason'], 'Refund_Payment parameters');

				// The tool ran once, with the model's arguments, signed correctly.
				const lookups = calls(sim, '/service/check/normal');
				assertEqual(lookups.map((call) => [call.fields.order_number, call.signature]), [['SIM-1001', 'valid']], 'status queries');
				// Its items reached the model as the tool's answer.
				const items = JSON.parse(toolAnswer(requests));
				assertEqual(items.map((item) => [item.orderNumber, item.paymentStatus, item.amount, item.currency]), [['SIM-1001', 'success', '25.00', 'USD']], 'items the model received');
				assert(String(reply?.output).startsWith(FINAL), `the webhook answered the agent's output: ${JSON.stringify(reply).slice(0, 300)}`);

				// A validation error: nothing sent, the error is the tool's answer, the run still succeeds.
				const before = sim.admin.getLog().length;
				const invalid = await say(ctx, TOOLS_PATH, 'What about order AAAA…? [status-invalid]');
				const error = toolAnswer(conversation('[status-invalid]'));
				assert(/Order Numbers/.test(error) && /50/.test(error), `the model was told what is wrong: ${error.slice(0, 400)}`);
				assertEqual(calls(sim, '/service/check/normal', before).length, 0, 'status queries for an invalid order number');
				assert(String(invalid?.output).includes('Order Numbers'), `the agent answered with the error: ${JSON.stringify(invalid).slice(0, 300)}`);
				const runs = await executions(ctx, TOOLS_WORKFLOW);
				assertEqual(runs.map((run) => run.status), ['success', 'success'], 'executions');
				line(`status question answered in ${took.toFixed(1)} s (2 model calls, 1 gateway call); the validation error reached the model as: ${error.slice(0, 160)}…`);
			},
		},
		{
			name: 'AI agent: a refund tool without an approval gate and without "Allow AI Agent to Run This" refuses, sends nothing, and the model is told',
			skip,
			prepare,
			cleanup,
			run: async (ctx) => {
				const { sim, seedForRun } = ctx;
				seedForRun();
				const reply = await say(ctx, TOOLS_PATH, 'Refund 5.00 of order SIM-1001 please [refund-ungated]');
				const told = toolAnswer(conversation('[refund-ungated]'));
				assert(/moves money/.test(told) && /does not allow an AI agent/.test(told), `the model was told why: ${told.slice(0, 400)}`);
				// Not even the payment lookup (the dispute trigger of another check may still poll its own endpoint).
				assertEqual(calls(sim, '/service/check/normal').length + calls(sim, '/service/applyRefund').length, 0, 'gateway calls');
				assertEqual(sim.admin.getRefunds(), [], 'refunds');
				assert(String(reply?.output).includes('does not allow an AI agent'), `agent output: ${JSON.stringify(reply).slice(0, 300)}`);
			},
		},
		{
			name: 'support agent example: a refund waits for a person — none while the approval mail is open, exactly one after Refund is clicked (a second click changes nothing)',
			skip,
			prepare,
			cleanup,
			run: async (ctx) => {
				const { sim, seedForRun } = ctx;
				seedForRun();
				const started = Date.now();
				await say(ctx, SUPPORT_PATH, 'My order SIM-1002 arrived damaged, please refund 9.90 [refund-approve]');
				const { mail, approve } = await approvalMail('SIM-1002');
				assertEqual(mail.to, ['payments@shop.example.com'], 'approval mail recipients');
				assert(mail.text.includes('9.90') && mail.text.includes('Arrived damaged'), `the mail shows amount and reason:\n${mail.text.slice(0, 1500)}`);
				const mailed = (Date.now() - started) / 1000;
				// Waiting: nothing refunded, nothing even looked up, the model not asked again.
				const execution = await waitingExecution(ctx);
				await new Promise((resolve) => setTimeout(resolve, 3000));
				assertEqual(calls(sim, '/service/applyRefund').length + calls(sim, '/service/check/normal').length, 0, 'gateway calls while the approval waits');
				assertEqual(sim.admin.getRefunds(), [], 'refunds while the approval waits');
				assertEqual((await executions(ctx, SUPPORT_WORKFLOW)).find((run) => run.id === execution)?.status, 'waiting', 'execution while the approval waits');
				const waiting = conversation('[refund-approve]');
				assertEqual(waiting.length, 1, 'model calls while the approval waits');
				const gated = waiting[0].tools.find((tool) => tool.function.name === 'Refund_Payment').function;
				assertEqual(Object.keys(gated.parameters.properties), ['toolParameters', 'hitlParameters'], 'the gated tool\'s parameters');
				line(`behind the gate n8n offers Refund_Payment with parameters ${JSON.stringify(gated.parameters.properties).slice(0, 600)}`);

				const clicked = await click(ctx, approve);
				assert(clicked.status === 200, `the approve link answered ${clicked.status}: ${clicked.text.slice(0, 300)}`);
				await waitFor(() => conversation('[refund-approve]').length >= 2, 60_000, 'the model to get the refund tool\'s answer');
				assertEqual(await settledStatus(ctx, execution), 'success', 'execution after approval');
				const refunds = calls(sim, '/service/applyRefund');
				assertEqual(refunds.map((call) => [call.fields.refund_amount, call.fields.refund_type, call.fields.refund_description, call.signature]), [['9.90', '2', 'Arrived damaged', 'valid']], 'refund calls');
				assertEqual(sim.admin.getRefunds().map((refund) => [refund.payment_id, refund.refund_amount]), [['260101000000000001002', '9.90']], 'refunds made');
				const told = JSON.parse(toolAnswer(conversation('[refund-approve]')));
				assertEqual(told.map((item) => [item.created, item.amount, item.refundType]), [[true, '9.90', 'partial']], 'what the model was told');

				// The link again: the execution is over, no second refund.
				const again = await click(ctx, approve);
				await new Promise((resolve) => setTimeout(resolve, 2000));
				assertEqual(sim.admin.getRefunds().length, 1, `refunds after a second click (it answered ${again.status})`);
				line(`approval mail after ${mailed.toFixed(1)} s; refund made once after the click; whole check ${((Date.now() - started) / 1000).toFixed(1)} s`);
			},
		},
		{
			name: 'support agent example: a declined refund makes none, and the model is told it was rejected',
			skip,
			prepare,
			cleanup,
			run: async (ctx) => {
				const { sim, seedForRun } = ctx;
				seedForRun();
				await say(ctx, SUPPORT_PATH, 'Order SIM-1001 never arrived, refund all of it [refund-deny]');
				const { decline } = await approvalMail('SIM-1001');
				const execution = await waitingExecution(ctx);
				const clicked = await click(ctx, decline);
				assert(clicked.status === 200, `the decline link answered ${clicked.status}: ${clicked.text.slice(0, 300)}`);
				await waitFor(() => conversation('[refund-deny]').length >= 2, 60_000, 'the model to hear about the decision');
				const told = toolAnswer(conversation('[refund-deny]'));
				assert(/rejected the tool call to Refund Payment/.test(told), `the model was told: ${told.slice(0, 400)}`);
				await new Promise((resolve) => setTimeout(resolve, 2000));
				assertEqual(calls(sim, '/service/applyRefund').length, 0, 'refund calls');
				assertEqual(sim.admin.getRefunds(), [], 'refunds');
				assertEqual(await settledStatus(ctx, execution), 'success', 'execution after the decline');
				line(`the model was told: ${told}`);
			},
		},
	];
}
