/**
 * forLog: a value a sender chose, as a log line may hold it. Whatever the value, the result is one
 * quoted line: no control character, no line or paragraph separator, no full card number.
 */
import { fc, test } from '@fast-check/jest';

import { forLog } from '../../nodes/Oceanpayment/notification/logText';

const unsafe = (text: string) => Array.from(text).some((character) => {
	const code = character.charCodeAt(0);
	return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
});

test.prop([fc.string({ unit: 'binary', maxLength: 200 })])('any value becomes one quoted line without control characters', (value) => {
	const logged = forLog(value);
	expect(unsafe(logged)).toBe(false);
	expect(logged.startsWith('"') && logged.endsWith('"')).toBe(true);
});

it('escapes line breaks and quotes, masks card numbers, cuts long values', () => {
	expect(forLog('a\nb\r\u2028"c"\\')).toBe('"a\\nb\\r\\u2028\\"c\\"\\\\"');
	expect(forLog('card 4111111111111111')).toBe('"card 411111…1111"');
	expect(forLog('x'.repeat(200))).toBe(`"${'x'.repeat(120)}…"`);
});
