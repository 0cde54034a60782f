import type { INodeProperties } from 'n8n-workflow';

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return stable camelCase fields with ISO times and translated status codes instead of the raw gateway fields',
};

export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const dateRangeFields = (windowText: string): INodeProperties[] => [
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: `Start of the period (inclusive). Times without an offset are read in the workflow's time zone and converted to the gateway's. ${windowText}`,
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'End of the period (inclusive)',
	},
];

const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Ms)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1000, maxValue: 3600000 },
	default: 30000,
	description: 'How long to wait for the gateway before giving up on a call (at most 3600000, one hour)',
};

const retriesOption: INodeProperties = {
	displayName: 'Retries on Network Errors',
	name: 'retries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 5 },
	default: 2,
	description:
		'How many times to repeat this read-only call after a timeout, a dropped connection or an HTTP 5xx answer, waiting 0.5 s, then 1 s, 2 s…',
};

/**
 * Shown on the node's AI-agent tool only (`@tool`). An operation that moves money runs for an
 * agent only when this is on: actions/router.ts refuses it otherwise, before anything is sent.
 * Read as stored, never as an expression, so a model's `$fromAI` cannot turn it on.
 */
export const allowAgentField: INodeProperties = {
	displayName: 'Allow AI Agent to Run This',
	name: 'allowAgent',
	type: 'boolean',
	noDataExpression: true,
	default: false,
	displayOptions: { show: { '@tool': [true] } },
	description:
		'Whether an AI agent may run this operation, which moves money. Off: the tool refuses every call, sends nothing and tells the agent why. Turn it on only with a human approval step between this tool and the agent, such as a Human in the Loop tool of Send Email, Slack or Telegram.',
};

/** Batched reads (Get Status, Card BIN): how many of their calls may run at once. */
export const MAX_PARALLEL_CALLS = 8;
export const parallelCallsOption: INodeProperties = {
	displayName: 'Parallel Calls',
	name: 'parallelCalls',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_CALLS },
	default: 1,
	description: `How many calls of 100 numbers may be in flight at once, up to ${MAX_PARALLEL_CALLS}. Oceanpayment documents no rate limit, so the default sends one call after the other; 4 cuts the time of 1,000 order numbers to about a third.`,
};

/** Options of a read-only operation: timeout and retries. */
export const readOptions: INodeProperties[] = [retriesOption, timeoutOption];

/** Options of a call that changes something: timeout only, never retried. */
export const writeOptions: INodeProperties[] = [timeoutOption];
