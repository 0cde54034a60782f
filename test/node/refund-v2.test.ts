/**
 * Issue 27: version 2 of Refund › Create next to version 1, through real n8n execution (n8n-core
 * WorkflowExecute, real HTTP) against the simulator. Version 1 keeps its parameters and defaults;
 * version 2 reads the Refund Number from its own field, identifies by Order Number by default,
 * refunds what is still refundable when a Full refund has no Amount, and decides "Full or
 * Partial by Amount" with either identification. The safety rules hold in both; created and
 * found refunds carry the same fields; execution hints say when nothing was refunded.
 */
import { NodeHelpers, type IDataObject, type INode, type INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type RunResult } from '../helpers/n8n';
import { useRefundGateway } from '../helpers/refund-gateway';

const gateway = useRefundGateway();
const node = new Oceanpayment();

async function run(typeVersion: number, parameters: INodeParameters, items: IDataObject[] = [{}]): Promise<RunResult> {
	return await runNode({ node: { type: 'oceanpayment', parameters: { resource: 'refund', operation: 'create', ...parameters }, typeVersion }, nodeTypes: { oceanpayment: node }, credentials: gateway.credentials, items });
}
const log = () => gateway.sim.admin.getLog();
const refundCalls = () => log().filter((entry) => entry.path === '/service/applyRefund');
const hintTexts = (result: RunResult) => result.hints.map((hint) => hint.message);

/** The same refund asked of each version, each with its own way to give the Refund Number. */
const asked = {
	1: (refundNumber: string, extra: IDataObject = {}): INodeParameters => ({ paymentId: 'PAY-1', refundType: '2', amount: '10.00', description: 'Damaged', options: { refundNumber, retries: 0 }, ...extra }),
	2: (refundNumber: string, extra: IDataObject = {}): INodeParameters => ({ orderNumber: 'ORD-1', refundType: '2', amount: '10.00', description: 'Damaged', refundNumber, options: { retries: 0 }, ...extra }),
} as const;

describe('the panel', () => {
	const properties = node.description.properties;
	/** The parameters n8n keeps for a node of this version and these values (defaults filled in). */
	const resolved = (typeVersion: number, values: INodeParameters): INodeParameters => {
		const target = { name: 'Oceanpayment', type: 'oceanpayment', typeVersion, parameters: values } as unknown as INode;
		return NodeHelpers.getNodeParameters(properties, { resource: 'refund', operation: 'create', ...values }, true, false, target, node.description) ?? {};
	};
	const shown = (typeVersion: number, values: INodeParameters, name: string): boolean => {
		const parameters = resolved(typeVersion, values);
		const target = { typeVersion } as INode;
		return properties.filter((property) => property.name === name).some((property) => NodeHelpers.displayParameter(parameters, property, target, node.description));
	};

	test('version 2 is the default; version 1 is still offered', () => {
		expect(node.description.version).toEqual([1, 2]);
		expect(node.description.defaultVersion).toBe(2);
	});

	test('version 1 keeps its defaults and places: Payment ID, Refund Number under Options, Amount required', () => {
		const v1 = resolved(1, {});
		expect(v1).toMatchObject({ identifyBy: 'paymentId', refundType: '1', amount: '', options: {} });
		expect(v1).not.toHaveProperty('refundNumber');
		expect(shown(1, {}, 'refundNumberNotice')).toBe(false);
		const options = properties.find((property) => property.name === 'options' && JSON.stringify(property.displayOptions).includes('"@version":[1]'));
		expect(options?.options?.map((option) => option.name)).toContain('refundNumber');
		expect(properties.filter((property) => property.name === 'amount').find((property) => JSON.stringify(property.displayOptions).includes('"@version":[1]'))?.required).toBe(true);
	});

	test('version 2: Order Number by default, Refund Number at the top with its hint, the notice only while it is empty', () => {
		const v2 = resolved(2, {});
		expect(v2).toMatchObject({ identifyBy: 'orderNumber', refundNumber: '', refundType: '1' });
		const field = properties.find((property) => property.name === 'refundNumber' && property.hint);
		expect(field?.hint).toMatch(/reruns safe.*shop's refund ID/);
		expect(shown(2, {}, 'refundNumberNotice')).toBe(true);
		expect(shown(2, { refundNumber: 'SHOP-R-1001' }, 'refundNumberNotice')).toBe(false);
		// An expression is a value at run time: no notice.
		expect(shown(2, { refundNumber: '={{ $json.id }}' }, 'refundNumberNotice')).toBe(false);
		expect(properties.find((property) => property.name === 'refundNumberNotice')?.displayName).toMatch(/refunds the payment again/);
		// Amount: optional for Full, required for Partial.
		const amountFor = (refundType: string) => properties.filter((property) => property.name === 'amount').find((property) => NodeHelpers.displayParameter(resolved(2, { refundType }), property, { typeVersion: 2 } as INode, node.description));
		expect(amountFor('1')?.required).toBeFalsy();
		expect(amountFor('2')?.required).toBe(true);
		expect(amountFor('byAmount')?.required).toBe(true);
	});
});

describe.each([1, 2] as const)('version %s: the same safety', (version) => {
	test('a rerun with the same Refund Number returns the refund, refunds nothing, and says so in a hint', async () => {
		const first = await run(version, asked[version]('SHOP-R-1001'));
		expect(first.error).toBeUndefined();
		expect(first.output[0].json).toMatchObject({ created: true, alreadyExisted: false, refundNumber: 'SHOP-R-1001', amount: '10.00', currency: 'USD', amountMinor: 1000, statusText: 'awaiting', matchedOn: [] });
		expect(first.hints).toEqual([]);
		const again = await run(version, asked[version]('SHOP-R-1001'));
		expect(again.error).toBeUndefined();
		expect(again.output[0].json).toMatchObject({ created: false, alreadyExisted: true, refundId: first.output[0].json.refundId, amountMinor: 1000, statusText: 'succeeded', status: '1' });
		expect(hintTexts(again)).toEqual(['Refund SHOP-R-1001 already existed: nothing was refunded']);
		expect(refundCalls()).toHaveLength(1);
		// One shape: the created and the found item carry the same fields, with the same types.
		const typesOf = (item: IDataObject) => Object.fromEntries(Object.entries(item).map(([name, value]) => [name, value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value]));
		expect(typesOf(again.output[0].json)).toEqual(typesOf(first.output[0].json));
	});

	test('the check answers "System busy (99)": the item stops, nothing is refunded, no hint points at No-Such-Refund Codes', async () => {
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'busy' });
		const result = await run(version, asked[version]('SHOP-R-2'));
		expect(result.error?.message).toContain('the gateway refused the check with code 99');
		expect(result.error?.description).not.toContain('No-Such-Refund Codes');
		expect(refundCalls()).toHaveLength(0);
	});

	test.each(['99', '04', '11', '02'])('No-Such-Refund Codes listing the refusal code %s is refused before any call, naming the field and the code', async (code) => {
		const result = await run(version, asked[version]('SHOP-R-3', { options: { refundNumber: 'SHOP-R-3', notFoundCodes: `09, ${code}` } }));
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toContain('No-Such-Refund Codes');
		expect(result.error?.message).toContain(`code ${code} is how the gateway refuses a request`);
		expect(log()).toHaveLength(0);
	});

	test('two items with the same Refund Number in one execution: one refund, the second item is the same refund', async () => {
		const result = await run(version, asked[version]('={{ $json.number }}'), [{ number: 'SHOP-R-4' }, { number: 'SHOP-R-4' }]);
		expect(result.output.map((item) => item.json.created)).toEqual([true, false]);
		expect(refundCalls()).toHaveLength(1);
		expect(hintTexts(result)).toEqual(['Refund SHOP-R-4 already existed: nothing was refunded']);
	});
});

describe('version 2 only', () => {
	test('Full with Amount empty refunds what is still refundable, says so in the output and a hint; the rerun refunds nothing', async () => {
		const parameters = { orderNumber: 'ORD-1', refundType: '1', description: 'Returned', refundNumber: 'SHOP-R-1001' };
		const made = await run(2, parameters);
		expect(made.error).toBeUndefined();
		expect(made.output[0].json).toMatchObject({ created: true, refundType: 'full', amount: '50.00', amountMinor: 5000, amountFromRefundable: true, identifiedBy: 'orderNumber' });
		expect(made.output[0].json.message).toBe('Refund SHOP-R-1001 sent: 50.00 USD of payment PAY-1, what was still refundable');
		expect(hintTexts(made)).toEqual(['Refund SHOP-R-1001 refunded 50.00 USD, what was still refundable (Amount was empty)']);
		expect(refundCalls()[0].fields).toMatchObject({ refund_type: '1', refund_amount: '50.00' });
		const again = await run(2, parameters);
		expect(again.output[0].json).toMatchObject({ created: false, alreadyExisted: true, matchedOn: ['refundNumber', 'paymentId', 'orderNumber', 'refundType', 'currency'] });
		expect(hintTexts(again)).toEqual(['Refund SHOP-R-1001 already existed: nothing was refunded']);
		expect(refundCalls()).toHaveLength(1);
	});

	test('Full with Amount empty after a partial refund: the remainder, and a payment with nothing left stops', async () => {
		await run(2, { orderNumber: 'ORD-1', refundType: '2', amount: '12.34', description: 'Part', refundNumber: 'P-1' });
		const rest = await run(2, { orderNumber: 'ORD-1', refundType: '1', description: 'Rest', refundNumber: 'F-1' });
		expect(rest.output[0].json).toMatchObject({ amount: '37.66', amountMinor: 3766, refundType: 'full' });
		const nothing = await run(2, { orderNumber: 'ORD-1', refundType: '1', description: 'Again', refundNumber: 'F-2' });
		expect(nothing.error?.message).toContain('Amount: is empty and nothing is left to refund');
		expect(refundCalls()).toHaveLength(2);
	});

	test('Full with Amount empty and the payment given by ID: the node finds the payment and refunds the remainder', async () => {
		const made = await run(2, { identifyBy: 'paymentId', paymentId: 'PAY-1', refundType: '1', description: 'Returned', refundNumber: 'ID-1' });
		expect(made.error).toBeUndefined();
		expect(made.output[0].json).toMatchObject({ amount: '50.00', amountFromRefundable: true, identifiedBy: 'paymentId' });
		expect(log().map((entry) => entry.path)).toEqual(expect.arrayContaining(['/service/QueryOrdersList', '/service/check/normal']));
	});

	test('"Full or Partial by Amount" with the payment given by ID: partial below the remainder, full at it', async () => {
		const part = await run(2, { identifyBy: 'paymentId', paymentId: 'PAY-1', refundType: 'byAmount', amount: '20', description: 'Part', refundNumber: 'BA-1' });
		expect(part.error).toBeUndefined();
		expect(part.output[0].json).toMatchObject({ refundType: 'partial', amount: '20.00' });
		const full = await run(2, { identifyBy: 'paymentId', paymentId: 'PAY-1', refundType: 'byAmount', amount: '30.00', description: 'Rest', refundNumber: 'BA-2' });
		expect(full.output[0].json).toMatchObject({ refundType: 'full', amount: '30.00' });
	});

	test('a payment ID the successful payments do not list stops the item: nothing is refunded', async () => {
		const result = await run(2, { identifyBy: 'paymentId', paymentId: 'PAY-NOPE', refundType: '1', description: 'x', refundNumber: 'N-1' });
		expect(result.error?.message).toContain('payment PAY-NOPE is not among the successful payments of the last 6 months');
		expect(refundCalls()).toHaveLength(0);
	});
});

describe('version 1 keeps its behaviour', () => {
	test('"Full or Partial by Amount" still needs Order Number, and Amount is still required for Full', async () => {
		const byId = await run(1, { paymentId: 'PAY-1', refundType: 'byAmount', amount: '10', description: 'x' });
		expect(byId.error?.message).toContain('"Full or Partial by Amount" needs the payment\'s amount');
		// n8n itself refuses to run a version 1 node without the Amount; version 2 runs.
		await expect(run(1, { paymentId: 'PAY-1', refundType: '1', description: 'x' })).rejects.toThrow('Parameter "Amount" is required');
		expect(refundCalls()).toHaveLength(0);
		expect((await run(2, { identifyBy: 'paymentId', paymentId: 'PAY-1', refundType: '1', description: 'x' })).output[0].json).toMatchObject({ created: true, amount: '50.00' });
	});

	test('a top-level refundNumber (a version 2 parameter) means nothing to version 1', async () => {
		const result = await run(1, { paymentId: 'PAY-1', refundType: '2', amount: '5', description: 'x', refundNumber: 'IGNORED' });
		expect(result.output[0].json).toMatchObject({ created: true, refundNumber: '' });
	});
});

test('Order › Get Status: order numbers without a payment are named in a hint', async () => {
	const result = await runNode({
		node: { type: 'oceanpayment', parameters: { resource: 'order', operation: 'getStatus', orderNumbers: 'ORD-1,NOPE-1,NOPE-2,NOPE-3' }, typeVersion: 2 },
		nodeTypes: { oceanpayment: node },
		credentials: gateway.credentials,
	});
	expect(result.output.map((item) => item.json.found)).toEqual([true, false, false, false]);
	expect(result.output[0].json).toMatchObject({ amountMinor: 5000, hasRefund: false, hasChargeback: false });
	expect(hintTexts(result)).toEqual(['3 order numbers were not found: NOPE-1, NOPE-2, NOPE-3 (they come out with found: false)']);
});

describe('version 2: the top-level Refund Number from expressions', () => {
	test.each<[string, unknown, string]>([
		['a number', 1001, '1001'],
		['padded text', '  SHOP-R-7  ', 'SHOP-R-7'],
	])('%s is sent as text', async (_name, value, sent) => {
		const result = await run(2, asked[2]('={{ $json.v }}'), [{ v: value as IDataObject[string] }]);
		expect(result.error).toBeUndefined();
		expect(refundCalls()[0].fields.refund_number).toBe(sent);
		expect(result.output[0].json.refundNumber).toBe(sent);
	});

	test.each<[string, unknown]>([
		['an object', { id: 1 }],
		['a list', ['A']],
		['a boolean', true],
		['51 characters', 'X'.repeat(51)],
	])('%s is refused before any call, naming the field and the item', async (_name, value) => {
		const result = await run(2, asked[2]('={{ $json.v }}'), [{ v: value as IDataObject[string] }]);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/^Refund Number: .*\[item 0\]$/);
		expect(log()).toHaveLength(0);
	});
});
