import { NodeOperationError, type INode } from 'n8n-workflow';
import type { DateTime } from 'luxon';

import { readDateTime } from '../transport/dates';

/**
 * Input checks that run before any gateway call. Every error names the field as the user sees
 * it and the item, and says how to fix it.
 */
export class InputValidator {
	constructor(
		private readonly node: INode,
		private readonly itemIndex: number,
	) {}

	fail(field: string, problem: string, fix?: string): NodeOperationError {
		return new NodeOperationError(this.node, `${field}: ${problem} [item ${this.itemIndex}]`, {
			itemIndex: this.itemIndex,
			description: fix,
		});
	}

	text(field: string, value: unknown, options: { required?: boolean; maxLength?: number } = {}): string {
		const result = value === undefined || value === null ? '' : String(value).trim();
		if (options.required && result === '') throw this.fail(field, 'is required', `Enter a value for "${field}".`);
		if (options.maxLength !== undefined && result.length > options.maxLength) {
			throw this.fail(field, `is ${result.length} characters long; the gateway allows at most ${options.maxLength}`);
		}
		return result;
	}

	/** A positive decimal with at most two places, kept as the user wrote it (e.g. "10.50"). */
	amount(field: string, value: unknown, options: { required?: boolean } = { required: true }): string {
		const result = this.text(field, typeof value === 'number' ? String(value) : value, options);
		if (result === '') return result;
		if (!/^\d+(\.\d{1,2})?$/.test(result)) {
			throw this.fail(field, `"${result}" is not an amount`, 'Use a positive decimal number with at most 2 decimal places, e.g. 10.5 or 10.50.');
		}
		if (Number(result) <= 0) throw this.fail(field, 'must be greater than 0');
		return result;
	}

	/** A comma- or newline-separated list, trimmed, empties dropped. */
	list(field: string, value: unknown, options: { required?: boolean; max?: number; maxLength?: number; pattern?: RegExp; patternHint?: string } = {}): string[] {
		const raw = Array.isArray(value) ? value.map(String).join(',') : value === undefined || value === null ? '' : String(value);
		const entries = raw
			.split(/[,\n]/)
			.map((entry) => entry.trim())
			.filter((entry) => entry !== '');
		if (options.required && entries.length === 0) throw this.fail(field, 'is required', `Enter at least one value for "${field}".`);
		if (options.max !== undefined && entries.length > options.max) {
			throw this.fail(field, `has ${entries.length} values; one call takes at most ${options.max}`, 'Split the list across items, or turn batching on.');
		}
		for (const entry of entries) {
			if (options.maxLength !== undefined && entry.length > options.maxLength) {
				throw this.fail(field, `"${entry}" is longer than ${options.maxLength} characters`);
			}
			if (options.pattern && !options.pattern.test(entry)) throw this.fail(field, `"${entry}" is not valid`, options.patternHint);
		}
		return entries;
	}

	url(field: string, value: unknown): string {
		const result = this.text(field, value, { required: true });
		let parsed: URL | undefined;
		try {
			parsed = new URL(result);
		} catch {
			parsed = undefined;
		}
		if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname.includes('.')) {
			throw this.fail(field, `"${result}" is not a web address`, 'Use the carrier\'s tracking page, e.g. https://www.ups.com.');
		}
		return result;
	}

	/**
	 * A date range for the list queries: both ends readable, start before end, and the start
	 * inside the window the gateway serves (e.g. the last 6 months).
	 */
	dateRange(
		startField: string,
		start: unknown,
		endField: string,
		end: unknown,
		options: { workflowZone: string; now: DateTime; windowDays: number },
	): { start: DateTime; end: DateTime } {
		const from = readDateTime(start, options.workflowZone);
		if (!from) throw this.fail(startField, `"${String(start ?? '')}" is not a date`, 'Use a date and time such as 2026-01-31T00:00:00 or an expression like {{ $now.minus({ days: 1 }) }}.');
		const to = readDateTime(end, options.workflowZone);
		if (!to) throw this.fail(endField, `"${String(end ?? '')}" is not a date`, 'Use a date and time such as 2026-01-31T23:59:59.');
		if (to < from) throw this.fail(endField, 'is before the start date', `Set "${endField}" after "${startField}".`);
		const oldest = options.now.minus({ days: options.windowDays });
		if (from < oldest) {
			throw this.fail(
				startField,
				`is more than ${options.windowDays} days ago; the gateway only serves the last ${options.windowDays} days`,
				`Use a start date after ${oldest.toISODate()}.`,
			);
		}
		if (from > options.now) throw this.fail(startField, 'is in the future');
		return { start: from, end: to };
	}
}
