/**
 * Issue 24, as properties (fast-check), through real n8n execution against the simulator:
 * - random sequences of runs of Refund › Create (refund numbers, payments and amounts repeating
 *   within a run and across runs), under a random "no such refund" convention, with random faults
 *   (busy, account / IP / signature refusals, HTTP errors, unreadable answers, a lost answer, a
 *   query that lags behind the refunds): never a second refund under one refund number, never an
 *   item that reports a refund the gateway does not hold; and, in runs without faults, the
 *   refunds a model expects are made (safety is not bought by stopping everything);
 * - an amount is sent only when it is exact in the currency's minor units, and then always.
 */
import { fc, test } from '@fast-check/jest';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { SEED_MERCHANT, startGateway, type RefundNotFoundConvention, type Simulator } from '../helpers/gateway';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] } })));
afterAll(async () => sim.close());

async function run(parameters: INodeParameters, items: IDataObject[]): Promise<RunResult> {
	return await runNode({ node: { type: 'oceanpayment', parameters, onError: 'continueErrorOutput' }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials, items });
}

// ---- refund sequences ---------------------------------------------------------------------

const NUMBERS = ['R-1', 'R-2', 'R-3'];
const PAYMENTS = ['PAY-A', 'PAY-B'];
const CONVENTIONS: RefundNotFoundConvention[] = ['simulator', 'results09', 'refundResults05', 'emptySuccess'];
/** The code each convention answers "no such refund" with, for the override. */
const NOT_FOUND_CODE: Record<RefundNotFoundConvention, string> = { simulator: '05', results09: '09', refundResults05: '05', emptySuccess: '00' };

const FAULTS = {
	queryBusy: ['/service/queryRefund', { mode: 'busy' }],
	queryAccountError: ['/service/queryRefund', { mode: 'reject', code: '05', text: 'Account error' }],
	queryInvalidIp: ['/service/queryRefund', { mode: 'reject', code: '05', text: 'Invalid IP' }],
	querySignature: ['/service/queryRefund', { mode: 'reject', code: '04', text: 'signValue error' }],
	queryHttpError: ['/service/queryRefund', { mode: 'http503' }],
	queryUnreadable: ['/service/queryRefund', { mode: 'emptyResponse' }],
	refundHttpError: ['/service/applyRefund', { mode: 'http503' }],
	refundLostAnswer: ['/service/applyRefund', { mode: 'commitThenDrop' }],
	refundRefused: ['/service/applyRefund', { mode: 'reject', code: '21', text: 'Refund amount exceeds the refundable amount' }],
} as const;
type FaultName = keyof typeof FAULTS;

const request = fc.record({ refundNumber: fc.constantFrom(...NUMBERS), paymentId: fc.constantFrom(...PAYMENTS), amount: fc.constantFrom('1.00', '1', '2.00', '2.5') });
const runOf = fc.record({
	items: fc.array(request, { minLength: 1, maxLength: 4 }),
	fault: fc.option(fc.record({ name: fc.constantFrom(...(Object.keys(FAULTS) as FaultName[])), after: fc.nat({ max: 3 }), times: fc.integer({ min: 1, max: 2 }) }), { nil: undefined }),
	lag: fc.boolean(),
});
const scenario = fc.record({
	convention: fc.constantFrom(...CONVENTIONS),
	override: fc.boolean(),
	runs: fc.array(runOf, { minLength: 1, maxLength: 3 }),
});

const sameAmount = (a: unknown, b: unknown) => Math.round(Number(a) * 100) === Math.round(Number(b) * 100);

test.prop([scenario], { numRuns: 60 })(
	'never a second refund under one refund number, never an item reporting a refund the gateway does not hold; without faults, what the model expects',
	async ({ convention, override, runs }) => {
		sim.admin.reset();
		sim.admin.setRefundNotFound(convention);
		for (const paymentId of PAYMENTS) sim.admin.addOrder({ order_number: `ORD-${paymentId}`, payment_id: paymentId, order_amount: '50.00' });
		// The results09 gateway's answer about a refund found carries no payment_id, but its order_number:
		// the node confirms the payment through that order's status, so every convention matches on the payment.

		for (const { items, fault, lag } of runs) {
			sim.admin.clearFaults();
			if (fault) sim.admin.setFault(FAULTS[fault.name][0], { ...FAULTS[fault.name][1], after: fault.after, times: fault.times });
			sim.admin.setRefundQueryLag(lag);
			const before = new Map(sim.admin.getRefunds().map((made) => [String(made.refund_number), made]));
			const result = await run(
				{
					resource: 'refund',
					operation: 'create',
					paymentId: '={{ $json.paymentId }}',
					refundType: '2',
					amount: '={{ $json.amount }}',
					description: '商品瑕疵',
					options: { refundNumber: '={{ $json.refundNumber }}', retries: 0, ...(override ? { notFoundCodes: NOT_FOUND_CODE[convention] } : {}) },
				},
				items,
			);
			// The lag ends with the run: across runs the query shows every refund made.
			sim.admin.setRefundQueryLag(false);
			const held = sim.admin.getRefunds();

			// Safety: one refund per refund number at most, and never the made-up number of the check.
			const perNumber = new Map<string, number>();
			for (const made of held) perNumber.set(String(made.refund_number), (perNumber.get(String(made.refund_number)) ?? 0) + 1);
			for (const [number, count] of perNumber) {
				expect(NUMBERS).toContain(number);
				expect(count).toBe(1);
			}
			// Safety: every item that reports a refund names one the gateway holds, for what the item asked.
			for (const item of result.output) {
				const asked = items[(item.pairedItem as { item: number }).item];
				const reported = held.find((made) => made.refund_id === item.json.refundId);
				expect(reported).toBeDefined();
				expect(reported?.refund_number).toBe(asked.refundNumber);
				expect(sameAmount(reported?.refund_amount, asked.amount)).toBe(true);
				expect(reported?.payment_id).toBe(asked.paymentId);
			}

			// Liveness, in a run without faults: the model (the refunds held before the run, then each item in turn).
			if (fault) continue;
			const model = new Map(before);
			const outcomes = new Map<number, IDataObject | 'error'>();
			for (const item of result.output) outcomes.set((item.pairedItem as { item: number }).item, item.json);
			for (const item of result.errorOutput) outcomes.set((item.pairedItem as { item: number }).item, 'error');
			items.forEach((asked, index) => {
				const existing = model.get(asked.refundNumber);
				const outcome = outcomes.get(index);
				if (!existing) {
					expect(outcome).toMatchObject({ created: true });
					model.set(asked.refundNumber, { refund_number: asked.refundNumber, payment_id: asked.paymentId, refund_amount: asked.amount });
				} else if (sameAmount(existing.refund_amount, asked.amount) && existing.payment_id === asked.paymentId) {
					expect(outcome).toMatchObject({ created: false, alreadyExisted: true });
				} else {
					expect(outcome).toBe('error');
				}
			});
		}
	},
	120_000,
);

// ---- amounts --------------------------------------------------------------------------------

const CURRENCIES = ['JPY', 'KRW', 'USD', 'EUR', 'BHD', 'KWD', 'OMR', 'CLF', 'XYZ'];
/** The oracle: how many decimals the currency has (ICU), 2 when the runtime does not know it. */
const decimalsOf = (currency: string) =>
	(Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('currency').includes(currency)
		? (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2)
		: 2;
/** Amount text → [whole, fraction without trailing zeros], or undefined when it is not a plain decimal. */
function exactParts(text: string): [string, string] | undefined {
	const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
	return match ? [match[1].replace(/^0+(?=\d)/, ''), (match[2] ?? '').replace(/0+$/, '')] : undefined;
}

const amountText = fc.oneof(
	fc.tuple(fc.integer({ min: 0, max: 999 }), fc.stringMatching(/^\d{0,6}$/)).map(([whole, fraction]) => (fraction === '' ? String(whole) : `${whole}.${fraction}`)),
	fc.constantFrom('999.50', '1000.00', '1.234', '1.2340', '10.5', '0.001', '-1', '1e3', '1,50', ' 7.25 ', '.5', '5.', 'abc', '0'),
);

test.prop([fc.constantFrom(...CURRENCIES), amountText, fc.boolean()], { numRuns: 150 })(
	'an amount is sent only when it is exact in the currency\'s minor units (and then always, as that value)',
	async (currency, amount, byOrderNumber) => {
		sim.admin.reset();
		const decimals = byOrderNumber ? decimalsOf(currency) : 2;
		sim.admin.addOrder({ order_number: 'AMT-1', payment_id: 'AMT-PAY', order_currency: currency, order_amount: decimals === 0 ? '100000' : `100000.${'0'.repeat(decimals)}` });
		const identify = byOrderNumber ? { identifyBy: 'orderNumber', orderNumber: 'AMT-1' } : { identifyBy: 'paymentId', paymentId: 'AMT-PAY' };
		await run({ resource: 'refund', operation: 'create', ...identify, refundType: '2', amount, description: 'x', options: { skipExisting: false } }, [{}]);
		const sent = sim.admin.getLog().filter((entry) => entry.path === '/service/applyRefund');
		const parts = exactParts(amount);
		const exact = parts !== undefined && parts[1].length <= decimals && !/^0*$/.test(parts[0] + parts[1]);
		expect(sent).toHaveLength(exact ? 1 : 0);
		if (!exact || !parts) return;
		const wire = String(sent[0].fields.refund_amount);
		const [whole, fraction = ''] = wire.split('.');
		expect(fraction.length).toBeLessThanOrEqual(decimals);
		expect([whole.replace(/^0+(?=\d)/, ''), fraction.replace(/0+$/, '')]).toEqual(parts);
	},
	60_000,
);
