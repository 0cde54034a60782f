/**
 * The one-pass reader of plain answers (readPlainXml) against the full parser it stands in for
 * (fast-xml-parser after its validator): on every body the plain reader accepts, the full parser
 * must accept it too and give exactly the same JSON. Bodies: the simulator's own answers,
 * generated documents with and without the features the plain reader leaves to the full parser,
 * and damaged copies of them (cut at every offset, characters dropped, doubled or replaced).
 */
import { readPlainXml } from '../../nodes/Oceanpayment/transport/plainXml';
import { parseGatewayXml, readXmlWithLibrary } from '../../nodes/Oceanpayment/transport/xml';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { responseXml } = require('../simulator/xml') as { responseXml: (fields: object, options?: { numericEntities?: boolean }) => string };

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
	return { next, pick, chance: (p: number) => next() < p };
}

const PLAIN_NAMES = ['order_number', 'paymentInfo', 'orderInfo', 'payment_id', 'a', 'b', 'x.y', 'x-y', '_z', 'details', 'networkToken', 'isPrototypeOf', 'hasOwn'];
const OTHER_NAMES = ['ns:tag', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'constructor', 'été', '#text'];
const PLAIN_TEXTS = ['', '0', '007', '10.10', ' padded ', '\n\t x \n', 'Tom &amp; Jerry', '&lt;b&gt;', '&quot;q&quot; &apos;a&apos;', '&#233;t&#xE9;', '&#x4E2D;&#25991;', '商品', '1e3', 'a>b', 'line\r\nbreak', 'tail\r', '&#32;lead', '&#x1F600;', '&#9;tab', 'x]]>y'];
const OTHER_TEXTS = ['&nbsp;', '&copy;', '&unknown;', 'a & b', '&#0;', '&#xD800;', '&#X41;', '&#1;', '&;', '&#x110000;', '\u00a0nbsp\u00a0', 'a < b', '&amp'];

interface Generated {
	xml: string;
	/** Whether only features the plain reader takes were used. */
	plain: boolean;
}

function generate(seed: number): Generated {
	const rnd = random(seed);
	let plain = true;
	const other = (p: number) => {
		const used = rnd.chance(p);
		if (used) plain = false;
		return used;
	};
	const name = () => (other(0.03) ? rnd.pick(OTHER_NAMES) : rnd.pick(PLAIN_NAMES));
	const blank = () => (rnd.chance(0.3) ? rnd.pick(['\n', '  ', '\r\n\t', '\t']) : '');
	const text = () => (other(0.04) ? rnd.pick(OTHER_TEXTS) : rnd.pick(PLAIN_TEXTS));
	function element(depth: number): string {
		const tag = name();
		const attributes = other(0.03) ? ` id="1"` : '';
		if (rnd.chance(0.1)) return `<${tag}${attributes}/>`;
		if (depth > 3 || rnd.chance(0.5)) {
			const body = other(0.02) ? `<![CDATA[${rnd.pick(['a < b', ' c ', ''])}]]>` : text();
			return `<${tag}${attributes}>${body}</${tag}>`;
		}
		let inner = '';
		const children = 1 + Math.floor(rnd.next() * 4);
		for (let i = 0; i < children; i++) {
			inner += blank() + element(depth + 1);
			if (other(0.02)) inner += '<!-- note -->';
			if (other(0.02)) inner += 'mixed';
		}
		return `<${tag}${attributes}>${inner}${blank()}</${tag}>`;
	}
	const declaration = rnd.chance(0.5) ? rnd.pick(['<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.0'?>", '<?xml version="1.0" standalone="yes" ?>']) : '';
	const root = `<response>${blank()}${element(1)}${rnd.chance(0.5) ? blank() + element(1) : ''}${blank()}</response>`;
	const tail = other(0.03) ? rnd.pick(['<!-- end -->', '<?pi x?>', '<extra/>', 'text']) : blank();
	const head = other(0.02) ? rnd.pick(['\ufeff', ' ', '<!-- start -->']) : '';
	return { xml: `${head}${declaration}${blank()}${root}${tail}`, plain };
}

/** Damaged copies of a body: cut short, a character dropped, doubled or replaced by markup. */
function damaged(xml: string, seed: number, count: number): string[] {
	const rnd = random(seed);
	const copies: string[] = [];
	for (let i = 0; i < count; i++) {
		const at = Math.floor(rnd.next() * xml.length);
		const kind = rnd.pick(['cut', 'drop', 'double', 'replace']);
		if (kind === 'cut') copies.push(xml.slice(0, at));
		else if (kind === 'drop') copies.push(xml.slice(0, at) + xml.slice(at + 1));
		else if (kind === 'double') copies.push(xml.slice(0, at) + xml[at] + xml.slice(at));
		else copies.push(xml.slice(0, at) + rnd.pick(['<', '>', '/', '&', '"', ' ', '!', '?', '\u0000']) + xml.slice(at + 1));
	}
	return copies;
}

/** Checks one body; returns whether the plain reader took it. */
function agrees(xml: string): boolean {
	const plain = readPlainXml(xml);
	if (plain === undefined) return false;
	const full = readXmlWithLibrary(xml);
	if (!full.ok) throw new Error(`the plain reader accepted a body the full parser refuses (${full.problem}): ${JSON.stringify(xml)}`);
	// Strings, arrays and plain objects only: the JSON text (with its key order) says it all.
	const [ours, theirs] = [JSON.stringify(plain), JSON.stringify(full.document)];
	if (ours !== theirs) throw new Error(`different JSON for ${JSON.stringify(xml)}: ${ours} vs ${theirs}`);
	return true;
}

const page = (count: number) =>
	responseXml({
		account: '123456',
		terminal: '12345601',
		signValue: 'ABC',
		results: '00',
		details: 'Success',
		count: String(count),
		totalpages: '1',
		pages: '1',
		orderInfo: Array.from({ length: count }, (_, i) => ({
			payment_id: `2601010000000000${String(i).padStart(5, '0')}`,
			order_number: `X-${i}`,
			order_amount: `${i}.10`,
			order_notes: i % 3 === 0 ? 'Größe M & "rot" <neu>' : '',
			payment_dateTime: '2026-11-20 10:00:00',
		})),
	});

describe('the plain reader gives what the full parser gives', () => {
	test('the simulator answers (lists of 0, 1 and 100 records, status answers, numeric references) are read in one pass', () => {
		const bodies = [
			page(0),
			page(1),
			page(100),
			responseXml({ paymentInfo: [{ order_number: '1', payment_id: '', payment_details: '20004:Not found' }] }),
			responseXml({ paymentInfo: [{ order_number: 'é', networkToken: { create_status: '0', recurring_type: '' } }] }, { numericEntities: true }),
			responseXml({ refund_description: '商品瑕疵 😀' }, { numericEntities: true }),
		];
		for (const body of bodies) expect(agrees(body)).toBe(true);
		const list = readPlainXml(page(1)) as { response: { orderInfo: unknown[] } };
		expect(list.response.orderInfo).toHaveLength(1);
		expect(readPlainXml(page(0))).toEqual({ response: expect.not.objectContaining({ orderInfo: expect.anything() }) });
	});

	test('2,000 generated documents: every plain one is read in one pass, every read agrees', () => {
		let plainShaped = 0;
		for (let seed = 1; seed <= 2000; seed++) {
			const { xml, plain } = generate(seed);
			const took = agrees(xml);
			if (plain) {
				plainShaped++;
				if (!took) throw new Error(`a plain document went to the full parser: ${JSON.stringify(xml)}`);
			}
		}
		expect(plainShaped).toBeGreaterThan(1000);
	});

	test('damaged documents: whatever the plain reader takes, the full parser takes the same way', () => {
		let taken = 0;
		let total = 0;
		for (let seed = 1; seed <= 300; seed++) {
			for (const xml of damaged(generate(seed).xml, seed, 20)) {
				total++;
				if (agrees(xml)) taken++;
			}
		}
		const body = page(3);
		for (let cut = 0; cut < body.length; cut++) {
			total++;
			if (agrees(body.slice(0, cut))) taken++;
		}
		// Some damage leaves a well-formed document (a dropped space, a doubled letter).
		expect(taken).toBeGreaterThan(0);
		expect(taken).toBeLessThan(total);
	});
});

describe('parseGatewayXml through either reader', () => {
	test('a truncated page is refused whatever its length', () => {
		const body = page(100);
		for (const cut of [10, 100, 1000, body.length - 12, body.length - 1]) {
			expect(parseGatewayXml(body.slice(0, cut))).toMatchObject({ ok: false, problem: expect.stringContaining('malformed XML') });
		}
	});

	test('names that reach into Object.prototype are refused, never thrown', () => {
		const parsed = parseGatewayXml('<response><constructor>1</constructor></response>');
		expect(parsed).toMatchObject({ ok: false, problem: expect.stringContaining('cannot be read') });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(parseGatewayXml('<response><__proto__><polluted>1</polluted></__proto__></response>').ok).toBe(false);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('with exact, values keep their white space and line breaks (a notification is compared with them); other shapes are read the usual way', () => {
		const body = '<?xml version="1.0"?><response>\n  <paymentInfo><order_notes> two  words\n</order_notes><details>a&#13;b</details></paymentInfo>\n</response>';
		expect(parseGatewayXml(body, { exact: true })).toEqual({ ok: true, data: { paymentInfo: { order_notes: ' two  words\n', details: 'a\rb' } } });
		expect(parseGatewayXml(body)).toEqual({ ok: true, data: { paymentInfo: [{ order_notes: 'two  words', details: 'a\rb' }] } });
		const withAttribute = '<response><results code="x">00</results><details> Success </details></response>';
		expect(parseGatewayXml(withAttribute, { exact: true })).toEqual({ ok: true, data: { results: '00', details: 'Success' } });
	});
});
