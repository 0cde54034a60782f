import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { signRequest } from '../nodes/Oceanpayment/transport/authentication';

export class OceanpaymentApi implements ICredentialType {
	name = 'oceanpaymentApi';

	displayName = 'Oceanpayment API';

	icon: Icon = { light: 'file:../icons/oceanpayment.svg', dark: 'file:../icons/oceanpayment.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-oceanpayment/n8n-nodes-oceanpayment#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				"Oceanpayment accepts calls only from IP addresses registered with it. Before testing, send this n8n server's public IP address (the one it uses for outgoing connections) to Oceanpayment technical support, for the sandbox and for production. Until it is registered, the Test below times out or reports an IP error.",
			name: 'ipWhitelistNotice',
			type: 'notice',
			default: '',
		},
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
				'Secret used to sign every request (SHA-256). It is never sent to Oceanpayment except as the header the two account/card-BIN check endpoints require. Spaces and line breaks around it are ignored.',
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
				'IANA time zone name (e.g. Asia/Shanghai or Etc/GMT-8, not "UTC+8") in which the gateway reads and writes "yyyy-MM-dd HH:mm:ss" times. Oceanpayment documents UTC+8 for its newer APIs; change it only if Oceanpayment tells you otherwise. Checked when you save: the Test fails on a name that is not a time zone.',
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
		{
			displayName: '3-D Secure Terminal',
			name: 'threeDSecureTerminal',
			type: 'string',
			default: '',
			placeholder: '99514902',
			description:
				'Optional. A second terminal of the same account, usually the 3-D Secure terminal Oceanpayment routes some payments to. Fill it and its secure code to work with both terminals through this one credential; leave both empty if you have one terminal.',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- it is the second terminal's signing secret
		{
			displayName: '3-D Secure Secure Code',
			name: 'threeDSecureSecureCode',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. The secure code of the 3-D Secure Terminal: requests and notifications for that terminal are signed with it, those for the main Terminal with the Secure Code above. Spaces and line breaks around it are ignored.",
		},
	];

	/**
	 * Signs one request (transport/authentication.ts, shared with the node's credential test):
	 * only for Oceanpayment endpoints under this credential's base URLs; the form gets account,
	 * terminal and the signValue, the two JSON pinc endpoints get the keys as headers; redirects
	 * are never followed. The Test button is the nodes' `oceanpaymentApiTest`, which sends a signed
	 * status query and reads the answer, so it also tells a wrong Secure Code.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return signRequest(credentials, requestOptions);
	}
}
