/**
 * The trigger's window arithmetic in gateway local time (trigger/windows.ts), as properties over
 * zones with and without daylight saving and moments around their clock changes: where a window
 * may begin or end, the local times never run backwards across it, and no local second is left
 * out. Local times are checked with luxon, not with the code under test.
 */
import { fc, test } from '@fast-check/jest';

import { GatewayClock } from '../../nodes/Oceanpayment/trigger/windows';
import { clockChanges, localText, ZONES } from './zones';

const CHANGES = new Map(ZONES.map((zone) => [zone, clockChanges(zone)]));

/** A zone and a moment (Unix seconds) within 4 hours of one of its clock changes (or anywhere in 2026). */
const momentNearChange = fc.constantFrom(...ZONES).chain((zone) => {
	const changes = CHANGES.get(zone) ?? [];
	const around = changes.length ? fc.constantFrom(...changes) : fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) });
	return fc.record({ zone: fc.constant(zone), moment: fc.tuple(around, fc.integer({ min: -4 * 3600, max: 4 * 3600 })).map(([at, shift]) => Math.floor(at / 1000) + shift) });
});

const local = (seconds: number, zone: string) => localText(seconds * 1000, zone);

/** Every moment within `hours` of a cut after `end` lies on its side of the cut in local time. */
function separates(zone: string, end: number, hours = 3): boolean {
	const before = local(end, zone);
	const after = local(end + 1, zone);
	if (!(before < after)) return false;
	for (let at = end - hours * 3600; at <= end + hours * 3600; at += 59) {
		const text = local(at, zone);
		if (at <= end && !(text < after)) return false;
		if (at > end && !(text > before)) return false;
	}
	return true;
}

test.prop([momentNearChange])('a window may end where every earlier moment is earlier in local time and every later one later', ({ zone, moment }) => {
	const clock = new GatewayClock(zone);
	for (const end of [clock.endAtOrAfter(moment), clock.endAtOrBefore(moment)]) expect(separates(zone, end)).toBe(true);
	expect(clock.endAtOrAfter(moment)).toBeGreaterThanOrEqual(moment);
	expect(clock.endAtOrBefore(moment)).toBeLessThanOrEqual(moment);
	// Starts are the seconds after such ends.
	expect(separates(zone, clock.startAtOrBefore(moment) - 1)).toBe(true);
	expect(separates(zone, clock.startAtOrAfter(moment) - 1)).toBe(true);
	expect(clock.startAtOrBefore(moment)).toBeLessThanOrEqual(moment);
	expect(clock.startAtOrAfter(moment)).toBeGreaterThanOrEqual(moment);
	// Widened at most over one repeated time (at most 2 hours each pass) and its two edge seconds.
	expect(clock.endAtOrAfter(moment) - clock.endAtOrBefore(moment)).toBeLessThanOrEqual(4 * 3600 + 3);
});

test.prop([momentNearChange, fc.array(fc.integer({ min: 1, max: 40 * 60 }), { minLength: 1, maxLength: 30 })])(
	'consecutive windows cut where they may run forward in local time, none empty, and leave no local second out',
	({ zone, moment }, lengths) => {
		const clock = new GatewayClock(zone);
		let start = clock.startAtOrBefore(moment);
		const windows: Array<{ start: number; last: number; begin: string; end: string }> = [];
		for (const length of lengths) {
			const last = clock.endAtOrAfter(start + length);
			const { order_beginDate: begin, order_endDate: end } = clock.dates({ start, end: last });
			windows.push({ start, last, begin, end });
			start = last + 1;
		}
		for (const [index, window] of windows.entries()) {
			expect(window.begin < window.end).toBe(true);
			// What the gateway gets is the zone's local time of the window's moments.
			expect(window.begin).toBe(local(window.start, zone));
			expect(window.end).toBe(local(window.last, zone));
			// Every moment of the window lies between its begin and end in local time.
			for (let at = window.start; at <= window.last; at += 97) expect(local(at, zone) >= window.begin && local(at, zone) <= window.end).toBe(true);
			// The next window begins at the next local second that exists, after this one's end.
			const next = windows[index + 1];
			if (next) expect(next.begin).toBe(local(window.last + 1, zone));
			if (next) expect(next.begin > window.end).toBe(true);
		}
	},
);

test('Europe/Berlin, 25 October 2026: a window touching 02:00–02:59 (twice) covers it from 01:59:59 to 03:00:00', () => {
	const clock = new GatewayClock('Europe/Berlin');
	// 02:30 CEST (first pass) and 02:10 CET (second pass).
	const firstPass = Date.UTC(2026, 9, 25, 0, 30) / 1000;
	const secondPass = Date.UTC(2026, 9, 25, 1, 10) / 1000;
	expect(clock.dates({ start: clock.startAtOrBefore(firstPass), end: clock.endAtOrAfter(secondPass) })).toEqual({ order_beginDate: '2026-10-25 01:59:59', order_endDate: '2026-10-25 03:00:00' });
	expect(clock.format(clock.endAtOrBefore(firstPass))).toBe('2026-10-25 01:59:58');
	// Away from the change nothing moves.
	const noon = Date.UTC(2026, 9, 25, 11) / 1000;
	expect([clock.startAtOrBefore(noon), clock.endAtOrAfter(noon), clock.endAtOrBefore(noon)]).toEqual([noon, noon, noon]);
	expect(clock.format(noon)).toBe('2026-10-25 12:00:00');
});
