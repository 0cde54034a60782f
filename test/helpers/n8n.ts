/**
 * Runs nodes the way n8n does: a real Workflow, a real WorkflowExecute (n8n-core) with real
 * execution contexts and real HTTP, and a credentials helper whose authenticate() is the
 * package's own credential. Nothing of n8n is mocked; only the storage of credentials is
 * replaced by an in-memory map, as n8n's own NodeTestHarness does.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { OceanpaymentApi } from '../../credentials/OceanpaymentApi.credentials';
import { TestSource } from './test-nodes';

export type CredentialData = ICredentialDataDecryptedObject;

export class TestCredentialsHelper extends ICredentialsHelper {
	readonly credentialType = new OceanpaymentApi();

	constructor(private readonly data: CredentialData) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		if (typeName !== this.credentialType.name) throw new Error(`Unknown credential type ${typeName}`);
		return await this.credentialType.authenticate(credentials, requestOptions);
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Not used: the test helper serves decrypted data only');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return { ...this.data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return this.credentialType.properties;
	}
}

export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType>;

	constructor(types: Record<string, INodeType>) {
		this.types = { testSource: new TestSource(), ...types };
	}

	getByName(name: string): INodeType {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	}

	getByNameAndVersion(name: string): INodeType {
		return this.getByName(name);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export function additionalDataFor(credentials: CredentialData): IWorkflowExecuteAdditionalData {
	const unused = async () => {
		throw new Error('not available in tests');
	};
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		executeWorkflow: unused,
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: unused,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunOptions {
	/** The node under test (type name must be known to `nodeTypes`). */
	node: { type: string; parameters: INode['parameters']; onError?: INode['onError']; name?: string; typeVersion?: number };
	nodeTypes: Record<string, INodeType>;
	credentials: CredentialData;
	/** Input items for the node under test. */
	items?: IDataObject[];
	mode?: WorkflowExecuteMode;
}

export interface RunResult {
	/** Output 0 of the node under test. */
	output: INodeExecutionData[];
	/** Output 1 (the error output, when onError is continueErrorOutput). */
	errorOutput: INodeExecutionData[];
	/** The execution hints the node added (the editor shows them above the output). */
	hints: NonNullable<IRun['data']['resultData']['runData'][string][number]['hints']>;
	/** The error that stopped the workflow, if any. */
	error?: IRun['data']['resultData']['error'];
	run: IRun;
}

/** Runs Test Source → node under test through WorkflowExecute and returns what the node emitted. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const name = options.node.name ?? 'Oceanpayment';
	const nodes: INode[] = [
		{
			id: 'source',
			name: 'Source',
			type: 'testSource',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		},
		{
			id: 'under-test',
			name,
			type: options.node.type,
			// Version 1 unless a test asks for another: the tests written before version 2 drive version 1.
			typeVersion: options.node.typeVersion ?? 1,
			position: [200, 0],
			parameters: options.node.parameters,
			credentials: { oceanpaymentApi: { id: '1', name: 'Oceanpayment test' } },
			...(options.node.onError ? { onError: options.node.onError } : {}),
		},
	];
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test',
		nodes,
		connections: { Source: { main: [[{ node: name, type: NodeConnectionTypes.Main, index: 0 }]] } },
		active: false,
		nodeTypes: new TestNodeTypes(options.nodeTypes),
		settings: { executionOrder: 'v1' },
	});
	const mode = options.mode ?? 'manual';
	const additionalData = additionalDataFor(options.credentials);
	additionalData.hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		id: 'test-workflow',
		name: 'Test',
		nodes,
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: {},
	} as never);
	const execute = new WorkflowExecute(additionalData, mode);
	const run = await execute.run({ workflow, startNode: workflow.getNode('Source') ?? undefined });
	const runData = (run.data as IRunExecutionData).resultData.runData[name];
	const main = runData?.[0]?.data?.main ?? [];
	return {
		output: (main[0] ?? []) as INodeExecutionData[],
		errorOutput: (main[1] ?? []) as INodeExecutionData[],
		hints: runData?.[0]?.hints ?? [],
		error: run.data.resultData.error,
		run,
	};
}
