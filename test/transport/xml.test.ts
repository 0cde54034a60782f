import { parseGatewayJson, parseGatewayXml } from '../../nodes/Oceanpayment/transport/xml';

function ok(body: string) {
	const parsed = parseGatewayXml(body);
	if (!parsed.ok) throw new Error(`expected a parse, got: ${parsed.problem}`);
	return parsed.data;
}

// Response examples of shared/oceanpayment-api.md §3, written out from its field lists and
// the documented values (signValues as published).
describe('documented response examples', () => {
	test('order status: one paymentInfo is still an array; nested networkToken; strings kept', () => {
		const data = ok(`<?xml version="1.0" encoding="UTF-8"?>
<response>
  <paymentInfo>
    <account>995149</account><terminal>99514901</terminal>
    <signValue>C011ED98B1D5181F66C800DB7A3A72EDE59583279D30ED40850C9D3E340B704C</signValue>
    <order_number>000123</order_number><order_currency>USD</order_currency><order_amount>10.10</order_amount>
    <order_sourceUrl>https://shop.example.com</order_sourceUrl><order_notes></order_notes>
    <methods>Credit Card</methods><payment_id>231220170723834010513</payment_id>
    <payment_results>0</payment_results><payment_details>89999:Contact Customer Service</payment_details>
    <payment_risk>Smart=20.0(R000002=20.0%,)</payment_risk><payment_authCode/><payment_eci></payment_eci>
    <payment_dateTime>2023-12-20 17:07:23</payment_dateTime><auth_status>0</auth_status>
    <refund_status>0</refund_status><refundList></refundList><chargeBack_status>0</chargeBack_status>
    <networkToken><create_status>0</create_status><recurring_type></recurring_type></networkToken>
  </paymentInfo>
</response>`);
		expect(Array.isArray(data.paymentInfo)).toBe(true);
		const [info] = data.paymentInfo as Array<Record<string, unknown>>;
		expect(info.order_number).toBe('000123');
		expect(info.order_amount).toBe('10.10');
		expect(info.payment_id).toBe('231220170723834010513');
		expect(info.payment_results).toBe('0');
		expect(info.payment_authCode).toBe('');
		expect(info.order_notes).toBe('');
		expect(info.refundList).toBe('');
		expect(info.payment_risk).toBe('Smart=20.0(R000002=20.0%,)');
		expect(info.networkToken).toEqual({ create_status: '0', recurring_type: '' });
	});

	test('several paymentInfo blocks stay in order', () => {
		const data = ok(
			'<response><paymentInfo><order_number>A</order_number></paymentInfo><paymentInfo><order_number>B</order_number></paymentInfo></response>',
		);
		expect((data.paymentInfo as Array<{ order_number: string }>).map((p) => p.order_number)).toEqual(['A', 'B']);
	});

	test('successful orders list envelope with two orderInfo', () => {
		const data = ok(`<response><account>995149</account><terminal>99514901</terminal>
<signValue>EB7DBDF91F14C9453B73DD69029C830CA99BDAB7AF6447BFFB49837F0024F202</signValue>
<results>00</results><details>Success</details><count>2</count><totalpages>1</totalpages><pages>1</pages>
<orderInfo><account>995149</account><terminal>99514901</terminal><payment_id>1</payment_id><order_number>0001</order_number><order_currency>USD</order_currency><order_amount>1.00</order_amount><methods>Credit Card</methods><payment_dateTime>2023-12-25 16:00:00</payment_dateTime></orderInfo>
<orderInfo><account>995149</account><terminal>99514901</terminal><payment_id>2</payment_id><order_number>0002</order_number><order_currency>EUR</order_currency><order_amount>2.50</order_amount><methods>Klarna</methods><payment_dateTime>2023-12-26 10:00:00</payment_dateTime></orderInfo>
</response>`);
		expect(data.results).toBe('00');
		expect(data.count).toBe('2');
		expect((data.orderInfo as unknown[]).length).toBe(2);
		expect((data.orderInfo as Array<{ order_number: string }>)[0].order_number).toBe('0001');
	});

	test('business orders: a single orderInfo is an array', () => {
		const data = ok(
			'<response><results>00</results><details>Success</details><count>1</count><totalpages>1</totalpages><pages>1</pages><orderInfo><type>refund</type><payment_id>9</payment_id><amount>0.10</amount><status>1</status><details>ok</details><payment_cpdTime></payment_cpdTime></orderInfo></response>',
		);
		expect(data.orderInfo).toEqual([{ type: 'refund', payment_id: '9', amount: '0.10', status: '1', details: 'ok', payment_cpdTime: '' }]);
	});

	test('dispute list with empty totalpages and reply deadline', () => {
		const data = ok(
			'<response><signValue>afdcfbb0c6b9e78ce87e04124968bb9fed356ea9de330a131c120086e368108f</signValue><results>00</results><details>Success</details><count>1</count><totalpages></totalpages><pages>1</pages><orderInfo><methods>Klarna</methods><notice_type>dispute</notice_type><push_details>return</push_details><is_refund>2</is_refund><reply_deadline>2025-09-01 23:59:59.0</reply_deadline></orderInfo></response>',
		);
		expect(data.totalpages).toBe('');
		expect((data.orderInfo as Array<Record<string, string>>)[0].reply_deadline).toBe('2025-09-01 23:59:59.0');
	});

	test('tracking and customs answers', () => {
		expect(
			ok(
				'<response><account>995149</account><terminal>99514901</terminal><signValue>A75EBFFC5CF11EBBF752373115FD1CC1FF4472ACB338EF1E6F303594C656C3D0</signValue><order_number>1</order_number><payment_id>2</payment_id><tracking_results>01</tracking_results></response>',
			).tracking_results,
		).toBe('01');
		const customs = ok(
			'<response><account>995149</account><terminal>99514901</terminal><signValue>aecc5b6bbdba3e801cb3507dc8278cd9700d79d9bdd10d337691642c8e6e97ee</signValue><payment_id>2</payment_id><type>1</type><status>1</status><details>Success</details></response>',
		);
		expect(customs).toMatchObject({ status: '1', details: 'Success', type: '1' });
	});

	test('no records: the record key is simply absent', () => {
		expect(ok('<response><results>00</results><count>0</count></response>').orderInfo).toBeUndefined();
	});
});

describe('XML details', () => {
	test('entities and CDATA are decoded; whitespace around values trimmed', () => {
		const data = ok(
			'<response><details>Tom &amp; Jerry &lt;b&gt; &quot;x&quot; &apos;y&apos;</details><note><![CDATA[a < b & c]]></note><pad>  7  </pad></response>',
		);
		expect(data.details).toBe('Tom & Jerry <b> "x" \'y\'');
		expect(data.note).toBe('a < b & c');
		expect(data.pad).toBe('7');
	});

	test('numbers-looking values are not converted', () => {
		const data = ok('<response><a>007</a><b>1.50</b><c>1e3</c><d>0x1F</d><e>-1</e><f>true</f></response>');
		expect(data).toEqual({ a: '007', b: '1.50', c: '1e3', d: '0x1F', e: '-1', f: 'true' });
	});

	test('Chinese text survives', () => {
		expect(ok('<response><refund_description>商品瑕疵</refund_description></response>').refund_description).toBe('商品瑕疵');
	});

	test('an empty root gives no fields', () => {
		expect(ok('<response/>')).toEqual({});
		expect(ok('<response></response>')).toEqual({});
	});
});

describe('unreadable bodies give a reason and the first bytes, never an exception', () => {
	test.each([
		['empty', '', 'empty body'],
		['whitespace', '   \n', 'empty body'],
		['HTML page', '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 'HTML page'],
		['bare html', '<html><body>Service Unavailable</body></html>', 'HTML page'],
		['truncated', '<response><results>00</results><orderInfo><payment_id>1</pay', 'malformed XML'],
		['not XML', 'Internal Server Error', 'malformed XML'],
		['two roots', '<a>1</a><b>2</b>', 'malformed XML'],
		['text root', '<response>plain</response>', 'without fields'],
	])('%s', (_name, body, problem) => {
		const parsed = parseGatewayXml(body);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problem).toContain(problem);
		if (body.trim()) expect(parsed.excerpt).toBe(body.replace(/\s+/g, ' ').trim().slice(0, 120));
	});

	test('long bodies are cut in the excerpt', () => {
		const parsed = parseGatewayXml(`<html>${'x'.repeat(500)}</html>`);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.excerpt).toHaveLength(121);
	});

	test('JSON bodies', () => {
		expect(parseGatewayJson('{"code":"000","data":[1]}')).toEqual({ ok: true, data: { code: '000', data: [1] } });
		expect(parseGatewayJson('{"code":')).toMatchObject({ ok: false, problem: 'The gateway returned malformed JSON' });
		expect(parseGatewayJson('[1]')).toMatchObject({ ok: false });
		expect(parseGatewayJson('<html></html>')).toMatchObject({ ok: false, problem: expect.stringContaining('HTML') });
	});
});
