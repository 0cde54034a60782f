/**
 * Adversarial review of issue 29 at the credential: the second pair half filled, white space,
 * the main terminal again, the codes swapped, and the Test button with two terminals (what it
 * names, how long it takes, what of the secure codes it shows). Real CredentialTestContext
 * against the simulator and loopback servers.
 *
 * - "holds": attacks tried that the credential withstands (pass; fail on a regression).
 * - "defects": each FAILS on the code it was written against.
 */
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { additionalDataFor, type CredentialData } from '../helpers/n8n';
import { SEED_MERCHANT, SEED_THREE_D, THREE_D_FIELDS, startGateway, type Simulator } from '../helpers/gateway';
import { refusedUrl } from '../helpers/capture';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());
beforeEach(() => {
	sim.admin.reset();
	sim.admin.clearFaults();
	sim.admin.clearLog();
});

async function credentialTest(data: CredentialData): Promise<INodeCredentialTestResult> {
	const node = new Oceanpayment();
	const credential: ICredentialsDecrypted = { id: '1', name: 'Oceanpayment', type: 'oceanpaymentApi', data };
	return await node.methods.credentialTest.oceanpaymentApiTest.call(new CredentialTestContext(additionalDataFor(data)), credential);
}
const CODES = [SEED_MERCHANT.secureCode, SEED_THREE_D.secureCode];
const expectNoCode = (result: INodeCredentialTestResult) => {
	for (const code of CODES) expect(JSON.stringify(result)).not.toContain(code);
};

describe('holds: the second pair', () => {
	test('secure codes swapped: Error naming both terminals, neither code shown', async () => {
		const result = await credentialTest({ ...credentials, secureCode: SEED_THREE_D.secureCode, threeDSecureTerminal: SEED_THREE_D.terminal, threeDSecureSecureCode: SEED_MERCHANT.secureCode });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Both terminals failed\. Main terminal 12345601: Oceanpayment rejected the signature.* 3-D Secure terminal 12345633: Oceanpayment rejected the signature/);
		expectNoCode(result);
		expect(sim.admin.getLog().map((entry) => [entry.fields.terminal, entry.signature])).toEqual([
			['12345601', 'invalid'],
			['12345633', 'invalid'],
		]);
	});

	test.each([
		['white space only', { threeDSecureTerminal: ' \t', threeDSecureSecureCode: '\n ' }],
		['null', { threeDSecureTerminal: null, threeDSecureSecureCode: null }],
	])('a pair of %s is no pair: exactly the one-terminal test, one query on the main terminal', async (_what, pair) => {
		expect(await credentialTest({ ...credentials, ...(pair as CredentialData) })).toEqual({ status: 'OK', message: 'Oceanpayment accepted the signature of a test query' });
		expect(sim.admin.getLog().map((entry) => entry.fields.terminal)).toEqual(['12345601']);
	});

	test.each([
		['a code under a white-space terminal', { threeDSecureTerminal: '   ', threeDSecureSecureCode: 'x-3ds-code-1' }, 'fill in "3-D Secure Terminal" too'],
		['a terminal under a white-space code', { threeDSecureTerminal: SEED_THREE_D.terminal, threeDSecureSecureCode: ' \n' }, 'fill in "3-D Secure Secure Code" too'],
		['the main terminal again, padded', { threeDSecureTerminal: ` ${SEED_MERCHANT.terminal}\n`, threeDSecureSecureCode: 'x-3ds-code-1' }, 'is the main Terminal again'],
		['the main pair again', { threeDSecureTerminal: SEED_MERCHANT.terminal, threeDSecureSecureCode: SEED_MERCHANT.secureCode }, 'is the main Terminal again'],
	])('%s: Error naming the field before any call, no code shown', async (_what, pair, message) => {
		const result = await credentialTest({ ...credentials, ...pair });
		expect(result.status).toBe('Error');
		expect(result.message).toContain(message);
		expect(result.message).not.toContain('x-3ds-code-1');
		expectNoCode(result);
		expect(sim.admin.getLog()).toEqual([]);
	});

	test('a padded 3-D Secure Terminal is tested and named trimmed', async () => {
		const result = await credentialTest({ ...credentials, threeDSecureTerminal: ` ${SEED_THREE_D.terminal} `, threeDSecureSecureCode: ` ${SEED_THREE_D.secureCode}\n` });
		expect(result).toEqual({ status: 'OK', message: 'Oceanpayment accepted the signatures of both terminals (Main terminal 12345601, 3-D Secure terminal 12345633)' });
		expect(sim.admin.getLog().map((entry) => [entry.fields.terminal, entry.signature])).toEqual([
			['12345601', 'valid'],
			['12345633', 'valid'],
		]);
	});

	test("a gateway text echoing a secure code is cleaned: the main terminal's answer echoing either code, the 3-D one's echoing its own", async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '80000', text: `bad keys ${SEED_MERCHANT.secureCode} / ${SEED_THREE_D.secureCode}`, times: 1 });
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '80000', text: `bad keys ${SEED_MERCHANT.secureCode} / ${SEED_THREE_D.secureCode}`, times: 1 });
		const mainEcho = await credentialTest({ ...credentials, ...THREE_D_FIELDS });
		expect(mainEcho.status).toBe('Error');
		expect(mainEcho.message).toMatch(/^Main terminal 12345601 failed .*\[secure code\]/);
		expectNoCode(mainEcho);
		sim.admin.clearFaults();
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '80000', text: `bad key ${SEED_THREE_D.secureCode}`, after: 1 });
		const threeDEcho = await credentialTest({ ...credentials, ...THREE_D_FIELDS });
		expect(threeDEcho.message).toMatch(/^3-D Secure terminal 12345633 failed \(the main terminal passed\): .*\[secure code\]/);
		expectNoCode(threeDEcho);
	});
});

describe('defects', () => {
	/**
	 * LOW (a leak that needs a gateway or proxy text echoing the main code in the 3-D answer).
	 * The docs promise "Neither secure code appears in output, errors or logs; a gateway text
	 * that echoes one gets it replaced by [secure code]". The 3-D half of the Test runs the
	 * one-terminal test over asThreeDSecureCredential(), which drops the main Secure Code from
	 * the data, so secretHider() of that run knows only the 3-D code: the main Secure Code, if
	 * the 3-D answer carries it, is shown in clear in the editor's Test message. Cause:
	 * terminalsCredentialTest.ts / terminals.ts asThreeDSecureCredential (the hider should get
	 * secureCodesOf() of the whole credential).
	 */
	test("the 3-D terminal's Test answer echoing the main Secure Code does not show it", async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '80000', text: `terminal keys ${SEED_MERCHANT.secureCode} mismatch`, after: 1 });
		const result = await credentialTest({ ...credentials, ...THREE_D_FIELDS });
		expect(result.message).toMatch(/^3-D Secure terminal 12345633 failed \(the main terminal passed\)/);
		expectNoCode(result);
	});

	/**
	 * MEDIUM (editor UX; issue 27 made the Test answer within 15 s). With a 3-D Secure pair the
	 * Test runs the one-terminal test twice in a row, also when the first run shows that the
	 * host cannot be reached at all: a server whose IP is not whitelisted (the first thing every
	 * new user meets) keeps the Test spinning for 30 s instead of 15, and the answer then reads
	 * "Both terminals failed. Main terminal …: <the same text> 3-D Secure terminal …: <the same
	 * text>", pointing at the terminals when nothing about them was learned. Cause:
	 * terminalsCredentialTest.ts always awaits the second test after the first, whatever failed.
	 */
	test('an unreachable host: one answer within the 15 s limit that names the connection once, not "Both terminals failed"', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { startBlackHole } = require('../helpers/black-hole') as typeof import('../helpers/black-hole');
		const blackHole = await startBlackHole();
		try {
			const started = Date.now();
			const result = await credentialTest({ ...credentials, ...THREE_D_FIELDS, queryBaseUrl: blackHole.url });
			const seconds = (Date.now() - started) / 1000;
			// Measured on the code under review: about 31 s.
			expect(seconds).toBeLessThan(19);
			expect(result.status).toBe('Error');
			expect(result.message).toContain('did not answer within 15 s');
			expect(result.message).not.toMatch(/^Both terminals failed/);
		} finally {
			await blackHole.close();
		}
	}, 45_000);

	/** Same cause, refused connection (fast): the text comes twice and blames both terminals. */
	test('a refused connection: the connection problem once, not "Both terminals failed" with the same text twice', async () => {
		const result = await credentialTest({ ...credentials, ...THREE_D_FIELDS, queryBaseUrl: await refusedUrl() });
		expect(result.status).toBe('Error');
		expect(result.message.match(/Could not connect/g)).toHaveLength(1);
	});
});
