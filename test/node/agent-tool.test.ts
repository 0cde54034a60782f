/**
 * The node as an AI agent's tool: n8n runs it under a type name ending in "Tool" (its
 * `usableAsTool` variant, here made the way n8n makes it: the same node, the name + "Tool").
 * Operations that move money refuse to run for an agent unless "Allow AI Agent to Run This" is
 * on, before anything is sent; everything else, and the plain node, is unchanged.
 */
import type { INodeParameters, INodeType } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { resources } from '../../nodes/Oceanpayment/actions/router';
import { runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { startGateway, type Simulator } from '../helpers/gateway';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());
beforeEach(() => sim.admin.reset());

function toolVariant(): INodeType {
	const node = new Oceanpayment();
	node.description = { ...node.description, name: `${node.description.name}Tool` };
	return node;
}

async function run(type: 'oceanpayment' | 'oceanpaymentTool', parameters: INodeParameters, onError?: 'continueErrorOutput'): Promise<RunResult> {
	return await runNode({
		node: { type, parameters, onError },
		nodeTypes: { oceanpayment: new Oceanpayment(), oceanpaymentTool: toolVariant() },
		credentials,
	});
}

const MONEY: Record<string, INodeParameters> = {
	'refund/create': { paymentId: '260101000000000001001', refundType: '2', amount: '5.00', description: 'Damaged' },
	'preAuthorization/capture': { paymentId: '260101000000000001004' },
	'preAuthorization/void': { paymentId: '260101000000000001004' },
	'preAuthorization/reverse': { orderNumber: 'SIM-1005' },
};
const withOperation = (key: string, extra: INodeParameters = {}) => {
	const [resource, operation] = key.split('/');
	return { resource, operation, ...MONEY[key], ...extra };
};

test('the operations that move money are exactly refund, capture, void and reverse', () => {
	const marked = Object.entries(resources).flatMap(([resource, operations]) =>
		Object.entries(operations)
			.filter(([, operation]) => operation.movesMoney)
			.map(([operation]) => `${resource}/${operation}`),
	);
	expect(marked.sort()).toEqual(Object.keys(MONEY).sort());
});

test.each(Object.keys(MONEY))('%s as an agent tool: refused without the option, before any call, naming what to do', async (key) => {
	const result = await run('oceanpaymentTool', withOperation(key));
	expect(result.error?.message).toMatch(/moves money, and this Oceanpayment tool does not allow an AI agent to run it\. Nothing was sent/);
	expect(result.error?.description).toContain('Allow AI Agent to Run This');
	expect(sim.admin.getLog()).toEqual([]);
});

test('an expression cannot turn the option on (a model could fill it through $fromAI)', async () => {
	const result = await run('oceanpaymentTool', withOperation('refund/create', { allowAgent: '={{ true }}' }));
	expect(result.error?.message).toContain('does not allow an AI agent');
	expect(sim.admin.getRefunds()).toEqual([]);
});

test('with the option on, the agent tool refunds (once)', async () => {
	const result = await run('oceanpaymentTool', withOperation('refund/create', { allowAgent: true }));
	expect(result.error).toBeUndefined();
	expect(result.output.map((item) => item.json.created)).toEqual([true]);
	expect(sim.admin.getRefunds()).toHaveLength(1);
});

test('the plain node (not a tool) refunds without the option, as before', async () => {
	const result = await run('oceanpayment', withOperation('refund/create'));
	expect(result.error).toBeUndefined();
	expect(sim.admin.getRefunds()).toHaveLength(1);
});

test('read-only operations run as a tool without any option', async () => {
	const result = await run('oceanpaymentTool', { resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001' });
	expect(result.error).toBeUndefined();
	expect(result.output[0].json).toMatchObject({ orderNumber: 'SIM-1001', paymentStatus: 'success' });
});

test('under Continue On Fail the refusal is an error item paired to its input', async () => {
	const result = await run('oceanpaymentTool', withOperation('refund/create'), 'continueErrorOutput');
	expect(result.output).toEqual([]);
	expect(result.errorOutput).toEqual([{ json: { error: expect.stringContaining('does not allow an AI agent') }, pairedItem: { item: 0 } }]);
	expect(sim.admin.getLog()).toEqual([]);
});

