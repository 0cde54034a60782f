/**
 * Adversarial review of issue 27: Refund › Create inputs from expressions in both node versions
 * (amounts, No-Such-Refund Codes), the output shape (created, found, failed under Continue On
 * Fail, amountMinor) and the execution hints. Real n8n-core execution, real HTTP to the
 * simulator. "defect" tests failed on the merged issue-27 code when written; "guard" tests are
 * attacks that did not break it.
 */
import { fc, test } from '@fast-check/jest';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type RunResult } from '../helpers/n8n';
import { useRefundGateway } from '../helpers/refund-gateway';

const gateway = useRefundGateway();
const node = new Oceanpayment();

async function run(typeVersion: 1 | 2, parameters: INodeParameters, items: IDataObject[] = [{}], onError?: 'continueRegularOutput'): Promise<RunResult> {
	return await runNode({
		node: { type: 'oceanpayment', parameters: { resource: 'refund', operation: 'create', ...parameters }, typeVersion, onError },
		nodeTypes: { oceanpayment: node },
		credentials: gateway.credentials,
		items,
	});
}
const refundCalls = () => gateway.sim.admin.getLog().filter((entry) => entry.path === '/service/applyRefund');
/** The same refund in each version's own parameters (version 1: Payment ID, Refund Number under Options). */
const asked = {
	1: (extra: IDataObject = {}, options: IDataObject = {}): INodeParameters => ({ paymentId: 'PAY-1', refundType: '2', amount: '10.00', description: 'x', options: { retries: 0, ...options }, ...extra }),
	2: (extra: IDataObject = {}, options: IDataObject = {}): INodeParameters => ({ orderNumber: 'ORD-1', refundType: '2', amount: '10.00', description: 'x', options: { retries: 0, ...options }, ...extra }),
} as const;

describe('defect: an Amount expression that resolves to nothing refunds the whole remainder (version 2, Full)', () => {
	// A Shopify workflow maps the amount; an item without it (a typo, a changed payload) is not "Amount left empty".
	test.each<[string, unknown]>([
		['null', null],
		['a missing field (undefined)', undefined],
	])('Amount {{ $json.amount }} is %s: the node refunds 50.00 instead of stopping on the missing amount', async (_name, value) => {
		const item: IDataObject = value === undefined ? {} : { amount: value as null };
		const result = await run(2, { orderNumber: 'ORD-1', refundType: '1', amount: '={{ $json.amount }}', description: 'x', refundNumber: 'EXP-1', options: { retries: 0 } }, [item], 'continueRegularOutput');
		expect(refundCalls()).toHaveLength(0);
		expect(String(result.output[0].json.error)).toMatch(/Amount/);
	});
});

describe('defect: execution hints show a full card number that errors would mask', () => {
	// 4111 1111 1111 1111 passes the card checksum; the package masks such numbers in every error message.
	const CARD = '4111111111111111';
	test('a Refund Number that is a card number (a mis-mapped field): the repeat hint shows it in full', async () => {
		await run(2, asked[2]({ refundNumber: CARD }));
		const again = await run(2, asked[2]({ refundNumber: CARD }));
		expect(again.output[0].json.alreadyExisted).toBe(true);
		expect(again.hints.length).toBeGreaterThan(0);
		for (const hint of again.hints) expect(hint.message).not.toContain(CARD);
	});

	test('Order › Get Status with a card number as order number: the "not found" hint shows it in full', async () => {
		const result = await runNode({
			node: { type: 'oceanpayment', parameters: { resource: 'order', operation: 'getStatus', orderNumbers: `ORD-1,${CARD}` }, typeVersion: 2 },
			nodeTypes: { oceanpayment: node },
			credentials: gateway.credentials,
		});
		expect(result.hints.length).toBeGreaterThan(0);
		for (const hint of result.hints) expect(hint.message).not.toContain(CARD);
	});
});

describe.each([1, 2] as const)('guard, version %s: No-Such-Refund Codes from expressions', (version) => {
	const withCodes = (codes: IDataObject[string], number = 'C-1') =>
		version === 1 ? asked[1]({}, { refundNumber: number, notFoundCodes: codes }) : asked[2]({ refundNumber: number }, { notFoundCodes: codes });

	test.each<[string, IDataObject[string], IDataObject]>([
		['padded " 99 "', ' 99 ', {}],
		['a number 99 from an expression', '={{ $json.c }}', { c: 99 }],
		['a list ["09", 4, "11"] from an expression', '={{ $json.c }}', { c: ['09', 4, '11'] }],
		['"09\\n02" on two lines', '09\n02', {}],
	])('%s: a refusal code is refused before any call', async (_name, codes, item) => {
		const result = await run(version, withCodes(codes), [item]);
		expect(result.error?.message).toContain('No-Such-Refund Codes');
		expect(gateway.sim.admin.getLog()).toHaveLength(0);
	});

	test.each<[string, IDataObject[string], IDataObject]>([
		['"4" (signature is "04")', '={{ $json.c }}', { c: 4 }],
		['"099"', '099', {}],
		['"9 9"', '9 9', {}],
	])('%s is not a refusal code, and a busy or signature answer still stops the item: nothing is sent', async (_name, codes, item) => {
		for (const fault of [{ mode: 'busy' }, { mode: 'reject', code: '04', text: 'signValue error' }]) {
			gateway.sim.admin.clearFaults();
			gateway.sim.admin.setFault('/service/queryRefund', fault);
			const result = await run(version, withCodes(codes), [item]);
			expect(result.error).toBeDefined();
		}
		expect(refundCalls()).toHaveLength(0);
	});

	test('"5" listed, the gateway says 05 "refund does not exist": 5 is not 05, the item stops (fail closed), nothing is sent', async () => {
		gateway.sim.admin.setRefundNotFound('refundResults05');
		const result = await run(version, withCodes('5'));
		expect(result.error?.message).toContain('not one of the No-Such-Refund Codes (5)');
		expect(refundCalls()).toHaveLength(0);
	});
});

describe('guard: amounts from expressions (version 2, Partial by Order Number: the node knows the currency)', () => {
	test.each<[string, unknown, string | undefined]>([
		['"  10.0 "', '  10.0 ', '10.00'],
		['1e2 as a number', 1e2, undefined],
		['"1e2"', '1e2', undefined],
		['"10,00"', '10,00', undefined],
		['10.1 as a number', 10.1, '10.10'],
		['0.1 + 0.2 as a number', 0.1 + 0.2, undefined],
		['"-5"', '-5', undefined],
		['"0.00"', '0.00', undefined],
		['true', true, undefined],
		['an object', { value: 10 }, undefined],
		['null (Partial: required)', null, undefined],
	])('%s', async (_name, value, sent) => {
		const result = await run(2, asked[2]({ amount: '={{ $json.a }}', refundNumber: 'A-1' }), [{ a: value as IDataObject[string] }], 'continueRegularOutput');
		if (sent === undefined) {
			// 1e2 is 100: more than the 50.00 paid, refused by the gateway if not before.
			expect(result.output[0].json.created).not.toBe(true);
			expect(refundCalls().filter((call) => call.resultCode === '00')).toHaveLength(0);
		} else {
			expect(result.output[0].json).toMatchObject({ created: true });
			expect(refundCalls()[0].fields.refund_amount).toBe(sent === '10.00' ? '10.0' : '10.1');
			expect(result.output[0].json.amountMinor).toBe(Math.round(Number(sent) * 100));
		}
	});

	const CURRENCIES: Array<[string, number]> = [
		['JPY', 0],
		['USD', 2],
		['BHD', 3],
	];
	test.prop(
		[
			fc.constantFrom(...CURRENCIES),
			fc.integer({ min: 0, max: 3 }),
			fc.integer({ min: 1, max: 99_999 }),
			fc.integer({ min: 0, max: 2 }),
			fc.constantFrom('', ' ', '  '),
		],
		{ numRuns: 30 },
	)('property: an amount is sent only when it is exact in the currency, and then amountMinor is its exact minor units', async ([currency, decimals], written, units, leadingZeros, pad) => {
		gateway.sim.admin.reset();
		gateway.sim.admin.addOrder({ order_number: 'ORD-X', payment_id: 'PAY-X', order_amount: decimals === 0 ? '100000' : `100000.${'0'.repeat(decimals)}`, order_currency: currency });
		// `units` with `written` decimals, e.g. 1234 and 3 → "1.234"; exact in the currency when the dropped digits are zeros.
		const digits = String(units).padStart(written + 1, '0');
		const text = written === 0 ? digits : `${digits.slice(0, -written)}.${digits.slice(-written)}`;
		const amount = `${pad}${'0'.repeat(leadingZeros)}${text}${pad}`;
		const minor = written <= decimals ? units * 10 ** (decimals - written) : units % 10 ** (written - decimals) === 0 ? units / 10 ** (written - decimals) : undefined;
		const result = await run(2, { orderNumber: 'ORD-X', refundType: '2', amount: '={{ $json.a }}', description: 'x', options: { retries: 0 } }, [{ a: amount }], 'continueRegularOutput');
		if (minor === undefined) {
			expect(refundCalls()).toHaveLength(0);
			expect(String(result.output[0].json.error)).toContain('Amount');
		} else {
			expect(result.output[0].json).toMatchObject({ created: true, amountMinor: minor, currency });
			expect(gateway.sim.admin.getRefunds({ payment_id: 'PAY-X' })).toHaveLength(1);
		}
	});
});

describe('guard: version 1 keeps its rules', () => {
	test('Full with an Amount expression resolving to empty: "Amount: is required", nothing is sent', async () => {
		const result = await run(1, asked[1]({ refundType: '1', amount: '={{ $json.a }}' }), [{ a: null }]);
		expect(result.error?.message).toContain('Amount: is required');
		expect(gateway.sim.admin.getLog()).toHaveLength(0);
	});

	test('the option keeps its version 1 name in errors ("Skip If This Refund Number Already Exists")', async () => {
		const result = await run(1, asked[1]({}, { refundNumber: 'V1-1', skipExisting: 'maybe' }));
		expect(result.error?.message).toContain('Skip If This Refund Number Already Exists');
	});

	test('version 1 with Identify Payment By left out (a saved workflow): Payment ID; Full needs the Amount; the amount is not read from the payment', async () => {
		const result = await run(1, { paymentId: 'PAY-1', refundType: '1', amount: '50.00', description: 'x', options: { retries: 0 } });
		expect(result.output[0].json).toMatchObject({ created: true, amount: '50.00', identifiedBy: 'paymentId', amountFromRefundable: false });
		expect(gateway.sim.admin.getLog().map((entry) => entry.path)).toEqual(['/service/applyRefund']);
	});
});

describe('guard: output shapes', () => {
	const typesOf = (item: IDataObject) => Object.fromEntries(Object.entries(item).map(([name, value]) => [name, value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value]));

	test.each([1, 2] as const)('version %s: a created item, a found item (across executions) and a found item (same execution) have the same fields and types', async (version) => {
		const parameters = version === 1 ? asked[1]({}, { refundNumber: 'SH-1' }) : asked[2]({ refundNumber: 'SH-1' });
		const made = await run(version, parameters);
		const again = await run(version, parameters);
		const same = await run(version, version === 1 ? asked[1]({}, { refundNumber: 'SH-2' }) : asked[2]({ refundNumber: 'SH-2' }), [{}, {}]);
		const shape = typesOf(made.output[0].json);
		expect(typesOf(again.output[0].json)).toEqual(shape);
		expect(typesOf(same.output[0].json)).toEqual(shape);
		expect(typesOf(same.output[1].json)).toEqual(shape);
		for (const item of [made.output[0], again.output[0], same.output[0], same.output[1]]) {
			expect(item.json).toMatchObject({ amountMinor: 1000, code: expect.any(String), message: expect.any(String) });
		}
	});

	test('Continue On Fail, version 2: three items, the middle one fails; one output item per input, paired, the failed one only { error }', async () => {
		const result = await run(2, { ...asked[2](), orderNumber: '={{ $json.o }}' }, [{ o: 'ORD-1' }, { o: 'NOPE' }, { o: 'ORD-1' }], 'continueRegularOutput');
		expect(result.output).toHaveLength(3);
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(Object.keys(result.output[1].json)).toEqual(['error']);
		expect(result.output[0].json.created).toBe(true);
		expect(result.output[2].json.created).toBe(true);
	});

	test('JPY and BHD refunds: amountMinor exact (1000 JPY → 1000, 1.005 BHD → 1005)', async () => {
		gateway.sim.admin.addOrder({ order_number: 'ORD-J', payment_id: 'PAY-J', order_amount: '5000', order_currency: 'JPY' });
		gateway.sim.admin.addOrder({ order_number: 'ORD-B', payment_id: 'PAY-B', order_amount: '20.000', order_currency: 'BHD' });
		const jpy = await run(2, { ...asked[2](), orderNumber: 'ORD-J', amount: '1000.00' });
		expect(jpy.output[0].json).toMatchObject({ amount: '1000', amountMinor: 1000, currency: 'JPY' });
		const bhd = await run(2, { ...asked[2](), orderNumber: 'ORD-B', amount: '1.005' });
		expect(bhd.output[0].json).toMatchObject({ amount: '1.005', amountMinor: 1005, currency: 'BHD' });
	});

	test('no hint, output or error of a run holds the secure code', async () => {
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'echoRequest' });
		const results = [await run(2, asked[2]({ refundNumber: 'SEC-1' }), [{}], 'continueRegularOutput'), await run(2, asked[2]({ refundType: '1', amount: '' }))];
		const secureCode = String(gateway.credentials.secureCode);
		for (const result of results) expect(JSON.stringify({ output: result.output, hints: result.hints, error: result.error?.message, description: result.error?.description })).not.toContain(secureCode);
	});
});
