/**
 * The secure code never reaches a message, an item or a log, even when the gateway (or a proxy in
 * front of it) echoes it: a last line of defence behind "the secure code is never sent in a form".
 * Real n8n execution and the credential Test against the simulator; the secure code where it stands
 * on its own is replaced, and an ID that merely contains the same characters is left alone.
 */
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, IDataObject } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { additionalDataFor, runNode } from '../helpers/n8n';
import { useRefundGateway } from '../helpers/refund-gateway';

const gateway = useRefundGateway();
const secret = () => String(gateway.credentials.secureCode);

test('the credential Test: a status record saying "Invalid secureCode <code>" fails without naming it', async () => {
	gateway.sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '80004', text: `Invalid secureCode ${secret()}`, inRecord: true });
	const credential: ICredentialsDecrypted = { id: '1', name: 'Oceanpayment', type: 'oceanpaymentApi', data: gateway.credentials };
	const tested = await new Oceanpayment().methods.credentialTest.oceanpaymentApiTest.call(new CredentialTestContext(additionalDataFor(gateway.credentials)), credential);
	expect(tested.status).toBe('Error');
	expect(tested.message).toContain('[secure code]');
	expect(tested.message).not.toContain(secret());
});

test.each<[string, string, IDataObject, IDataObject]>([
	['a status record text', '/service/check/normal', { mode: 'reject', code: '80004', inRecord: true }, { resource: 'order', operation: 'getStatus', orderNumbers: 'ORD-1' }],
	['a refund refusal', '/service/applyRefund', { mode: 'reject', code: '31' }, { resource: 'refund', operation: 'create', paymentId: 'PAY-1', refundType: '2', amount: '1.00', description: 'x', options: { skipExisting: false } }],
	['a redirect target', '/service/check/normal', { mode: 'redirect', location: 'https://proxy.example/login?secureCode=SECRET' }, { resource: 'order', operation: 'getStatus', orderNumbers: 'ORD-1' }],
])('%s echoing the secure code: neither the output nor the error holds it', async (_name, path, fault, parameters) => {
	const echoed: IDataObject = { ...fault };
	if (echoed.location) echoed.location = String(echoed.location).replace('SECRET', secret());
	else echoed.text = `secureCode=${secret()} is not valid`;
	gateway.sim.admin.setFault(path, echoed);
	const result = await runNode({ node: { type: 'oceanpayment', parameters: { ...parameters, options: { ...(parameters.options as IDataObject), retries: 0 } }, onError: 'continueRegularOutput' }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials: gateway.credentials });
	const everything = JSON.stringify(result.run);
	expect(everything).toContain('[secure code]');
	expect(everything).not.toContain(secret());
});

test('an ID that merely contains the secure code\'s characters is not changed', async () => {
	const paymentId = `PAY${secret()}X`;
	gateway.sim.admin.addOrder({ order_number: 'ORD-SECRET', payment_id: paymentId, order_amount: '5.00' });
	const result = await runNode({ node: { type: 'oceanpayment', parameters: { resource: 'order', operation: 'getStatus', orderNumbers: 'ORD-SECRET' } }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials: gateway.credentials });
	expect(result.output[0]?.json.paymentId).toBe(paymentId);
});
