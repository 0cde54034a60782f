/**
 * Issue 29, a two-terminal credential: a terminal that refuses a lookup (a refusal inside its
 * status record, "code:text") or answers without saying "no such order" is never read as "not
 * on this terminal". Every write that looks its payment up on both terminals stops before any
 * call that moves money or changes the payment, naming the refusing terminal and its code; Get
 * Status with Both fails the item (an error item under Continue On Fail). Values of the Terminal
 * option from expressions are checked before any call. Real n8n-core, real HTTP, the simulator.
 */
import { fc, test } from '@fast-check/jest';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { unclearAbsence } from '../../nodes/Oceanpayment/helpers/orderAbsence';
import { runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { SEED_MERCHANT, SEED_THREE_D, THREE_D_FIELDS, startGateway, type Simulator } from '../helpers/gateway';

const MAIN = SEED_MERCHANT.terminal;
const THREE_D = SEED_THREE_D.terminal;

let sim: Simulator;
let both: CredentialData;
beforeAll(async () => {
	let single: CredentialData;
	({ sim, credentials: single } = await startGateway());
	both = { ...single, ...THREE_D_FIELDS };
});
afterAll(async () => sim.close());
beforeEach(() => sim.admin.reset());

async function run(parameters: INodeParameters, options: { items?: IDataObject[]; onError?: 'continueErrorOutput' } = {}): Promise<RunResult> {
	return await runNode({ node: { type: 'oceanpayment', parameters, onError: options.onError }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials: both, items: options.items });
}
const errorText = (result: RunResult) => `${result.error?.message ?? ''} ${(result.error as { description?: string } | undefined)?.description ?? ''}`;
/** The calls that act on a payment (everything but the lookups). */
const actingCalls = () => sim.admin.getLog().filter((entry) => !['/service/check/normal', '/service/QueryOrdersList'].includes(entry.path));

/** Refusals the gateway may put in a status record, and answers that do not say "not found". */
const REFUSALS: Array<[string, string]> = [
	['80002', 'Invalid terminal'],
	['80005', 'Account error'],
	['80011', 'Invalid ip'],
	['99', 'System busy, try again'],
	['04', 'signValue error'],
	['89999', 'Contact Customer Service'],
	['80001', ''],
	['70001', '订单查询失败'],
];

/** Each write that looks an order number up on both terminals; `order` is set up on the terminals named. */
const WRITES: Array<{ name: string; parameters: (order: string) => INodeParameters; preauth?: boolean }> = [
	{ name: 'Refund › Create', parameters: (order) => ({ resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber: order, refundType: '2', amount: '1.00', description: 'x', options: { skipExisting: false } }) },
	{ name: 'Pre-Authorization › Capture', preauth: true, parameters: (order) => ({ resource: 'preAuthorization', operation: 'capture', identifyBy: 'orderNumber', orderNumber: order }) },
	{ name: 'Pre-Authorization › Void', preauth: true, parameters: (order) => ({ resource: 'preAuthorization', operation: 'void', identifyBy: 'orderNumber', orderNumber: order }) },
	{ name: 'Pre-Authorization › Reverse', parameters: (order) => ({ resource: 'preAuthorization', operation: 'reverse', orderNumber: order }) },
	{ name: 'Tracking › Upload', parameters: (order) => ({ resource: 'tracking', operation: 'upload', identifyBy: 'orderNumber', orderNumber: order, trackingNumbers: 'A1', trackingSite: 'https://www.ups.com', handler: 'N/A' }) },
];

describe('writes: one terminal refuses the lookup, the payment is on the other (or on both)', () => {
	test.prop(
		[fc.constantFrom(...WRITES), fc.constantFrom(...REFUSALS), fc.constantFrom<'main' | 'threeD'>('main', 'threeD'), fc.constantFrom<'other' | 'both'>('other', 'both')],
		{ numRuns: 40 },
	)('nothing acts on the payment; the error names the refusing terminal and its code', async (write, [code, text], refusing, held) => {
		sim.admin.reset();
		const order = 'REF-ORDER-1';
		const auth = write.preauth ? { auth_type: 'pre-auth' } : {};
		const onMain = held === 'both' || refusing === 'threeD';
		const onThreeD = held === 'both' || refusing === 'main';
		if (onMain) sim.admin.addOrder({ order_number: order, payment_id: '260101000000000009001', ...auth });
		if (onThreeD) sim.admin.addOrder({ order_number: order, payment_id: '260101000000000009002', terminal: THREE_D, ...auth });
		// The main terminal is asked first.
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code, text, inRecord: true, after: refusing === 'main' ? 0 : 1, times: 1 });
		const result = await run(write.parameters(order));
		expect(actingCalls()).toEqual([]);
		expect(result.error).toBeDefined();
		const message = errorText(result);
		expect(message).toContain(refusing === 'main' ? MAIN : THREE_D);
		expect(message).toContain(code);
		expect(message).toContain('Nothing was sent');
		expect(message).not.toContain(SEED_THREE_D.secureCode);
		expect(message).not.toContain(String(both.secureCode));
	});

	test('control: a clear "no such order" on the main terminal still sends the refund to the 3-D terminal', async () => {
		sim.admin.addOrder({ order_number: 'ONLY-3D', payment_id: '260101000000000009003', terminal: THREE_D });
		const result = await run(WRITES[0].parameters('ONLY-3D'));
		expect(result.error).toBeUndefined();
		expect(actingCalls().map((entry) => [entry.path, entry.fields.terminal])).toEqual([['/service/applyRefund', THREE_D]]);
	});

	test('a refund by payment ID whose status query on its terminal is refused names that terminal and the code', async () => {
		sim.admin.addOrder({ order_number: 'PID-3D', payment_id: '260101000000000009004', terminal: THREE_D });
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '80002', text: 'Invalid terminal', inRecord: true, times: 1 });
		const result = await run({ resource: 'refund', operation: 'create', identifyBy: 'paymentId', paymentId: '260101000000000009004', refundType: '2', amount: '1.00', description: 'x', options: { skipExisting: false } });
		expect(actingCalls()).toEqual([]);
		expect(errorText(result)).toContain(`3-D Secure terminal ${THREE_D}`);
		expect(errorText(result)).toContain('code 80002 ("Invalid terminal")');
	});
});

describe('Get Status, Both: one terminal refuses', () => {
	test('with Continue On Fail (error output): the refused order is an error item naming the terminal and code, the other item is read', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '80002', text: 'Invalid terminal', inRecord: true, after: 1, times: 1 });
		const result = await run(
			{ resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}', options: { terminal: 'both', batching: false } },
			{ items: [{ order: 'SIM-1001' }, { order: 'SIM-1002' }], onError: 'continueErrorOutput' },
		);
		expect(result.error).toBeUndefined();
		expect(result.errorOutput.map((item) => [item.pairedItem, String(item.json.error)])).toEqual([[{ item: 0 }, expect.stringContaining(`3-D Secure terminal ${THREE_D}`)]]);
		expect(String(result.errorOutput[0].json.error)).toContain('code 80002 ("Invalid terminal")');
		expect(result.output.map((item) => [item.pairedItem, item.json.orderNumber, item.json.found])).toEqual([[{ item: 1 }, 'SIM-1002', true]]);
	});

	test('both terminals clearly say "no such order": one found:false item naming both (unchanged)', async () => {
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'NOPE-9', options: { terminal: 'both' } });
		expect(result.output.map((item) => [item.json.found, item.json.terminal])).toEqual([[false, `${MAIN},${THREE_D}`]]);
	});
});

describe('reading a status record without payments', () => {
	const entry = (details: string) => ({ payments: [], emptyEntry: { order_number: 'X', payment_results: '0', payment_details: details } });
	test.each(['80001:Order does not exist', '80001:order not found', 'Order does not exist', '1:订单不存在', '80001:No such order'])('"%s" is a clear "no such order"', (details) => {
		expect(unclearAbsence(entry(details))).toBeUndefined();
	});

	const refusalWords = fc.constantFrom('Invalid terminal', 'busy', 'signValue error', 'Account error', 'Invalid ip', 'system exception', 'try again', '系统繁忙', '签名错误', 'not activated');
	test.prop([fc.string({ maxLength: 12 }), refusalWords, fc.constantFrom('', ' order does not exist', ' not found')])(
		'any text that refuses is never a clear "no such order", whatever else it says',
		(prefix, refusal, notFound) => {
			expect(unclearAbsence(entry(`80001:${prefix}${refusal}${notFound}`))).toBeDefined();
		},
	);
	test.prop([fc.constantFrom('02', '03', '04', '10', '11', '14', '15', '99'), fc.constantFrom('Order does not exist', 'not found')])('a refusal code of the code table is never absence, whatever its text', (code, text) => {
		expect(unclearAbsence(entry(`${code}:${text}`))).toBeDefined();
	});
	test.prop([fc.stringMatching(/^[0-9]{0,6}$/)])('a bare code or an empty text is no evidence', (code) => {
		expect(unclearAbsence(entry(code ? `${code}:` : ''))).toBeDefined();
		expect(unclearAbsence({ payments: [], emptyEntry: { order_number: 'X' } })).toBeDefined();
	});
});

describe('Options › Terminal from an expression', () => {
	const badValues: Array<[string, IDataObject[string]]> = [
		['a one-element list', ['threeDSecure']],
		['a list', ['main', 'threeDSecure']],
		['an object', { terminal: 'threeDSecure' }],
		['a boolean', true],
		['a number', 12345633],
		['null', null],
		['an unknown word', '3ds'],
	];
	test.each(badValues)('a read given %s fails the item naming Terminal, before any call', async (_name, value) => {
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001', options: { terminal: '={{ $json.terminal }}' } }, { items: [{ terminal: value }] });
		expect(result.error?.message).toMatch(/^Terminal: .* \[item 0\]$/);
		expect(sim.admin.getLog()).toEqual([]);
	});
	test.each(badValues)('a refund given %s fails the item naming Terminal, before any call', async (_name, value) => {
		const result = await run({ ...WRITES[0].parameters('SIM-1001'), options: { skipExisting: false, terminal: '={{ $json.terminal }}' } }, { items: [{ terminal: value }] });
		expect(result.error?.message).toMatch(/^Terminal: .* \[item 0\]$/);
		expect(sim.admin.getLog()).toEqual([]);
	});
	test('padded text is trimmed: " threeDSecure " asks the 3-D terminal', async () => {
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-3D-2001', options: { terminal: '={{ $json.terminal }}' } }, { items: [{ terminal: ' threeDSecure\n' }] });
		expect(result.output[0].json).toMatchObject({ found: true, terminal: THREE_D });
		expect(sim.admin.getLog().map((entry) => entry.fields.terminal)).toEqual([THREE_D]);
	});
});
