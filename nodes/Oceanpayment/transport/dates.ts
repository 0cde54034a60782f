import { DateTime, IANAZone } from 'luxon';

export const GATEWAY_DATE_FORMAT = 'yyyy-MM-dd HH:mm:ss';
export const DEFAULT_GATEWAY_TIME_ZONE = 'Asia/Shanghai';

export function isValidTimeZone(zone: string): boolean {
	return IANAZone.isValidZone(zone);
}

/**
 * Reads an n8n date-time value (an ISO string with or without offset, a gateway-style
 * `yyyy-MM-dd HH:mm:ss`, a JS Date or a luxon DateTime). Strings without an offset are read in
 * `inputZone` (the workflow's time zone). Returns undefined when it cannot be read.
 */
export function readDateTime(value: unknown, inputZone: string): DateTime | undefined {
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'string' && value.trim() !== '') {
		const raw = value.trim();
		parsed = DateTime.fromISO(raw, { zone: inputZone, setZone: true });
		if (!parsed.isValid) parsed = DateTime.fromFormat(raw, GATEWAY_DATE_FORMAT, { zone: inputZone });
		if (!parsed.isValid) parsed = DateTime.fromFormat(raw, 'yyyy-MM-dd HH:mm:ss.S', { zone: inputZone });
	} else if (typeof value === 'number' && Number.isFinite(value)) {
		parsed = DateTime.fromMillis(value);
	}
	return parsed?.isValid ? parsed : undefined;
}

/** A moment as the gateway wants it: `yyyy-MM-dd HH:mm:ss` in the gateway time zone. */
export function toGatewayDate(moment: DateTime, gatewayZone: string): string {
	return moment.setZone(gatewayZone).toFormat(GATEWAY_DATE_FORMAT);
}

/**
 * A time the gateway returned (`yyyy-MM-dd HH:mm:ss`, sometimes with `.0`) as ISO 8601 with the
 * gateway's offset, e.g. `2025-09-01T23:59:59.000+08:00`. Empty or unreadable values give ''.
 */
export function fromGatewayDate(value: unknown, gatewayZone: string): string {
	if (typeof value !== 'string' || value.trim() === '') return '';
	const raw = value.trim();
	for (const format of [GATEWAY_DATE_FORMAT, 'yyyy-MM-dd HH:mm:ss.S', 'yyyy-MM-dd HH:mm:ss.SSS', 'yyyy-MM-dd']) {
		const parsed = DateTime.fromFormat(raw, format, { zone: gatewayZone });
		if (parsed.isValid) return parsed.toISO() ?? '';
	}
	return '';
}
