/**
 * Issue 29: a credential with an optional 3-D Secure terminal and its own secure code. The signer
 * picks the secure code of the terminal a request is for; a credential without the pair signs
 * byte for byte as the frozen pre-issue signer did; the Test button checks both terminals.
 */
import { createHash } from 'crypto';
import { fc, test } from '@fast-check/jest';
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { OceanpaymentApi } from '../../credentials/OceanpaymentApi.credentials';
import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { ENDPOINTS } from '../../nodes/Oceanpayment/transport/catalogue';
import { secretHider } from '../../nodes/Oceanpayment/transport/authentication';
import { signRequest as signBefore29 } from './legacy/authentication.before-29';
import { additionalDataFor, type CredentialData } from '../helpers/n8n';
import { SEED_THREE_D, THREE_D_FIELDS, startGateway, type Simulator } from '../helpers/gateway';

const credential = new OceanpaymentApi();
const sign = async (data: IDataObject, url: string, body: unknown): Promise<IHttpRequestOptions> =>
	await credential.authenticate(data as never, { method: 'POST', url, body } as IHttpRequestOptions);

/** The documented rule, written out here: account + terminal + fields in order + secureCode (API file §2.3). */
const RULES: Record<string, string[]> = {
	'/service/check/normal': ['order_number'],
	'/service/applyRefund': ['payment_id', 'refund_number', 'refund_type', 'refund_amount', 'refund_description'],
	'/service/queryRefund': ['refund_id', 'refund_number'],
	'/gateway/service/auth': ['payment_id', 'order_number', 'payment_authType', 'order_amount'],
};
const oracle = (path: string, fields: IDataObject, account: string, terminal: string, secureCode: string): string =>
	createHash('sha256').update([account, terminal, ...RULES[path].map((name) => String(fields[name] ?? '')), secureCode].join(''), 'utf8').digest('hex');

const BASE = { account: '123456', terminal: '12345601', secureCode: 'main-Secure-1', environment: 'production' };
const PAIR = { threeDSecureTerminal: '12345633', threeDSecureSecureCode: 'threeD-Secure-2' };

/** Everything a signed request would put on the wire, as comparable text. */
function wire(options: IHttpRequestOptions): string {
	const body = options.body instanceof URLSearchParams ? options.body.toString() : JSON.stringify(options.body);
	return JSON.stringify({ url: options.url, method: options.method, headers: options.headers, body, redirects: options.disableFollowRedirect });
}

const formEndpoints = Object.values(ENDPOINTS).filter((endpoint) => endpoint.bodyKind === 'form');
const jsonEndpoints = Object.values(ENDPOINTS).filter((endpoint) => endpoint.bodyKind === 'json');
const value = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', ' ', '商品瑕疵', '0', 'a&b=c', '12345633'));
const requestOf = fc.oneof(
	fc.constantFrom(...formEndpoints).chain((endpoint) =>
		fc.record({ path: fc.constant(endpoint.path), body: fc.dictionary(fc.constantFrom(...endpoint.fields), value, { maxKeys: endpoint.fields.length }) }),
	),
	fc.constantFrom(...jsonEndpoints).map((endpoint) => ({ path: endpoint.path, body: {} as Record<string, string> })),
);
const keysOf = fc.record({
	account: fc.stringMatching(/^[0-9]{6}$/),
	terminal: fc.stringMatching(/^[0-9]{8,12}$/),
	secureCode: fc.string({ minLength: 1, maxLength: 20 }).filter((code) => code.trim() !== ''),
	environment: fc.constantFrom('sandbox', 'production'),
});

describe('a credential without the 3-D Secure pair', () => {
	test.prop([keysOf, requestOf, fc.constantFrom({}, { threeDSecureTerminal: '', threeDSecureSecureCode: '' }, { threeDSecureTerminal: '  ', threeDSecureSecureCode: '\n' })], { numRuns: 300 })(
		'signs every request byte for byte as the signer before issue 29 (empty 3-D fields included)',
		async (keys, request, emptyPair) => {
			const before = await Promise.resolve()
				.then(() => wire(signBefore29(keys, { method: 'POST', url: request.path, body: request.body })))
				.catch((error: Error) => `error: ${error.message}`);
			const now = await sign({ ...keys, ...emptyPair }, request.path, request.body)
				.then(wire)
				.catch((error: Error) => `error: ${error.message}`);
			expect(now).toBe(before);
		},
	);

	test('still refuses a terminal field from a node, as before', async () => {
		await expect(sign(BASE, '/service/check/normal', { order_number: 'A', terminal: '12345601' })).rejects.toThrow('The field "terminal" is set by the Oceanpayment credential');
	});
});

describe('a credential with the 3-D Secure pair', () => {
	test.prop([requestOf, fc.constantFrom(undefined, '', '12345601', ' 12345601 ')], { numRuns: 150 })(
		'a request for the main terminal (no terminal field, or the main one) is signed exactly as without the pair',
		async (request, terminal) => {
			const body = terminal === undefined ? request.body : { ...request.body, terminal };
			expect(wire(await sign({ ...BASE, ...PAIR }, request.path, body))).toBe(wire(await sign(BASE, request.path, request.body)));
		},
	);

	test.prop([fc.constantFrom(...Object.keys(RULES)), fc.dictionary(fc.constantFrom('order_number', 'payment_id', 'refund_id', 'refund_type', 'refund_amount'), fc.string({ minLength: 1, maxLength: 10 }))], { numRuns: 150 })(
		'a request for the 3-D Secure terminal carries that terminal and is signed with its secure code (documented rule)',
		async (path, fields) => {
			const allowed = Object.fromEntries(Object.entries(fields).filter(([name]) => ENDPOINTS[Object.keys(ENDPOINTS).find((id) => ENDPOINTS[id as keyof typeof ENDPOINTS].path === path) as keyof typeof ENDPOINTS].fields.includes(name)));
			const form = (await sign({ ...BASE, ...PAIR }, path, { ...allowed, terminal: PAIR.threeDSecureTerminal })).body as URLSearchParams;
			expect(form.get('terminal')).toBe(PAIR.threeDSecureTerminal);
			expect(form.get('account')).toBe(BASE.account);
			const sent = Object.fromEntries(form);
			expect(form.get('signValue')).toBe(oracle(path, sent, BASE.account, PAIR.threeDSecureTerminal, PAIR.threeDSecureSecureCode));
			expect(form.toString()).not.toContain(PAIR.threeDSecureSecureCode);
			expect(form.toString()).not.toContain(BASE.secureCode);
		},
	);

	test('the pinc endpoints get the 3-D Secure terminal and its secure code as headers when asked for it', async () => {
		const options = await sign({ ...BASE, ...PAIR }, '/pinc/check-card-bin', { card_bin: [411111], terminal: PAIR.threeDSecureTerminal });
		expect(options.headers).toMatchObject({ account: BASE.account, terminal: PAIR.threeDSecureTerminal, secureCode: PAIR.threeDSecureSecureCode });
		expect(options.body).toEqual({ account: BASE.account, terminal: PAIR.threeDSecureTerminal, card_bin: [411111] });
	});

	test('a terminal the credential does not hold is refused before anything is signed, without either secure code', async () => {
		const error = await sign({ ...BASE, ...PAIR }, '/service/check/normal', { order_number: 'A', terminal: '99999999' }).catch((caught: Error) => caught);
		expect((error as Error).message).toContain('terminal "99999999", which is neither');
		expect((error as Error).message).not.toContain(PAIR.threeDSecureSecureCode);
		expect((error as Error).message).not.toContain(BASE.secureCode);
	});

	test.each([
		[{ threeDSecureTerminal: '12345633' }, 'fill in "3-D Secure Secure Code" too'],
		[{ threeDSecureSecureCode: 'x-code-1' }, 'fill in "3-D Secure Terminal" too'],
		[{ threeDSecureTerminal: '12345601', threeDSecureSecureCode: 'x-code-1' }, 'is the main Terminal again'],
	])('half a pair or the main terminal again is a setup error naming the field (%j)', async (pair, message) => {
		const error = await sign({ ...BASE, ...pair }, '/service/check/normal', { order_number: 'A' }).catch((caught: Error) => caught);
		expect((error as Error).message).toContain(message);
		expect((error as Error).message).not.toContain('x-code-1');
	});

	test('texts from the gateway are cleaned of both secure codes', () => {
		const hide = secretHider({ ...BASE, ...PAIR });
		expect(hide(`bad code ${PAIR.threeDSecureSecureCode} and ${BASE.secureCode}.`)).toBe('bad code [secure code] and [secure code].');
	});

	test('the form shows both fields after the existing ones, the secure code as a password', () => {
		const names = credential.properties.map((property) => property.name);
		expect(names.slice(-2)).toEqual(['threeDSecureTerminal', 'threeDSecureSecureCode']);
		expect(credential.properties.find((property) => property.name === 'threeDSecureSecureCode')?.typeOptions).toEqual({ password: true });
		expect(credential.properties.filter((property) => property.name.startsWith('threeD')).every((property) => !property.required)).toBe(true);
	});
});

describe('the Test button with both terminals (against the simulator)', () => {
	let sim: Simulator;
	let credentials: CredentialData;
	beforeAll(async () => ({ sim, credentials } = await startGateway()));
	afterAll(async () => sim.close());
	beforeEach(() => sim.admin.reset());

	async function credentialTest(data: CredentialData) {
		const node = new Oceanpayment();
		const credential: ICredentialsDecrypted = { id: '1', name: 'Oceanpayment', type: 'oceanpaymentApi', data };
		return await node.methods.credentialTest.oceanpaymentApiTest.call(new CredentialTestContext(additionalDataFor(data)), credential);
	}

	test('both right: OK naming both, one signed query per terminal, each with its own secure code', async () => {
		const result = await credentialTest({ ...credentials, ...THREE_D_FIELDS });
		expect(result).toEqual({ status: 'OK', message: 'Oceanpayment accepted the signatures of both terminals (Main terminal 12345601, 3-D Secure terminal 12345633)' });
		expect(sim.admin.getLog().map((entry) => [entry.fields.terminal, entry.signature])).toEqual([
			['12345601', 'valid'],
			['12345633', 'valid'],
		]);
	});

	test('a wrong 3-D Secure Secure Code: Error naming the 3-D Secure terminal, never the code', async () => {
		const result = await credentialTest({ ...credentials, threeDSecureTerminal: SEED_THREE_D.terminal, threeDSecureSecureCode: 'wrong-3DS-Code-9' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^3-D Secure terminal 12345633 failed \(the main terminal passed\): Oceanpayment rejected the signature/);
		expect(JSON.stringify(result)).not.toContain('wrong-3DS-Code-9');
	});

	test('a wrong main Secure Code: Error naming the main terminal', async () => {
		const result = await credentialTest({ ...credentials, secureCode: 'wrong-Main-Code-9', ...THREE_D_FIELDS });
		expect(result.message).toMatch(/^Main terminal 12345601 failed \(the 3-D Secure terminal passed\): Oceanpayment rejected the signature/);
		expect(JSON.stringify(result)).not.toContain('wrong-Main-Code-9');
	});

	test('both wrong: Error naming both', async () => {
		const result = await credentialTest({ ...credentials, secureCode: 'wrong-Main-Code-9', threeDSecureTerminal: SEED_THREE_D.terminal, threeDSecureSecureCode: 'wrong-3DS-Code-9' });
		expect(result.message).toMatch(/^Both terminals failed\. Main terminal 12345601: .* 3-D Secure terminal 12345633: /);
	});

	test('half a pair: Error before any call', async () => {
		const result = await credentialTest({ ...credentials, threeDSecureTerminal: SEED_THREE_D.terminal });
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('fill in "3-D Secure Secure Code" too') });
		expect(sim.admin.getLog()).toEqual([]);
	});

	test('without the pair: exactly the one-terminal test, one query', async () => {
		expect(await credentialTest(credentials)).toEqual({ status: 'OK', message: 'Oceanpayment accepted the signature of a test query' });
		expect(sim.admin.getLog()).toHaveLength(1);
	});
});
