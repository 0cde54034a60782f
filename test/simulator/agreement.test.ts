/**
 * Two independent implementations agree: requests built by the package's credential are
 * accepted by the simulator's own rules, and the same request with its signature off by one
 * character is refused — for every endpoint of the catalogue.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { OceanpaymentApi } from '../../credentials/OceanpaymentApi.credentials';
import { ENDPOINTS, type EndpointId } from '../../nodes/Oceanpayment/transport/catalogue';
import { startGateway, type Simulator } from '../helpers/gateway';
import type { CredentialData } from '../helpers/n8n';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());
beforeEach(() => sim.admin.clearLog());

const now = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 19).replace('T', ' ');
const yesterday = new Date(Date.now() - 16 * 3600000).toISOString().slice(0, 19).replace('T', ' ');
const range = { order_beginDate: yesterday, order_endDate: now };

// One valid request per endpoint (a Record over EndpointId: a new endpoint needs a row here).
const FIXTURES: Record<EndpointId, IDataObject> = {
	orderStatus: { order_number: 'SIM-1001,SIM-1002' },
	successfulOrders: { ...range, pages: '2' },
	businessOrders: { ...range, pages: '1', count: '50', date_type: '1' },
	disputedOrders: { ...range, pages: '1', notice_type: 'dispute', order_number: 'SIM-1002' },
	preAuthorization: { payment_id: '260101000000000001004', payment_authType: '1', order_amount: '40.00' },
	refund: { payment_id: '260101000000000001002', refund_number: 'AG-1', refund_type: '2', refund_amount: '1.00', refund_description: '商品瑕疵', refund_reference: 'ref' },
	refundQuery: { refund_number: 'AG-1' },
	trackingUpload: { order_number: 'SIM-1001', tracking_number: 'AB1,CD2', tracking_site: 'https://www.ups.com', tracking_handler: 'N/A' },
	customsUpload: { payment_id: '260101000000000001005', type: '1', pay_userId: '370481199308167756', pay_userName: '张三', customs: '01', customs_number: 'C1', customs_name: 'Example', price: '88.00' },
	healthCheck: { site: 'shop.example.com', key: 'ABC' },
	cardBin: { card_bin: [411111] },
};

const credential = new OceanpaymentApi();

async function send(options: IHttpRequestOptions): Promise<string> {
	const headers = (options.headers ?? {}) as Record<string, string>;
	const body = options.body instanceof URLSearchParams ? options.body : JSON.stringify(options.body);
	const response = await fetch(options.url, { method: 'POST', headers, body, redirect: 'manual' });
	return await response.text();
}

const flip = (text: string) => text.slice(0, -1) + (text.endsWith('0') ? '1' : '0');

// The refund query relies on the refund made just before it, so the order matters.
const order: EndpointId[] = ['orderStatus', 'successfulOrders', 'businessOrders', 'disputedOrders', 'preAuthorization', 'refund', 'refundQuery', 'trackingUpload', 'customsUpload', 'healthCheck', 'cardBin'];

test('every catalogue endpoint has a fixture', () => expect([...order].sort()).toEqual(Object.keys(ENDPOINTS).sort()));

test.each(order)('%s: accepted as signed, refused when the signature is off by one character', async (id) => {
	const endpoint = ENDPOINTS[id];
	const options = await credential.authenticate({ ...credentials, environment: 'custom' }, { method: 'POST', url: endpoint.path, body: FIXTURES[id] });
	const answer = await send(options);
	const [accepted] = sim.admin.getLog();
	if (endpoint.bodyKind === 'form') {
		expect(accepted.signature).toBe('valid');
		expect(answer).not.toContain('signValue error');
	} else {
		expect(JSON.parse(answer).code).toBe('000');
	}
	expect(['', '00', '01', '1', '000']).toContain(accepted.resultCode);

	sim.admin.clearLog();
	if (endpoint.bodyKind === 'form') {
		const form = new URLSearchParams(options.body as URLSearchParams);
		form.set('signValue', flip(form.get('signValue') ?? ''));
		await send({ ...options, body: form });
		const [refused] = sim.admin.getLog();
		expect(refused.signature).toBe('invalid');
		expect(refused.resultCode).not.toBe(accepted.resultCode);
	} else {
		const headers = { ...(options.headers as Record<string, string>) };
		headers.secureCode = flip(headers.secureCode);
		expect(JSON.parse(await send({ ...options, headers })).code).toBe('401');
	}
});
