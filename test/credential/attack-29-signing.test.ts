/**
 * Attack on issue 29 (signing): the request's terminal field as a number, padded, repeated, absent
 * — each must be signed with the secure code of the terminal it means, checked by the simulator
 * (an oracle with its own rule), never with the other terminal's code.
 */
import { createHash } from 'crypto';
import { fc, test } from '@fast-check/jest';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { OceanpaymentApi } from '../../credentials/OceanpaymentApi.credentials';

const credential = new OceanpaymentApi();
const BASE = { account: '123456', terminal: '12345601', secureCode: 'main-Secure-1', environment: 'production' };
const PAIR = { threeDSecureTerminal: '12345633', threeDSecureSecureCode: 'threeD-Secure-2' };
const sign = async (data: IDataObject, body: unknown): Promise<IHttpRequestOptions> =>
	await credential.authenticate(data as never, { method: 'POST', url: '/service/check/normal', body } as IHttpRequestOptions);
// Documented rule (API notes §3.1): sha256(account + terminal + order_number + secureCode).
const oracle = (terminal: string, order: string, code: string) => createHash('sha256').update(`${BASE.account}${terminal}${order}${code}`, 'utf8').digest('hex');

test.prop([fc.constantFrom<unknown>(12345633, '12345633', ' 12345633 ', '12345633\n', '\t12345633'), fc.stringMatching(/^[A-Z0-9-]{1,12}$/)])(
	'guard: the 3-D terminal as number or padded text is signed with the 3-D code and sent trimmed',
	async (terminal, order) => {
		const form = (await sign({ ...BASE, ...PAIR }, { order_number: order, terminal })).body as URLSearchParams;
		expect(form.get('terminal')).toBe('12345633');
		expect(form.get('signValue')).toBe(oracle('12345633', order, PAIR.threeDSecureSecureCode));
	},
);

test.prop([fc.constantFrom<unknown>(12345601, ' 12345601 ', undefined, null, ''), fc.stringMatching(/^[A-Z0-9-]{1,12}$/)])(
	'guard: the main terminal (number, padded, absent, null, empty) is signed with the main code',
	async (terminal, order) => {
		const body = terminal === undefined ? { order_number: order } : { order_number: order, terminal };
		const form = (await sign({ ...BASE, ...PAIR }, body)).body as URLSearchParams;
		expect(form.get('terminal')).toBe('12345601');
		expect(form.get('signValue')).toBe(oracle('12345601', order, BASE.secureCode));
	},
);

test.each([[['12345633', '12345601']], [{ terminal: '12345633' }], [true], ['12345633,12345601']])(
	'guard: a terminal field that is not one plain terminal (%j) is never signed with the 3-D code',
	async (terminal) => {
		const outcome = await sign({ ...BASE, ...PAIR }, { order_number: 'A', terminal }).then(
			(options) => (options.body as URLSearchParams).get('signValue'),
			() => 'refused',
		);
		expect(outcome === 'refused' || outcome === oracle('12345601', 'A', BASE.secureCode)).toBe(true);
	},
);

test('guard: a credential whose 3-D terminal equals the main one padded (" 12345601 ") is refused, naming the field', async () => {
	const error = await sign({ ...BASE, threeDSecureTerminal: ' 12345601 ', threeDSecureSecureCode: 'other-code-9' }, { order_number: 'A' }).catch((e: Error) => e);
	expect((error as Error).message).toContain('3-D Secure Terminal');
	expect((error as Error).message).not.toContain('other-code-9');
});

test('guard: a credential whose main terminal is padded still sends the 3-D terminal with the 3-D code', async () => {
	const form = (await sign({ ...BASE, terminal: ' 12345601 ', ...PAIR }, { order_number: 'A', terminal: '12345633' })).body as URLSearchParams;
	expect(form.get('signValue')).toBe(oracle('12345633', 'A', PAIR.threeDSecureSecureCode));
});

test('DEFECT (fails today, low): a one-element array ["12345633"] from an expression is coerced with String() and signed with the 3-D code instead of being refused', async () => {
	// DEFECT: terminals.ts text() stringifies any value; an array is not a terminal number.
	const outcome = await sign({ ...BASE, ...PAIR }, { order_number: 'A', terminal: ['12345633'] }).then(
		(options) => (options.body as URLSearchParams).get('signValue'),
		() => 'refused',
	);
	expect(outcome).toBe('refused');
});
