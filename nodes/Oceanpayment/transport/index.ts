import {
	NodeApiError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type IPollFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { ENDPOINTS, REJECTION_CODES, type EndpointDefinition, type EndpointId } from './catalogue';
import { excerptOf, parseGatewayJson, parseGatewayXml } from './xml';
import { maskCardLikeNumbers } from '../helpers/cardNumbers';
import { secretHider } from './authentication';

/** Nodes, the polling trigger, and the notification trigger when it confirms a notification. */
export type OceanpaymentContext = IExecuteFunctions | IPollFunctions | IWebhookFunctions;

export interface GatewayOutcome {
	success: boolean;
	code: string;
	message: string;
	/** The code inside a "code:text" message (e.g. payment_details "20004:…"), if any. */
	detailCode?: string;
}

export interface GatewayReply {
	/** The response's fields (children of `<response>`, or the JSON object). */
	data: IDataObject;
	outcome: GatewayOutcome;
	/** The repeated records (`paymentInfo` / `orderInfo`), [] when the endpoint has none. */
	records: IDataObject[];
}

export interface RetryPolicy {
	/** Extra attempts after the first one; only read-only endpoints ever use them. */
	retries: number;
	/** Delay before the first retry; doubles each time. */
	delayMs: number;
}

export interface RequestOptions {
	itemIndex?: number;
	/** What the user asked for, e.g. "Refund › Create"; defaults to the endpoint's title. */
	operation?: string;
	retry?: RetryPolicy;
	timeoutMs?: number;
	/** Return rejections as `outcome.success === false` instead of throwing. */
	returnRejections?: boolean;
	/** Keep the white space of XML values (a notification's confirmation compares them exactly). */
	exactValues?: boolean;
	/**
	 * The credential's terminal the call is for (its number), when it is not the main one: the
	 * credential then signs with that terminal's secure code (transport/terminals.ts).
	 */
	terminal?: string;
	/** Sees each HTTP answer (status and body) before it is read, also one that then fails (Account › Self-Check). */
	onHttpResponse?: (answer: { statusCode: number; body: string }) => void;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 2, delayMs: 500 };
export const DEFAULT_TIMEOUT_MS = 30_000;
/** One hour; far larger values overflow Node's timers and would time out at once. */
export const MAX_TIMEOUT_MS = 3_600_000;

/** The records of a parsed answer: only element objects (`<orderInfo/>` alone is no record). */
export function recordsOf(endpoint: EndpointDefinition, data: IDataObject): IDataObject[] {
	const value = endpoint.recordElement ? data[endpoint.recordElement] : undefined;
	const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
	return list.filter((record): record is IDataObject => typeof record === 'object' && record !== null && !Array.isArray(record));
}

/** Decides the outcome of a parsed response from the endpoint's result rules. */
export function interpretOutcome(endpoint: EndpointDefinition, data: IDataObject): GatewayOutcome | undefined {
	for (const rule of endpoint.results) {
		const raw = data[rule.field];
		if (raw === undefined || raw === null || typeof raw === 'object') continue;
		const code = String(raw).trim();
		const success = rule.successCodes.includes(code);
		const text = (rule.messageFields ?? [])
			.map((field) => data[field])
			.find((value) => typeof value === 'string' && value.trim() !== '') as string | undefined;
		const message = text?.trim() ?? rule.messages?.[code] ?? (success ? 'Success' : 'The gateway gave no reason');
		const detail = /^(-?\d+):(.+)$/.exec(message);
		// The gateway's text reaches errors and output: a card number it echoes is masked like any other.
		return detail ? { success, code, message: maskCardLikeNumbers(detail[2].trim()), detailCode: detail[1] } : { success, code, message: maskCardLikeNumbers(message) };
	}
	if (!endpoint.results.every((rule) => rule.optional)) return undefined;
	if (endpoint.recordsRequired && recordsOf(endpoint, data).length === 0) return undefined;
	return { success: true, code: '', message: 'Success' };
}

export type RejectionKind = 'signature' | 'account' | 'ip' | 'busy' | 'other';

/** What a rejection is about, from its code and text (codes: `REJECTION_CODES`, INFERRED). */
export function classifyRejection(outcome: Pick<GatewayOutcome, 'code' | 'message' | 'detailCode'>): RejectionKind {
	const codes = [outcome.code, outcome.detailCode ?? ''];
	for (const kind of ['signature', 'account', 'ip', 'busy'] as const) {
		const rule = REJECTION_CODES[kind];
		if (codes.some((code) => (rule.codes as readonly string[]).includes(code)) || rule.text.test(outcome.message)) return kind;
	}
	return 'other';
}

interface TransportFailure {
	kind: 'timeout' | 'reset' | 'refused' | 'http' | 'redirect' | 'setup' | 'other';
	retryable: boolean;
	message: string;
	httpCode?: string;
}

/** Reads a thrown request error without keeping it: it holds the request config (headers). */
function describeThrown(error: unknown): TransportFailure {
	const seen = new Set<unknown>();
	let code = '';
	let text = '';
	for (let current = error as IDataObject | undefined; current && !seen.has(current); ) {
		seen.add(current);
		// The credential refused the request before it was sent (its own settings are wrong).
		if (current.setupError === true && typeof current.message === 'string') {
			return { kind: 'setup', retryable: false, message: current.message };
		}
		if (!code && typeof current.code === 'string') code = current.code;
		if (!text && typeof current.message === 'string') text = current.message;
		current = current.cause as IDataObject | undefined;
	}
	const lower = `${code} ${text}`.toLowerCase();
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || lower.includes('timeout') || lower.includes('timed out')) {
		return { kind: 'timeout', retryable: true, message: 'The gateway did not answer in time' };
	}
	if (code === 'ECONNRESET' || code === 'EPIPE' || lower.includes('socket hang up') || lower.includes('econnreset')) {
		return { kind: 'reset', retryable: true, message: 'The gateway closed the connection without answering' };
	}
	if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return { kind: 'refused', retryable: code !== 'ENOTFOUND', message: `The gateway could not be reached (${code})` };
	}
	return { kind: 'other', retryable: false, message: text || 'The request to the gateway failed' };
}

function failureHint(endpoint: EndpointDefinition, failure: TransportFailure): string {
	const money = endpoint.movesMoney
		? ' This call moves money and is never retried automatically: check the outcome (e.g. Refund › Get or Order › Get Status) before you run it again.'
		: '';
	if (failure.kind === 'setup') return 'Nothing was sent. Fix the Oceanpayment credential.';
	if (failure.kind === 'redirect') {
		return `Nothing was sent to the new address: the credential's signature and keys never follow a redirect. Check the credential's Environment (and base URLs for Custom).${money}`;
	}
	if (failure.kind === 'refused') {
		return `Check the credential's Environment (and base URLs for Custom) and that this n8n server can reach Oceanpayment.${money}`;
	}
	if (failure.kind === 'http' && failure.httpCode === '403') {
		return `Oceanpayment only accepts calls from registered IP addresses: ask Oceanpayment technical support to whitelist your n8n server's public IP.${money}`;
	}
	return `This is usually temporary; try again later.${money}`;
}

/**
 * The one way this package talks to Oceanpayment: signs through the credential, sends, parses
 * XML (or JSON for `pinc`), maps the gateway's result code, and turns every failure into a
 * NodeApiError that names the operation and item. Read-only calls retry transport failures.
 */
export async function oceanpaymentApiRequest(
	this: OceanpaymentContext,
	endpointId: EndpointId,
	fields: IDataObject,
	options: RequestOptions = {},
): Promise<GatewayReply> {
	const endpoint = ENDPOINTS[endpointId];
	const operation = options.operation ?? endpoint.title;
	const itemIndex = options.itemIndex;
	const retry = endpoint.readOnly ? (options.retry ?? DEFAULT_RETRY) : { retries: 0, delayMs: 0 };

	const fail = (message: string, description: string, extra: IDataObject = {}): NodeApiError =>
		new NodeApiError(this.getNode(), { message, ...extra } as JsonObject, {
			message: `${operation} failed: ${message}`,
			description,
			itemIndex,
			httpCode: typeof extra.httpCode === 'string' ? extra.httpCode : undefined,
		});

	// The gateway's texts reach errors, output and logs: the secure code never does.
	let hide: ((value: string) => string) | undefined;
	const hideSecret = async (value: string): Promise<string> => {
		try {
			hide ??= secretHider(await this.getCredentials('oceanpaymentApi'));
		} catch {
			return value;
		}
		return hide(value);
	};

	let response: IN8nHttpFullResponse | undefined;
	for (let attempt = 0; ; attempt++) {
		const request: IHttpRequestOptions = {
			method: 'POST',
			url: endpoint.path,
			body: options.terminal ? { ...fields, terminal: options.terminal } : { ...fields },
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect would carry the signed form (and for pinc the secure code header) elsewhere.
			disableFollowRedirect: true,
			timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		};
		let failure: TransportFailure | undefined;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				'oceanpaymentApi',
				request,
			)) as IN8nHttpFullResponse;
			options.onHttpResponse?.({ statusCode: response.statusCode, body: typeof response.body === 'string' ? response.body : String(response.body ?? '') });
			if (response.statusCode >= 300 && response.statusCode < 400) {
				const location = await hideSecret(String(response.headers?.location ?? '').trim());
				failure = {
					kind: 'redirect',
					httpCode: String(response.statusCode),
					retryable: false,
					message: `The gateway answered with a redirect (HTTP ${response.statusCode}) to ${location ? `"${location}"` : 'an address it did not give'}, which is not followed`,
				};
			} else if (response.statusCode >= 400) {
				const httpCode = String(response.statusCode);
				failure = {
					kind: 'http',
					httpCode,
					retryable: response.statusCode >= 500,
					message: `The gateway answered HTTP ${httpCode}`,
				};
			}
		} catch (error) {
			failure = describeThrown(error);
		}
		if (!failure) break;
		if (failure.retryable && attempt < retry.retries) {
			await sleep(retry.delayMs * 2 ** attempt);
			continue;
		}
		const body = await hideSecret(typeof response?.body === 'string' ? response.body : '');
		const excerpt = failure.kind === 'http' && body ? ` The answer began: "${excerptOf(body)}".` : '';
		const attempts = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
		throw fail(`${failure.message}${attempts}`, `${failureHint(endpoint, failure)}${excerpt}`, {
			httpCode: failure.httpCode ?? '',
		});
	}

	const body = await hideSecret(typeof response?.body === 'string' ? response.body : String(response?.body ?? ''));
	const parsed = endpoint.bodyKind === 'json' ? parseGatewayJson(body) : parseGatewayXml(body, { exact: options.exactValues });
	if (!parsed.ok) {
		const quoted = parsed.excerpt ? ` The answer began: "${parsed.excerpt}".` : '';
		throw fail(
			parsed.problem,
			`The gateway's answer could not be read, so the outcome is unknown.${quoted}${
				endpoint.movesMoney ? ' Check the outcome before running this again: the call moves money.' : ''
			}`,
		);
	}
	const data = parsed.data;

	const outcome = interpretOutcome(endpoint, data);
	if (!outcome) {
		const expected = endpoint.recordsRequired
			? `Expected ${endpoint.recordElement} records or one of: ${endpoint.results.map((rule) => rule.field).join(', ')}`
			: `Expected one of: ${endpoint.results.map((rule) => rule.field).join(', ')}`;
		throw fail(
			endpoint.recordsRequired ? 'The gateway answered without records or a result code' : 'The gateway answered without a result code',
			`${expected}, so the outcome is unknown. The answer began: "${excerptOf(body)}".${
				endpoint.movesMoney ? ' Check the outcome before running this again: the call moves money.' : ''
			}`,
		);
	}
	if (!outcome.success && !options.returnRejections) {
		throw new NodeApiError(this.getNode(), { ...outcome } as unknown as JsonObject, {
			message: `Oceanpayment rejected ${operation}: ${outcome.message} (code ${outcome.code}${
				outcome.detailCode ? `, detail ${outcome.detailCode}` : ''
			})`,
			description: rejectionHint(outcome),
			itemIndex,
			httpCode: outcome.code,
		});
	}

	return { data, outcome, records: recordsOf(endpoint, data) };
}

export function rejectionHint(outcome: GatewayOutcome): string {
	switch (classifyRejection(outcome)) {
		case 'signature':
			return 'The signature did not match: check Account, Terminal and Secure Code in the credential, and that no field contains the characters < > \' " (the gateway may strip them before checking).';
		case 'ip':
			return "Ask Oceanpayment technical support to whitelist your n8n server's public IP address.";
		case 'account':
			return 'Check Account and Terminal in the credential, and the Environment (sandbox and production keys differ).';
		case 'busy':
			return 'The gateway says it is busy or has a system error; try again later.';
		default:
			return `The gateway answered with result code ${outcome.code}. Check the values sent for this item.`;
	}
}
