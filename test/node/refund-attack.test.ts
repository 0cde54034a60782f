/**
 * Adversarial review of issue 24 ("safe refunds"). Every test drives the node through real
 * n8n-core execution and real HTTP against the simulator (new gateway behaviours are simulator
 * faults or switches: `stale`, `emptyResult`, `echoRequest`, `reject` with `textField`,
 * `failRefund`, `setStatusLists`). The tests outside "holds" are named after the defect they show
 * and failed on the issue-24 branch when written; the "holds" block are attacks that did not break it.
 */
import { fc, test } from '@fast-check/jest';
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, IDataObject, INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { additionalDataFor, runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { useRefundGateway } from '../helpers/refund-gateway';
import { runChain, type ChainNode } from '../helpers/workflow';
import { startCaptureServer } from '../helpers/capture';

const gateway = useRefundGateway();
const nodeTypes = () => ({ oceanpayment: new Oceanpayment() });

async function run(parameters: INodeParameters, items: IDataObject[] = [{}], options: { credentials?: CredentialData; onError?: 'continueErrorOutput' | 'continueRegularOutput' } = {}): Promise<RunResult> {
	return await runNode({ node: { type: 'oceanpayment', parameters, onError: options.onError }, nodeTypes: nodeTypes(), credentials: options.credentials ?? gateway.credentials, items });
}

const refundParameters = (refundNumber: string, amount = '10.00', options: IDataObject = {}): INodeParameters => ({
	resource: 'refund',
	operation: 'create',
	paymentId: 'PAY-1',
	refundType: '2',
	amount,
	description: '商品瑕疵',
	options: { refundNumber, retries: 0, ...options },
});
/** One execution of Refund › Create (each runNode is its own execution). */
const refund = async (refundNumber: string, amount = '10.00', options: IDataObject = {}) => await run(refundParameters(refundNumber, amount, options));
const refunds = (number?: string) => gateway.sim.admin.getRefunds(number ? { refund_number: number } : {});
const refundCalls = () => gateway.sim.admin.getLog().filter((entry) => entry.path === '/service/applyRefund');
const byAmount = (orderNumber: string, amount: string, refundNumber: string): INodeParameters => ({
	resource: 'refund',
	operation: 'create',
	identifyBy: 'orderNumber',
	orderNumber,
	refundType: 'byAmount',
	amount,
	description: 'x',
	options: { refundNumber, retries: 0 },
});

/** Runs the same refund twice (two executions) and returns both results. */
async function twice(refundNumber = 'SHOP-1') {
	return [await refund(refundNumber), await refund(refundNumber)];
}

describe('defects: an unclear refund-query answer counted as "no such refund"', () => {
	test.each([
		['05', '"Account error" in the package\'s own code table (API notes §3.8)'],
		['12', '"payment_id empty" in the code table: what a gateway that wants refund_id (§3.7) may answer'],
		['09', '"invalid payment_id" in the code table'],
	])(
		'bare code %s without any text (%s) on every refund query is read as "no such refund": each run refunds again',
		async (code) => {
			gateway.sim.admin.setRefundNotFound('refundResults05');
			gateway.sim.admin.setFault('/service/queryRefund', { mode: 'reject', code });
			const results = await twice();
			// What should happen: a bare code the node cannot tell from a refusal stops the item.
			expect(refunds('SHOP-1').length).toBeLessThanOrEqual(1);
			expect(refundCalls()).toHaveLength(0);
			for (const result of results) expect(result.error?.message).toContain('check for an existing refund');
		},
	);

	const UNRECOGNISED_REFUSALS = [
		'Service unavailable',
		'Service temporarily unavailable, please retry later',
		'Under maintenance',
		'Merchant not activated',
		'Interface not enabled for this merchant',
		'Access not authorized',
		'Request rejected',
		'Parameter refund_id is null',
		'无权访问此接口',
		'服务暂不可用',
		'接口未开通',
		'维护中',
	];

	test.prop([fc.constantFrom(...UNRECOGNISED_REFUSALS), fc.constantFrom('01', '06', '20', '98', 'E01')], { numRuns: 12 })(
		'a refusal whose text is not in the package\'s word list (the same for every number) is read as "no such refund": each run refunds again',
		async (text, code) => {
			gateway.sim.admin.reset();
			gateway.sim.admin.addOrder({ order_number: 'ORD-1', payment_id: 'PAY-1', order_amount: '50.00' });
			gateway.sim.admin.setRefundNotFound('refundResults05');
			gateway.sim.admin.setFault('/service/queryRefund', { mode: 'reject', code, text });
			await twice();
			// Fail closed: an answer that is neither a refund nor a recognised "not found" sends nothing.
			expect(refunds('SHOP-1').length).toBeLessThanOrEqual(1);
			expect(refundCalls()).toHaveLength(0);
		},
		60_000,
	);

	test.each([
		['msg', 'Account error'],
		['error', 'signValue error'],
		['message', 'Invalid IP'],
	])('a refusal (code 05) whose text stands in an element the package does not read (<%s>) is read as "no such refund": each run refunds again', async (textField, text) => {
		gateway.sim.admin.setRefundNotFound('refundResults05');
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'reject', code: '05', text, textField });
		await twice();
		expect(refunds('SHOP-1').length).toBeLessThanOrEqual(1);
		expect(refundCalls()).toHaveLength(0);
	});

	test('an empty result element (<refund_results></refund_results>, nothing else) on every refund query is read as "no such refund": each run refunds again', async () => {
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'emptyResult' });
		const results = await twice();
		expect(refunds('SHOP-1').length).toBeLessThanOrEqual(1);
		expect(refundCalls()).toHaveLength(0);
		for (const result of results) expect(result.error).toBeDefined();
	});

	test('an answer that echoes another refund number (the made-up one, from a caching proxy) is read as "no such refund": each run refunds again', async () => {
		// A first refund without faults: the last refund-query answer is the one for the made-up number.
		expect((await refund('OTHER-0')).error).toBeUndefined();
		const madeUp = String(gateway.sim.admin.getLog().filter((entry) => entry.path === '/service/queryRefund').pop()?.fields.refund_number);
		expect(madeUp).toMatch(/^N8NX/);
		// From now on a proxy replays the refund query's last answer, which names refund number `madeUp`.
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'stale' });
		await twice('SHOP-1');
		// The answers about SHOP-1 said refund_number N8NX…: they are not about SHOP-1.
		expect(refunds('SHOP-1').length).toBeLessThanOrEqual(1);
		expect(refundCalls().filter((call) => call.fields.refund_number === 'SHOP-1')).toHaveLength(0);
	});
});

describe('defects: the per-execution memory', () => {
	const refundNode = (name: string, credentialId: string): ChainNode => ({ name, type: 'oceanpayment', credentialId, parameters: refundParameters('SHOP-1') });

	test('two credentials of the same merchant account in one execution keep separate memories: the second node refunds the same number again while the query lags', async () => {
		gateway.sim.admin.setRefundQueryLag(true);
		const result = await runChain({ nodes: [refundNode('Refund A', '1'), refundNode('Refund B', '2')], nodeTypes: nodeTypes(), credentials: gateway.credentials, executionId: 'exec-two-credentials' });
		// The refund number belongs to the merchant account, not to an n8n credential record.
		expect(refunds('SHOP-1')).toHaveLength(1);
		expect(result.outputs['Refund B'][0]?.json).toMatchObject({ created: false, alreadyExisted: true });
	});

	test('after 500 other executions the memory of a still-running execution (e.g. resumed after a Wait node) is gone: the same number is refunded again while the query lags', async () => {
		gateway.sim.admin.setRefundQueryLag(true);
		const first = await runChain({ nodes: [refundNode('Refund A', '1')], nodeTypes: nodeTypes(), credentials: gateway.credentials, executionId: 'exec-long' });
		expect(first.outputs['Refund A'][0]?.json).toMatchObject({ created: true });
		// 500 short executions of any refund node with the same credential (no refund number, a payment that does not exist).
		for (let index = 0; index < 500; index++) {
			await runChain({
				nodes: [{ name: 'Other', type: 'oceanpayment', parameters: { ...refundParameters(''), paymentId: 'NO-SUCH-PAYMENT' }, onError: 'continueRegularOutput' }],
				nodeTypes: nodeTypes(),
				credentials: gateway.credentials,
				executionId: `exec-other-${index}`,
			});
		}
		const resumed = await runChain({ nodes: [refundNode('Refund B', '1')], nodeTypes: nodeTypes(), credentials: gateway.credentials, executionId: 'exec-long' });
		expect(refunds('SHOP-1')).toHaveLength(1);
		expect(resumed.outputs['Refund B'][0]?.json).toMatchObject({ created: false, alreadyExisted: true });
	}, 120_000);
});

describe('defects: Full or Partial by Amount', () => {
	test('a refund that failed (API notes §3.6) still listed in refundList is counted as refunded: 40.00 of a 50.00 payment with nothing refunded is sent as a FULL refund', async () => {
		expect((await refund('SHOP-1')).error).toBeUndefined();
		gateway.sim.admin.failRefund(String(refunds('SHOP-1')[0].refund_id));
		expect(gateway.sim.admin.getOrder('PAY-1')?.refund_status).toBe('0');
		await run(byAmount('ORD-1', '40.00', 'SHOP-2'));
		// 50.00 is refundable: 40.00 is a partial refund (or the node stops, unable to read the list). Never type 1.
		expect(refundCalls().filter((call) => call.fields.refund_number === 'SHOP-2').map((call) => call.fields.refund_type)).not.toContain('1');
	});

	test('a status answer without refund_status and refundList (fields §3.1 cannot confirm) is read as "nothing refunded": after 10.00 refunded, 50.00 is sent as a full refund', async () => {
		expect((await refund('SHOP-1')).error).toBeUndefined();
		gateway.sim.admin.setStatusLists(false);
		const result = await run(byAmount('ORD-1', '50.00', 'SHOP-2'));
		// What is refundable cannot be read: stop before sending, and say why.
		expect(refundCalls().filter((call) => call.fields.refund_number === 'SHOP-2')).toHaveLength(0);
		expect(result.error?.message).toContain('Full or Partial by Amount');
	});
});

describe('defects: a refund found under the number', () => {
	test('a refund that failed (API notes §3.6) is returned as alreadyExisted: the rerun neither refunds nor stops, and the customer is never refunded', async () => {
		expect((await refund('SHOP-1')).error).toBeUndefined();
		gateway.sim.admin.failRefund(String(refunds('SHOP-1')[0].refund_id));
		const again = await refund('SHOP-1');
		// A failed refund is not "already done": the item stops for a person (or refunds), never reports success.
		expect(again.output[0]?.json.alreadyExisted).not.toBe(true);
	});
});

describe('defects: Self-Check report and credential Test', () => {
	const report = async (credentials = gateway.credentials) => {
		const checked = await run({ resource: 'account', operation: 'selfCheck', options: { retries: 0 } }, [{}], { credentials });
		return String(checked.output.map((item) => item.json).find((item) => item.type === 'summary')?.report);
	};

	test.each([
		['a relative redirect', '/sso/login?tenant=acme-internal', ['/sso/login', 'tenant=acme-internal']],
		['a scheme-relative redirect', '//sso.acme-internal.example/login?tenant=acme-internal', ['sso.acme-internal.example', 'tenant=acme-internal']],
	])("Self-Check's report quotes %s's target (the README: no address of any kind, a redirect's target included)", async (_name, location, parts) => {
		gateway.sim.admin.setFault('*', { mode: 'redirect', location });
		const text = await report();
		expect(text).toContain('redirect');
		for (const part of parts) expect(text).not.toContain(part);
	});

	test("Self-Check's report names the Custom base URL's path when the gateway echoes it in another letter case", async () => {
		const proxy = await startCaptureServer();
		proxy.reply((request) => ({ status: 307, headers: { Location: request.path.toLowerCase().replace('/service', '/login') }, body: '' }));
		try {
			const text = await report({ ...gateway.credentials, queryBaseUrl: `${proxy.url}/Acme-Internal`, gatewayBaseUrl: `${proxy.url}/Acme-Internal`, checkoutBaseUrl: `${proxy.url}/Acme-Internal` });
			expect(text).toContain('redirect');
			expect(text.toLowerCase()).not.toContain('acme-internal');
		} finally {
			await proxy.close();
		}
	});

	test.each(['80002:Invalid terminal_no', '80005:Invalid account_no', '80010:Merchant not activated'])(
		'a status record holding "%s" passes the credential Test and Self-Check says "accepted"',
		async (details) => {
			const [code, text] = details.split(':');
			gateway.sim.admin.setFault('/service/check/normal', { mode: 'reject', code, text, inRecord: true });
			const credential: ICredentialsDecrypted = { id: '1', name: 'Oceanpayment', type: 'oceanpaymentApi', data: gateway.credentials };
			const tested = await new Oceanpayment().methods.credentialTest.oceanpaymentApiTest.call(new CredentialTestContext(additionalDataFor(gateway.credentials)), credential);
			expect(tested.status).toBe('Error');
			const checked = await run({ resource: 'account', operation: 'selfCheck' });
			const status = checked.output.map((item) => item.json).find((item) => item.check === 'Order Status Query, made-up order number');
			expect(status?.verdict).not.toBe('accepted');
		},
	);
});

describe('defects: secrets and card numbers in errors', () => {
	test('Card BIN › Lookup: a gateway text that echoes the Secure Code reaches the error', async () => {
		gateway.sim.admin.setFault('/pinc/check-card-bin', { mode: 'reject', code: '401', text: `Invalid secureCode ${String(gateway.credentials.secureCode)}` });
		const result = await run({ resource: 'cardBin', operation: 'lookup', bins: '411111' });
		expect(result.error).toBeDefined();
		expect(JSON.stringify(result.run)).not.toContain(String(gateway.credentials.secureCode));
	});

	test.each([
		['two spaces', '4111  1111  1111  1111'],
		['spaced dashes', '4111 - 1111 - 1111 - 1111'],
		['no-break spaces', '4111\u00a01111\u00a01111\u00a01111'],
		['tabs', '4111\t1111\t1111\t1111'],
	])('a card number written with %s in a gateway refusal reaches the error unmasked', async (_name, card) => {
		gateway.sim.admin.setFault('/service/applyRefund', { mode: 'reject', code: '31', text: `Card ${card} is blocked` });
		const result = await refund('', '10.00', { skipExisting: false });
		expect(result.error).toBeDefined();
		const digits = (text: string) => text.replace(/\D+/g, ' ');
		expect(digits(JSON.stringify(result.run))).not.toContain(digits(card));
	});
});

describe('holds', () => {
	const refundNode = (name: string, credentialId = '1', options: IDataObject = {}): ChainNode => ({ name, type: 'oceanpayment', credentialId, parameters: refundParameters('SHOP-1', '10.00', options) });

	test('two nodes with the same credential in one execution, the query lagging: one refund, the second node returns it', async () => {
		gateway.sim.admin.setRefundQueryLag(true);
		const result = await runChain({ nodes: [refundNode('Refund A'), refundNode('Refund B', '1', { skipExisting: false })], nodeTypes: nodeTypes(), credentials: gateway.credentials, executionId: 'exec-same-credential' });
		expect(refunds('SHOP-1')).toHaveLength(1);
		expect(result.outputs['Refund B'][0]?.json).toMatchObject({ created: false, alreadyExisted: true, refundId: refunds('SHOP-1')[0].refund_id });
	});

	test('Continue On Fail: the check of item 0 is refused (busy), item 1 with the same number refunds once', async () => {
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'busy', times: 1 });
		const result = await run(refundParameters('SHOP-1'), [{}, {}], { onError: 'continueErrorOutput' });
		expect(result.errorOutput).toHaveLength(1);
		expect(result.output.map((item) => item.json.created)).toEqual([true]);
		expect(refunds('SHOP-1')).toHaveLength(1);
	});

	test('a lost answer on item 0: item 1 with the same number stops, the next execution returns the refund', async () => {
		gateway.sim.admin.setFault('/service/applyRefund', { mode: 'commitThenDrop', times: 1 });
		const result = await run(refundParameters('SHOP-1'), [{}, {}], { onError: 'continueErrorOutput' });
		expect(result.errorOutput).toHaveLength(2);
		expect(refunds('SHOP-1')).toHaveLength(1);
		expect((await refund('SHOP-1')).output[0]?.json).toMatchObject({ created: false, alreadyExisted: true });
		expect(refundCalls()).toHaveLength(1);
	});

	test.each([
		['an HTML page', { mode: 'html' }],
		['an XHTML proxy page', { mode: 'xhtml' }],
		['an empty <response/>', { mode: 'emptyResponse' }],
		['HTTP 503', { mode: 'http503' }],
		['a truncated answer', { mode: 'truncated' }],
	])('the check answered by %s: the item stops, nothing is sent', async (_name, fault) => {
		gateway.sim.admin.setFault('/service/queryRefund', fault);
		const result = await refund('SHOP-1');
		expect(result.error).toBeDefined();
		expect(refundCalls()).toHaveLength(0);
	});

	test.each([
		['another "not found" wording for the real number', { mode: 'reject', code: '05', text: 'refund not found', times: 1 }],
		['the same wording with a trailing full stop', { mode: 'reject', code: '05', text: 'Refund does not exist.', times: 1 }],
		['the same text in Chinese', { mode: 'reject', code: '05', text: '退款不存在', times: 1 }],
	])('the real number answered with %s, the made-up one with the usual answer: the item stops, nothing is sent', async (_name, fault) => {
		gateway.sim.admin.setFault('/service/queryRefund', fault);
		const result = await refund('SHOP-1');
		expect(result.error?.message).toContain('not what it answers for a refund number that cannot exist');
		expect(refundCalls()).toHaveLength(0);
	});

	test.each(['10', '10.0', ' 10.00 ', '10.000'])('a refund of 10.00 run again with the amount %j: returned, not sent again', async (amount) => {
		expect((await refund('SHOP-1')).error).toBeUndefined();
		expect((await refund('SHOP-1', amount)).output[0]?.json).toMatchObject({ created: false, alreadyExisted: true });
		expect(refundCalls()).toHaveLength(1);
	});

	test.each(['10.01', '9.99'])('a refund of 10.00 run again with %s under the same number: stops, nothing sent', async (amount) => {
		expect((await refund('SHOP-1')).error).toBeUndefined();
		const again = await refund('SHOP-1', amount);
		expect(again.error?.message).toContain('already belongs to refund');
		expect(refundCalls()).toHaveLength(1);
	});

	test.each([
		['a boolean', '={{ true }}'],
		['a list', '={{ [10] }}'],
		['an object', '={{ { value: 10 } }}'],
		['null', '={{ null }}'],
		['an exponent', '1e1'],
		['a decimal comma', '10,00'],
	])('an amount given as %s is refused naming Amount, before any call', async (_name, amount) => {
		const result = await refund('SHOP-1', amount);
		expect(result.error?.message).toContain('Amount');
		expect(gateway.sim.admin.getLog()).toHaveLength(0);
	});

	test('a payment in lower-case "jpy" with a refund of 1000 listed: Full or Partial by Amount sends the remaining 4000 as full', async () => {
		gateway.sim.admin.addOrder({ order_number: 'JP-1', payment_id: 'JP-PAY', order_amount: '5000', order_currency: 'jpy' });
		expect((await run({ ...refundParameters('JP-R-1', '1000'), paymentId: 'JP-PAY' })).error).toBeUndefined();
		const result = await run(byAmount('JP-1', '4000', 'JP-R-2'));
		expect(result.error).toBeUndefined();
		expect(refundCalls().map((call) => [call.fields.refund_number, call.fields.refund_type])).toEqual([
			['JP-R-1', '2'],
			['JP-R-2', '1'],
		]);
	});

	test.each([
		['as refundInfo records', true],
		['as repeated fields', false],
	])('the query answers two refunds under the number %s: the item stops, nothing is sent', async (_name, nested) => {
		expect((await refund('SHOP-1')).error).toBeUndefined();
		// A second execution with the check off sends the number again (the user's choice).
		expect((await refund('SHOP-1', '5.00', { skipExisting: false })).error).toBeUndefined();
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'allRefunds', nested });
		for (const amount of ['10.00', '5.00', '15.00']) {
			const result = await refund('SHOP-1', amount);
			expect(result.error).toBeDefined();
			expect(result.output).toHaveLength(0);
		}
		expect(refundCalls()).toHaveLength(2);
	});

	test.each([
		['Card BIN › Lookup', { resource: 'cardBin', operation: 'lookup', bins: '411111' }, '/pinc/check-card-bin'],
		['Account › Health Check', { resource: 'account', operation: 'healthCheck', site: 'https://shop.example.com' }, '/pinc/check-account'],
	])('%s: a proxy error page echoing the request headers does not put the Secure Code in the error (only because the 120-character excerpt ends first)', async (_name, parameters, path) => {
		gateway.sim.admin.setFault(path, { mode: 'echoRequest' });
		const result = await run({ ...parameters, options: { retries: 0 } });
		expect(result.error).toBeDefined();
		expect(JSON.stringify(result.run)).not.toContain(String(gateway.credentials.secureCode));
	});

	test('50,000 items with one refund number: one refund, the rest returned from memory (no stack overflow, no quadratic blow-up)', async () => {
		const result = await run(refundParameters('SHOP-1'), Array.from({ length: 50_000 }, () => ({})));
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(50_000);
		expect(refundCalls()).toHaveLength(1);
		expect(result.output[49_999].json).toMatchObject({ created: false, alreadyExisted: true });
	}, 120_000);
});
