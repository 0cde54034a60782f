/**
 * forLog: a value a sender chose, as a log line may hold it. Whatever the value, the result is one
 * quoted line: no control character, no line or paragraph separator, no bidirectional control
 * (which would change how the rest of the line is shown), no full card number.
 */
import { fc, test } from '@fast-check/jest';

import { forLog } from '../../nodes/Oceanpayment/notification/logText';

const unsafe = (text: string) => Array.from(text).some((character) => {
	const code = character.charCodeAt(0);
	const bidi = code === 0x61c || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
	return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || bidi;
});

const BIDI_CONTROLS = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];

test.prop([fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.oneof(fc.constantFrom(...BIDI_CONTROLS), fc.constantFrom('a', ')', '"', ' ')), maxLength: 40 }))])('any value becomes one quoted line without control characters', (value) => {
	const logged = forLog(value);
	expect(unsafe(logged)).toBe(false);
	expect(logged.startsWith('"') && logged.endsWith('"')).toBe(true);
});

it('escapes line breaks and quotes, masks card numbers, cuts long values', () => {
	expect(forLog('a\nb\r\u2028"c"\\')).toBe('"a\\nb\\r\\u2028\\"c\\"\\\\"');
	expect(forLog('card 4111111111111111')).toBe('"card 411111…1111"');
	expect(forLog('x'.repeat(200))).toBe(`"${'x'.repeat(120)}…"`);
	// A right-to-left override would show "…1.77.25" for the address below and hide the quote after it.
	expect(forLog('52.77.1\u202e) accepted')).toBe('"52.77.1\\u202e) accepted"');
});
