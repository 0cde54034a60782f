import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';
import { DateTime } from 'luxon';

import { DEFAULT_GATEWAY_TIME_ZONE, isValidTimeZone } from '../transport/dates';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, type RequestOptions } from '../transport';
import { InputValidator } from './validation';

/** What every operation needs besides its own parameters. */
export interface RunContext {
	gatewayZone: string;
	workflowZone: string;
	now: DateTime;
}

/**
 * Reads the gateway time zone: the one non-secret credential field the node needs to turn the
 * gateway's local times into ISO times. Signing stays inside the credential.
 */
export async function createRunContext(this: IExecuteFunctions | IPollFunctions): Promise<RunContext> {
	const credentials = await this.getCredentials<{ gatewayTimeZone?: string }>('oceanpaymentApi');
	const gatewayZone = (credentials.gatewayTimeZone ?? '').trim() || DEFAULT_GATEWAY_TIME_ZONE;
	if (!isValidTimeZone(gatewayZone)) {
		throw new NodeOperationError(this.getNode(), `Gateway Time Zone "${gatewayZone}" in the credential is not a time zone`, {
			description: 'Use an IANA name such as Asia/Shanghai (UTC+8) in the Oceanpayment credential.',
		});
	}
	return { gatewayZone, workflowZone: this.getTimezone(), now: DateTime.now() };
}

export function validatorFor(context: IExecuteFunctions, itemIndex: number): InputValidator {
	return new InputValidator(context.getNode(), itemIndex);
}

/** Timeout and retries from an operation's Options collection. */
export function requestOptionsFrom(options: IDataObject, itemIndex: number, operation: string): RequestOptions {
	const retries = options.retries === undefined ? DEFAULT_RETRY.retries : Number(options.retries);
	return {
		itemIndex,
		operation,
		timeoutMs: options.timeout === undefined ? DEFAULT_TIMEOUT_MS : Number(options.timeout),
		retry: { retries, delayMs: DEFAULT_RETRY.delayMs },
	};
}

/** The item n8n routes to the error output: only `error`, paired to its input. */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	return { json: { error: (error as Error).message }, pairedItem: { item: itemIndex } };
}

export function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/**
 * Runs `handler` for each item: its results become output items paired to the item; a failure
 * becomes an error item under Continue On Fail and stops the node otherwise.
 */
export async function forEachItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	handler: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await handler(itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (context.continueOnFail()) {
				output.push(errorItem(error, itemIndex));
				continue;
			}
			throw asNodeError(context, error, itemIndex);
		}
	}
	return output;
}
