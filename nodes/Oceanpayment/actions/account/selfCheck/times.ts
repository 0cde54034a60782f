import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';

import type { GatewayReply } from '../../../transport';
import type { EndpointDefinition } from '../../../transport/catalogue';
import { fromGatewayDate } from '../../../transport/dates';

/** Clocks differ a little; a time this far ahead of now is not yet a time-zone problem. */
const CLOCK_SKEW_MINUTES = 10;

const utcOffset = (minutes: number): string =>
	`UTC${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;

/**
 * Times of past events must not lie ahead of now when read in the gateway time zone; those of a
 * recent test payment must also lie within the look-back period (a list cannot show a zone that
 * is wrong the same way for the period sent and the times answered; a known payment can).
 */
export function checkTimes(
	endpoint: EndpointDefinition,
	reply: GatewayReply | undefined,
	settings: { zone: string; now: DateTime; recentWithinHours?: number },
): IDataObject | undefined {
	const { zone, now } = settings;
	const fields = endpoint.answer.dateFields ?? [];
	if (fields.length === 0 && !endpoint.dateFields) return undefined;
	const base = { zone, grade: endpoint.timeZoneGrade ?? 'UNKNOWN' };
	if (!reply) return { ...base, verdict: 'not checked', datesChecked: 0, problems: [] };
	const problems: string[] = [];
	let checked = 0;
	for (const source of [reply.data, ...reply.records]) {
		for (const field of fields) {
			const value = source[field];
			if (typeof value !== 'string' || value.trim() === '') continue;
			checked++;
			const raw = value.trim();
			const withOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(raw) ? DateTime.fromISO(raw, { setZone: true }) : undefined;
			// Otherwise the package's own reader of gateway times: what it cannot read, no item can show.
			const iso = withOffset?.isValid ? '' : fromGatewayDate(raw, zone);
			const moment = withOffset?.isValid ? withOffset : iso ? DateTime.fromISO(iso, { setZone: true }) : undefined;
			if (!moment) {
				problems.push(`${field} "${raw}" is not a time the package can read`);
				continue;
			}
			if (withOffset?.isValid) {
				const expected = withOffset.setZone(zone).offset;
				if (withOffset.offset !== expected) problems.push(`${field} "${raw}" carries ${utcOffset(withOffset.offset)}, but ${zone} is ${utcOffset(expected)} then`);
			}
			const ahead = moment.diff(now, 'minutes').minutes;
			const oldest = settings.recentWithinHours === undefined ? undefined : -(settings.recentWithinHours * 60 + CLOCK_SKEW_MINUTES);
			const looksLike = `the gateway's times look like about ${utcOffset(moment.offset + Math.round(ahead / 60) * 60)}`;
			if (ahead > CLOCK_SKEW_MINUTES) {
				problems.push(`${field} "${raw}" is ${Math.round(ahead / 60)} h in the future when read in ${zone}; ${looksLike}`);
			} else if (oldest !== undefined && ahead < oldest) {
				problems.push(`${field} "${raw}" of the recent test payment is ${Math.round(-ahead / 60)} h old when read in ${zone}, older than the look-back period; ${looksLike}`);
			}
		}
	}
	return {
		...base,
		verdict: checked === 0 ? 'nothing to check' : problems.length === 0 ? 'fits' : 'does not fit',
		datesChecked: checked,
		problems,
		...(checked === 0 ? { note: 'the answer held no times; run the check after a test payment to have some' } : {}),
	};
}
