import type {
	ICredentialTestFunctions,
	IHttpRequestOptions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { ENDPOINTS } from '../transport/catalogue';
import { DEFAULT_GATEWAY_TIME_ZONE, isValidTimeZone } from '../transport/dates';
import { checkCredentialSetup, secretHider, signRequest } from '../transport/authentication';
import { classifyRejection, interpretOutcome, recordsOf } from '../transport';
import { excerptOf, parseGatewayXml } from '../transport/xml';
import { detailsOf } from '../helpers/orderStatus';
import { maskCardLikeNumbers } from '../helpers/cardNumbers';

/** The order number of the test query: made up, so the answer can only be "not found". */
const TEST_ORDER_NUMBER = 'n8n-credential-test';

/**
 * How long the test waits for the gateway. A host that drops the connection (a firewall, perhaps
 * an IP Oceanpayment has not whitelisted) would otherwise keep the editor's Test spinning for a
 * minute or more; the gateway answers a status query within a few seconds. The same limit is also
 * given to the connection agent, so a connect that never completes is cut as well.
 */
export const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;

/** The codes of a connection that never completed or an answer that never came. */
const TIMEOUT_CODES = ['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'];

interface LegacyResponse {
	statusCode?: number;
	headers?: IDataObject;
	body?: unknown;
}

const error = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });

/**
 * The Test button of the Oceanpayment credential. It signs a status query for a made-up order
 * number with the credential's own signing code and reads the gateway's XML answer: an answer
 * about the order (even "does not exist") proves the keys; a signature rejection means a wrong
 * Secure Code, Account or Terminal; a refused connection or HTTP 403 points at IP whitelisting
 * or the Environment.
 */
export async function oceanpaymentApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return (await testTerminal(this, credential)).result;
}

/**
 * The test of one terminal, and whether its verdict is about the terminal's keys (`aboutKeys`:
 * the gateway answered the query) or about reaching the gateway at all (time zone, setup, host,
 * connection, HTTP status), which is the same for every terminal of the credential.
 */
export async function testTerminal(
	context: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<{ result: INodeCredentialTestResult; aboutKeys: boolean }> {
	const notReached = (result: INodeCredentialTestResult) => ({ result, aboutKeys: false });
	const data = credential.data ?? {};
	// n8n has no save-time check for a credential field's format, but it runs this test on
	// every save: a Gateway Time Zone that is not a zone name fails here, before any call.
	const zone = String(data.gatewayTimeZone ?? '').trim() || DEFAULT_GATEWAY_TIME_ZONE;
	if (!isValidTimeZone(zone)) {
		return notReached(error(
			`Gateway Time Zone "${zone}" is not a time zone name. Enter an IANA name such as Asia/Shanghai (UTC+8, what Oceanpayment documents) or Etc/GMT-8; offsets such as "UTC+8" or "+08:00" are not accepted. Nothing was sent to Oceanpayment.`,
		));
	}
	let signed;
	try {
		checkCredentialSetup(data);
		signed = signRequest(data, { method: 'POST', url: ENDPOINTS.orderStatus.path, body: { order_number: TEST_ORDER_NUMBER } });
	} catch (caught) {
		return notReached(error((caught as Error).message));
	}
	const host = new URL(signed.url).host;

	const sent = await sendTestQuery(context, signed, host);
	if ('failed' in sent) return notReached(sent.failed);
	const { response } = sent;

	const status = Number(response.statusCode ?? 0);
	if (status === 403) {
		return notReached(error(
			`${host} answered HTTP 403 (forbidden). Oceanpayment only accepts calls from registered IP addresses: ask Oceanpayment technical support to whitelist this n8n server's public IP, and check the Environment.`,
		));
	}
	// The gateway's texts reach the message: the secure code never does.
	const hide = secretHider(data);
	if (status >= 300 && status < 400) {
		return notReached(error(`${host} answered with a redirect (HTTP ${status}) to "${hide(String(response.headers?.location ?? ''))}". Check the credential's Environment and base URLs; the credential never follows redirects.`));
	}
	if (status !== 200) return notReached(error(`${host} answered HTTP ${status}. Check the credential's Environment (and base URLs for Custom).`));

	const body = hide(typeof response.body === 'string' ? response.body : String(response.body ?? ''));
	const parsed = parseGatewayXml(body);
	if (!parsed.ok) return notReached(error(`${parsed.problem}, so the keys could not be checked. The answer began: "${parsed.excerpt}".`));
	const outcome = interpretOutcome(ENDPOINTS.orderStatus, parsed.data);
	if (!outcome) return notReached(error(`${host} answered without order records or a result code, so the keys could not be checked. The answer began: "${excerptOf(body)}".`));

	// A refusal may also sit in a record ("80002:Invalid terminal"): read it as one at the top.
	const rejection = outcome.success
		? recordsOf(ENDPOINTS.orderStatus, parsed.data)
				.map((record) => detailsOf(record.payment_details))
				.map((details) => ({ code: '', detailCode: details.code, message: maskCardLikeNumbers(details.text) }))
				.find((entry) => classifyRejection(entry) !== 'other')
		: outcome;
	if (!rejection) return { result: { status: 'OK', message: 'Oceanpayment accepted the signature of a test query' }, aboutKeys: true };
	return { result: verdictOf(rejection), aboutKeys: true };
}

/**
 * Sends the signed test query. Credential tests get only n8n's legacy `request` helper (no
 * httpRequest); it is used with redirects off, so the signed form is never sent anywhere but the
 * credential's own host.
 */
async function sendTestQuery(
	context: ICredentialTestFunctions,
	signed: IHttpRequestOptions,
	host: string,
): Promise<{ response: LegacyResponse } | { failed: INodeCredentialTestResult }> {
	const { request } = context.helpers;
	try {
		const response = (await request({
			method: 'POST',
			uri: signed.url,
			headers: signed.headers,
			body: (signed.body as URLSearchParams).toString(),
			json: false,
			simple: false,
			resolveWithFullResponse: true,
			followRedirect: false,
			followAllRedirects: false,
			timeout: CREDENTIAL_TEST_TIMEOUT_MS,
			agentOptions: { timeout: CREDENTIAL_TEST_TIMEOUT_MS },
		})) as LegacyResponse;
		return { response };
	} catch (caught) {
		const code = String((caught as IDataObject).code ?? (caught as { cause?: IDataObject }).cause?.code ?? '');
		const text = (caught as Error).message ?? '';
		if (TIMEOUT_CODES.includes(code) || /timeout|timed out/i.test(text)) {
			return {
				failed: error(
					`${host} did not answer within ${CREDENTIAL_TEST_TIMEOUT_MS / 1000} s, so the test gave up. Likely causes: this n8n server's public IP address is not whitelisted by Oceanpayment (ask Oceanpayment technical support to register it), the Environment or a Custom base URL points at the wrong host, or a firewall or proxy blocks outgoing HTTPS from this server.`,
				),
			};
		}
		if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH'].includes(code)) {
			return {
				failed: error(
					`Could not connect to ${host} (${code}). Likely causes: the Environment or a Custom base URL points at the wrong host, a firewall blocks outgoing HTTPS from this server, or this n8n server's public IP address is not registered with Oceanpayment (it only accepts calls from IP addresses registered with its technical support).`,
				),
			};
		}
		return { failed: error(`The test call to ${host} failed: ${(caught as Error).message}`) };
	}
}

/** What a refusal says about the keys, and what to do. */
function verdictOf(rejection: { code: string; message: string; detailCode?: string }): INodeCredentialTestResult {
	switch (classifyRejection(rejection)) {
		case 'signature':
			return error(`Oceanpayment rejected the signature ("${rejection.message}"). Check the Secure Code, Account and Terminal, and that they belong to the chosen Environment (sandbox and production keys differ).`);
		case 'account':
			return error(`Oceanpayment rejected the account ("${rejection.message}"). Check Account and Terminal, and the Environment.`);
		case 'ip':
			return error(`Oceanpayment refused this server's IP address ("${rejection.message}"). Ask Oceanpayment technical support to whitelist this n8n server's public IP.`);
		case 'busy':
			return error(`Oceanpayment answered the test query with "${rejection.message}" (busy or a system error), so the keys could not be checked. Try again later.`);
		default:
			return error(`Oceanpayment answered the test query with code ${rejection.code || '(none)'}: "${rejection.message}", so the keys could not be confirmed.`);
	}
}
