import { DateTime, IANAZone } from 'luxon';

export const GATEWAY_DATE_FORMAT = 'yyyy-MM-dd HH:mm:ss';
export const DEFAULT_GATEWAY_TIME_ZONE = 'Asia/Shanghai';

export function isValidTimeZone(zone: string): boolean {
	return IANAZone.isValidZone(zone);
}

/** Numbers below this are Unix seconds (until the year 5138); larger ones are milliseconds. */
const SECONDS_LIMIT = 1e11;

/**
 * Reads an n8n date-time value: an ISO string with or without offset, a gateway-style
 * `yyyy-MM-dd HH:mm:ss`, a JS Date, a luxon DateTime, or a Unix time as a number or digits
 * (seconds or milliseconds, told apart by size; `unit` says which was read). Strings without an
 * offset are read in `inputZone` (the workflow's time zone). Undefined when it cannot be read.
 */
export function readDateTime(value: unknown, inputZone: string): { moment: DateTime; unit?: 'seconds' | 'milliseconds' } | undefined {
	let parsed: DateTime | undefined;
	let unit: 'seconds' | 'milliseconds' | undefined;
	const epoch = typeof value === 'number' ? value : typeof value === 'string' && /^\d{9,13}$/.test(value.trim()) ? Number(value.trim()) : undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (epoch !== undefined) {
		if (!Number.isFinite(epoch)) return undefined;
		unit = Math.abs(epoch) < SECONDS_LIMIT ? 'seconds' : 'milliseconds';
		parsed = unit === 'seconds' ? DateTime.fromSeconds(epoch) : DateTime.fromMillis(epoch);
	} else if (typeof value === 'string' && value.trim() !== '') {
		const raw = value.trim();
		parsed = DateTime.fromISO(raw, { zone: inputZone, setZone: true });
		if (!parsed.isValid) parsed = DateTime.fromFormat(raw, GATEWAY_DATE_FORMAT, { zone: inputZone });
		if (!parsed.isValid) parsed = DateTime.fromFormat(raw, 'yyyy-MM-dd HH:mm:ss.S', { zone: inputZone });
	}
	return parsed?.isValid ? { moment: parsed, unit } : undefined;
}

/** A moment as the gateway wants it: `yyyy-MM-dd HH:mm:ss` in the gateway time zone. */
export function toGatewayDate(moment: DateTime, gatewayZone: string): string {
	return moment.setZone(gatewayZone).toFormat(GATEWAY_DATE_FORMAT);
}

/** UTC offsets by zone and local hour; an hour has one offset unless a transition falls in it. */
const hourOffsets = new Map<string, number | null>();

function offsetOfHour(zone: string, hour: string): number | null {
	const key = `${zone} ${hour}`;
	let offset = hourOffsets.get(key);
	if (offset === undefined) {
		const start = DateTime.fromFormat(`${hour}:00:00`, GATEWAY_DATE_FORMAT, { zone });
		const end = DateTime.fromFormat(`${hour}:59:59`, GATEWAY_DATE_FORMAT, { zone });
		offset = start.isValid && end.isValid && start.offset === end.offset ? start.offset : null;
		if (hourOffsets.size > 10_000) hourOffsets.clear();
		hourOffsets.set(key, offset);
	}
	return offset;
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * A time the gateway returned (`yyyy-MM-dd HH:mm:ss`, sometimes with `.0`) as ISO 8601 with the
 * gateway's offset, e.g. `2025-09-01T23:59:59.000+08:00`. Empty or unreadable values give ''.
 * The common shape is assembled from a per-hour offset cache (luxon's zone lookups are the
 * slow part of listing thousands of records); anything else goes through luxon.
 */
export function fromGatewayDate(value: unknown, gatewayZone: string): string {
	if (typeof value !== 'string' || value.trim() === '') return '';
	const raw = value.trim();
	const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(raw);
	if (match) {
		const offset = offsetOfHour(gatewayZone, `${match[1]} ${match[2]}`);
		if (offset !== null) {
			const sign = offset < 0 ? '-' : '+';
			const minutes = Math.abs(offset);
			const millis = (match[5] ?? '').padEnd(3, '0');
			// Joined rather than concatenated: one flat string, where `+` would keep a tree of the
			// parts (and through them the gateway's text) for as long as the item lives.
			return [match[1], 'T', match[2], ':', match[3], ':', match[4], '.', millis, sign, pad(Math.floor(minutes / 60)), ':', pad(minutes % 60)].join('');
		}
	}
	for (const format of [GATEWAY_DATE_FORMAT, 'yyyy-MM-dd HH:mm:ss.S', 'yyyy-MM-dd HH:mm:ss.SSS', 'yyyy-MM-dd']) {
		const parsed = DateTime.fromFormat(raw, format, { zone: gatewayZone });
		if (parsed.isValid) return parsed.toISO() ?? '';
	}
	return '';
}

/** How far back a list is served: "the last 30 days", "the last 6 months". */
export interface ListSpan {
	days?: number;
	months?: number;
}

export function spanText(span: ListSpan): string {
	return span.months ? `${span.months} months` : `${span.days ?? 0} days`;
}

/** The gateway's own zone (its Dispute API states UTC+8; for the lists it is INFERRED). */
const GATEWAY_HOME_ZONE = 'Asia/Shanghai';

/**
 * The oldest moment (Unix seconds) a list surely still serves at `nowSeconds`. How the gateway
 * counts "the last 30 days" or "6 months" is UNKNOWN: as local calendar days or months in the
 * Gateway Time Zone or in its own UTC+8 (30 days back after clocks went forward is an hour less
 * than 30 × 24 hours; 6 months back from 1 March is 181 days), or as 24-hour days. So this is
 * the latest of those readings, plus a margin. What is still refused is learned at run time.
 */
export function oldestListed(nowSeconds: number, gatewayZone: string, span: ListSpan, marginSeconds: number): number {
	const bounds = [GATEWAY_HOME_ZONE, gatewayZone].map((zone) => DateTime.fromSeconds(nowSeconds, { zone }).minus(span).toSeconds());
	if (span.days) bounds.push(nowSeconds - span.days * 86_400);
	if (span.months) bounds.push(nowSeconds - Math.floor(span.months * 30.2) * 86_400);
	return Math.ceil(Math.max(...bounds)) + marginSeconds;
}
