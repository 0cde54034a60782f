import { IANAZone } from 'luxon';

/**
 * Time windows as the gateway is asked for them: `order_beginDate`/`order_endDate` in the
 * Gateway Time Zone's local time, both ends included. Moments are whole Unix seconds.
 *
 * Where the zone sets its clocks back, one local hour (or half hour) happens twice, and which of
 * the two moments the gateway means by such a local time is UNKNOWN (its own zone, UTC+8, has no
 * daylight saving). A window that begins or ends inside that time would therefore mean different
 * things to different gateways, or run backwards in local time (begin after end). So no window
 * begins or ends there: a window that touches it is widened to cover it whole, from the second
 * before the repeated local time to the second after it. Every reading then gives the same
 * records, windows run forward in local time, and consecutive windows leave no local second out.
 * Local times a zone skips (clocks set forward) hold no records; windows run across them.
 */

/** A repeated local time: its first moment (first pass) and its last moment (second pass). */
export interface Repeat {
	first: number;
	last: number;
}

/** The first moment of the second pass of a repeated local time. */
export const secondPass = (repeat: Repeat): number => (repeat.first + repeat.last + 1) / 2;

const DAY = 86_400;
/** Offsets are sampled this often; no zone changes its offset twice within it. */
const SAMPLE = 1_800;
/** A repeat is at most this long (each pass); real ones are 30 minutes to 2 hours. */
const LONGEST_REPEAT = 26 * 3_600;

/** Per zone and UTC day: the clocks set back that day. */
const repeatsByDay = new Map<string, Repeat[]>();

function offsetSeconds(zone: IANAZone, moment: number): number {
	return zone.offset(moment * 1000) * 60;
}

/** The first moment in (after, upTo] whose offset is no longer the one at `after`. */
function changeBetween(zone: IANAZone, after: number, upTo: number): number {
	const before = offsetSeconds(zone, after);
	let low = after;
	let high = upTo;
	while (high - low > 1) {
		const middle = Math.floor((low + high) / 2);
		if (offsetSeconds(zone, middle) === before) low = middle;
		else high = middle;
	}
	return high;
}

function repeatsOfDay(zone: IANAZone, day: number): Repeat[] {
	const key = `${zone.name} ${day}`;
	let found = repeatsByDay.get(key);
	if (!found) {
		found = [];
		for (let at = day * DAY; at < (day + 1) * DAY; at += SAMPLE) {
			if (offsetSeconds(zone, at) === offsetSeconds(zone, at + SAMPLE)) continue;
			const change = changeBetween(zone, at, at + SAMPLE);
			const back = offsetSeconds(zone, change - 1) - offsetSeconds(zone, change);
			if (back > 0) found.push({ first: change - back, last: change + back - 1 });
		}
		if (repeatsByDay.size > 5_000) repeatsByDay.clear();
		repeatsByDay.set(key, found);
	}
	return found;
}

export class GatewayClock {
	private readonly zone: IANAZone;

	constructor(zoneName: string) {
		this.zone = IANAZone.create(zoneName);
	}

	/** The repeated local time whose windows may not begin at `moment` (it lies in [first, last + 1]). */
	repeatAt(moment: number): Repeat | undefined {
		const firstDay = Math.floor((moment - LONGEST_REPEAT) / DAY);
		const lastDay = Math.floor((moment + LONGEST_REPEAT) / DAY);
		for (let day = firstDay; day <= lastDay; day++) {
			for (const repeat of repeatsOfDay(this.zone, day)) if (moment >= repeat.first && moment <= repeat.last + 1) return repeat;
		}
		return undefined;
	}

	/** The local time of a moment as the gateway takes it. */
	format(moment: number): string {
		const local = new Date((moment + offsetSeconds(this.zone, moment)) * 1000);
		return local.toISOString().slice(0, 19).replace('T', ' ');
	}

	/** A window may begin here, or else at the second before the repeated time around it. */
	startAtOrBefore(moment: number): number {
		const repeat = this.repeatAt(moment);
		return repeat ? repeat.first - 1 : moment;
	}

	/** A window may begin here, or else at the second after the repeated time around it. */
	startAtOrAfter(moment: number): number {
		const repeat = this.repeatAt(moment);
		return repeat ? repeat.last + 2 : moment;
	}

	/** A window may end here, or else at the second after the repeated time around it. */
	endAtOrAfter(moment: number): number {
		return this.startAtOrAfter(moment + 1) - 1;
	}

	/** A window may end here, or else two seconds before the repeated time around it. */
	endAtOrBefore(moment: number): number {
		return this.startAtOrBefore(moment + 1) - 1;
	}

	/** The local begin and end of [start, end]: the request's order_beginDate and order_endDate. */
	dates(window: { start: number; end: number }): { order_beginDate: string; order_endDate: string } {
		return { order_beginDate: this.format(window.start), order_endDate: this.format(window.end) };
	}
}
