import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';
import { DateTime } from 'luxon';

import { DEFAULT_GATEWAY_TIME_ZONE, isValidTimeZone } from '../transport/dates';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, type RequestOptions } from '../transport';
import { checkCredentialSetup } from '../transport/authentication';
import { credentialTerminals, type CredentialTerminal } from '../transport/terminals';
import { NodeParameters, type ItemParameters } from './parameters';

/** What every operation needs besides its own parameters. */
export interface RunContext {
	gatewayZone: string;
	workflowZone: string;
	now: DateTime;
	parameters: NodeParameters;
	/** The credential's terminals, main first (two when it has a 3-D Secure terminal). */
	terminals: CredentialTerminal[];
}

/** The credential's Gateway Time Zone (default UTC+8); a name that is not a time zone fails the node. */
export function gatewayZoneOf(node: INode, credentials: ICredentialDataDecryptedObject): string {
	const zone = String(credentials.gatewayTimeZone ?? '').trim() || DEFAULT_GATEWAY_TIME_ZONE;
	if (!isValidTimeZone(zone)) {
		throw new NodeOperationError(node, `Gateway Time Zone "${zone}" in the Oceanpayment credential is not a time zone`, {
			description: 'Use an IANA name such as Asia/Shanghai (UTC+8) in the Oceanpayment credential.',
		});
	}
	return zone;
}

/**
 * Reads the credential's non-secret settings the node needs (the gateway time zone, to turn the
 * gateway's local times into ISO times) and checks its setup (base URLs, keys present), so a
 * misconfigured credential fails before any item is sent. Signing stays inside the credential.
 */
export async function createRunContext(this: IExecuteFunctions | IPollFunctions): Promise<RunContext> {
	const credentials = await this.getCredentials('oceanpaymentApi');
	const gatewayZone = gatewayZoneOf(this.getNode(), credentials);
	try {
		checkCredentialSetup(credentials);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { description: 'Nothing was sent. Fix the Oceanpayment credential.' });
	}
	return { gatewayZone, workflowZone: this.getTimezone(), now: DateTime.now(), parameters: new NodeParameters(this), terminals: credentialTerminals(credentials) };
}

/** Timeout and retries from an operation's Options collection. */
// Retries only ever apply to read-only endpoints (the transport refuses them for the others).
export function requestOptionsFrom(parameters: ItemParameters, operation: string): RequestOptions {
	return {
		itemIndex: parameters.itemIndex,
		operation,
		timeoutMs: parameters.wholeNumber('options.timeout', 'Timeout (Ms)', { fallback: DEFAULT_TIMEOUT_MS, min: 1000, max: MAX_TIMEOUT_MS }),
		retry: {
			retries: parameters.wholeNumber('options.retries', 'Retries on Network Errors', { fallback: DEFAULT_RETRY.retries, min: 0, max: 5 }),
			delayMs: DEFAULT_RETRY.delayMs,
		},
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
	run: RunContext,
	handler: (parameters: ItemParameters, itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await handler(run.parameters.item(itemIndex), itemIndex);
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
