/**
 * Amounts with leading zeros ("010.00", e.g. from a spreadsheet column) are sent without them:
 * how the gateway reads "010.00" is unknown, and the signature covers the text as sent. Real n8n
 * execution against the simulator; what the simulator received is the evidence.
 */
import type { INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode } from '../helpers/n8n';
import { useRefundGateway } from '../helpers/refund-gateway';

const gateway = useRefundGateway();
const run = async (parameters: INodeParameters) => await runNode({ node: { type: 'oceanpayment', parameters }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials: gateway.credentials });
const sent = (path: string, field: string) => gateway.sim.admin.getLog().filter((entry) => entry.path === path).map((entry) => entry.fields[field]);

test.each([
	['010.00', '10.00'],
	['0010', '10'],
	['00.50', '0.50'],
])('Refund › Create with the amount %j sends %j', async (amount, wire) => {
	const result = await run({ resource: 'refund', operation: 'create', paymentId: 'PAY-1', refundType: '2', amount, description: 'x', options: { skipExisting: false } });
	expect(result.error).toBeUndefined();
	expect(sent('/service/applyRefund', 'refund_amount')).toEqual([wire]);
});

test('Pre-Authorization › Capture with the amount "007.50" sends "7.50"', async () => {
	gateway.sim.admin.addOrder({ order_number: 'AUTH-0', payment_id: 'AUTH-PAY-0', order_amount: '40.00', auth_type: 'pre-auth' });
	const result = await run({ resource: 'preAuthorization', operation: 'capture', paymentId: 'AUTH-PAY-0', options: { amount: '007.50' } });
	expect(result.error).toBeUndefined();
	expect(sent('/gateway/service/auth', 'order_amount')).toEqual(['7.50']);
});
