/**
 * The credential's Test button: n8n runs `test.request` through n8n-core's RoutingNode with the
 * credential's own authenticate(). This reproduces that path (as n8n's CredentialsTester does)
 * to show what the test can and cannot detect.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import { NodeConnectionTypes, Workflow, createEmptyRunExecutionData, type INode, type INodeType } from 'n8n-workflow';

import { OceanpaymentApi } from '../../credentials/OceanpaymentApi.credentials';
import { additionalDataFor, TestNodeTypes, type CredentialData } from '../helpers/n8n';
import { startGateway, type Simulator } from '../helpers/gateway';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());
beforeEach(() => {
	sim.admin.clearFaults();
	sim.admin.clearLog();
});

async function credentialTest(data: CredentialData): Promise<'OK' | string> {
	const credential = new OceanpaymentApi();
	const nodeType: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credential.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: credential.test.request } }],
		},
	};
	const node: INode = { id: 'test', name: 'Temp-Node', type: 'credentialTest', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { oceanpaymentApi: { id: '1', name: 'c' } } };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes({ credentialTest: nodeType }) });
	const context = new ExecuteContext(workflow, node, additionalDataFor(data), 'internal', createEmptyRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
	const routing = new RoutingNode(context, nodeType, { id: '1', name: 'c', type: credential.name, data });
	try {
		await routing.runNode();
		return 'OK';
	} catch (error) {
		return (error as Error).message;
	}
}

test('reachable gateway with the right keys: OK, through a correctly signed request', async () => {
	expect(await credentialTest(credentials)).toBe('OK');
	const [call] = sim.admin.getLog();
	expect(call.path).toBe('/service/check/normal');
	expect(call.signature).toBe('valid');
});

test('an HTTP error (e.g. an IP block answered with 403/5xx) fails the test', async () => {
	sim.admin.setFault('*', { mode: 'http503' });
	expect(await credentialTest(credentials)).not.toBe('OK');
});

test('an unreachable custom URL fails the test', async () => {
	expect(await credentialTest({ ...credentials, queryBaseUrl: 'http://127.0.0.1:9' })).not.toBe('OK');
});

test('a wrong secure code is NOT detected (HTTP 200 with an XML result code), as the README says', async () => {
	expect(await credentialTest({ ...credentials, secureCode: 'wrong' })).toBe('OK');
	expect(sim.admin.getLog()[0].signature).toBe('invalid');
});
