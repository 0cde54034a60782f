import type {
	ICredentialTestFunctions,
	IHttpRequestOptions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { ENDPOINTS } from '../transport/catalogue';
import { checkCredentialSetup, secretHider, signRequest } from '../transport/authentication';
import { classifyRejection, interpretOutcome, recordsOf } from '../transport';
import { excerptOf, parseGatewayXml } from '../transport/xml';
import { detailsOf } from '../helpers/orderStatus';
import { maskCardLikeNumbers } from '../helpers/cardNumbers';

/** The order number of the test query: made up, so the answer can only be "not found". */
const TEST_ORDER_NUMBER = 'n8n-credential-test';

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
	const data = credential.data ?? {};
	let signed;
	try {
		checkCredentialSetup(data);
		signed = signRequest(data, { method: 'POST', url: ENDPOINTS.orderStatus.path, body: { order_number: TEST_ORDER_NUMBER } });
	} catch (caught) {
		return error((caught as Error).message);
	}
	const host = new URL(signed.url).host;

	const sent = await sendTestQuery(this, signed, host);
	if ('failed' in sent) return sent.failed;
	const { response } = sent;

	const status = Number(response.statusCode ?? 0);
	if (status === 403) {
		return error(
			`${host} answered HTTP 403 (forbidden). Oceanpayment only accepts calls from registered IP addresses: ask Oceanpayment technical support to whitelist this n8n server's public IP, and check the Environment.`,
		);
	}
	// The gateway's texts reach the message: the secure code never does.
	const hide = secretHider(data);
	if (status >= 300 && status < 400) {
		return error(`${host} answered with a redirect (HTTP ${status}) to "${hide(String(response.headers?.location ?? ''))}". Check the credential's Environment and base URLs; the credential never follows redirects.`);
	}
	if (status !== 200) return error(`${host} answered HTTP ${status}. Check the credential's Environment (and base URLs for Custom).`);

	const body = hide(typeof response.body === 'string' ? response.body : String(response.body ?? ''));
	const parsed = parseGatewayXml(body);
	if (!parsed.ok) return error(`${parsed.problem}, so the keys could not be checked. The answer began: "${parsed.excerpt}".`);
	const outcome = interpretOutcome(ENDPOINTS.orderStatus, parsed.data);
	if (!outcome) return error(`${host} answered without order records or a result code, so the keys could not be checked. The answer began: "${excerptOf(body)}".`);

	// A refusal may also sit in a record ("80002:Invalid terminal"): read it as one at the top.
	const rejection = outcome.success
		? recordsOf(ENDPOINTS.orderStatus, parsed.data)
				.map((record) => detailsOf(record.payment_details))
				.map((details) => ({ code: '', detailCode: details.code, message: maskCardLikeNumbers(details.text) }))
				.find((entry) => classifyRejection(entry) !== 'other')
		: outcome;
	if (!rejection) return { status: 'OK', message: 'Oceanpayment accepted the signature of a test query' };
	return verdictOf(rejection);
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
			timeout: 20_000,
		})) as LegacyResponse;
		return { response };
	} catch (caught) {
		const code = String((caught as IDataObject).code ?? (caught as { cause?: IDataObject }).cause?.code ?? '');
		if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH'].includes(code)) {
			return {
				failed: error(
					`Could not connect to ${host} (${code}). Check the credential's Environment (and base URLs for Custom), and that this n8n server may reach Oceanpayment: Oceanpayment only accepts calls from IP addresses registered with its technical support.`,
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
