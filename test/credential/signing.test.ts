/**
 * The credential's authenticate() is the only signer. These tests call it exactly as n8n does
 * (credentials + request options) and read what it would send.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { OceanpaymentApi } from '../../credentials/OceanpaymentApi.credentials';
import { ENDPOINTS } from '../../nodes/Oceanpayment/transport/catalogue';

const credential = new OceanpaymentApi();

const POSTMAN = { account: '995378', terminal: '99537801', secureCode: '12345678', environment: 'sandbox' };
const GOLDEN = { account: '123456', terminal: '12345601', secureCode: 'golden-Secure-9', environment: 'production' };

async function sign(credentials: IDataObject, url: string, body: IDataObject): Promise<IHttpRequestOptions> {
	return await credential.authenticate(credentials as never, { method: 'POST', url, body });
}

function formOf(options: IHttpRequestOptions): URLSearchParams {
	expect(options.body).toBeInstanceOf(URLSearchParams);
	return options.body as URLSearchParams;
}

describe('published signature vectors (shared/oceanpayment-api.md §4.1)', () => {
	const payment = '231220170723834010513';
	const range = { order_beginDate: '2023-12-25 15:29:42', order_endDate: '2023-12-26 15:29:45' };
	const vectors: Array<[string, string, IDataObject, string]> = [
		['check/normal', '/service/check/normal', { order_number: 'ae866' }, '2e27426ca627e4734ca9c43bd18e593c4af1848688486a3c167d39f7f75cf7b2'],
		['QueryOrdersList', '/service/QueryOrdersList', range, '3bf8550e7773b414a35ac966e5855d8781c5264224dfdb9418f13ceefb79ebda'],
		['BusinessOrdersList', '/service/BusinessOrdersList', { ...range, pages: '0' }, 'a54dd863aaa1cabcd7285da666fc7f6fdb92cfd3151334b3e1f271332fe1fc19'],
		[
			'applyRefund',
			'/service/applyRefund',
			{ payment_id: payment, refund_type: '1', refund_amount: '0.1', refund_description: 'ProductDamage' },
			'c719beb74b87d4f200a1c9c42aa87d3ecdab6b78aa9f2f4f9a126b16cb1d4a91',
		],
		['queryRefund', '/service/queryRefund', { refund_id: '0' }, '9aa2eb3fbba5ae6cc151f7d7500c77033cd4ca1d6b92a0fb3ed14cb63e02b226'],
		[
			'auth capture',
			'/gateway/service/auth',
			{ payment_id: payment, payment_authType: '1', order_amount: '10' },
			'0ebca4617f30d89bdac0a25cf2033ca920e1f9bece180f904f75efc1c5257735',
		],
		[
			'auth void (authType 3)',
			'/gateway/service/auth',
			{ order_number: payment, payment_authType: '3' },
			'14b420a0660f292dacb54f7d5c790bb80d9175635e47e32956637f50a39e4bc4',
		],
		[
			'customsUpload',
			'/gateway/service/customsUpload',
			{ payment_id: payment, type: '1', pay_userId: '370481199308167756', pay_userName: 'aiden' },
			'1f8b244b8c8c6d2e9b3f233b6fee34cc778fa850a5e43aec452a8ce902299855',
		],
	];

	test.each(vectors)('%s', async (_name, url, body, expected) => {
		const form = formOf(await sign(POSTMAN, url, body));
		expect(form.get('signValue')).toBe(expected);
		expect(form.get('account')).toBe('995378');
		expect(form.get('terminal')).toBe('99537801');
	});

	test('a full URL under the credential\'s own base URL (as an HTTP Request node sends it) is signed the same way', async () => {
		const options = await sign(POSTMAN, 'https://test-query.oceanpayment.com/service/check/normal', { order_number: 'ae866' });
		expect(formOf(options).get('signValue')).toBe('2e27426ca627e4734ca9c43bd18e593c4af1848688486a3c167d39f7f75cf7b2');
		expect(options.url).toBe('https://test-query.oceanpayment.com/service/check/normal');
	});

	test('a URL on any other host, or another path, is refused: nothing is signed for it', async () => {
		for (const url of [
			'http://127.0.0.1:9/service/check/normal',
			'https://evil.example.com/service/check/normal',
			'https://test-query.oceanpayment.com.evil.example.com/service/check/normal',
			'https://query.oceanpayment.com/service/check/normal', // production host, sandbox credential
			'https://test-query.oceanpayment.com/service/check/normal/extra',
			'https://test-checkout.oceanpayment.com/service/check/normal', // right path, another family's host
		]) {
			await expect(sign(POSTMAN, url, { order_number: 'ae866' })).rejects.toThrow(
				`The Oceanpayment credential only signs requests to Oceanpayment endpoints under its own base URLs; "${url}" is not one, so nothing was sent.`,
			);
		}
		await expect(sign(POSTMAN, 'https://evil.example.com/pinc/check-card-bin', { card_bin: [411111] })).rejects.toThrow('so nothing was sent');
	});

	test("the HTTP Request node's legacy options (uri + form, as object or text) are signed alike, with redirects off", async () => {
		for (const form of [{ order_number: 'ae866' }, 'order_number=ae866']) {
			const legacy = { method: 'POST', uri: 'https://test-query.oceanpayment.com/service/check/normal', form, headers: { 'content-type': 'application/json' } };
			const options = (await credential.authenticate(POSTMAN as never, legacy as never)) as unknown as IDataObject;
			const sent = new URLSearchParams(String(options.body));
			expect(sent.get('signValue')).toBe('2e27426ca627e4734ca9c43bd18e593c4af1848688486a3c167d39f7f75cf7b2');
			expect([sent.get('account'), sent.get('order_number')]).toEqual(['995378', 'ae866']);
			expect(options).toMatchObject({ uri: legacy.uri, form: undefined, followRedirect: false, followAllRedirects: false, sendCredentialsOnCrossOriginRedirect: false });
			expect(options.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
		}
		const foreign = { method: 'POST', uri: 'https://evil.example.com/service/check/normal', form: { order_number: 'ae866' } };
		await expect(credential.authenticate(POSTMAN as never, foreign as never)).rejects.toThrow('"https://evil.example.com/service/check/normal" is not one, so nothing was sent');
	});

	test('a request with its own baseURL is checked against the credential\'s base URL too', async () => {
		await expect(
			credential.authenticate(POSTMAN as never, { method: 'POST', baseURL: 'https://evil.example.com', url: '/service/check/normal', body: { order_number: '1' } }),
		).rejects.toThrow('"https://evil.example.com/service/check/normal" is not one');
		const own = await credential.authenticate(POSTMAN as never, { method: 'POST', baseURL: 'https://test-query.oceanpayment.com/', url: '/service/check/normal', body: { order_number: '1' } });
		expect(own.url).toBe('https://test-query.oceanpayment.com/service/check/normal');
		expect(own.baseURL).toBeUndefined();
	});

	test('numbers are signed as their decimal text', async () => {
		const form = formOf(await sign(POSTMAN, '/service/queryRefund', { refund_id: 0 }));
		expect(form.get('signValue')).toBe('9aa2eb3fbba5ae6cc151f7d7500c77033cd4ca1d6b92a0fb3ed14cb63e02b226');
	});
});

describe('golden requests: exact bytes for every endpoint', () => {
	// Expected signValues were computed outside the package (python3 hashlib over the documented
	// order: account + terminal + fields + secureCode), not by the code under test.
	const payment = '260101000000000000001';
	const range = { order_beginDate: '2026-01-01 00:00:00', order_endDate: '2026-01-31 23:59:59' };
	const head = 'account=123456&terminal=12345601';
	const cases: Array<[string, string, IDataObject, string, string]> = [
		[
			'orderStatus',
			'/service/check/normal',
			{ order_number: 'A-1001,A-1002' },
			`${head}&order_number=A-1001%2CA-1002`,
			'b6c38f6b480f9d17ef84dcb8021dbf767839186a127c6971516472e6f7332b6f',
		],
		[
			'successfulOrders',
			'/service/QueryOrdersList',
			{ ...range, pages: '2' },
			`${head}&order_beginDate=2026-01-01+00%3A00%3A00&order_endDate=2026-01-31+23%3A59%3A59&pages=2`,
			'085d8a62dd63fe2e4e0d2964481b3032afdd69785d8f2d6fc3da5896d6be1cb3',
		],
		[
			'businessOrders (count and date_type sent, not signed)',
			'/service/BusinessOrdersList',
			{ date_type: '1', count: '50', pages: '1', ...range },
			`${head}&order_beginDate=2026-01-01+00%3A00%3A00&order_endDate=2026-01-31+23%3A59%3A59&pages=1&count=50&date_type=1`,
			'79da427bcf4ddb7915256d87d7bf44c7b055ca604cfca188b64e72e53aca22ec',
		],
		[
			'disputedOrders (filters sent, not signed)',
			'/service/DisputeOrderList',
			{ ...range, pages: '1', notice_type: 'dispute', payment_id: payment },
			`${head}&order_beginDate=2026-01-01+00%3A00%3A00&order_endDate=2026-01-31+23%3A59%3A59&pages=1&notice_type=dispute&payment_id=${payment}`,
			'79da427bcf4ddb7915256d87d7bf44c7b055ca604cfca188b64e72e53aca22ec',
		],
		[
			'preAuthorization capture',
			'/gateway/service/auth',
			{ payment_id: payment, payment_authType: '1', order_amount: '10.50' },
			`${head}&payment_id=${payment}&payment_authType=1&order_amount=10.50`,
			'ed15ad0529febcac5676fe5a855afa382d7305672efd9e3b83dbd31220de094a',
		],
		[
			'preAuthorization void',
			'/gateway/service/auth',
			{ payment_id: payment, payment_authType: '2' },
			`${head}&payment_id=${payment}&payment_authType=2`,
			'9f3a06ad6892ece2bbd2b5375d4a4f968d451ae5c908664dd316e302e9d5f4aa',
		],
		[
			'preAuthorization reverse',
			'/gateway/service/auth',
			{ order_number: 'A-1003', payment_authType: '3' },
			`${head}&order_number=A-1003&payment_authType=3`,
			'78247bc4a7e86e878036b6f255ccde0a8a250686aa3cb05bbb6be46350e754d6',
		],
		[
			'refund with a Chinese description (UTF-8)',
			'/service/applyRefund',
			{
				payment_id: payment,
				refund_number: 'RF-1',
				refund_type: '2',
				refund_amount: '5.00',
				refund_description: '商品瑕疵',
				refund_reference: 'shop-77',
			},
			`${head}&payment_id=${payment}&refund_number=RF-1&refund_type=2&refund_amount=5.00&refund_description=%E5%95%86%E5%93%81%E7%91%95%E7%96%B5&refund_reference=shop-77`,
			'0c60a008247096557cc5a9d635a2e9d9f78f61be871b3212b70a03703113edb2',
		],
		[
			'refundQuery by id',
			'/service/queryRefund',
			{ refund_id: '2601010001' },
			`${head}&refund_id=2601010001`,
			'cdb92d71af598311c1b5777d35bb50acc3ac68688cf0189637ff3a31d6d85160',
		],
		[
			'refundQuery by refund number',
			'/service/queryRefund',
			{ refund_number: 'RF-1' },
			`${head}&refund_number=RF-1`,
			'18950fcfe3d5816a050ae0e701c0e7522f8331265e4e377d137e0d282c6aaff5',
		],
		[
			'trackingUpload',
			'/service/uploadTrackingNo',
			{ tracking_handler: 'N/A', tracking_site: 'https://www.ups.com', tracking_number: '1Z999AA10123456784', payment_id: payment },
			`${head}&payment_id=${payment}&tracking_number=1Z999AA10123456784&tracking_site=https%3A%2F%2Fwww.ups.com&tracking_handler=N%2FA`,
			'7506b0c1a15279efbfd22157f53ecda719203ea552db0c48121d087c0b466a79',
		],
		[
			'customsUpload (amount and customs fields not signed)',
			'/gateway/service/customsUpload',
			{
				payment_id: payment,
				type: '1',
				pay_userId: '370481199308167756',
				pay_userName: 'aiden',
				price: '10.00',
				total_amount: '10.99',
				customs: '01',
				customs_number: 'C123',
				customs_name: 'Example Trading',
				shipping_fee: '0.99',
			},
			`${head}&payment_id=${payment}&type=1&pay_userId=370481199308167756&pay_userName=aiden&price=10.00&total_amount=10.99&customs=01&customs_number=C123&customs_name=Example+Trading&shipping_fee=0.99`,
			'def5e83e2b0cb285c2a3c2292b782672d5d1ede92e59097a78d7b4669c790813',
		],
	];

	test.each(cases)('%s', async (_name, url, body, expectedForm, expectedSign) => {
		const options = await sign(GOLDEN, url, body);
		expect(formOf(options).toString()).toBe(`${expectedForm}&signValue=${expectedSign}`);
		expect(options.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(options.method).toBe('POST');
		expect(options.disableFollowRedirect).toBe(true);
		expect(options.url).toBe(
			`${ENDPOINTS[Object.values(ENDPOINTS).find((e) => e.path === url)!.id].family === 'gateway' ? 'https://secure.oceanpayment.com' : 'https://query.oceanpayment.com'}${url}`,
		);
	});

	test('the Postman sample refund sign string (加签) hashes as UTF-8', async () => {
		const form = formOf(
			await sign({ account: '150260', terminal: '15026001', secureCode: '12345678' }, '/service/applyRefund', {
				payment_id: '231129145554141026041',
				refund_type: '1',
				refund_amount: '1',
				refund_description: '商品瑕疵',
			}),
		);
		expect(form.get('signValue')).toBe('11124207d2c469a4f876a5f3bdda74a3529c3bb89a7e2e91f0103e8e4ac8ebae');
	});

	test('health check: JSON body, keys as headers, no signValue', async () => {
		const options = await sign(GOLDEN, '/pinc/check-account', { site: 'shop.example.com', key: 'ABCD' });
		expect(options.url).toBe('https://checkout.oceanpayment.com/pinc/check-account');
		expect(options.disableFollowRedirect).toBe(true);
		expect(options.body).toEqual({ account: '123456', terminal: '12345601', site: 'shop.example.com', key: 'ABCD' });
		expect(options.headers).toEqual({
			'Content-Type': 'application/json',
			account: '123456',
			terminal: '12345601',
			secureCode: 'golden-Secure-9',
		});
	});

	test('card BIN: the BIN list goes as a JSON array of numbers', async () => {
		const options = await sign({ ...GOLDEN, environment: 'sandbox' }, '/pinc/check-card-bin', { card_bin: [411111, 545454] });
		expect(options.url).toBe('https://test-checkout.oceanpayment.com/pinc/check-card-bin');
		expect(options.body).toEqual({ account: '123456', terminal: '12345601', card_bin: [411111, 545454] });
	});
});

describe('environments and guards', () => {
	test('sandbox, production and custom hosts per family', async () => {
		expect((await sign(POSTMAN, '/service/check/normal', { order_number: '1' })).url).toBe('https://test-query.oceanpayment.com/service/check/normal');
		expect((await sign(POSTMAN, '/gateway/service/auth', { payment_id: '1', payment_authType: '2' })).url).toBe('https://test-secure.oceanpayment.com/gateway/service/auth');
		const custom = {
			...POSTMAN,
			environment: 'custom',
			queryBaseUrl: 'http://127.0.0.1:8899/',
			gatewayBaseUrl: 'http://127.0.0.1:8898',
			checkoutBaseUrl: 'http://127.0.0.1:8897',
		};
		expect((await sign(custom, '/service/check/normal', { order_number: '1' })).url).toBe('http://127.0.0.1:8899/service/check/normal');
		expect((await sign(custom, '/gateway/service/customsUpload', { payment_id: '1' })).url).toBe('http://127.0.0.1:8898/gateway/service/customsUpload');
		expect((await sign(custom, '/pinc/check-card-bin', { card_bin: [1] })).url).toBe('http://127.0.0.1:8897/pinc/check-card-bin');
	});

	test('a custom base URL with a path prefix (a proxy) is kept', async () => {
		const proxied = { ...POSTMAN, environment: 'custom', queryBaseUrl: 'https://proxy.example.com/oceanpayment/query/', gatewayBaseUrl: 'https://proxy.example.com/g', checkoutBaseUrl: 'https://proxy.example.com/c' };
		expect((await sign(proxied, '/service/check/normal', { order_number: '1' })).url).toBe('https://proxy.example.com/oceanpayment/query/service/check/normal');
		expect((await sign(proxied, 'https://proxy.example.com/oceanpayment/query/service/check/normal', { order_number: '1' })).url).toBe(
			'https://proxy.example.com/oceanpayment/query/service/check/normal',
		);
	});

	test('a custom base URL without a scheme, or with a query, names the field', async () => {
		await expect(sign({ ...POSTMAN, environment: 'custom', queryBaseUrl: 'query.example.com', gatewayBaseUrl: 'https://g.example.com', checkoutBaseUrl: 'https://c.example.com' }, '/service/check/normal', { order_number: '1' })).rejects.toThrow(
			'"Query Base URL" ("query.example.com") does not start with http:// or https://',
		);
		await expect(sign({ ...POSTMAN, environment: 'custom', queryBaseUrl: 'https://q.example.com/?x=1', gatewayBaseUrl: 'https://g.example.com', checkoutBaseUrl: 'https://c.example.com' }, '/service/check/normal', { order_number: '1' })).rejects.toThrow(
			'must be a plain base URL',
		);
	});

	test('a Secure Code with surrounding spaces or a new line signs as the trimmed value', async () => {
		const trimmed = formOf(await sign(POSTMAN, '/service/check/normal', { order_number: 'ae866' })).get('signValue');
		const padded = formOf(await sign({ ...POSTMAN, secureCode: ' 12345678\n' }, '/service/check/normal', { order_number: 'ae866' })).get('signValue');
		expect(padded).toBe(trimmed);
		const header = await sign({ ...POSTMAN, secureCode: '12345678 ' }, '/pinc/check-card-bin', { card_bin: [411111] });
		expect((header.headers as IDataObject).secureCode).toBe('12345678');
	});

	test('custom environment without the needed URL explains which field is empty', async () => {
		await expect(sign({ ...POSTMAN, environment: 'custom' }, '/gateway/service/auth', {})).rejects.toThrow(
			'"Secure Gateway Base URL" is empty',
		);
	});

	test('unknown paths, unknown fields and credential-owned fields are refused', async () => {
		await expect(sign(POSTMAN, '/service/nope', {})).rejects.toThrow('No Oceanpayment endpoint has the path "/service/nope"');
		await expect(sign(POSTMAN, '/service/check/normal', { order_numbr: '1' })).rejects.toThrow('has no field "order_numbr"');
		await expect(sign(POSTMAN, '/service/check/normal', { secureCode: 'x' })).rejects.toThrow('set by the Oceanpayment credential');
		await expect(sign(POSTMAN, '/pinc/check-account', { account: 'x' })).rejects.toThrow('does not take the field "account"');
	});

	test('missing keys are reported without echoing any value', async () => {
		const error = await sign({ account: '995378', terminal: '99537801', secureCode: '' }, '/service/check/normal', {}).catch(
			(e: Error) => e,
		);
		expect((error as Error).message).toBe('The Oceanpayment credential needs Account, Terminal and Secure Code.');
	});

	test('the secure code is never in a form body', async () => {
		for (const endpoint of Object.values(ENDPOINTS).filter((e) => e.bodyKind === 'form')) {
			const body = Object.fromEntries(endpoint.fields.map((name) => [name, 'v']));
			const options = await sign(GOLDEN, endpoint.path, body);
			const wire = formOf(options).toString();
			expect(wire).not.toContain('golden-Secure-9');
			expect(JSON.stringify(options.headers)).not.toContain('golden-Secure-9');
			expect(formOf(options).get('signValue')).toMatch(/^[0-9a-f]{64}$/);
		}
	});
});
