import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	BASE_URLS,
	findEndpointByUrl,
	type EndpointDefinition,
	type HostFamily,
} from '../nodes/Oceanpayment/transport/catalogue';
import { computeSignValue } from '../nodes/Oceanpayment/transport/signing';

const CUSTOM_URL_FIELDS: Record<HostFamily, { name: string; label: string }> = {
	query: { name: 'queryBaseUrl', label: 'Query Base URL' },
	gateway: { name: 'gatewayBaseUrl', label: 'Secure Gateway Base URL' },
	checkout: { name: 'checkoutBaseUrl', label: 'Checkout Base URL' },
};

/** Field names that must never come from a node: the credential owns them. */
const RESERVED_FIELDS = ['account', 'terminal', 'signValue', 'secureCode'];

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : String(value);
}

function baseUrlFor(credentials: ICredentialDataDecryptedObject, family: HostFamily): string {
	const environment = text(credentials.environment) || 'sandbox';
	if (environment === 'production' || environment === 'sandbox') return BASE_URLS[environment][family];
	const { name, label } = CUSTOM_URL_FIELDS[family];
	const url = text(credentials[name]).trim().replace(/\/+$/, '');
	if (!url) {
		throw new Error(
			`The Oceanpayment credential uses the Custom environment but its "${label}" is empty. Fill it in the credential.`,
		);
	}
	return url;
}

/**
 * Business fields as strings in the catalogue's order (a stable wire format), empty ones
 * dropped: an empty field adds nothing to the hash, so sending it would change nothing.
 */
function businessFields(endpoint: EndpointDefinition, body: unknown): Record<string, string> {
	const source = (body ?? {}) as IDataObject;
	if (typeof source !== 'object' || Array.isArray(source) || source instanceof URLSearchParams) {
		throw new Error(`The ${endpoint.title} request body must be a plain object of fields.`);
	}
	for (const name of Object.keys(source)) {
		if (RESERVED_FIELDS.includes(name)) {
			throw new Error(`The field "${name}" is set by the Oceanpayment credential and cannot be sent by a node.`);
		}
		if (!endpoint.fields.includes(name)) {
			throw new Error(`The ${endpoint.title} endpoint has no field "${name}".`);
		}
	}
	const fields: Record<string, string> = {};
	for (const name of endpoint.fields) {
		const value = text(source[name]);
		if (value !== '') fields[name] = value;
	}
	return fields;
}

export class OceanpaymentApi implements ICredentialType {
	name = 'oceanpaymentApi';

	displayName = 'Oceanpayment API';

	icon: Icon = { light: 'file:../icons/oceanpayment.svg', dark: 'file:../icons/oceanpayment.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-oceanpayment/n8n-nodes-oceanpayment#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Account',
			name: 'account',
			type: 'string',
			default: '',
			required: true,
			placeholder: '995149',
			description:
				'Merchant account number (6 digits), shown in the Oceanpayment dashboard under Developer › Terminal setting',
		},
		{
			displayName: 'Terminal',
			name: 'terminal',
			type: 'string',
			default: '',
			required: true,
			placeholder: '99514901',
			description: 'Terminal number (8–12 digits) of the account',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- it is the signing secret
		{
			displayName: 'Secure Code',
			name: 'secureCode',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Secret used to sign every request (SHA-256). It is never sent to Oceanpayment except as the header the two account/card-BIN check endpoints require.',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'sandbox',
			options: [
				{ name: 'Sandbox', value: 'sandbox', description: 'test-query / test-secure / test-checkout hosts' },
				{ name: 'Production', value: 'production', description: 'query / secure / checkout hosts' },
				{ name: 'Custom', value: 'custom', description: 'Your own base URLs, e.g. a proxy or a local simulator' },
			],
		},
		{
			displayName: 'Query Base URL',
			name: 'queryBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://query.example.com',
			description: 'Base URL of the query host family (status, lists, refunds, tracking)',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Secure Gateway Base URL',
			name: 'gatewayBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://secure.example.com',
			description: 'Base URL of the secure gateway host family (pre-authorization, customs)',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Checkout Base URL',
			name: 'checkoutBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://checkout.example.com',
			description: 'Base URL of the checkout host family (health check, card BIN)',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Gateway Time Zone',
			name: 'gatewayTimeZone',
			type: 'string',
			default: 'Asia/Shanghai',
			description:
				'IANA time zone in which the gateway reads and writes "yyyy-MM-dd HH:mm:ss" times. Oceanpayment documents UTC+8 for its newer APIs; change it only if Oceanpayment tells you otherwise.',
		},
		{
			displayName: 'Oceanpayment Public Key',
			name: 'publicKey',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description:
				'Optional. The public key Oceanpayment issued to you; the Account › Health Check operation uses it when you do not enter one there.',
		},
	];

	/**
	 * Signs one request. The node passes the endpoint path in `url` and the business fields as a
	 * plain object in `body`; this adds account and terminal, signs in the endpoint's order and
	 * sends the form body. The two JSON `pinc` endpoints take the keys as headers instead.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const endpoint = findEndpointByUrl(requestOptions.url);
		if (!endpoint) {
			throw new Error(`No Oceanpayment endpoint is known for the path "${text(requestOptions.url)}".`);
		}
		const keys = {
			account: text(credentials.account).trim(),
			terminal: text(credentials.terminal).trim(),
			secureCode: text(credentials.secureCode),
		};
		if (!keys.account || !keys.terminal || !keys.secureCode) {
			throw new Error('The Oceanpayment credential needs Account, Terminal and Secure Code.');
		}

		const signed: IHttpRequestOptions = {
			...requestOptions,
			method: 'POST',
			baseURL: /^https?:\/\//i.test(requestOptions.url) ? undefined : baseUrlFor(credentials, endpoint.family),
		};

		if (endpoint.bodyKind === 'json') {
			const source = (requestOptions.body ?? {}) as IDataObject;
			for (const name of Object.keys(source)) {
				if (RESERVED_FIELDS.includes(name) || !endpoint.fields.includes(name)) {
					throw new Error(`The ${endpoint.title} endpoint does not take the field "${name}" from a node.`);
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

		const fields = businessFields(endpoint, requestOptions.body);
		const form = new URLSearchParams();
		form.append('account', keys.account);
		form.append('terminal', keys.terminal);
		for (const [name, value] of Object.entries(fields)) form.append(name, value);
		form.append('signValue', computeSignValue(endpoint, fields, keys));

		signed.headers = { ...requestOptions.headers, 'Content-Type': 'application/x-www-form-urlencoded' };
		signed.body = form;
		return signed;
	}

	/**
	 * Reachability check only: a status query for a made-up order number. Oceanpayment answers
	 * HTTP 200 with an XML result code even for a wrong Secure Code, which n8n's credential test
	 * cannot read, so this catches a wrong environment, URL, TLS or IP block (non-2xx), not a
	 * wrong key. Run Account › Health Check in the node to verify the keys themselves.
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '/service/check/normal',
			body: { order_number: 'n8n-credential-test' },
		},
	};
}
