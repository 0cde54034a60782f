import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { BASE_URLS, ENDPOINTS, type EndpointDefinition, type HostFamily } from './catalogue';
import { computeSignValue, type MerchantKeys } from './signing';
import { keysForRequest, secureCodesOf, threeDSecurePair } from './terminals';

/**
 * Everything the credential does to a request, in one place: which hosts it may sign for, the
 * merchant keys, and the signed form (or the pinc headers). The credential's `authenticate` and
 * the node's credential test both call `signRequest`, so there is one signing implementation.
 */

export const CUSTOM_URL_FIELDS: Readonly<Record<HostFamily, { name: string; label: string }>> = {
	query: { name: 'queryBaseUrl', label: 'Query Base URL' },
	gateway: { name: 'gatewayBaseUrl', label: 'Secure Gateway Base URL' },
	checkout: { name: 'checkoutBaseUrl', label: 'Checkout Base URL' },
};

/** Field names that must never come from a node: the credential owns them. */
const RESERVED_FIELDS = ['account', 'terminal', 'signValue', 'secureCode'];

/** A problem with the credential's own settings (not the gateway's answer, not temporary). */
export class CredentialSetupError extends Error {
	readonly setupError = true;
}

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : String(value);
}

/**
 * The base URL of a host family: the published hosts for Sandbox and Production, the
 * credential's own for Custom (checked: http or https, a host, no query).
 */
export function baseUrlFor(credentials: ICredentialDataDecryptedObject, family: HostFamily): string {
	const environment = text(credentials.environment) || 'sandbox';
	if (environment === 'production' || environment === 'sandbox') return BASE_URLS[environment][family];
	if (environment !== 'custom') {
		throw new CredentialSetupError(`The Oceanpayment credential's Environment "${environment}" is not Sandbox, Production or Custom.`);
	}
	const { name, label } = CUSTOM_URL_FIELDS[family];
	const url = text(credentials[name]).trim().replace(/\/+$/, '');
	if (!url) {
		throw new CredentialSetupError(`The Oceanpayment credential uses the Custom environment but its "${label}" is empty. Fill it in the credential.`);
	}
	if (!/^https?:\/\//i.test(url)) {
		throw new CredentialSetupError(
			`The Oceanpayment credential's "${label}" ("${url}") does not start with http:// or https://. Add the scheme, e.g. https://${url}.`,
		);
	}
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed) throw new CredentialSetupError(`The Oceanpayment credential's "${label}" ("${url}") is not a valid URL.`);
	if (!parsed.hostname || parsed.search || parsed.hash || parsed.username || parsed.password) {
		throw new CredentialSetupError(`The Oceanpayment credential's "${label}" ("${url}") must be a plain base URL, without user, query or fragment.`);
	}
	return url;
}

/** Checks every base URL the credential would use; throws a CredentialSetupError naming the field. */
export function checkCredentialSetup(credentials: ICredentialDataDecryptedObject): void {
	for (const family of Object.keys(CUSTOM_URL_FIELDS) as HostFamily[]) baseUrlFor(credentials, family);
	merchantKeys(credentials);
	threeDSecurePair(credentials);
}

export function merchantKeys(credentials: ICredentialDataDecryptedObject): MerchantKeys {
	// Pasted values often carry a trailing space or new line; the gateway's keys never do.
	const keys = {
		account: text(credentials.account).trim(),
		terminal: text(credentials.terminal).trim(),
		secureCode: text(credentials.secureCode).trim(),
	};
	if (!keys.account || !keys.terminal || !keys.secureCode) {
		throw new CredentialSetupError('The Oceanpayment credential needs Account, Terminal and Secure Code.');
	}
	return keys;
}

/**
 * The endpoint a request is for, and its full URL. Only URLs under the credential's own base
 * URLs qualify: a node passes the endpoint path, an HTTP Request node the full URL; anything
 * else (another host, another path) is refused before anything is signed or sent.
 */
export function resolveTarget(credentials: ICredentialDataDecryptedObject, url: string | undefined, baseURL?: string): { endpoint: EndpointDefinition; url: string } {
	const requested = text(url).trim();
	const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(requested);
	const full = absolute ? requested : baseURL ? `${baseURL.replace(/\/+$/, '')}/${requested.replace(/^\/+/, '')}` : '';
	for (const endpoint of Object.values(ENDPOINTS)) {
		if (!absolute && !baseURL) {
			if (requested === endpoint.path) return { endpoint, url: `${baseUrlFor(credentials, endpoint.family)}${endpoint.path}` };
			continue;
		}
		let base: string;
		try {
			base = baseUrlFor(credentials, endpoint.family);
		} catch {
			continue;
		}
		const target = `${base}${endpoint.path}`;
		if (full.split(/[?#]/)[0].replace(/\/+$/, '') === target) return { endpoint, url: full };
	}
	if (!absolute && !baseURL) {
		throw new CredentialSetupError(`No Oceanpayment endpoint has the path "${requested}".`);
	}
	throw new CredentialSetupError(
		`The Oceanpayment credential only signs requests to Oceanpayment endpoints under its own base URLs; "${full}" is not one, so nothing was sent.`,
	);
}

/**
 * Business fields as strings in the catalogue's order (a stable wire format), empty ones
 * dropped: an empty field adds nothing to the hash, so sending it would change nothing.
 */
function businessFields(endpoint: EndpointDefinition, body: unknown): Record<string, string> {
	const source = (body ?? {}) as IDataObject;
	if (typeof source !== 'object' || Array.isArray(source) || source instanceof URLSearchParams) {
		throw new CredentialSetupError(`The ${endpoint.title} request body must be a plain object of fields.`);
	}
	for (const name of Object.keys(source)) {
		if (RESERVED_FIELDS.includes(name)) {
			throw new CredentialSetupError(`The field "${name}" is set by the Oceanpayment credential and cannot be sent by a node.`);
		}
		if (!endpoint.fields.includes(name)) throw new CredentialSetupError(`The ${endpoint.title} endpoint has no field "${name}".`);
	}
	const fields: Record<string, string> = {};
	for (const name of endpoint.fields) {
		const value = text(source[name]);
		if (value !== '') fields[name] = value;
	}
	return fields;
}

/**
 * The request options n8n's legacy `requestWithAuthentication` passes (the HTTP Request node uses
 * it): `uri` instead of `url`, form fields in `form` (an object or url-encoded text) or `body`.
 */
interface LegacyRequestOptions {
	uri?: string;
	form?: unknown;
	body?: unknown;
	followRedirect?: boolean;
	followAllRedirects?: boolean;
	sendCredentialsOnCrossOriginRedirect?: boolean;
}

/** Form fields given as an object, url-encoded text or URLSearchParams, as a plain object. */
function formFields(value: unknown): IDataObject | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string') return Object.fromEntries(new URLSearchParams(value));
	if (value instanceof URLSearchParams) return Object.fromEntries(value);
	return value as IDataObject;
}

/**
 * Signs one request for an Oceanpayment endpoint: adds account and terminal, signs the form in
 * the endpoint's order (or sets the pinc headers), pins the URL to the credential's base URL and
 * turns redirects off, so neither a signature nor the secure code header can follow a redirect.
 * Takes n8n's request options and, for the HTTP Request node, its legacy ones (`uri`, `form`).
 */
export function signRequest(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): IHttpRequestOptions {
	const legacy = requestOptions as IHttpRequestOptions & LegacyRequestOptions;
	const isLegacy = typeof legacy.uri === 'string' && legacy.uri !== '';
	const { endpoint, url } = resolveTarget(credentials, isLegacy ? legacy.uri : requestOptions.url, requestOptions.baseURL);
	const signed: IHttpRequestOptions & LegacyRequestOptions = {
		...requestOptions,
		method: 'POST',
		url,
		baseURL: undefined,
		disableFollowRedirect: true,
	};
	if (isLegacy) {
		Object.assign(signed, { uri: url, url: undefined, form: undefined, followRedirect: false, followAllRedirects: false, sendCredentialsOnCrossOriginRedirect: false });
	}
	// The secure code of the terminal the request is for (transport/terminals.ts).
	const { keys, body } = keysForRequest(credentials, merchantKeys(credentials), isLegacy ? { ...formFields(legacy.body), ...formFields(legacy.form) } : requestOptions.body);

	if (endpoint.bodyKind === 'json') {
		const source = (body ?? {}) as IDataObject;
		for (const name of Object.keys(source)) {
			if (RESERVED_FIELDS.includes(name) || !endpoint.fields.includes(name)) {
				throw new CredentialSetupError(`The ${endpoint.title} endpoint does not take the field "${name}" from a node.`);
			}
		}
		signed.headers = {
			...requestOptions.headers,
			'Content-Type': 'application/json',
			account: keys.account,
			terminal: keys.terminal,
			secureCode: keys.secureCode,
		};
		const defaults: IDataObject = {};
		for (const [field, credentialField] of Object.entries(endpoint.credentialDefaults ?? {})) {
			const value = text(credentials[credentialField]).trim();
			if (text(source[field]).trim() === '' && value !== '') defaults[field] = value;
		}
		signed.body = { account: keys.account, terminal: keys.terminal, ...source, ...defaults };
		return signed;
	}

	const fields = businessFields(endpoint, body);
	const form = new URLSearchParams();
	form.append('account', keys.account);
	form.append('terminal', keys.terminal);
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	form.append('signValue', computeSignValue(endpoint, fields, keys));
	const headers = Object.fromEntries(Object.entries(requestOptions.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-type'));
	signed.headers = { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' };
	// The legacy request path sends a url-encoded string body as it is.
	signed.body = isLegacy ? form.toString() : form;
	return signed;
}

/**
 * Hides the credential's secure code in a text from the gateway, wherever it stands on its own
 * ("Invalid secureCode 1a2b…", a proxy echoing the pinc headers): a last line of defence, as the
 * secure code is never sent in a form. Digits or letters around it (a payment ID that happens to
 * contain the same digits) are left alone, so that no ID is changed.
 */
export function secretHider(credentials: ICredentialDataDecryptedObject): (value: string) => string {
	// Both secure codes when the credential has a 3-D Secure terminal (transport/terminals.ts).
	const hiders = secureCodesOf(credentials)
		.filter((secret) => secret.length >= 4)
		.map((secret) => {
			const standing = new RegExp(`(?<![A-Za-z0-9])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g');
			return (value: string) => (value.includes(secret) ? value.replace(standing, '[secure code]') : value);
		});
	return (value) => hiders.reduce((hidden, hide) => hide(hidden), value);
}
