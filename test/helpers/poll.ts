/**
 * Runs a polling trigger's poll() inside n8n-core's real PollContext, with the workflow's static
 * data given and read back, like n8n's own trigger tests do.
 */
import { PollContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { additionalDataFor, TestNodeTypes, type CredentialData } from './n8n';

export interface PollRun {
	trigger: INodeType;
	type: string;
	parameters: INode['parameters'];
	credentials: CredentialData;
	/** The workflow's static data before the poll (it is deep-copied, as a restart would). */
	staticData?: IDataObject;
	mode?: WorkflowExecuteMode;
	activation?: WorkflowActivateMode;
	/** The trigger node's name and ID (n8n keys node static data by name; IDs survive renames). */
	nodeName?: string;
	nodeId?: string;
	/** The node's version (1 unless given). */
	typeVersion?: number;
}

export interface PollOutcome {
	items: INodeExecutionData[];
	/** The workflow's static data after the poll, serialised and parsed back. */
	staticData: IDataObject;
	error?: Error;
}

export async function runPoll(run: PollRun): Promise<PollOutcome> {
	const node: INode = {
		id: run.nodeId ?? 'trigger-node',
		name: run.nodeName ?? 'Oceanpayment Trigger',
		type: run.type,
		typeVersion: run.typeVersion ?? 1,
		position: [0, 0],
		parameters: run.parameters,
		credentials: { oceanpaymentApi: { id: '1', name: 'Oceanpayment test' } },
	};
	const workflow = new Workflow({
		id: 'poll-workflow',
		name: 'Poll',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new TestNodeTypes({ [run.type]: run.trigger }),
		staticData: JSON.parse(JSON.stringify(run.staticData ?? {})) as IDataObject,
		settings: { executionOrder: 'v1' },
	});
	const context = new PollContext(
		workflow,
		node,
		additionalDataFor(run.credentials),
		run.mode ?? 'trigger',
		run.activation ?? 'activate',
	);
	let items: INodeExecutionData[] = [];
	let error: Error | undefined;
	try {
		const result = await run.trigger.poll!.call(context);
		items = result?.[0] ?? [];
	} catch (caught) {
		error = caught as Error;
	}
	return { items, staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject, error };
}
