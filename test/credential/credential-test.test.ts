/**
 * The credential's Test button. n8n's CredentialsTester finds the nodes' `testedBy` function
 * (the credential has no declarative test of its own) and calls it with n8n-core's
 * CredentialTestContext; this does the same, against the simulator and loopback servers.
 */
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { OceanpaymentApi } from '../../credentials/OceanpaymentApi.credentials';
import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { OceanpaymentTrigger } from '../../nodes/Oceanpayment/OceanpaymentTrigger.node';
import { additionalDataFor, type CredentialData } from '../helpers/n8n';
import { startGateway, type Simulator } from '../helpers/gateway';
import { refusedUrl, startCaptureServer } from '../helpers/capture';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());
beforeEach(() => {
	sim.admin.reset();
	sim.admin.clearLog();
});

/** What the editor shows after "Test": the nodes' credential test run the way n8n runs it. */
async function credentialTest(data: CredentialData): Promise<INodeCredentialTestResult> {
	const node = new Oceanpayment();
	const testedBy = node.description.credentials?.find((credential) => credential.name === 'oceanpaymentApi')?.testedBy as string;
	const test = node.methods.credentialTest[testedBy as 'oceanpaymentApiTest'];
	const credential: ICredentialsDecrypted = { id: '1', name: 'Oceanpayment', type: 'oceanpaymentApi', data };
	return await test.call(new CredentialTestContext(additionalDataFor(data)), credential);
}

test('every node that uses the credential names the same test, and the credential has none of its own', () => {
	expect('test' in new OceanpaymentApi()).toBe(false);
	for (const node of [new Oceanpayment(), new OceanpaymentTrigger()]) {
		const [credential] = node.description.credentials ?? [];
		expect(credential).toMatchObject({ name: 'oceanpaymentApi', testedBy: 'oceanpaymentApiTest' });
		expect(typeof node.methods.credentialTest.oceanpaymentApiTest).toBe('function');
	}
});

test('the right keys: OK, through one correctly signed status query for a made-up order number', async () => {
	expect(await credentialTest(credentials)).toEqual({ status: 'OK', message: 'Oceanpayment accepted the signature of a test query' });
	const log = sim.admin.getLog();
	expect(log).toHaveLength(1);
	expect(log[0]).toMatchObject({ path: '/service/check/normal', signature: 'valid', fields: { order_number: 'n8n-credential-test' } });
});

test('a wrong Secure Code: Error naming the signature, and the secret is not in the message', async () => {
	const result = await credentialTest({ ...credentials, secureCode: 'wrong-Secure-Code-1' });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/^Oceanpayment rejected the signature \("signValue error"\)\. Check the Secure Code, Account and Terminal/);
	expect(result.message).not.toContain('wrong-Secure-Code-1');
	expect(sim.admin.getLog()[0].signature).toBe('invalid');
});

test('a Secure Code pasted with a trailing space or new line still works (it is trimmed, as Account and Terminal are)', async () => {
	expect((await credentialTest({ ...credentials, secureCode: `${credentials.secureCode as string} \n` })).status).toBe('OK');
	expect(sim.admin.getLog()[0].signature).toBe('valid');
});

test('an unknown account or terminal: Error naming Account and Terminal', async () => {
	const result = await credentialTest({ ...credentials, terminal: '99999999' });
	expect(result).toMatchObject({ status: 'Error' });
	expect(result.message).toContain('Oceanpayment rejected the account');
});

test('HTTP 403: Error pointing at IP whitelisting', async () => {
	sim.admin.setFault('*', { mode: 'http503', status: 403 });
	const result = await credentialTest(credentials);
	expect(result.status).toBe('Error');
	expect(result.message).toContain('answered HTTP 403 (forbidden)');
	expect(result.message).toContain('whitelist');
});

test('a refused connection: Error naming the host, the Environment and IP registration', async () => {
	const url = await refusedUrl();
	const result = await credentialTest({ ...credentials, queryBaseUrl: url });
	expect(result.status).toBe('Error');
	expect(result.message).toContain(`Could not connect to ${new URL(url).host} (ECONNREFUSED)`);
	expect(result.message).toContain('Environment');
});

test('a custom URL without a scheme: Error naming the field, nothing sent', async () => {
	const result = await credentialTest({ ...credentials, queryBaseUrl: '127.0.0.1:8899' });
	expect(result).toEqual({
		status: 'Error',
		message: 'The Oceanpayment credential\'s "Query Base URL" ("127.0.0.1:8899") does not start with http:// or https://. Add the scheme, e.g. https://127.0.0.1:8899.',
	});
	expect(sim.admin.getLog()).toHaveLength(0);
});

test('an empty custom URL of another host family is named too', async () => {
	const result = await credentialTest({ ...credentials, checkoutBaseUrl: '' });
	expect(result.message).toContain('"Checkout Base URL" is empty');
});

test('an answer that is not an Oceanpayment answer (a proxy page at HTTP 200, an empty response): Error, not OK', async () => {
	for (const mode of ['xhtml', 'emptyResponse', 'html']) {
		sim.admin.setFault('*', { mode });
		const result = await credentialTest(credentials);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/could not be checked/);
	}
});

test('a redirect is not followed: Error naming where it pointed, and nothing is sent there', async () => {
	const elsewhere = await startCaptureServer();
	try {
		sim.admin.setFault('*', { mode: 'redirect', location: `${elsewhere.url}/steal` });
		const result = await credentialTest(credentials);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`redirect (HTTP 307) to "${elsewhere.url}/steal"`);
		expect(elsewhere.requests).toHaveLength(0);
	} finally {
		await elsewhere.close();
	}
});

describe('a host that never answers (a firewall that drops the connection, an IP not whitelisted)', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { startBlackHole } = require('../helpers/black-hole') as typeof import('../helpers/black-hole');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { startRawServer } = require('../helpers/capture') as typeof import('../helpers/capture');

	test('a connect that never completes and an answer that never comes: Error after about 15 s naming IP whitelisting, the Environment and a firewall', async () => {
		const blackHole = await startBlackHole();
		const silent = await startRawServer('silent');
		try {
			const timed = async (url: string) => {
				const started = Date.now();
				const result = await credentialTest({ ...credentials, queryBaseUrl: url });
				return { result, seconds: (Date.now() - started) / 1000 };
			};
			// Both at once: each waits the whole limit.
			const [connect, answer] = await Promise.all([timed(blackHole.url), timed(silent.url)]);
			expect(silent.connections()).toBe(1);
			for (const [{ result, seconds }, url] of [
				[connect, blackHole.url],
				[answer, silent.url],
			] as const) {
				expect(result.status).toBe('Error');
				expect(seconds).toBeGreaterThanOrEqual(14);
				expect(seconds).toBeLessThan(19);
				expect(result.message).toContain(`${new URL(url).host} did not answer within 15 s`);
				expect(result.message).toMatch(/this n8n server's public IP address is not whitelisted by Oceanpayment/);
				expect(result.message).toMatch(/Environment or a Custom base URL/);
				expect(result.message).toMatch(/firewall/);
			}
		} finally {
			await Promise.all([blackHole.close(), silent.close()]);
		}
	}, 40_000);
});

describe('Gateway Time Zone is checked when the credential is saved (n8n runs the Test on every save)', () => {
	test.each(['UTC+8', '+08:00', 'Asia/Beijing', 'GMT+8', 'Shanghai'])('"%s": Error naming the field and an example, nothing sent', async (zone) => {
		const result = await credentialTest({ ...credentials, gatewayTimeZone: zone });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`Gateway Time Zone "${zone}" is not a time zone name. Enter an IANA name such as Asia/Shanghai (UTC+8, what Oceanpayment documents) or Etc/GMT-8; offsets such as "UTC+8" or "+08:00" are not accepted. Nothing was sent to Oceanpayment.`,
		);
		expect(sim.admin.getLog()).toHaveLength(0);
	});

	test.each<[string | undefined, string]>([
		['Asia/Shanghai', 'the default'],
		['Etc/GMT-8', 'a fixed UTC+8 zone'],
		['  Europe/Berlin \n', 'a zone pasted with spaces'],
		['', 'empty (the default applies)'],
		[undefined, 'missing (a credential saved before the field existed)'],
	])('"%s" (%s): the keys are tested', async (zone) => {
		const result = await credentialTest({ ...credentials, gatewayTimeZone: zone as string });
		expect(result).toEqual({ status: 'OK', message: 'Oceanpayment accepted the signature of a test query' });
		expect(sim.admin.getLog()).toHaveLength(1);
	});

	test('the runtime check and the save-time check agree: a zone the Test accepts is one the nodes accept', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { gatewayZoneOf } = require('../../nodes/Oceanpayment/helpers/execute') as typeof import('../../nodes/Oceanpayment/helpers/execute');
		const node = { id: 'n', name: 'Oceanpayment', type: 'oceanpayment', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		for (const zone of ['Asia/Shanghai', 'Etc/GMT-8', 'UTC+8', 'Asia/Beijing', 'UTC']) {
			const tested = (await credentialTest({ ...credentials, gatewayTimeZone: zone })).status === 'OK';
			let accepted = true;
			try {
				gatewayZoneOf(node, { ...credentials, gatewayTimeZone: zone });
			} catch {
				accepted = false;
			}
			expect([zone, tested]).toEqual([zone, accepted]);
		}
	});
});

test('the credential form leads with a notice about registering the n8n server\'s public IP with Oceanpayment', () => {
	const [first] = new OceanpaymentApi().properties;
	expect(first.type).toBe('notice');
	expect(first.displayName).toMatch(/public IP address/);
	expect(first.displayName).toMatch(/Oceanpayment technical support/);
	expect(first.displayName).toMatch(/sandbox and for production/);
});
