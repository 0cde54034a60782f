/**
 * Where the signed fields begin and end (nodes/Oceanpayment/notification/splits.ts), as
 * properties over every genuine notification:
 *   - splitsOf finds exactly the cuts that agree with what is known: each joins back to the signed
 *     string, keeps every known value and every form, and the genuine cut is always among them;
 *   - the fields a confirmation compares pin the rest: with the values of the order status query
 *     (all but card_number and payment_authType), of the business orders list (all but push_id) or
 *     of the refund query (payment_id and push_id, with or without order_number), the genuine cut
 *     is the only one. A copy cut any other way therefore never agrees with the gateway.
 */
import { fc, test } from '@fast-check/jest';

import { splitsWith, type ConfirmRequest } from '../../nodes/Oceanpayment/notification/confirm';
import { splitsOf, type Slot } from '../../nodes/Oceanpayment/notification/splits';
import { NOTICES, type NoticeKind } from '../../nodes/Oceanpayment/transport/notices';

const CHARACTER = fc.constantFrom(...'aZ09 -_*:.,/#=()%'.split(''), '中', '😀', '\n');
const text = (minLength = 0, maxLength = 10) => fc.string({ unit: CHARACTER, minLength, maxLength });
const digits = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength, maxLength });
/** Digits-heavy text: where cuts are most ambiguous. */
const digitText = (maxLength = 8) => fc.oneof(text(0, maxLength), digits(0, maxLength));

const genuinePayment = fc.record({
	order_number: fc.oneof(text(1, 12), digits(1, 12)),
	order_currency: fc.constantFrom('USD', 'EUR', 'CNY'),
	order_amount: fc.tuple(digits(1, 5), fc.constantFrom('', '.5', '.00', '.05')).map(([whole, cents]) => whole + cents),
	order_notes: digitText(),
	card_number: fc.oneof(fc.constantFrom('', '411111***1111'), digitText()),
	payment_id: digits(1, 22),
	payment_authType: fc.constantFrom('0', '1', '2', '3'),
	payment_status: fc.constantFrom('-1', '0', '1'),
	payment_details: fc.oneof(fc.constantFrom('00000:Approved', ''), digitText()),
	payment_risk: fc.oneof(fc.constantFrom('Smart=0.0', 'Smart=85.0', ''), digitText()),
});
const genuineBusiness = fc.record({
	order_number: fc.oneof(text(1, 12), digits(1, 12)),
	payment_id: digits(1, 22),
	push_id: fc.oneof(digits(1, 18), text(1, 8)),
	push_status: fc.constantFrom('0', '1', '2'),
	push_details: digitText(),
});

const requestOf = (kind: NoticeKind, fields: Record<string, string>): ConfirmRequest => ({ definition: NOTICES[kind], noticeType: kind === 'payment' ? 'transaction' : 'refund', fields, zone: 'Asia/Shanghai' });
const pick = (fields: Record<string, string>, names: readonly string[]) => Object.fromEntries(names.map((name) => [name, fields[name]]));
const ownCut = (kind: NoticeKind, fields: Record<string, string>) => pick(fields, NOTICES[kind].signOrder);

/** Which fields are unknown: at most three (a confirmation leaves one or two; more only make the search longer). */
const unknownFields = fc.uniqueArray(fc.nat(9), { maxLength: 3 });

describe('splitsOf', () => {
	test.prop([fc.oneof(genuinePayment.map((fields) => ['payment', fields] as const), genuineBusiness.map((fields) => ['business', fields] as const)), unknownFields])(
		'finds only cuts that join to the signed string and keep every known value and form, and always the genuine one',
		([kind, fields], unknown) => {
			const definition = NOTICES[kind];
			const signed = definition.signOrder.map((name) => fields[name as keyof typeof fields]).join('');
			const slots: Slot[] = definition.signOrder.map((name, i) => (unknown.includes(i) ? { name, fits: definition.fieldForms[name]?.test } : { name, value: fields[name as keyof typeof fields] }));
			const { splits: cuts, complete } = splitsOf(signed, slots, { limit: 10_000 });
			expect(complete).toBe(true);
			for (const cut of cuts) {
				expect(definition.signOrder.map((name) => cut[name]).join('')).toBe(signed);
				slots.forEach((slot) => {
					if (slot.value !== undefined) expect(cut[slot.name]).toBe(slot.value);
					if (slot.fits) expect(slot.fits(cut[slot.name])).toBe(true);
				});
			}
			expect(cuts).toContainEqual(ownCut(kind, fields));
		},
	);
});

describe('the fields a confirmation compares pin every other field', () => {
	test.prop([genuinePayment])('payment: with order number, currency, amount, notes, payment ID, status, details and risk known, card_number and payment_authType have one value', (fields) => {
		const known = pick(fields, ['order_number', 'order_currency', 'order_amount', 'order_notes', 'payment_id', 'payment_status', 'payment_details', 'payment_risk']);
		expect(splitsWith(requestOf('payment', fields), known)).toEqual({ splits: [ownCut('payment', fields)], complete: true });
	});

	test.prop([genuineBusiness])('business orders list: with order number, payment ID, status and details known, push_id has one value', (fields) => {
		const known = pick(fields, ['order_number', 'payment_id', 'push_status', 'push_details']);
		expect(splitsWith(requestOf('business', fields), known)).toEqual({ splits: [ownCut('business', fields)], complete: true });
	});

	test.prop([genuineBusiness])('refund query: with order number, payment ID and push ID known, status and details have one value', (fields) => {
		const known = pick(fields, ['order_number', 'payment_id', 'push_id']);
		expect(splitsWith(requestOf('business', fields), known)).toEqual({ splits: [ownCut('business', fields)], complete: true });
	});

	test.prop([genuinePayment, fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 9, maxLength: 9 })])(
		'a payment re-cut any other way never agrees with the values the status query gives for the genuine one',
		(fields, moves) => {
			const order = NOTICES.payment.signOrder;
			const values = order.map((name) => fields[name as keyof typeof fields]);
			const joined = values.join('');
			const cuts = values.slice(0, -1).map((_, i) => values.slice(0, i + 1).join('').length);
			const bounds = [0, ...cuts.map((cut, i) => Math.min(joined.length, Math.max(0, cut + moves[i]))).sort((a, b) => a - b), joined.length];
			const recut = Object.fromEntries(order.map((name, i) => [name, joined.slice(bounds[i], bounds[i + 1])]));
			const known = pick(fields, ['order_number', 'order_currency', 'order_amount', 'order_notes', 'payment_id', 'payment_status', 'payment_details', 'payment_risk']);
			const agreeing = splitsWith(requestOf('payment', recut), known);
			// The gateway's values allow one cut, the genuine one: a copy cut otherwise is not it.
			expect(agreeing).toEqual({ splits: [ownCut('payment', fields)], complete: true });
		},
	);
});

test('without enough known values a cut is not pinned, and the search says when it stopped early', () => {
	// Only the payment ID known: push_id, push_status and push_details can trade the characters after it.
	const fields = { order_number: 'A', payment_id: '5', push_id: '11', push_status: '1', push_details: '1' };
	const cuts = splitsWith(requestOf('business', fields), { payment_id: '5' });
	expect(cuts.splits.map((cut) => [cut.push_id, cut.push_status, cut.push_details])).toEqual([
		['1', '1', '11'],
		['11', '1', '1'],
		['111', '1', ''],
	]);
	expect(cuts.complete).toBe(false); // it stops at 3 cuts: "several" is all the callers need
	const long = 'x'.repeat(5000);
	const slow = splitsOf(long, [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd', value: 'y' }]);
	expect(slow).toEqual({ splits: [], complete: false });
});
