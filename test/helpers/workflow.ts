/**
 * Runs a chain of nodes (Source → node 1 → node 2 …) through a real WorkflowExecute with an
 * execution ID, as n8n does in production and in manual runs: the nodes of one run share one
 * execution, and each node names its own credential (ID and name). Used by the attack tests to
 * play two nodes, two credentials and many executions.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { NodeConnectionTypes, Workflow, type IConnections, type IDataObject, type INode, type INodeExecutionData, type IRun, type IRunExecutionData, type INodeType } from 'n8n-workflow';

import { additionalDataFor, TestNodeTypes, type CredentialData } from './n8n';

export interface ChainNode {
	name: string;
	type: string;
	parameters: INode['parameters'];
	credentialId?: string;
	onError?: INode['onError'];
}

export interface ChainResult {
	/** Output 0 of each node, by name. */
	outputs: Record<string, INodeExecutionData[]>;
	error?: IRun['data']['resultData']['error'];
	run: IRun;
}

export async function runChain(options: { nodes: ChainNode[]; nodeTypes: Record<string, INodeType>; credentials: CredentialData; items?: IDataObject[]; executionId: string }): Promise<ChainResult> {
	const nodes: INode[] = [
		{ id: 'source', name: 'Source', type: 'testSource', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(options.items ?? [{}]) } },
		...options.nodes.map(
			(node, index): INode => ({
				id: `node-${index}`,
				name: node.name,
				type: node.type,
				typeVersion: 1,
				position: [200 * (index + 1), 0],
				parameters: node.parameters,
				credentials: { oceanpaymentApi: { id: node.credentialId ?? '1', name: `Oceanpayment ${node.credentialId ?? '1'}` } },
				...(node.onError ? { onError: node.onError } : {}),
			}),
		),
	];
	const connections: IConnections = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		connections[nodes[index].name] = { main: [[{ node: nodes[index + 1].name, type: NodeConnectionTypes.Main, index: 0 }]] };
	}
	const workflow = new Workflow({ id: 'attack-workflow', name: 'Attack', nodes, connections, active: false, nodeTypes: new TestNodeTypes(options.nodeTypes), settings: { executionOrder: 'v1' } });
	const additionalData = additionalDataFor(options.credentials);
	additionalData.executionId = options.executionId;
	additionalData.hooks = new ExecutionLifecycleHooks('manual', options.executionId, {
		id: 'attack-workflow',
		name: 'Attack',
		nodes,
		connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: {},
	} as never);
	const run = await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: workflow.getNode('Source') ?? undefined });
	const outputs: Record<string, INodeExecutionData[]> = {};
	for (const node of options.nodes) {
		const runData = (run.data as IRunExecutionData).resultData.runData[node.name];
		outputs[node.name] = ((runData?.[0]?.data?.main ?? [])[0] ?? []) as INodeExecutionData[];
	}
	return { outputs, error: run.data.resultData.error, run };
}
