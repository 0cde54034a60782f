/**
 * Why the node does not keep redeliveries in workflow static data, shown with n8n-workflow's own
 * Workflow class. n8n 2.x (read in n8n@2.41.1 dist): LiveWebhooks.executeWebhook builds a Workflow
 * over the static data it loaded from the database and saves it in the webhook's response callback
 * only if `staticData.__dataChanged` is true (WorkflowStaticDataService.saveStaticData). For an
 * `onReceived` webhook that starts an execution, that callback runs after WorkflowRunner.run(),
 * which first builds another Workflow over the same object (establishContextForPersistence,
 * runMainProcess). Building it clears the flag, so what the webhook wrote is never saved, in
 * regular and in queue mode. Only while the workflow has no static data at all (null in the
 * database) do the two Workflows get separate objects, so that first change is saved.
 * (n8n 1.x answers before WorkflowRunner.run() and saves every change.) test/e2e/probes/
 * webhook-static-data.mjs measures it in a real n8n: 2.41.1 kept 1 of 3 changes, 1.123.81 all 3.
 */
import { Workflow, type IDataObject, type INode } from 'n8n-workflow';

import { OceanpaymentNotificationTrigger } from '../../nodes/Oceanpayment/OceanpaymentNotificationTrigger.node';
import { TestNodeTypes } from '../helpers/n8n';

const node: INode = { id: 'n', name: 'Oceanpayment Notification Trigger', type: 'trigger', typeVersion: 1, position: [0, 0], parameters: {} };
const workflowOver = (staticData: IDataObject) =>
	new Workflow({ id: 'w', nodes: [{ ...node }], connections: {}, active: true, nodeTypes: new TestNodeTypes({ trigger: new OceanpaymentNotificationTrigger() }), staticData, settings: {} });

it("a second Workflow over the same static data clears the first one's changed flag, so n8n 2.x never saves what a webhook wrote", () => {
	const fromDatabase: IDataObject = {};
	const webhookWorkflow = workflowOver(fromDatabase);
	// What a webhook() writing to getWorkflowStaticData('node') does.
	webhookWorkflow.getStaticData('node', webhookWorkflow.getNode(node.name)!).seen = ['refund:123:1'];
	expect(webhookWorkflow.staticData.__dataChanged).toBe(true);

	// WorkflowRunner.run() for the execution the webhook starts.
	workflowOver(fromDatabase);

	expect(webhookWorkflow.staticData.__dataChanged).toBe(false);
	expect((fromDatabase[`node:${node.name}`] as IDataObject).seen).toEqual(['refund:123:1']);
});

it('while the workflow has no static data yet, each Workflow gets its own object and the first change keeps its flag', () => {
	const webhookWorkflow = workflowOver(null as unknown as IDataObject);
	webhookWorkflow.getStaticData('node', webhookWorkflow.getNode(node.name)!).seen = ['refund:123:1'];
	workflowOver(null as unknown as IDataObject);
	expect(webhookWorkflow.staticData.__dataChanged).toBe(true);
});

it('the hidden options.binaryData default reaches $parameter, which makes n8n leave a version-1 node\'s body unparsed', () => {
	const workflow = workflowOver({});
	const trigger = workflow.getNode(node.name)!;
	expect(trigger.parameters.options).toEqual({ binaryData: true });
	// The expression n8n's parseRequestBody evaluates for version-1 webhook nodes.
	expect(workflow.expression.getSimpleParameterValue(trigger, '={{$parameter["options"]["binaryData"]}}', 'webhook', {}, undefined, false)).toBe(true);
});
