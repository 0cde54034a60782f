/**
 * Where the signed fields of a notification begin and end. Oceanpayment signs the values joined
 * with no separators, so a valid signature fixes only the joined string; the gateway's answer
 * fixes some of the values, and this finds every way of cutting the string that agrees with them.
 *
 * Why one confirmed value on each side pins an unconfirmed field: the string is fixed by the
 * signature. If every field before an unconfirmed one is known exactly, the unconfirmed field
 * begins where they end; if every field after it is known exactly, and so are the lengths of the
 * fields in between (payment_authType is one character), it ends where they begin. So
 * `card_number` (between order_notes and payment_id) and `payment_authType` (one character
 * before payment_status) of a payment, and `push_id` (between payment_id and push_status) of a
 * business notification, have exactly one value that fits: the one Oceanpayment signed, whatever
 * a copy claims. splitsOf() checks this by enumeration instead of trusting the argument, and a
 * property test (test/notification/splits.test.ts) checks the argument.
 */

/** One signed field: its value when the gateway's answer gives it, else the form it must have. */
export interface Slot {
	name: string;
	/** Known exactly (from the gateway's answer). */
	value?: string;
	/** For a field whose value is not known: whether a candidate may be its value. */
	fits?: (candidate: string) => boolean;
}

/** One way of cutting the signed string: field name → value. */
export type Split = Readonly<Record<string, string>>;

/** The cuts found; `complete` is false when the search stopped early (at `limit` cuts, or out of steps). */
export interface Cuts {
	splits: Split[];
	complete: boolean;
}

/**
 * Every way to cut `signed` into the slots, in order, that agrees with each known value and each
 * unknown field's form. The callers only need to know: none, one, or more than one; so the search
 * stops at `limit` cuts, and after `maxSteps` candidate values (a notification of 64 KB with
 * several unknown fields side by side would otherwise take a very long time).
 */
export function splitsOf(signed: string, slots: readonly Slot[], { limit = 3, maxSteps = 200_000 } = {}): Cuts {
	const found: Split[] = [];
	const values: string[] = [];
	let steps = 0;
	const stop = () => found.length >= limit || steps > maxSteps;
	const walk = (slot: number, at: number): void => {
		if (stop()) return;
		if (slot === slots.length) {
			if (at === signed.length) found.push(Object.fromEntries(slots.map((s, i) => [s.name, values[i]])));
			return;
		}
		const { value, fits } = slots[slot];
		if (value !== undefined) {
			steps++;
			if (!signed.startsWith(value, at)) return;
			values[slot] = value;
			walk(slot + 1, at + value.length);
			return;
		}
		for (let end = at; end <= signed.length && !stop(); end++) {
			steps++;
			const candidate = signed.slice(at, end);
			if (fits && !fits(candidate)) continue;
			values[slot] = candidate;
			walk(slot + 1, end);
		}
	};
	walk(0, 0);
	return { splits: found, complete: !stop() };
}

/** Whether two splits give every field the same value. */
export function sameSplit(a: Split, b: Split): boolean {
	const names = Object.keys(a);
	return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}

/** The distinct splits among some. */
export function distinctSplits(splits: readonly Split[]): Split[] {
	const distinct: Split[] = [];
	for (const split of splits) if (!distinct.some((known) => sameSplit(known, split))) distinct.push(split);
	return distinct;
}
