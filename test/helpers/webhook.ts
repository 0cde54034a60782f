/**
 * Runs a webhook trigger's webhook() the way n8n does for a production webhook: a real HTTP server
 * (webhook-server.js), the real Node request and response, n8n-core's real WebhookContext over a
 * real Workflow built anew for every request (as n8n's LiveWebhooks does), and the answer n8n
 * gives afterwards. n8n 2.x answers `responseMode: 'onReceived'` once the execution exists: here
 * "the execution" is the list of items webhook() returned.
 */
import { WebhookContext } from 'n8n-core';
import { Workflow, type INode, type INodeExecutionData, type INodeType, type IWebhookData, type IWebhookResponseData, type WorkflowExecuteMode } from 'n8n-workflow';

import { additionalDataFor, TestNodeTypes, type CredentialData } from './n8n';

interface HttpModule {
	startHttpServer(handle: (request: unknown, response: unknown) => Promise<void>, options?: { proxyHops?: number }): Promise<{ url: string; close(): Promise<void> }>;
	send(response: unknown, status: number, body: unknown): string;
}
// Plain JavaScript: Node's http stays out of TypeScript sources (lint).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = require('./webhook-server') as HttpModule;

export interface WebhookServerOptions {
	trigger: INodeType;
	type: string;
	parameters: INode['parameters'];
	credentials: CredentialData;
	mode?: WorkflowExecuteMode;
	/** N8N_PROXY_HOPS: how many proxies in front of n8n Express trusts for `req.ip`. */
	proxyHops?: number;
	/** Simulates n8n failing to create the execution after webhook() accepted: answers 500. */
	failExecutions?: () => boolean;
	workflowId?: string;
	nodeId?: string;
	/** The node's version (1 unless given). The body reaches the node unparsed in either. */
	typeVersion?: number;
}

/** One request as n8n would have handled it. */
export interface Delivery {
	/** The items n8n would start an execution with (none: the delivery was dropped). */
	items: INodeExecutionData[];
	/** What webhook() threw, if it did (n8n then answers 500). */
	error?: Error;
	status: number;
	body: string;
}

export interface WebhookServer {
	url: string;
	deliveries: Delivery[];
	/** The items of every delivery that started an execution. */
	executions(): INodeExecutionData[][];
	close(): Promise<void>;
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
	const description = options.trigger.description.webhooks![0];
	const node: INode = {
		id: options.nodeId ?? 'notification-trigger',
		name: 'Oceanpayment Notification Trigger',
		type: options.type,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { oceanpaymentApi: { id: '1', name: 'Oceanpayment test' } },
		webhookId: 'test-webhook-id',
	};
	const deliveries: Delivery[] = [];

	const handle = async (request: unknown, response: unknown) => {
		const workflow = new Workflow({
			id: options.workflowId ?? 'webhook-workflow',
			name: 'Webhook',
			nodes: [{ ...node, parameters: JSON.parse(JSON.stringify(node.parameters)) }],
			connections: {},
			active: true,
			nodeTypes: new TestNodeTypes({ [options.type]: options.trigger }),
			staticData: {},
			settings: { executionOrder: 'v1' },
		});
		const additionalData = additionalDataFor(options.credentials);
		additionalData.httpRequest = request as never;
		additionalData.httpResponse = response as never;
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: `${node.webhookId}/${description.path}`,
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
		};
		const context = new WebhookContext(workflow, workflow.getNode(node.name)!, additionalData, options.mode ?? 'webhook', webhookData, [], null);
		let result: IWebhookResponseData;
		try {
			result = await options.trigger.webhook!.call(context);
		} catch (error) {
			const body = http.send(response, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			deliveries.push({ items: [], error: error as Error, status: 500, body });
			return;
		}
		if (result.noWebhookResponse) {
			// webhook() answered by itself (n8n then sends nothing more).
			deliveries.push({ items: [], status: (response as { statusCode: number }).statusCode, body: '' });
			return;
		}
		if (result.workflowData && options.failExecutions?.()) {
			const body = http.send(response, 500, { code: 0, message: 'The execution could not be created' });
			deliveries.push({ items: [], status: 500, body });
			return;
		}
		// With a workflow to run, n8n answers with the description's responseData; without, with webhookResponse.
		const answer = result.workflowData ? (description.responseData ?? { message: 'Workflow was started' }) : (result.webhookResponse ?? { message: 'Webhook call received' });
		const body = http.send(response, 200, answer);
		deliveries.push({ items: result.workflowData?.[0] ?? [], status: 200, body });
	};

	const server = await http.startHttpServer(handle, { proxyHops: options.proxyHops });
	return {
		url: `${server.url}/webhook/${node.webhookId}/${description.path}`,
		deliveries,
		executions: () => deliveries.filter((delivery) => delivery.items.length > 0).map((delivery) => delivery.items),
		close: () => server.close(),
	};
}
