import {
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { asNodeError, createRunContext, errorItem, type RunContext } from '../helpers/execute';
import type { OperationOutput } from '../helpers/output';
import * as account from './account/Account.resource';
import * as cardBin from './cardBin/CardBin.resource';
import * as customs from './customs/Customs.resource';
import * as order from './order/Order.resource';
import * as preAuthorization from './preAuthorization/PreAuthorization.resource';
import * as refund from './refund/Refund.resource';
import * as tracking from './tracking/Tracking.resource';
import type { NodeMap, ResourceName } from './node.type';

export interface Operation {
	execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]>;
	/** The fields of its items: the source of its output schema (actions/outputSchemas.ts). */
	output: OperationOutput;
	/** Set on operations that move money, to their name: an AI agent may run them only when allowed. */
	movesMoney?: string;
}

/** The resource modules by Resource option value: one missing or left over does not compile. */
export const resourceModules = { account, cardBin, customs, order, preAuthorization, refund, tracking } satisfies Record<
	ResourceName,
	{ operations: readonly INodePropertyOptions[] }
>;

/** Resource → operation, keyed by the descriptions' option values: a renamed, missing or extra operation does not compile. */
export const resources: { [R in ResourceName]: Record<NodeMap[R], Operation> } = {
	account: { healthCheck: account.healthCheck, selfCheck: account.selfCheck },
	cardBin: { lookup: cardBin.lookup },
	customs: { submit: customs.submit, resubmit: customs.resubmit },
	order: {
		getStatus: order.getStatus,
		getManySuccessful: order.getManySuccessful,
		getManyBusinessEvents: order.getManyBusinessEvents,
		getManyDisputes: order.getManyDisputes,
	},
	preAuthorization: { capture: preAuthorization.capture, void: preAuthorization.void, reverse: preAuthorization.reverse },
	refund: { create: refund.create, get: refund.get },
	tracking: { upload: tracking.upload },
};

/** The operation a resource/operation pair of parameter values names, if the description offers it. */
export function operationFor(resource: string, operation: string): Operation | undefined {
	return (resources as Record<string, Record<string, Operation> | undefined>)[resource]?.[operation];
}

/** The node runs as an AI agent's tool: n8n gives that variant a type name ending in "Tool". */
const isAgentTool = (node: INode): boolean => node.type.endsWith('Tool');

/** Dispatches to the operation chosen on the node (resource and operation are not expressions). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operationFor(resource, operation);
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	if (handler.movesMoney && isAgentTool(this.getNode()) && this.getNode().parameters.allowAgent !== true) {
		const error = new NodeOperationError(
			this.getNode(),
			`${handler.movesMoney} moves money, and this Oceanpayment tool does not allow an AI agent to run it. Nothing was sent`,
			{
				description:
					'A person must decide this. To let an agent ask for it, put a human approval step (a Human in the Loop tool such as Send Email, Slack or Telegram) between this tool and the agent, then turn on "Allow AI Agent to Run This" on this tool.',
			},
		);
		if (this.continueOnFail()) return [items.map((_, itemIndex) => errorItem(error, itemIndex))];
		throw error;
	}
	let run: RunContext;
	try {
		run = await createRunContext.call(this);
	} catch (error) {
		// A setup failure (credential, time zone) fails every item: under Continue On Fail each
		// becomes an error item paired to its input, so nothing reaches the success output.
		if (this.continueOnFail()) return [items.map((_, itemIndex) => errorItem(error, itemIndex))];
		throw asNodeError(this, error, 0);
	}
	return [await handler.execute.call(this, items, run)];
}
