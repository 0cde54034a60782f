/**
 * Bad input is refused before any gateway call: the simulator's request log stays empty and
 * the error names the field (and the item).
 */
import type { INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode } from '../helpers/n8n';
import { startGateway, type Simulator } from '../helpers/gateway';
import type { CredentialData } from '../helpers/n8n';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());
beforeEach(() => sim.admin.clearLog());

const iso = (days: number) => DateTime.now().minus({ days }).toISO();
const range = { startDate: iso(2), endDate: iso(1) };
const many = (count: number, prefix = 'N') => Array.from({ length: count }, (_, i) => `${prefix}${i}`).join(',');
const bins = (count: number) => Array.from({ length: count }, (_, i) => String(400000 + i)).join(',');
const customs = { paymentId: 'P1', customs: '01', customsNumber: 'C1', customsName: 'Example Ltd', payerIdNumber: '', payerName: '' };
const refund = { paymentId: 'P1', refundType: '2', amount: '1.00', description: 'Damaged' };
const tracking = { identifyBy: 'paymentId', paymentId: 'P1', trackingNumbers: 'AB123', trackingSite: 'https://www.ups.com', handler: 'N/A' };

const cases: Array<[string, INodeParameters, string]> = [
	// Order › Get Status
	['status: no order number', { resource: 'order', operation: 'getStatus', orderNumbers: '' }, 'Order Numbers: is required'],
	['status: only commas', { resource: 'order', operation: 'getStatus', orderNumbers: ' , ,' }, 'Order Numbers: is required'],
	['status: number too long', { resource: 'order', operation: 'getStatus', orderNumbers: 'x'.repeat(51) }, 'Order Numbers: "xxxx'],
	['status: 101 numbers with batching off', { resource: 'order', operation: 'getStatus', orderNumbers: many(101), options: { batching: false } }, 'Order Numbers: has 101 values'],
	// Order › Get Many Successful
	['successful: no start', { resource: 'order', operation: 'getManySuccessful', startDate: '', endDate: iso(0) }, 'Start Date: "" is not a date'],
	['successful: bad start', { resource: 'order', operation: 'getManySuccessful', startDate: 'yesterday', endDate: iso(0) }, 'Start Date: "yesterday" is not a date'],
	['successful: no end', { resource: 'order', operation: 'getManySuccessful', startDate: iso(1), endDate: '' }, 'End Date: "" is not a date'],
	['successful: end before start', { resource: 'order', operation: 'getManySuccessful', startDate: iso(1), endDate: iso(2) }, 'End Date: is before the start date'],
	['successful: older than 6 months', { resource: 'order', operation: 'getManySuccessful', startDate: iso(200), endDate: iso(1) }, 'is more than 183 days ago; the gateway only serves the last 183 days'],
	['successful: start in the future', { resource: 'order', operation: 'getManySuccessful', startDate: DateTime.now().plus({ days: 2 }).toISO(), endDate: DateTime.now().plus({ days: 3 }).toISO() }, 'is in the future'],
	['successful: limit 0', { resource: 'order', operation: 'getManySuccessful', ...range, returnAll: false, limit: 0 }, 'Limit: must be a whole number of at least 1'],
	['successful: limit fraction', { resource: 'order', operation: 'getManySuccessful', ...range, returnAll: false, limit: 2.5 }, 'Limit: expected a whole number but got 2.5'],
	// Order › Get Many Business Events
	['business: bad date type', { resource: 'order', operation: 'getManyBusinessEvents', ...range, dateType: '7' }, 'Date Type: "7" is not one of'],
	['business: bad page size', { resource: 'order', operation: 'getManyBusinessEvents', ...range, options: { pageSize: 20 } }, 'Page Size: "20" is not one of 10, 50, 100'],
	['business: older than 6 months', { resource: 'order', operation: 'getManyBusinessEvents', startDate: iso(190), endDate: iso(1) }, 'is more than 183 days ago; the gateway only serves the last 183 days'],
	// Order › Get Many Disputes
	['disputes: older than 30 days', { resource: 'order', operation: 'getManyDisputes', startDate: iso(31), endDate: iso(1) }, 'is more than 30 days ago'],
	['disputes: bad type', { resource: 'order', operation: 'getManyDisputes', ...range, disputeType: 'chargeback' }, 'Dispute Type: "chargeback" is not one of'],
	['disputes: payment id too long', { resource: 'order', operation: 'getManyDisputes', ...range, options: { paymentId: '9'.repeat(51) } }, 'Payment ID: is 51 characters long'],
	['disputes: order number too long', { resource: 'order', operation: 'getManyDisputes', ...range, options: { orderNumber: 'o'.repeat(51) } }, 'Order Number: is 51 characters long'],
	// Refund › Create
	['refund: no payment id', { resource: 'refund', operation: 'create', ...refund, paymentId: '' }, 'Payment ID: is required'],
	['refund: no amount', { resource: 'refund', operation: 'create', ...refund, amount: '' }, 'Amount: is required'],
	['refund: zero amount', { resource: 'refund', operation: 'create', ...refund, amount: '0' }, 'Amount: must be greater than 0'],
	['refund: negative amount', { resource: 'refund', operation: 'create', ...refund, amount: '-5' }, 'Amount: "-5" is not an amount'],
	['refund: three decimals', { resource: 'refund', operation: 'create', ...refund, amount: '1.005' }, 'Amount: "1.005" is not an amount'],
	['refund: comma decimal', { resource: 'refund', operation: 'create', ...refund, amount: '1,50' }, 'Amount: "1,50" is not an amount'],
	['refund: text amount', { resource: 'refund', operation: 'create', ...refund, amount: 'ten' }, 'Amount: "ten" is not an amount'],
	['refund: no description', { resource: 'refund', operation: 'create', ...refund, description: '  ' }, 'Description: is required'],
	['refund: bad type', { resource: 'refund', operation: 'create', ...refund, refundType: '3' }, 'Refund Type: "3" is not one of 1, 2'],
	['refund: refund number too long', { resource: 'refund', operation: 'create', ...refund, options: { refundNumber: 'r'.repeat(51) } }, 'Refund Number: is 51 characters long'],
	// Refund › Get
	['refund get: no id', { resource: 'refund', operation: 'get', lookupBy: 'refundId', refundId: '' }, 'Refund ID: is required'],
	['refund get: no number', { resource: 'refund', operation: 'get', lookupBy: 'refundNumber', refundNumber: '' }, 'Refund Number: is required'],
	// Pre-Authorization
	['capture: no payment id', { resource: 'preAuthorization', operation: 'capture', paymentId: '' }, 'Payment ID: is required'],
	['capture: bad amount', { resource: 'preAuthorization', operation: 'capture', paymentId: 'P1', options: { amount: '12.345' } }, 'Amount: "12.345" is not an amount'],
	['void: no payment id', { resource: 'preAuthorization', operation: 'void', paymentId: ' ' }, 'Payment ID: is required'],
	['reverse: no order number', { resource: 'preAuthorization', operation: 'reverse', orderNumber: '' }, 'Order Number: is required'],
	// Tracking
	['tracking: no payment id', { resource: 'tracking', operation: 'upload', ...tracking, paymentId: '' }, 'Payment ID: is required'],
	['tracking: no order number', { resource: 'tracking', operation: 'upload', ...tracking, identifyBy: 'orderNumber', orderNumber: '' }, 'Order Number: is required'],
	['tracking: no numbers', { resource: 'tracking', operation: 'upload', ...tracking, trackingNumbers: '' }, 'Tracking Numbers: is required'],
	['tracking: dash in number', { resource: 'tracking', operation: 'upload', ...tracking, trackingNumbers: 'AB-123' }, 'Tracking Numbers: "AB-123" is not valid'],
	['tracking: space in number', { resource: 'tracking', operation: 'upload', ...tracking, trackingNumbers: 'AB 123' }, 'Tracking Numbers: "AB 123" is not valid'],
	['tracking: site not a URL', { resource: 'tracking', operation: 'upload', ...tracking, trackingSite: 'ups' }, 'Tracking Site: "ups" is not a web address'],
	['tracking: ftp site', { resource: 'tracking', operation: 'upload', ...tracking, trackingSite: 'ftp://ups.com' }, 'Tracking Site: "ftp://ups.com" is not a web address'],
	['tracking: no site', { resource: 'tracking', operation: 'upload', ...tracking, trackingSite: '' }, 'Tracking Site: is required'],
	// Customs
	['customs: no payment id', { resource: 'customs', operation: 'submit', ...customs, paymentId: '' }, 'Payment ID: is required'],
	['customs: no customs code', { resource: 'customs', operation: 'submit', ...customs, customs: '' }, 'Customs Code: is required'],
	['customs: no registration number', { resource: 'customs', operation: 'resubmit', ...customs, customsNumber: '' }, 'Customs Registration Number: is required'],
	['customs: no registered name', { resource: 'customs', operation: 'submit', ...customs, customsName: '' }, 'Customs Registered Name: is required'],
	['customs: bad total', { resource: 'customs', operation: 'submit', ...customs, options: { totalAmount: '10.999' } }, 'Total Amount: "10.999" is not an amount'],
	['customs: bad shipping fee', { resource: 'customs', operation: 'submit', ...customs, options: { shippingFee: 'free' } }, 'Shipping Fee: "free" is not an amount'],
	// Account, Card BIN
	['health: no site', { resource: 'account', operation: 'healthCheck', site: '' }, 'Site: is required'],
	['bin: none', { resource: 'cardBin', operation: 'lookup', bins: '' }, 'Card BINs: is required'],
	['bin: full card number', { resource: 'cardBin', operation: 'lookup', bins: '4111111111111111' }, 'Card BINs: "411111…1111" is not valid'],
	['bin: letters', { resource: 'cardBin', operation: 'lookup', bins: '41111A' }, 'Card BINs: "41111A" is not valid'],
	['bin: too short', { resource: 'cardBin', operation: 'lookup', bins: '4111' }, 'Card BINs: "4111" is not valid'],
	['bin: 101 with batching off', { resource: 'cardBin', operation: 'lookup', bins: bins(101), options: { batching: false } }, 'Card BINs: has 101 values'],
];

test('the matrix has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

/**
 * n8n itself refuses to start a node whose required parameter is literally empty, so empty
 * values reach the node through expressions — as they do in real workflows (a missing field of
 * the incoming item). The cases write '' and the test turns it into such an expression.
 */
const viaExpression = (parameters: INodeParameters): INodeParameters =>
	Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, value === '' ? '={{ $json.blank }}' : value]));

test.each(cases)('%s', async (_name, parameters, expected) => {
	const result = await runNode({
		node: { type: 'oceanpayment', parameters: viaExpression(parameters) },
		nodeTypes: { oceanpayment: new Oceanpayment() },
		credentials,
		items: [{ blank: '' }],
	});
	expect(result.error?.name).toBe('NodeOperationError');
	expect(result.error?.message).toContain(expected);
	expect(result.error?.message).toContain('[item 0]');
	expect(sim.admin.getLog()).toHaveLength(0);
});

test('with several items, the failing item is named and no call is made for any item', async () => {
	const result = await runNode({
		node: { type: 'oceanpayment', parameters: { resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.n }}' } },
		nodeTypes: { oceanpayment: new Oceanpayment() },
		credentials,
		items: [{ n: 'A1' }, { n: 'A2' }, { n: '' }],
	});
	expect(result.error?.message).toBe('Order Numbers: is required [item 2]');
	expect(sim.admin.getLog()).toHaveLength(0);
});
