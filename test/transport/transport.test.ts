/**
 * The transport through real n8n execution (WorkflowExecute, real HTTP to a loopback server,
 * the real credential signing every call).
 */
import { runNode, type CredentialData } from '../helpers/n8n';
import { TransportProbe } from '../helpers/test-nodes';
import { startCaptureServer, startRawServer, type CaptureServer } from '../helpers/capture';

/** A made-up secure code for these tests only. */
const TEST_SECURE_CODE = 'transport-Secret-42';
let server: CaptureServer;
let credentials: CredentialData;

beforeEach(async () => {
	server = await startCaptureServer();
	credentials = {
		account: '123456',
		terminal: '12345601',
		secureCode: TEST_SECURE_CODE,
		environment: 'custom',
		queryBaseUrl: server.url,
		gatewayBaseUrl: server.url,
		checkoutBaseUrl: server.url,
	};
});
afterEach(async () => server.close());

async function probe(endpoint: string, items: object[], options: object = {}, onError?: 'continueErrorOutput' | 'continueRegularOutput') {
	return await runNode({
		node: { type: 'transportProbe', parameters: { endpoint, options: JSON.stringify(options) }, onError },
		nodeTypes: { transportProbe: new TransportProbe() },
		credentials,
		items: items as never,
	});
}

const fast = { retry: { retries: 2, delayMs: 1 } };

function expectNoSecret(value: unknown) {
	expect(JSON.stringify(value)).not.toContain(TEST_SECURE_CODE);
}

test('success: records, outcome and data of a list answer', async () => {
	server.reply({
		body: '<response><results>00</results><details>Success</details><count>1</count><totalpages>1</totalpages><pages>1</pages><orderInfo><order_number>007</order_number></orderInfo></response>',
	});
	const result = await probe('successfulOrders', [{ order_beginDate: '2026-01-01 00:00:00', order_endDate: '2026-01-02 00:00:00' }]);
	expect(result.error).toBeUndefined();
	expect(result.output[0].json).toMatchObject({
		outcome: { success: true, code: '00', message: 'Success' },
		records: [{ order_number: '007' }],
		data: { count: '1' },
	});
	expect(server.requests).toHaveLength(1);
	expect(server.requests[0].path).toBe('/service/QueryOrdersList');
});

test('a gateway rejection on HTTP 200 becomes a NodeApiError with code, message and item', async () => {
	server.reply({ body: '<response><results>04</results><details>signValue error</details></response>' });
	const result = await probe('businessOrders', [{ order_beginDate: '2026-01-01 00:00:00', order_endDate: '2026-01-02 00:00:00' }]);
	expect(result.error?.name).toBe('NodeApiError');
	expect(result.error?.message).toBe('Oceanpayment rejected Business Orders Query: signValue error (code 04)');
	expect(result.error?.description).toContain('Secure Code');
	expect((result.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(0);
	expect(server.requests).toHaveLength(1);
	expectNoSecret(result.error);
});

test('tracking codes without text are translated from the code table', async () => {
	server.reply({ body: '<response><tracking_results>17</tracking_results></response>' });
	const result = await probe('trackingUpload', [{ payment_id: '1', tracking_number: 'A1', tracking_site: 'https://x.y', tracking_handler: 'N/A' }]);
	expect(result.error?.message).toBe('Oceanpayment rejected Tracking Numbers Upload: Payment ID does not exist (code 17)');
});

test('with Continue On Fail (error output) the failed item is routed to the error output with its pairing', async () => {
	server.reply((request) =>
		request.body.includes('order_number=bad')
			? { body: '<response><results>10</results><details>order_number is required</details></response>' }
			: { body: '<response><paymentInfo><order_number>good</order_number></paymentInfo></response>' },
	);
	const result = await probe('orderStatus', [{ order_number: 'good' }, { order_number: 'bad' }], {}, 'continueErrorOutput');
	expect(result.error).toBeUndefined();
	expect(result.output).toHaveLength(1);
	expect(result.output[0].pairedItem).toEqual({ item: 0 });
	expect(result.errorOutput).toHaveLength(1);
	expect(result.errorOutput[0].pairedItem).toEqual({ item: 1 });
	// n8n routes an item to the error output only when its json holds nothing but `error`; the
	// engine then merges the paired input item back in, so the input's fields are there too.
	expect(Object.keys(result.errorOutput[0].json).sort()).toEqual(['error', 'order_number']);
	expect(result.errorOutput[0].json.order_number).toBe('bad');
	expect(result.errorOutput[0].json.error).toContain('order_number is required (code 10)');
});

test.each([
	['an HTML page', { status: 200, body: '<!DOCTYPE html><html><body>Maintenance</body></html>' }, 'HTML page'],
	['truncated XML', { status: 200, body: '<response><results>00</results><orderInfo><payment' }, 'malformed XML'],
	['an empty body', { status: 200, body: '' }, 'empty body'],
])('%s gives a clear error quoting the first bytes', async (_name, reply, expected) => {
	server.reply(reply);
	const result = await probe('successfulOrders', [{ order_beginDate: '2026-01-01 00:00:00', order_endDate: '2026-01-02 00:00:00' }]);
	expect(result.error?.message).toContain(`Successful Orders Query failed: The gateway returned`);
	expect(result.error?.message).toContain(expected);
	if (reply.body) expect(result.error?.description).toContain(reply.body.slice(0, 20));
});

test('read-only calls retry 5xx with backoff and then succeed', async () => {
	let calls = 0;
	server.reply(() => (++calls < 3 ? { status: 503, body: 'busy' } : { body: '<response><paymentInfo><order_number>1</order_number></paymentInfo></response>' }));
	const result = await probe('orderStatus', [{ order_number: '1' }], fast);
	expect(result.error).toBeUndefined();
	expect(server.requests).toHaveLength(3);
});

test('read-only calls give up after the configured retries, saying how many attempts', async () => {
	server.reply({ status: 502, contentType: 'text/html', body: '<html><body>Bad Gateway</body></html>' });
	const result = await probe('orderStatus', [{ order_number: '1' }], fast);
	expect(server.requests).toHaveLength(3);
	expect(result.error?.message).toBe('Order Status Query failed: The gateway answered HTTP 502 (after 3 attempts)');
	expect(result.error?.description).toContain('Bad Gateway');
});

test('calls that move money are never retried', async () => {
	server.reply({ status: 503, body: 'busy' });
	const refund = await probe('refund', [{ payment_id: '1', refund_type: '1', refund_amount: '1.00', refund_description: 'x' }], fast);
	expect(server.requests).toHaveLength(1);
	expect(refund.error?.message).toBe('Refund Request failed: The gateway answered HTTP 503');
	expect(refund.error?.description).toContain('never retried automatically');
	const capture = await probe('preAuthorization', [{ payment_id: '1', payment_authType: '1' }], fast);
	expect(server.requests).toHaveLength(2);
	expect(capture.error?.message).toContain('HTTP 503');
});

test('a timeout is reported as such and retried for read-only calls', async () => {
	let calls = 0;
	server.reply(() => {
		calls++;
		return { body: '' };
	});
	// Point the query family at a port that accepts but never answers.
	const silent = await startRawServer('silent');
	credentials.queryBaseUrl = silent.url;
	const result = await probe('orderStatus', [{ order_number: '1' }], { ...fast, retry: { retries: 1, delayMs: 1 }, timeoutMs: 200 });
	expect(result.error?.message).toBe('Order Status Query failed: The gateway did not answer in time (after 2 attempts)');
	expect(silent.connections()).toBe(2);
	expect(calls).toBe(0);
	await silent.close();
});

test('pinc: JSON body and header keys on the wire; the secret stays out of errors', async () => {
	server.reply({ contentType: 'application/json', body: '{"code":"000","msg":"SUCCESS","data":[{"card_bin":"411111"}]}' });
	const ok = await probe('cardBin', [{ card_bin: [411111] }]);
	expect(ok.output[0].json).toMatchObject({ outcome: { success: true, code: '000' }, data: { data: [{ card_bin: '411111' }] } });
	const wire = server.requests[0];
	expect(wire.headers['content-type']).toBe('application/json');
	expect(wire.headers.securecode).toBe(TEST_SECURE_CODE);
	expect(JSON.parse(wire.body)).toEqual({ account: '123456', terminal: '12345601', card_bin: [411111] });

	server.reply({ status: 500, body: 'oops' });
	const failed = await probe('healthCheck', [{ site: 'a.com' }], { retry: { retries: 0, delayMs: 1 } });
	expect(failed.error?.message).toBe('Health Examination failed: The gateway answered HTTP 500');
	expectNoSecret(failed.error);
	expectNoSecret(failed.run.data);

	server.reply({ contentType: 'application/json', body: '{"code":"401","msg":"Invalid account, terminal or secureCode"}' });
	const rejected = await probe('healthCheck', [{ site: 'a.com' }]);
	expect(rejected.error?.message).toBe('Oceanpayment rejected Health Examination: Invalid account, terminal or secureCode (code 401)');
	expectNoSecret(rejected.run.data);
});

test('a connection reset on a pinc call does not leak the header secret', async () => {
	const rude = await startRawServer('reset');
	credentials.checkoutBaseUrl = rude.url;
	const result = await probe('cardBin', [{ card_bin: [1] }], { retry: { retries: 0, delayMs: 1 } });
	expect(result.error?.message).toBe('Card BIN Verification failed: The gateway closed the connection without answering');
	expectNoSecret(result.run.data);
	expectNoSecret(result.error);
	await rude.close();
});
