import { maskCardLikeNumbers } from '../helpers/cardNumbers';

/** Longer values are cut: a log line names a field, it does not copy it. */
const MAX_LOGGED_CHARACTERS = 120;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Characters that change how the rest of a line is shown: the bidirectional marks, embeddings,
 * overrides and isolates (a right-to-left override makes `"abc"` display as `"cba"`, and can make
 * text after a value look like it belongs before it).
 */
const BIDI = /^[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]$/;

/** A character as a log line may hold it: control characters, the Unicode line separators and bidi controls escaped. */
function safe(character: string): string {
	const code = character.charCodeAt(0);
	if (NAMED[character]) return NAMED[character];
	const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || BIDI.test(character);
	return control ? `\\u${code.toString(16).padStart(4, '0')}` : character;
}

/** Any text on one line: control characters, line separators and bidi controls escaped. */
export const oneLine = (text: string): string => Array.from(text, safe).join('');

/**
 * A value a sender chose, as it may appear in a log line: quoted, control characters and line
 * breaks escaped (so it cannot start a line of its own), card-like numbers masked, cut to a
 * readable length.
 */
export function forLog(value: string): string {
	const characters = Array.from(value);
	const cut = characters.length > MAX_LOGGED_CHARACTERS ? `${characters.slice(0, MAX_LOGGED_CHARACTERS).join('')}…` : value;
	return `"${Array.from(maskCardLikeNumbers(cut), (character) => (character === '"' || character === '\\' ? `\\${character}` : safe(character))).join('')}"`;
}
