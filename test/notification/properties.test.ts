/**
 * Properties of the Notification Trigger over every genuine notification (fast-check), through
 * the real webhook harness:
 *   - any legal way of writing its XML (declaration, white space between elements and inside
 *     tags, comments, empty-element tags, character references, CDATA, a byte order mark, a
 *     declared Latin-1 encoding) verifies, with every field exactly as signed;
 *   - every re-cut (a boundary between signed fields moved), repeat or nesting of an element, or
 *     white space added to or taken from a value, is either dropped or the same event (same
 *     eventId), never a different verified event;
 *   - a relabel (another notice_type, which is not signed) is part of the event: without
 *     confirmation it is dropped or an event of its own, with the same signed values and its
 *     notice type not confirmed; with confirmation on (the default) it never runs unless the
 *     gateway lists the event under that type.
 * Genuine means signed by the simulator's own rules (test/simulator/rules.js). The eventId is
 * computed here from its definition: SHA-256 of the notice type, a line break, then account +
 * terminal + the signed values.
 */
import { createHash } from 'crypto';

import { fc, test } from '@fast-check/jest';

import type { WebhookServer } from '../helpers/webhook';
import { escapeXml, notificationHarness, simulatorSign } from '../helpers/notifications';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NOTICE_SIGN_RULES } = require('../simulator/rules') as { NOTICE_SIGN_RULES: Record<Kind, string[]> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BUSINESS_FIELDS, CUSTOMS_FIELDS, PAYMENT_FIELDS, NOTICE_TYPES } = require('../simulator/notify') as Record<string, string[]> & { NOTICE_TYPES: Record<Kind, string[]> };

type Kind = 'business' | 'customs' | 'payment';
type Entries = Array<[string, string]>;

const h = notificationHarness();
const RUNS = 100;

// ── Genuine notifications ──────────────────────────────────────────────────────────────────
const ALL_TYPES = Object.values(NOTICE_TYPES).flat();
/** Characters a value may hold: XML-legal ones, with the ones XML escapes, white space and non-ASCII. */
const CHARACTER = fc.constantFrom(...'aZ09 -_*:.,/#'.split(''), ' ', '\t', '\n', '\r', '&', '<', '>', '"', "'", ']', 'é', 'ß', '中', '文', '€', '😀', '\u00a0');
const text = (minLength = 0, maxLength = 12) => fc.string({ unit: CHARACTER, minLength, maxLength });
const digits = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength, maxLength });
const LATIN1 = /^[\t\n\r\u0020-\u007e\u00a0-\u00ff]*$/;

/** Every field of one kind (documented order), with values of the documented forms. */
const genuineFields = fc.constantFrom<Kind>('business', 'customs', 'payment').chain((kind) => {
	const common = {
		account: fc.constant('123456'),
		terminal: fc.constant('12345601'),
		order_number: text(1, 50),
		payment_id: digits(1, 24),
		order_notes: text(),
		card_type: text(),
		card_country: text(0, 3),
		payment_dateTime: fc.constantFrom('', '2026-03-15 12:00:00'),
	};
	const business = {
		...common,
		notice_type: fc.constantFrom(...NOTICE_TYPES[kind === 'payment' ? 'business' : kind]),
		order_currency: text(0, 3),
		order_amount: text(0, 6),
		push_id: fc.oneof(digits(1, 18), text(1, 12)),
		push_status: fc.constantFrom(...(kind === 'customs' ? ['0', '1'] : ['0', '1', '2'])),
		push_details: text(),
		push_dateTime: fc.constantFrom('', '2026-03-20 10:15:30'),
		verify_department: text(),
	};
	const payment = {
		...common,
		notice_type: fc.constant('transaction'),
		response_type: fc.constantFrom('0', '1'),
		order_currency: fc.constantFrom('USD', 'EUR', 'CNY', 'JPY'),
		order_amount: fc.tuple(digits(1, 6), fc.constantFrom('', '.5', '.50', '.05', '.125')).map(([whole, cents]) => whole + cents),
		card_number: fc.constantFrom('', '411111***1111'),
		payment_authType: fc.constantFrom('0', '1', '2', '3'),
		payment_status: fc.constantFrom('-1', '0', '1'),
		payment_details: text(),
		payment_risk: text(),
	};
	const order = { business: BUSINESS_FIELDS, customs: CUSTOMS_FIELDS, payment: PAYMENT_FIELDS }[kind];
	const record = (kind === 'payment' ? fc.record(payment) : fc.record(business)) as fc.Arbitrary<Record<string, string>>;
	return record.map((all) => {
		const fields = Object.fromEntries(order.filter((name) => name in all).map((name) => [name, all[name]]));
		fields.signValue = simulatorSign(kind, fields);
		return { kind, entries: order.filter((name) => name in fields).map((name): [string, string] => [name, fields[name]]) };
	});
});

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const valueOf = (entries: Entries, name: string) => entries.find(([field]) => field === name)?.[1] ?? '';
const eventIdOf = (kind: Kind, entries: Entries) => sha256(`${valueOf(entries, 'notice_type')}\n${['account', 'terminal', ...NOTICE_SIGN_RULES[kind]].map((name) => valueOf(entries, name)).join('')}`);

// ── Writing XML every legal way ────────────────────────────────────────────────────────────
const SPACE = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r\n', '\r'), maxLength: 3 });
const MISC = fc.oneof(SPACE, SPACE.map((space) => `${space}<!-- note -->${space}`));

/** One character of text: as it is (where XML allows), as a character reference, or as an entity. */
const characterForms = (character: string): string[] => {
	const code = character.codePointAt(0) as number;
	const references = [`&#${code};`, `&#x${code.toString(16)};`, `&#x${code.toString(16).toUpperCase()};`];
	const entity = { '&': ['&amp;'], '<': ['&lt;'], '>': ['&gt;'], '"': ['&quot;'], "'": ['&apos;'] }[character] ?? [];
	// Never literal: & and < (markup), CR (read as LF), > (it could close a "]]>").
	const literal = ['&', '<', '\r', '>'].includes(character) ? [] : [character];
	return [...literal, ...entity, ...references];
};

/** A value written as XML text: per character one of its forms, or in CDATA sections where it can be. */
const writtenValue = (value: string) =>
	fc.oneof(
		fc.tuple(...Array.from(value).map((character) => fc.constantFrom(...characterForms(character)))).map((forms) => forms.join('')),
		fc.constant(value.includes('\r') || value.includes(']]>') ? escapeXml(value) : `<![CDATA[${value}]]>`),
		fc.constant(escapeXml(value)),
	);

function element(name: string, value: string) {
	const end = fc.tuple(SPACE, SPACE);
	if (value === '') return fc.oneof(fc.constant(`<${name}/>`), end.map(([a]) => `<${name}${a || ' '}/>`), end.map(([a, b]) => `<${name}${a}></${name}${b}>`));
	return fc.tuple(writtenValue(value), end).map(([written, [a, b]]) => `<${name}${a}>${written}</${name}${b}>`);
}

/** The notification as bytes, written some legal way. */
const writtenNotification = (entries: Entries) => {
	const latin1 = entries.every(([, value]) => LATIN1.test(value));
	return fc
		.record({
			declaration: fc.constantFrom('', '<?xml version="1.0"?>', "<?xml version='1.0' encoding='UTF-8' ?>", '<?xml version="1.0"  encoding="utf-8"\n standalone="yes"?>', ...(latin1 ? ['<?xml version="1.0" encoding="ISO-8859-1"?>'] : [])),
			bom: fc.boolean(),
			root: fc.constantFrom('response', 'notification', 'data'),
			before: MISC,
			after: MISC,
			fields: fc.tuple(...entries.map(([name, value]) => fc.tuple(MISC, element(name, value)).map(([misc, written]) => misc + written))),
			closing: SPACE,
		})
		.map((parts) => {
			const body = `${parts.declaration}${parts.before}<${parts.root}>${parts.fields.join('')}${parts.closing}</${parts.root}>${parts.after}`;
			if (parts.declaration.includes('ISO-8859-1')) return Buffer.from(body, 'latin1');
			return Buffer.concat([Buffer.from(parts.bom && !parts.declaration.includes('ISO') ? [0xef, 0xbb, 0xbf] : []), Buffer.from(body, 'utf8')]);
		});
};

// ── Deliveries ─────────────────────────────────────────────────────────────────────────────
let server: WebhookServer;
beforeEach(async () => {
	// Every delivery runs (no node memory), nothing is asked of the gateway (customs, which nothing
	// can confirm, run marked notConfirmed), the fields come as sent.
	server = await h.receiver({ simplify: false, confirm: [], unconfirmed: 'run', settings: { dropRedeliveries: false } });
});

/** Delivers bytes; the item it started, or undefined when it was dropped. */
async function deliver(bytes: Buffer | string) {
	const before = server.deliveries.length;
	const result = await h.sim.admin.push({ url: server.url, rawBody: bytes });
	expect([result.status, result.body]).toEqual([200, 'receive-ok']);
	return server.deliveries[before]?.items[0]?.json;
}

/** The plainest XML of the fields; `written` replaces the written text of one field. */
const plainXml = (entries: Entries, written: { index: number; text: string } | undefined = undefined) =>
	`<response>${entries.map(([name, value], i) => `<${name}>${i === written?.index ? written.text : escapeXml(value)}</${name}>`).join('')}</response>`;

describe('any genuine notification', () => {
	test.prop([genuineFields.chain(({ kind, entries }) => fc.tuple(fc.constant(kind), fc.constant(entries), writtenNotification(entries)))], { numRuns: RUNS })(
		'written any legal way, verifies, with every field exactly as signed',
		async ([kind, entries, bytes]) => {
			const item = await deliver(bytes);
			expect(item).toBeDefined();
			expect(item).toMatchObject({ signatureValid: true, eventId: eventIdOf(kind, entries) });
			for (const [name, value] of entries) if (name !== 'signValue') expect([name, item?.[name]]).toEqual([name, value]);
		},
	);
});

// ── Reshaping ──────────────────────────────────────────────────────────────────────────────
type Reshape = (kind: Kind, entries: Entries) => fc.Arbitrary<string>;

/** Moves the boundaries between signed fields: the signed string stays the same, the fields do not. */
const recut: Reshape = (kind, entries) => {
	const signed = NOTICE_SIGN_RULES[kind];
	const values = signed.map((name) => valueOf(entries, name));
	const joined = values.join('');
	const cuts = values.slice(0, -1).map((_, i) => values.slice(0, i + 1).join('').length);
	// Most boundaries stay: a re-cut that moves one or two of them is the one that can keep every form.
	const move = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: -4, max: 4 }) });
	return fc.array(move, { minLength: cuts.length, maxLength: cuts.length }).map((moves) => {
		const moved = cuts.map((cut, i) => Math.min(joined.length, Math.max(0, cut + moves[i]))).sort((a, b) => a - b);
		const bounds = [0, ...moved, joined.length];
		const changed = Object.fromEntries(signed.map((name, i) => [name, joined.slice(bounds[i], bounds[i + 1])]));
		return plainXml(entries.map(([name, value]) => [name, name in changed ? changed[name] : value]));
	});
};

const relabel: Reshape = (_kind, entries) =>
	fc.oneof(fc.constantFrom(...ALL_TYPES, 'Refund', 'CHARGEBACK', ' refund', 'refund ', ''), text(0, 12)).map((type) => plainXml(entries.map(([name, value]) => [name, name === 'notice_type' ? type : value])));

const repeat: Reshape = (_kind, entries) =>
	fc.tuple(fc.nat(entries.length - 1), fc.nat(entries.length), fc.option(text(), { nil: undefined })).map(([which, where, other]) => {
		const [name, value] = entries[which];
		const copy = [...entries];
		copy.splice(where, 0, [name, other ?? value]);
		return plainXml(copy);
	});

const nest: Reshape = (_kind, entries) =>
	fc.nat(entries.length - 1).map((which) => plainXml(entries).replace(`<${entries[which][0]}>`, `<${entries[which][0]}><inner>x</inner>`));

const whiteSpace: Reshape = (_kind, entries) =>
	fc.tuple(fc.nat(entries.length - 1), fc.constantFrom('add before', 'add after', 'trim'), fc.constantFrom(' ', '\t', '\n', '&#13;', '&#160;')).map(([index, how, space]) => {
		const value = entries[index][1];
		const text = how === 'trim' ? escapeXml(value.trim()) : how === 'add before' ? space + escapeXml(value) : escapeXml(value) + space;
		return plainXml(entries, { index, text });
	});

describe.each([
	['re-cut (a boundary between signed fields moved)', recut],
	['with an element repeated', repeat],
	['with an element nested', nest],
	['with white space added to or taken from a value', whiteSpace],
])('any genuine notification %s', (title, reshape) => {
	// How many reshaped copies got past every check (as the same event): a property that only ever saw drops would prove little.
	let sameEvent = 0;
	afterAll(() => {
		if (/re-cut|white space/.test(title)) expect(sameEvent).toBeGreaterThan(0);
	});
	test.prop([genuineFields.chain(({ kind, entries }) => fc.tuple(fc.constant(kind), fc.constant(entries), reshape(kind, entries)))], { numRuns: RUNS })(
		'is dropped or the same event, never a different verified event',
		async ([kind, entries, reshaped]) => {
			const genuine = await deliver(plainXml(entries));
			expect(genuine).toMatchObject({ signatureValid: true, eventId: eventIdOf(kind, entries) });
			const item = await deliver(reshaped);
			if (item !== undefined) expect(item).toMatchObject({ signatureValid: true, eventId: genuine?.eventId });
			if (item !== undefined) sameEvent++;
		},
	);
});

describe('any genuine notification relabelled (another notice_type)', () => {
	// How many relabelled copies ran as an event of their own (a property that only ever saw drops would prove little).
	let ownEvent = 0;
	afterAll(() => expect(ownEvent).toBeGreaterThan(0));
	test.prop([genuineFields.chain(({ kind, entries }) => fc.tuple(fc.constant(kind), fc.constant(entries), relabel(kind, entries)))], { numRuns: RUNS })(
		'without confirmation, is dropped, or runs with the same signed values as an event named by its own notice type, which nothing confirmed',
		async ([kind, entries, reshaped]) => {
			const genuine = await deliver(plainXml(entries));
			const item = await deliver(reshaped);
			if (item === undefined) return;
			for (const name of ['account', 'terminal', ...NOTICE_SIGN_RULES[kind]]) expect([name, item[name]]).toEqual([name, genuine?.[name]]);
			// Customs (the kind its new type belongs to) cannot be confirmed; the rest were not asked about.
			expect(item).toMatchObject({ signatureValid: true, confirmation: item.kind === 'customs' ? 'notConfirmed' : 'notRequested' });
			expect((item.verification as Record<string, string[]>).reportedOnly).toContain('notice_type');
			const relabelled = entries.map(([name, value]): [string, string] => [name, name === 'notice_type' ? String(item.notice_type) : value]);
			expect(item.eventId).toBe(eventIdOf(kind, relabelled));
			if (item.notice_type === genuine?.notice_type) expect(item.eventId).toBe(genuine?.eventId);
			else {
				expect(item.eventId).not.toBe(genuine?.eventId);
				ownEvent++;
			}
		},
	);
});

describe('with confirmation on (the default), the gateway listing the genuine business event', () => {
	const genuineBusiness = genuineFields.filter(({ kind }) => kind === 'business');
	test.prop([genuineBusiness.chain(({ kind, entries }) => fc.tuple(fc.constant(entries), fc.oneof(relabel(kind, entries), recut(kind, entries))))], { numRuns: RUNS })(
		'a relabelled or re-cut copy that arrives first never runs with a type or values Oceanpayment did not send, and the genuine one still runs once',
		async ([entries, reshaped]) => {
			h.sim.admin.reset();
			h.sim.admin.addBusinessEvent({
				type: valueOf(entries, 'notice_type'),
				payment_id: valueOf(entries, 'payment_id'),
				order_number: valueOf(entries, 'order_number'),
				status: valueOf(entries, 'push_status'),
				details: valueOf(entries, 'push_details'),
			});
			const confirming = await h.receiver({ simplify: false });
			for (const bytes of [reshaped, plainXml(entries)]) {
				const result = await h.sim.admin.push({ url: confirming.url, rawBody: bytes });
				// Dropped (receive-ok), run, or sent back for lack of a clear answer (503): never a 500.
				expect([200, 503]).toContain(result.status);
			}
			const runs = confirming.executions().map(([item]) => item.json);
			expect(runs).toHaveLength(1);
			for (const name of ['notice_type', 'order_number', 'payment_id', 'push_id', 'push_status', 'push_details']) expect([name, runs[0][name]]).toEqual([name, valueOf(entries, name)]);
			expect(runs[0].confirmation).toBe('confirmed');
		},
	);
});
