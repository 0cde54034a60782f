import { DateTime } from 'luxon';

import { fromGatewayDate, readDateTime, toGatewayDate } from '../../nodes/Oceanpayment/transport/dates';

describe('gateway times', () => {
	test('gateway text → ISO with the gateway offset, as luxon computes it', () => {
		expect(fromGatewayDate('2025-09-01 23:59:59', 'Asia/Shanghai')).toBe('2025-09-01T23:59:59.000+08:00');
		expect(fromGatewayDate('2025-09-01 23:59:59.0', 'Asia/Shanghai')).toBe('2025-09-01T23:59:59.000+08:00');
		expect(fromGatewayDate('2025-09-01', 'Asia/Shanghai')).toBe('2025-09-01T00:00:00.000+08:00');
		expect(fromGatewayDate('', 'Asia/Shanghai')).toBe('');
		expect(fromGatewayDate('yesterday', 'Asia/Shanghai')).toBe('');
	});

	test('the fast path agrees with luxon hour by hour through DST transitions (north, south, half-hour) and fixed zones', () => {
		// Hourly through the months with DST transitions (north and south), plus a few fixed zones.
		const windows = [['2026-03-01', 45], ['2026-09-20', 50]] as const;
		for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Etc/UTC']) {
			for (const [from, days] of windows) {
				let moment = DateTime.fromISO(`${from}T00:17:43`, { zone });
				for (let hour = 0; hour < 24 * days; hour++) {
					const text = moment.toFormat('yyyy-MM-dd HH:mm:ss');
					const expected = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone });
					const ours = DateTime.fromISO(fromGatewayDate(text, zone), { setZone: true });
					expect([ours.toMillis(), ours.offset]).toEqual([expected.toMillis(), expected.offset]);
					moment = moment.plus({ hours: 1 });
				}
			}
		}
	});

	test('n8n date-time values → gateway text in the gateway zone', () => {
		const instant = readDateTime('2026-01-31T00:00:00', 'Europe/Berlin')?.moment;
		expect(instant && toGatewayDate(instant, 'Asia/Shanghai')).toBe('2026-01-31 07:00:00');
		expect(toGatewayDate(readDateTime('2026-01-31T00:00:00Z', 'Europe/Berlin')!.moment, 'Asia/Shanghai')).toBe('2026-01-31 08:00:00');
		expect(toGatewayDate(readDateTime('2026-01-31 10:00:00', 'Asia/Shanghai')!.moment, 'Asia/Shanghai')).toBe('2026-01-31 10:00:00');
		expect(readDateTime('not a date', 'UTC')).toBeUndefined();
		expect(readDateTime(new Date('2026-01-01T00:00:00Z'), 'UTC')?.moment.toMillis()).toBe(Date.UTC(2026, 0, 1));
	});

	test('Unix times: seconds and milliseconds told apart by size, as numbers or digits', () => {
		const seconds = readDateTime(1_769_817_600, 'UTC');
		expect(seconds?.unit).toBe('seconds');
		expect(seconds?.moment.toISO()).toBe(DateTime.fromISO('2026-01-31T00:00:00Z').toLocal().toISO());
		expect(readDateTime('1769817600', 'UTC')?.moment.toMillis()).toBe(1_769_817_600_000);
		const millis = readDateTime(1_769_817_600_000, 'UTC');
		expect(millis?.unit).toBe('milliseconds');
		expect(millis?.moment.toMillis()).toBe(1_769_817_600_000);
		expect(readDateTime(Number.NaN, 'UTC')).toBeUndefined();
	});
});
