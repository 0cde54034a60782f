/**
 * Card masking of gateway texts, as a property: a card number (13 to 19 digits passing the
 * checksum) written in any grouping, with any of the separators people and gateways use (one or
 * two spaces, tabs, no-break spaces, dashes with or without spaces around them), never survives
 * masking, and shows as its first 6 and last 4 digits; text around it, and numbers that are no
 * card, stay as written.
 */
import { fc, test } from '@fast-check/jest';

import { maskCardLikeNumbers } from '../../nodes/Oceanpayment/helpers/cardNumbers';

/** A number with a valid card checksum (Luhn), `length` digits long. */
function withCheckDigit(body: string): string {
	let sum = 0;
	for (let index = 0; index < body.length; index++) {
		let digit = Number(body[body.length - 1 - index]);
		if (index % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
		sum += digit;
	}
	return `${body}${(10 - (sum % 10)) % 10}`;
}

const card = fc.integer({ min: 13, max: 19 }).chain((length) => fc.stringMatching(new RegExp(`^[1-9]\\d{${length - 2}}$`)).map(withCheckDigit));
const separator = fc.constantFrom(' ', '  ', '\t', '\u00a0', '-', ' - ', '\u00a0-\u00a0', '\u2013');
/** The card cut into groups of 1 to 6 digits, each gap one of the separators. */
const written = card.chain((digits) =>
	fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 19 }).chain((sizes) => {
		const groups: string[] = [];
		for (let at = 0, index = 0; at < digits.length; index++) {
			const size = sizes[index % sizes.length];
			groups.push(digits.slice(at, at + size));
			at += size;
		}
		return fc.array(separator, { minLength: groups.length - 1, maxLength: groups.length - 1 }).map((gaps) => ({
			digits,
			text: groups.reduce((text, group, index) => (index === 0 ? group : `${text}${gaps[index - 1]}${group}`), ''),
		}));
	}),
);
const words = fc.constantFrom('Card', 'is blocked', 'Karte', '卡号', '(', ')', ':', 'ref');

test.prop([written, words, words])('a card number in any grouping and spacing never survives masking', ({ digits, text }, before, after) => {
	const masked = maskCardLikeNumbers(`${before} ${text} ${after}`);
	expect(masked.replace(/\D+/g, '')).not.toContain(digits);
	expect(masked).toContain(`${digits.slice(0, 6)}…${digits.slice(-4)}`);
	expect(masked.startsWith(`${before} `)).toBe(true);
	expect(masked.endsWith(` ${after}`)).toBe(true);
});

test.each([
	['a 21-digit payment ID', 'payment 260315120000000000001 refused'],
	['an amount and a date', 'refund 1000.00 on 2026-03-15  10:20:30'],
	['short numbers with two spaces and tabs between them', 'codes 12  34\t56 - 78'],
])('%s stays as written', (_name, text) => {
	expect(maskCardLikeNumbers(text)).toBe(text);
});

/**
 * A gateway ID the caller names as readable (an 18-digit refund ID passes the checksum about one
 * time in ten, e.g. the simulator's IDs of some days) stays whole, while a card number in the
 * same text is still masked. Found when CI on 2026-12-05 masked refund 261205131102000001.
 */
test.prop([fc.integer({ min: 13, max: 19 }).chain((length) => fc.stringMatching(new RegExp(`^[1-9]\\d{${length - 2}}$`)).map(withCheckDigit)), card])(
	'readable gateway IDs stay whole, card numbers beside them are masked',
	(id, cardNumber) => {
		fc.pre(id !== cardNumber && !cardNumber.includes(id) && !id.includes(cardNumber));
		const masked = maskCardLikeNumbers(`refund ${id} of card ${cardNumber}, again ${id}`, [id]);
		expect(masked).toBe(`refund ${id} of card ${cardNumber.slice(0, 6)}…${cardNumber.slice(-4)}, again ${id}`);
		// Without the ID named readable it is masked like any card number.
		expect(maskCardLikeNumbers(`refund ${id}`)).toBe(`refund ${id.slice(0, 6)}…${id.slice(-4)}`);
	},
);
