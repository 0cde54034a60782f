/**
 * Issue 27, as properties (fast-check):
 * - amountMinor is exact for every amount and every currency (exponents 0, 2 and 3): the decimal
 *   text times 10^exponent, as a whole number, whatever trailing zeros the text carries; null
 *   when the amount needs more decimals than the currency has, or is beyond a safe integer;
 * - through real n8n execution against the simulator, in both node versions: a refund created
 *   and the same refund found again on a rerun carry the same fields with the same types, and
 *   their amountMinor is the amount sent in minor units.
 */
import { fc, test } from '@fast-check/jest';
import type { IDataObject } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { minorUnits } from '../../nodes/Oceanpayment/helpers/amounts';
import { simplifyRefund } from '../../nodes/Oceanpayment/helpers/simplify';
import { runNode } from '../helpers/n8n';
import { useRefundGateway } from '../helpers/refund-gateway';

/** Every currency the runtime knows, with its exponent as ICU formats it (0, 2 or 3 in Node 20; CLF's 4 is not in its list). */
const EXPONENTS: Array<[string, number]> = (Intl as unknown as { supportedValuesOf(key: 'currency'): string[] })
	.supportedValuesOf('currency')
	.map((code): [string, number] => [code, new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2]);
const TEN = BigInt(10);

/** `units / 10^decimals` as text with `zeros` trailing zeros more ("1050", 2, 1 → "10.500"). */
function textOf(units: bigint, decimals: number, zeros: number): string {
	const digits = units.toString().padStart(decimals + 1, '0');
	const fraction = digits.slice(digits.length - decimals) + '0'.repeat(zeros);
	const whole = digits.slice(0, digits.length - decimals);
	return fraction === '' ? whole : `${whole}.${fraction}`;
}

test.prop([fc.constantFrom(...EXPONENTS), fc.bigInt({ min: BigInt(0), max: BigInt(10) ** BigInt(18) }), fc.nat({ max: 4 }), fc.nat({ max: 3 })], { numRuns: 500 })(
	'amountMinor is the amount times 10^exponent, exactly, for every amount with at most the currency\'s decimals',
	([currency, exponent], units, decimalsWanted, zeros) => {
		const decimals = Math.min(decimalsWanted, exponent);
		const text = textOf(units, decimals, zeros);
		const expected = units * TEN ** BigInt(exponent - decimals);
		const minor = minorUnits(text, currency);
		if (expected > BigInt(Number.MAX_SAFE_INTEGER)) expect(minor).toBeNull();
		else {
			expect(Number.isInteger(minor)).toBe(true);
			expect(BigInt(minor as number)).toBe(expected);
		}
		// The refund item carries the same.
		expect(simplifyRefund({ refund_amount: text, refund_currency: currency.toLowerCase() }, 'UTC').amountMinor).toBe(minor);
	},
);

test.prop([fc.constantFrom(...EXPONENTS), fc.bigInt({ min: BigInt(1), max: BigInt(10) ** BigInt(12) }), fc.nat({ max: 2 })], { numRuns: 300 })(
	'an amount needing more decimals than the currency has, or in a currency the node does not know, has no amountMinor',
	([currency, exponent], units, extra) => {
		// Ends in a non-zero digit beyond the currency's decimals.
		const text = textOf(units * TEN + BigInt(7), exponent + 1 + extra, 0);
		expect(minorUnits(text, currency)).toBeNull();
		expect(minorUnits('10.00', 'XYZ')).toBeNull();
		expect(minorUnits('10.00', 'CLF')).toBeNull();
		expect(minorUnits('10.00', '')).toBeNull();
	},
);

const gateway = useRefundGateway();
const node = new Oceanpayment();
const typesOf = (item: IDataObject) => Object.fromEntries(Object.entries(item).map(([name, value]) => [name, value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value]));

// A partial refund is less than the 50.00 paid: the gateway refuses a partial of the whole amount.
test.prop([fc.constantFrom(1, 2), fc.integer({ min: 1, max: 4999 }), fc.stringMatching(/^[A-Z0-9-]{1,20}$/), fc.constantFrom('1', '2')], { numRuns: 25 })(
	'created and found refunds have the same fields and types, and amountMinor is the amount sent',
	async (version, cents, refundNumber, refundType) => {
		gateway.sim.admin.reset();
		gateway.sim.admin.addOrder({ order_number: 'ORD-1', payment_id: 'PAY-1', order_amount: '50.00' });
		const amount = refundType === '1' ? '50.00' : textOf(BigInt(cents), 2, 0);
		const parameters =
			version === 1
				? { resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber: 'ORD-1', refundType, amount, description: 'x', options: { refundNumber } }
				: { resource: 'refund', operation: 'create', orderNumber: 'ORD-1', refundType, amount, description: 'x', refundNumber };
		const run = async () => await runNode({ node: { type: 'oceanpayment', parameters, typeVersion: version }, nodeTypes: { oceanpayment: node }, credentials: gateway.credentials });
		const created = await run();
		const found = await run();
		expect(created.error).toBeUndefined();
		expect(found.error).toBeUndefined();
		expect(created.output[0].json.created).toBe(true);
		expect(found.output[0].json.alreadyExisted).toBe(true);
		expect(typesOf(found.output[0].json)).toEqual(typesOf(created.output[0].json));
		const minor = refundType === '1' ? 5000 : cents;
		expect(created.output[0].json.amountMinor).toBe(minor);
		expect(found.output[0].json.amountMinor).toBe(minor);
		expect(gateway.sim.admin.getRefunds()).toHaveLength(1);
	},
);
