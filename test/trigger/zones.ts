/**
 * Gateway time zones for the trigger's property tests, and the moments their clocks change in a
 * year (found with luxon, independently of the trigger's own window arithmetic).
 */
import { DateTime } from 'luxon';

/** Daylight saving (whole and half hours), half-hour and 45-minute offsets, and zones without change. */
export const ZONES = [
	'Europe/Berlin',
	'Europe/London',
	'America/New_York',
	'America/Havana',
	'America/Santiago',
	'America/St_Johns',
	'Australia/Adelaide',
	'Australia/Lord_Howe',
	'Pacific/Chatham',
	'Africa/Casablanca',
	'Asia/Kolkata',
	'Asia/Shanghai',
	'UTC',
] as const;

const HOUR = 3_600_000;

/** Moments (ms) in 2026 at which the zone's offset changes, to the second. */
export function clockChanges(zone: string, year = 2026): number[] {
	const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
	const changes: number[] = [];
	const start = Date.UTC(year, 0, 1);
	for (let at = start; at < Date.UTC(year + 1, 0, 1); at += HOUR) {
		if (offset(at) === offset(at + HOUR)) continue;
		let low = at;
		let high = at + HOUR;
		while (high - low > 1000) {
			const middle = low + Math.floor((high - low) / 2000) * 1000;
			if (offset(middle) === offset(at)) low = middle;
			else high = middle;
		}
		changes.push(high);
	}
	return changes;
}

/** The gateway's local time of a moment, as luxon formats it. */
export const localText = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');

/** The moments (ms) whose local time in the zone is `text` ('yyyy-MM-dd HH:mm:ss'): none, one, or two where the clock was set back. */
export function momentsOf(text: string, zone: string): number[] {
	const asUtc = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: 'UTC' }).toMillis();
	const offsets = new Set([-26, -13, 0, 13, 26].map((hours) => DateTime.fromMillis(asUtc + hours * HOUR, { zone }).offset));
	return [...new Set([...offsets].map((offset) => asUtc - offset * 60_000).filter((ms) => localText(ms, zone) === text))].sort((a, b) => a - b);
}
