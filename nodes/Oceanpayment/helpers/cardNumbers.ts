/**
 * Card numbers never leave the package in full: masked in errors, logs and output, also when
 * written in groups.
 */

/**
 * Hides the middle of anything that could be a card number, also when written in groups
 * (4111 1111 1111 1111, 4111-1111-…): 411111…1111.
 */
export function maskCardNumber(text: string): string {
	return text.replace(/\d(?:[ -]?\d){8,}/g, (found) => {
		const digits = found.replace(/\D/g, '');
		return digits.length >= 11 ? `${digits.slice(0, 6)}…${digits.slice(-4)}` : `${digits.slice(0, 6)}…`;
	});
}

function passesLuhn(digits: string): boolean {
	let sum = 0;
	for (let index = 0; index < digits.length; index++) {
		let digit = Number(digits[digits.length - 1 - index]);
		if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
		sum += digit;
	}
	return sum % 10 === 0;
}

const isCardNumber = (digits: string) => digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);

/**
 * What may stand between the digit groups of a written card number: spaces of any kind (two
 * spaces, tabs, no-break and narrow spaces), a dash or dot with spaces around it ("4111 - 1111").
 */
const CARD_GAP = '(?:[\\s\\u00a0\\u2007\\u202f]{0,3}[-\\u2010-\\u2015.][\\s\\u00a0\\u2007\\u202f]{0,3}|[\\s\\u00a0\\u2007\\u202f]{1,3})';
const DIGIT_RUN = new RegExp(`\\d+(?:${CARD_GAP}\\d+)*`, 'g');
const GAP = new RegExp(`(${CARD_GAP})`);

/**
 * Hides card numbers in any message: 13 to 19 digits, also written in groups, that pass the
 * card checksum. Longer IDs, such as the gateway's 21-digit payment IDs, stay readable, and the
 * text between groups that are not part of a card stays as written.
 * A loop, not recursion: a text with many numbers in a row must not overflow the stack.
 */
export function maskCardLikeNumbers(text: string, readable: readonly string[] = []): string {
	// Gateway IDs the caller took from an ID field (a refund ID is 18 digits and may pass the
	// checksum by chance) stay readable: they stand in as placeholders without digits meanwhile.
	const kept = [...new Set(readable.map((id) => id.trim()).filter((id) => /^\d{13,19}$/.test(id)))];
	const placeholder = (index: number) => `\ue000${String.fromCharCode(0xe001 + index)}\ue000`;
	let hidden = text;
	kept.forEach((id, index) => (hidden = hidden.split(id).join(placeholder(index))));
	const masked = maskRuns(hidden);
	return kept.reduce((result, id, index) => result.split(placeholder(index)).join(id), masked);
}

function maskRuns(text: string): string {
	return text.replace(DIGIT_RUN, (run) => {
		// Digit groups at even indexes, the gaps between them at odd ones.
		const pieces = run.split(GAP);
		const groups = pieces.filter((_, index) => index % 2 === 0);
		const gaps = pieces.filter((_, index) => index % 2 === 1);
		let result = '';
		let masked = false;
		for (let start = 0; start < groups.length; start++) {
			// The longest card number starting at this group (at most 19 digits long).
			let digits = '';
			let card = '';
			let end = start;
			for (let next = start; next < groups.length && digits.length + groups[next].length <= 19; next++) {
				digits += groups[next];
				if (isCardNumber(digits)) [card, end] = [digits, next + 1];
			}
			if (start > 0) result += gaps[start - 1];
			if (!card) {
				result += groups[start];
				continue;
			}
			masked = true;
			result += `${card.slice(0, 6)}…${card.slice(-4)}`;
			start = end - 1;
		}
		return masked ? result : run;
	});
}
