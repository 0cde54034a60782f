import { NodeOperationError, type IExecuteFunctions, type INode, type IPollFunctions, type IWebhookFunctions } from 'n8n-workflow';
import type { DateTime } from 'luxon';

import { readDateTime } from '../transport/dates';
import { maskCardLikeNumbers, maskCardNumber } from './cardNumbers';

// Card masking moved to cardNumbers.ts; still offered here for the modules that import it from here.
export { maskCardLikeNumbers, maskCardNumber };

/**
 * The one place that reads a node parameter as the type an operation needs. Values come from
 * expressions as often as from typed text, so every reader accepts what an expression may
 * return for that kind of field and refuses everything else before any gateway call, naming
 * the field, the item and the type it received.
 *
 * A parameter without an expression has the same value for every item; it is read once per
 * node run and reused (n8n would resolve it again for each item).
 */

type ParameterContext = IExecuteFunctions | IPollFunctions | IWebhookFunctions;

/** What a value is, for error messages. */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'boolean') return `a boolean (${String(value)})`;
	if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : `the number ${String(value)}`;
	if (typeof value === 'object') return 'an object';
	return typeof value;
}

/** Length in characters (code points), not UTF-16 units: an emoji counts as one. */
export const characterCount = (text: string): number => Array.from(text).length;

const EXPONENT_FORM = /^[+-]?\d+(\.\d+)?e[+-]?\d+$/i;
const AMOUNT_FORM = /^\d+(\.\d{1,2})?$/;

function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(containsExpression);
	return false;
}

function valueAtPath(parameters: object, path: string): unknown {
	let current: unknown = parameters;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

export interface TextOptions {
	required?: boolean;
	maxLength?: number;
	/** The limit is the package's own guess (the API notes grade it UNKNOWN); said in messages. */
	guessedLimit?: boolean;
	fallback?: unknown;
}

export interface AmountOptions {
	required?: boolean;
	allowZero?: boolean;
	maxDecimals?: number;
}

export interface ListOptions {
	required?: boolean;
	max?: number;
	maxLength?: number;
	pattern?: RegExp;
	patternHint?: string;
	/** Entries may be card numbers: never show them in full. */
	maskCardNumbers?: boolean;
	/** The value when the parameter is not set (e.g. an option not added to the collection). */
	fallback?: unknown;
}

/** Reads the parameters of one node run. */
export class NodeParameters {
	private readonly node: INode;

	private readonly staticValues = new Map<string, unknown>();

	/** Whether each parameter read so far holds an expression (its value then differs per item). */
	private readonly expressions = new Map<string, boolean>();

	constructor(private readonly context: ParameterContext) {
		this.node = context.getNode();
	}

	/** The raw value of a parameter (a dotted path reaches into collections, e.g. options.timeout). */
	raw(name: string, itemIndex: number | undefined, fallback?: unknown): unknown {
		let expression = this.expressions.get(name);
		if (expression === undefined) {
			expression = containsExpression(valueAtPath(this.node.parameters, name));
			this.expressions.set(name, expression);
		}
		const key = expression ? '' : `${name}\u0000${typeof fallback === 'object' ? JSON.stringify(fallback) : `${typeof fallback}:${String(fallback)}`}`;
		if (!expression && this.staticValues.has(key)) return this.staticValues.get(key);
		const value =
			itemIndex === undefined
				? (this.context as IPollFunctions).getNodeParameter(name, fallback)
				: (this.context as IExecuteFunctions).getNodeParameter(name, itemIndex, fallback);
		if (!expression) this.staticValues.set(key, value);
		return value;
	}

	/** Readers for one item (`undefined` for a trigger, which has no items). */
	item(itemIndex: number | undefined): ItemParameters {
		return new ItemParameters(this, this.node, itemIndex);
	}
}

export class ItemParameters {
	constructor(
		private readonly parameters: NodeParameters,
		private readonly node: INode,
		readonly itemIndex: number | undefined,
	) {}

	/** A NodeOperationError naming the field (and item), with how to fix it; card numbers masked, except the gateway IDs in readableIds. */
	fail(label: string, problem: string, fix?: string, readableIds: readonly string[] = []): NodeOperationError {
		const where = this.itemIndex === undefined ? '' : ` [item ${this.itemIndex}]`;
		return new NodeOperationError(this.node, `${label}: ${maskCardLikeNumbers(problem, readableIds)}${where}`, { itemIndex: this.itemIndex, description: fix });
	}

	raw(name: string, fallback?: unknown): unknown {
		return this.parameters.raw(name, this.itemIndex, fallback);
	}

	/** Text: a string or a finite number, trimmed. */
	text(name: string, label: string, options: TextOptions = {}): string {
		return this.checkText(label, this.raw(name, options.fallback ?? ''), options);
	}

	checkText(label: string, value: unknown, options: TextOptions = {}): string {
		let result: string;
		if (value === undefined || value === null) result = '';
		else if (typeof value === 'string') result = value.trim();
		else if (typeof value === 'number' && Number.isFinite(value)) result = String(value);
		else {
			throw this.fail(
				label,
				`expected text but got ${describeValue(value)}`,
				'Map a text or number field of the item (for example {{ $json.reason.text }} rather than the whole {{ $json.reason }}).',
			);
		}
		if (options.required && result === '') throw this.fail(label, 'is required', `Enter a value for "${label}".`);
		const length = options.maxLength !== undefined && result.length > options.maxLength ? characterCount(result) : 0;
		if (options.maxLength !== undefined && length > options.maxLength) {
			throw this.fail(
				label,
				`is ${length} characters long; ${options.guessedLimit ? 'this node allows' : 'the gateway allows'} at most ${options.maxLength}`,
				options.guessedLimit ? 'Oceanpayment does not document this limit; the node keeps to a safe guess.' : undefined,
			);
		}
		return result;
	}

	/**
	 * An identifier (payment ID, order number, refund ID): text, or a whole number small enough to
	 * be exact. Large IDs given as numbers have already lost digits, so they are refused.
	 */
	id(name: string, label: string, options: TextOptions = {}): string {
		return this.checkId(label, this.raw(name, options.fallback ?? ''), options);
	}

	checkId(label: string, value: unknown, options: TextOptions = {}): string {
		const asText = 'Pass the ID as text, for example {{ String($json.id) }}, or keep it quoted in the source data.';
		if (typeof value === 'number' && Number.isFinite(value) && !Number.isSafeInteger(value)) {
			throw this.fail(label, `${String(value)} is a number too large (or not whole) to be an exact ID`, asText);
		}
		const result = this.checkText(label, value, options);
		if (EXPONENT_FORM.test(result)) throw this.fail(label, `"${result}" is a number in exponent form, not an exact ID`, asText);
		return result;
	}

	/**
	 * An amount with at most two decimals (or `maxDecimals`; Infinity leaves the decimals to the
	 * caller, e.g. to check them against a currency), as text (no float rounding); numbers are accepted.
	 */
	amount(name: string, label: string, options: AmountOptions = { required: true }): string {
		return this.checkAmount(label, this.raw(name, ''), options);
	}

	checkAmount(label: string, value: unknown, options: AmountOptions = { required: true }): string {
		const result = this.checkText(label, value, { required: options.required });
		if (result === '') return result;
		const decimals = options.maxDecimals ?? 2;
		const form = decimals === 2 ? AMOUNT_FORM : new RegExp(`^\\d+(\\.\\d${decimals === Infinity ? '+' : `{1,${decimals}}`})?$`);
		if (!form.test(result)) {
			throw this.fail(label, `"${result}" is not an amount`, `Use a decimal number${decimals === Infinity ? '' : ` with at most ${decimals} decimal places`}, e.g. 10.5 or 10.50.`);
		}
		if (!options.allowZero && Number(result) === 0) throw this.fail(label, 'must be greater than 0');
		// Leading zeros are dropped ("010.00" is sent as "10.00"): the gateway's reading of them is unknown.
		return result.replace(/^0+(?=\d)/, '');
	}

	/** On/off: a boolean, or the text "true"/"false" in any case. Empty means the default. */
	flag(name: string, label: string, fallback: boolean): boolean {
		const value = this.raw(name, fallback);
		if (typeof value === 'boolean') return value;
		if (value === undefined || value === null || value === '') return fallback;
		if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
		throw this.fail(label, `expected true or false but got ${typeof value === 'string' ? `"${value}"` : describeValue(value)}`);
	}

	/** A whole number: a number or digits as text. */
	wholeNumber(name: string, label: string, options: { fallback: number; min?: number; max?: number }): number {
		const value = this.raw(name, options.fallback);
		let result: number | undefined;
		if (value === undefined || value === null || value === '') result = options.fallback;
		else if (typeof value === 'number') result = value;
		else if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) result = Number(value.trim());
		if (result === undefined || !Number.isSafeInteger(result)) {
			const received = typeof value === 'string' ? `"${value}"` : typeof value === 'number' && Number.isFinite(value) ? String(value) : describeValue(value);
			throw this.fail(label, `expected a whole number but got ${received}`);
		}
		if (options.min !== undefined && result < options.min) throw this.fail(label, `must be a whole number of at least ${options.min}`);
		if (options.max !== undefined && result > options.max) throw this.fail(label, `must be at most ${options.max}`);
		return result;
	}

	/** One of a fixed set of values (options fields): text or a number. */
	choice<T extends string>(name: string, label: string, allowed: readonly T[], fallback: T): T {
		const value = this.raw(name, fallback);
		const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
		const match = text === undefined ? undefined : allowed.find((option) => option === text);
		if (match === undefined) {
			const received = text === undefined ? describeValue(value) : `"${text}"`;
			throw this.fail(
				label,
				`${received} is not one of ${allowed.map((option) => (option === '' ? '(empty)' : option)).join(', ')}`,
				'Pick one of the options, or make the expression return one of these values as text. Nothing was sent.',
			);
		}
		return match;
	}

	/** Several of a fixed set (multi-options): a list, or text separated by commas. */
	choices<T extends string>(name: string, label: string, allowed: readonly T[]): T[] {
		const entries = this.checkList(label, this.raw(name, []), {});
		const byLowerCase = new Map(allowed.map((option) => [option.toLowerCase(), option]));
		return entries.map((entry) => {
			const match = byLowerCase.get(entry.toLowerCase());
			if (match === undefined) throw this.fail(label, `"${entry}" is not one of ${allowed.join(', ')}`);
			return match;
		});
	}

	/** A list: text separated by commas or new lines, a number, or a list of those. */
	list(name: string, label: string, options: ListOptions = {}): string[] {
		return this.checkList(label, this.raw(name, options.fallback ?? ''), options);
	}

	checkList(label: string, value: unknown, options: ListOptions = {}): string[] {
		const show = (entry: string) => (options.maskCardNumbers ? maskCardNumber(entry) : entry);
		let entries: string[];
		if (typeof value === 'string' && !value.includes(',') && !value.includes('\n')) {
			// One value, the usual case of an expression per item.
			const entry = value.trim();
			entries = entry === '' ? [] : [entry];
		} else {
			const parts = Array.isArray(value) ? value : [value];
			const raw: string[] = [];
			for (const part of parts) {
				if (part === undefined || part === null) continue;
				if (typeof part === 'string') raw.push(part);
				else if (typeof part === 'number' && Number.isSafeInteger(part)) raw.push(String(part));
				else if (typeof part === 'number' && Number.isFinite(part)) {
					throw this.fail(label, `${show(String(part))} is a number that cannot be exact here`, 'Pass the values as text.');
				} else {
					throw this.fail(label, `expected text or a list but got ${Array.isArray(value) ? `a list holding ${describeValue(part)}` : describeValue(part)}`);
				}
			}
			entries = raw
				.join(',')
				.split(/[,\n]/)
				.map((entry) => entry.trim())
				.filter((entry) => entry !== '');
		}
		if (options.required && entries.length === 0) throw this.fail(label, 'is required', `Enter at least one value for "${label}".`);
		if (options.max !== undefined && entries.length > options.max) {
			throw this.fail(label, `has ${entries.length} values; one call takes at most ${options.max}`, 'Split the list across items, or turn batching on.');
		}
		for (const entry of entries) {
			// A text has at most as many characters as UTF-16 units: count only when it could be too long.
			if (options.maxLength !== undefined && entry.length > options.maxLength && characterCount(entry) > options.maxLength) {
				throw this.fail(label, `"${show(entry)}" is longer than ${options.maxLength} characters`);
			}
			if (options.pattern && !options.pattern.test(entry)) throw this.fail(label, `"${show(entry)}" is not valid`, options.patternHint);
		}
		return entries;
	}

	/** An http(s) address with a dotted host name. */
	url(name: string, label: string): string {
		const result = this.text(name, label, { required: true });
		let parsed: URL | undefined;
		try {
			parsed = new URL(result);
		} catch {
			parsed = undefined;
		}
		if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname.includes('.')) {
			throw this.fail(label, `"${result}" is not a web address`, "Use the carrier's tracking page, e.g. https://www.ups.com.");
		}
		return result;
	}

	/**
	 * A date range for the list queries: both ends readable, start before end, and the start
	 * inside the window the gateway serves (e.g. the last 6 months).
	 */
	dateRange(
		start: { name: string; label: string },
		end: { name: string; label: string },
		options: { workflowZone: string; now: DateTime; windowDays: number },
	): { start: DateTime; end: DateTime } {
		const from = this.date(start.name, start.label, options.workflowZone);
		const to = this.date(end.name, end.label, options.workflowZone);
		if (to.value < from.value) throw this.fail(end.label, 'is before the start date', `Set "${end.label}" after "${start.label}".`);
		const oldest = options.now.minus({ days: options.windowDays });
		if (from.value < oldest) {
			throw this.fail(
				start.label,
				`${from.shown} is more than ${options.windowDays} days ago; the gateway only serves the last ${options.windowDays} days`,
				`Use a start date after ${oldest.toISODate()}.`,
			);
		}
		if (from.value > options.now) throw this.fail(start.label, `${from.shown} is in the future`);
		return { start: from.value, end: to.value };
	}

	private date(name: string, label: string, zone: string): { value: DateTime; shown: string } {
		const value = this.raw(name, '');
		const read = readDateTime(value, zone);
		if (!read) {
			const shown = typeof value === 'string' ? `"${value}"` : value === undefined || value === null ? '""' : describeValue(value);
			throw this.fail(
				label,
				`${shown} is not a date`,
				'Use a date and time such as 2026-01-31T00:00:00, Unix seconds or milliseconds, or an expression like {{ $now.minus({ days: 1 }) }}.',
			);
		}
		// The number itself is not repeated: a 13-digit Unix time could pass for a card number and be masked.
		const unit = read.unit ? ` (a number read as Unix ${read.unit})` : '';
		return { value: read.moment, shown: `${read.moment.toISO()}${unit}` };
	}
}
