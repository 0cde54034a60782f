/**
 * The polling trigger across a bed.clock change of the credential's Gateway Time Zone, through
 * n8n-core's real PollContext against the simulator (which reads the gateway's local times in
 * the same zone), with the bed.clock under test control. One payment a minute, every minute polled.
 */
import { MINUTE, Tally, Testbed, windowsOf } from '../helpers/trigger';

const bed = new Testbed();
afterEach(() => bed.close());

interface Case {
	name: string;
	zone: string;
	/** Two hours before the change. */
	start: string;
	reRead?: string;
}

const CASES: Case[] = [
	{ name: 'Europe/Berlin, autumn (02:00–02:59 twice)', zone: 'Europe/Berlin', start: '2026-10-24T23:00:00Z' },
	{ name: 'Europe/Berlin, autumn, Once, as It Ends', zone: 'Europe/Berlin', start: '2026-10-24T23:00:00Z', reRead: 'once' },
	{ name: 'Europe/Berlin, autumn, Every Poll', zone: 'Europe/Berlin', start: '2026-10-24T23:00:00Z', reRead: 'everyPoll' },
	{ name: 'Europe/Berlin, spring (02:00–02:59 never)', zone: 'Europe/Berlin', start: '2026-03-28T23:00:00Z' },
	{ name: 'America/St_Johns, autumn (half-hour offset)', zone: 'America/St_Johns', start: '2026-11-01T01:30:00Z' },
	{ name: 'Australia/Lord_Howe, autumn (half an hour twice)', zone: 'Australia/Lord_Howe', start: '2026-04-04T13:00:00Z' },
];

describe('a bed.clock change of the Gateway Time Zone, one payment a minute', () => {
	test.each(CASES)('$name: no poll fails, every window runs forward in local time, every payment exactly once', async ({ zone, start, reRead }) => {
		await bed.open(Date.parse(start), { defaultPageSize: 10, timeZone: zone });
		const trigger = bed.trigger({ event: 'newSuccessfulPayment', options: reRead ? { reRead } : {} });
		expect((await trigger.activate()).error).toBeUndefined();
		const tally = new Tally();
		const added: string[] = [];
		const failed: string[] = [];
		const backwards: string[] = [];
		for (let minute = 1; minute <= 5 * 60; minute++) {
			bed.advance(1);
			if (minute <= 4 * 60) {
				const id = `P${minute}`;
				added.push(id);
				// Listed a few seconds after it happened; every fifth one 12 minutes late (Overlap is 30).
				bed.sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: new Date(bed.clock - (minute % 5 === 0 ? 12 * MINUTE : 5000)) });
			}
			const poll = await trigger.poll();
			if (poll.error) failed.push(`${new Date(bed.clock).toISOString()}: ${poll.error.message}`);
			for (const window of windowsOf(poll.log)) if (!(window.begin < window.end)) backwards.push(`${window.begin} → ${window.end}`);
			tally.add(poll.items);
		}
		expect(failed.slice(0, 3)).toEqual([]);
		expect(backwards.slice(0, 3)).toEqual([]);
		expect(tally.wrong(added)).toEqual([]);
	}, 60_000);
});
