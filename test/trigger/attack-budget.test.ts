/**
 * ATTACK (issue 26 review): Max Gateway Calls per Poll and the periods a poll cannot cover, through
 * n8n-core's real PollContext against the simulator with the clock under test control. Tests
 * marked GUARD pass today and pin an invariant; tests marked DEFECT fail today.
 */
import type { INodeParameters } from 'n8n-workflow';

import { Tally, Testbed, windowsOf } from '../helpers/trigger';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { captureLog } = require('../helpers/stdout') as { captureLog: (wanted: (line: string) => boolean) => { lines: string[]; restore(): void } };

const bed = new Testbed();
afterEach(() => bed.close());

describe.each(['auto', 'everyPoll', 'once'])('Re-Read the Overlap %s', (reRead) => {
	test('GUARD: one second holding 12 pages, Max Gateway Calls 3: every record once, the period named in the log as read over the budget, and the trigger moves on', async () => {
		await bed.open(Date.parse('2026-06-01T03:00:00Z'), { defaultPageSize: 10 });
		const warnings = captureLog((line) => line.includes('Oceanpayment Trigger ›'));
		const tally = new Tally();
		const added: string[] = [];
		try {
			const trigger = bed.trigger({ event: 'newSuccessfulPayment', options: { reRead, maxCalls: 3, retries: 0 } });
			await trigger.activate();
			bed.advance(1);
			const second = new Date(bed.clock - 30_000);
			for (let n = 0; n < 115; n++) {
				added.push(`H${n}`);
				bed.sim.admin.addOrder({ payment_id: `H${n}`, order_number: `O-H${n}`, payment_dateTime: second });
			}
			for (let minute = 1; minute <= 45; minute++) {
				if (minute % 3 === 0) {
					added.push(`S${minute}`);
					bed.sim.admin.addOrder({ payment_id: `S${minute}`, order_number: `O-S${minute}`, payment_dateTime: new Date(bed.clock - 2000) });
				}
				const poll = await trigger.poll();
				expect(poll.error).toBeUndefined();
				tally.add(poll.items);
				bed.advance(1);
			}
		} finally {
			warnings.restore();
		}
		expect(tally.wrong(added)).toEqual([]);
		// Named in gateway time (Asia/Shanghai, UTC+8): 11:0x local.
		expect(warnings.lines.some((line) => /2026-06-01 11:0\d:\d\d–2026-06-01 11:0\d:\d\d \(12 pages\)/.test(line))).toBe(true);
	}, 60_000);
});

describe('a clock set back in the Gateway Time Zone, on a busy account', () => {
	/**
	 * DEFECT (fixed). Around Europe/Berlin's autumn change no window may begin or end inside the
	 * repeated hour, so the shortest window there covers the whole repeated hour (two real hours).
	 * It was "read whole, over Max Gateway Calls per Poll": with 10 payments a minute and a poll a
	 * minute, every poll in those two hours read dozens of pages against a limit of 20. Now that
	 * window is read page by page over several polls (a pass kept in the state).
	 */
	test('DEFECT: 10 payments a minute across Europe/Berlin autumn change, polls every minute: no poll goes over Max Gateway Calls per Poll (20); every payment once', async () => {
		await bed.open(Date.parse('2026-10-24T23:30:00Z'), { defaultPageSize: 10, timeZone: 'Europe/Berlin' });
		const trigger = bed.trigger({ event: 'newSuccessfulPayment' });
		await trigger.activate();
		const tally = new Tally();
		const added: string[] = [];
		const over: string[] = [];
		let most = 0;
		for (let minute = 1; minute <= 4 * 60; minute++) {
			bed.advance(1);
			for (let n = 0; n < 10 && minute <= 3 * 60; n++) {
				const id = `P${minute}-${n}`;
				added.push(id);
				bed.sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: new Date(bed.clock - 1000 - n * 5000) });
			}
			const poll = await trigger.poll();
			expect(poll.error).toBeUndefined();
			most = Math.max(most, poll.calls);
			if (poll.calls > 20) over.push(`${new Date(bed.clock).toISOString()}: ${poll.calls} calls`);
			tally.add(poll.items);
		}
		expect(tally.wrong(added)).toEqual([]);
		expect({ over: over.length, first: over.slice(0, 3), most }).toEqual({ over: 0, first: [], most: expect.any(Number) as number });
	}, 120_000);
});

describe('Fetch Test Event on the list events', () => {
	test.each(['newSuccessfulPayment', 'newDispute', 'newBusinessEvent'])('GUARD: %s in manual mode neither creates nor changes the state, and the next poll still emits what came after it', async (event) => {
		await bed.open(Date.parse('2026-06-01T03:00:00Z'));
		const add = (id: string) => {
			const at = new Date(bed.clock - 5000);
			if (event === 'newSuccessfulPayment') bed.sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: at });
			else if (event === 'newDispute') bed.sim.admin.addDispute({ payment_id: id, order_number: `O-${id}`, disputes_date: at });
			else bed.sim.admin.addBusinessEvent({ type: 'refund', payment_id: id, review_dateTime: at });
		};
		const trigger = bed.trigger({ event, ...(event === 'newDispute' ? { disputeType: '' } : {}) } as INodeParameters);
		add('BEFORE');
		const sample = await trigger.poll('manual');
		expect(sample.items.map((item) => item.json.paymentId)).toEqual(['BEFORE']);
		expect(trigger.memory).toEqual({});
		await trigger.activate();
		const saved = JSON.stringify(trigger.memory);
		bed.advance(1);
		add('AFTER');
		expect((await trigger.poll('manual')).items.map((item) => item.json.paymentId)).toContain('AFTER');
		expect(JSON.stringify(trigger.memory)).toBe(saved);
		bed.advance(1);
		expect((await trigger.poll()).items.map((item) => item.json.paymentId)).toEqual(['AFTER']);
	});
});

describe('polls at the same second and one second apart', () => {
	test('GUARD: a record dated in the second of a poll comes out at the next poll, also when that one is in the same or the next second; windows always run forward', async () => {
		await bed.open(Date.parse('2026-06-01T03:00:00.400Z'));
		const trigger = bed.trigger({ event: 'newSuccessfulPayment' });
		await trigger.activate();
		const tally = new Tally();
		const added: string[] = [];
		const backwards: string[] = [];
		for (let n = 0; n < 40; n++) {
			// Steps of 0, 300 and 700 ms: polls in the same second and in consecutive ones.
			bed.clock += [0, 300, 700][n % 3];
			jest.setSystemTime(bed.clock);
			added.push(`T${n}`);
			bed.sim.admin.addOrder({ payment_id: `T${n}`, order_number: `O-T${n}`, payment_dateTime: new Date(bed.clock) });
			const poll = await trigger.poll();
			expect(poll.error).toBeUndefined();
			for (const window of windowsOf(poll.log)) if (!(window.begin < window.end)) backwards.push(`${window.begin} → ${window.end}`);
			tally.add(poll.items);
		}
		for (let n = 0; n < 3; n++) {
			bed.advance(1);
			tally.add((await trigger.poll()).items);
		}
		expect(backwards).toEqual([]);
		expect(tally.wrong(added)).toEqual([]);
	});
});


describe('periods left for later polls', () => {
	test.each(['auto', 'once', 'everyPoll'])('GUARD (%s): a period logged as due to be read again is named in gateway time and read by a later poll; every record once, late ones too', async (reRead) => {
		await bed.open(Date.parse('2026-06-01T03:00:00Z'), { defaultPageSize: 10, timeZone: 'Asia/Kathmandu' });
		const warnings = captureLog((line) => line.includes('Oceanpayment Trigger ›'));
		const tally = new Tally();
		const added: string[] = [];
		let trigger;
		try {
			trigger = bed.trigger({ event: 'newSuccessfulPayment', options: { reRead, maxCalls: 4, overlapMinutes: 30, retries: 0 } });
			await trigger.activate();
			// Then polls until the backlog (about 240 calls at 4 a poll) has been read new and again.
			for (let poll = 1; poll <= 150; poll++) {
				bed.advance(5);
				// 20 payments a minute for an hour, one in twenty 25 minutes late.
				for (let n = 0; n < 100 && poll <= 12; n++) {
					const id = `P${poll}-${n}`;
					added.push(id);
					bed.sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: new Date(bed.clock - 1000 - (n % 20 === 19 ? 25 * 60_000 : n * 3000)) });
				}
				const outcome = await trigger.poll();
				expect(outcome.error).toBeUndefined();
				tally.add(outcome.items);
			}
		} finally {
			warnings.restore();
		}
		const wrong = tally.wrong(added);
		expect({ wrong: wrong.length, twice: wrong.filter((id) => (tally.counts.get(id) ?? 0) > 1).slice(0, 5), missing: wrong.filter((id) => !tally.counts.has(id)).slice(0, 5), missingCount: wrong.filter((id) => !tally.counts.has(id)).length }).toEqual({ wrong: 0, twice: [], missing: [], missingCount: 0 });
		const due = warnings.lines.filter((line) => line.includes('are due to be read again'));
		expect(due.length).toBeGreaterThan(0);
		// Asia/Kathmandu is UTC+5:45: local times of the run (03:00Z = 08:45 local).
		for (const line of due) expect(line).toMatch(/the records of 2026-06-01 \d\d:\d\d:\d\d–2026-06-01 \d\d:\d\d:\d\d \(gateway time\)/);
		const { DateTime } = await import('luxon');
		const ends = due.map((line) => /–(2026-06-01 \d\d:\d\d:\d\d) \(gateway time\)/.exec(line)?.[1] ?? '').map((text) => DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: 'Asia/Kathmandu' }).toMillis());
		const checked = Date.parse(String(trigger.state().checkedUntil));
		for (const end of ends) expect(checked).toBeGreaterThanOrEqual(end);
	}, 120_000);
});

/** A busy account (400 payments in the 40 minutes before activation) activated with Max Gateway Calls 3: the baseline takes many polls. */
async function busyActivation(options: { zone: string; start: string; reRead: string; backfillHours: number; restartEvery?: number; count?: number; spacingMs?: number }) {
	const { zone, start, reRead, backfillHours, restartEvery, count = 400, spacingMs = 6000 } = options;
	await bed.open(Date.parse(start), { defaultPageSize: 10, timeZone: zone });
	const before: string[] = [];
	bed.sim.admin.addOrders(
		Array.from({ length: count }, (_, n) => {
			before.push(`B${n}`);
			return { payment_id: `B${n}`, order_number: `O-B${n}`, payment_dateTime: new Date(bed.clock - 1000 - n * spacingMs) };
		}),
	);
	const trigger = bed.trigger({ event: 'newSuccessfulPayment', options: { reRead, maxCalls: 3, retries: 0, ...(backfillHours ? { backfillHours } : {}) } });
	const tally = new Tally();
	const after: string[] = [];
	tally.add((await trigger.activate()).items);
	for (let minute = 1; minute <= 150; minute++) {
		bed.advance(1);
		if (minute <= 90) {
			const id = `A${minute}`;
			after.push(id);
			// Dated after activation; every third one listed 8 minutes late.
			bed.sim.admin.addOrder({ payment_id: id, order_number: `O-${id}`, payment_dateTime: new Date(bed.clock - (minute % 3 === 0 && minute > 8 ? 8 * 60_000 : 2000)) });
		}
		if (restartEvery && minute % restartEvery === 0) trigger.restart();
		const poll = await trigger.poll();
		expect(poll.error).toBeUndefined();
		tally.add(poll.items);
	}
	const wrong = tally.wrong(backfillHours ? [...before, ...after] : after);
	return { wrong: wrong.length, beforeEmitted: backfillHours ? [] : wrong.filter((id) => id.startsWith('B')).slice(0, 3), afterNotOnce: wrong.filter((id) => id.startsWith('A')).slice(0, 3) };
}
const CLEAN = { wrong: 0, beforeEmitted: [], afterNotOnce: [] };

describe('activation on a busy account with a small budget', () => {
	test.each([
		{ reRead: 'auto', backfillHours: 0 },
		{ reRead: 'once', backfillHours: 0 },
		{ reRead: 'everyPoll', backfillHours: 0 },
		{ reRead: 'auto', backfillHours: 1 },
		{ reRead: 'once', backfillHours: 1 },
	])('GUARD ($reRead, backfill $backfillHours h, Asia/Shanghai): the baseline takes many polls; nothing listed before activation comes out (unless backfilled, then once), everything after it once', async ({ reRead, backfillHours }) => {
		expect(await busyActivation({ zone: 'Asia/Shanghai', start: '2026-10-25T00:10:00Z', reRead, backfillHours })).toEqual(CLEAN);
	}, 120_000);

	/**
	 * DEFECT (fixed). Activated inside Europe/Berlin's repeated hour (02:10 CEST on the autumn
	 * change), the baseline cannot be read in the activation poll. The next polls read the rest of it
	 * in a window that may not end inside the repeated hour, so it ends after the baseline moment:
	 * the payments of the ten minutes before activation, already listed when the trigger was
	 * activated, were all emitted. Now the records of that window dated up to the activation's local
	 * time are remembered without being emitted until the window has been read whole.
	 */
	test.each(['auto', 'once', 'everyPoll'])('DEFECT (%s): activated inside the repeated hour of Europe/Berlin, the records already listed at activation are not emitted', async (reRead) => {
		expect(await busyActivation({ zone: 'Europe/Berlin', start: '2026-10-25T00:10:00Z', reRead, backfillHours: 0 })).toEqual(CLEAN);
	}, 120_000);

	/**
	 * DEFECT (fails today). A baseline (or any catch-up) that emits nothing changes the state in
	 * memory only; n8n writes it only when a poll emits. When n8n restarts more often than the
	 * baseline takes (here 1,800 payments in the 30-minute overlap at activation, Max Gateway Calls
	 * 3, n8n restarted every 17 minutes, e.g. a container restarted by its orchestrator), every
	 * restart starts the baseline over, and the trigger never emits the payments that arrive after
	 * activation (silently). Without the restarts the same run passes.
	 */
	test.each([
		{ restartEvery: 0, mark: 'GUARD' },
		{ restartEvery: 17, mark: 'DEFECT' },
	])('$mark: a baseline of 1,800 payments with Max Gateway Calls 3 ends and the payments after activation come out (n8n restarted every $restartEvery minutes; 0: never)', async ({ restartEvery }) => {
		expect(await busyActivation({ zone: 'Asia/Shanghai', start: '2026-10-25T00:10:00Z', reRead: 'auto', backfillHours: 0, restartEvery, count: 1800, spacingMs: 1000 })).toEqual(CLEAN);
	}, 120_000);
});

describe('the 6 months the successful-payment list serves', () => {
	/**
	 * DEFECT (fails today). The API notes say the successful orders list serves "the last 6 months"
	 * [D-SO]; the trigger takes 183 days. From 1 March, 6 months back is 181 days, so a window
	 * reaching back to the trigger's oldest moment is refused (code 24): Fetch Test Event finds no
	 * payment in the last week and then fails instead of showing an older one, and a backfill of
	 * the longest allowed Include Events… (183 days) fails at activation.
	 */
	test('DEFECT: on 1 March, Fetch Test Event of New Successful Payment shows a 20-day-old payment', async () => {
		await bed.open(Date.parse('2026-03-01T06:00:00Z'));
		bed.sim.admin.addOrder({ payment_id: 'OLD', order_number: 'O-OLD', payment_dateTime: new Date(bed.clock - 20 * 24 * 3_600_000) });
		const sample = await bed.trigger({ event: 'newSuccessfulPayment' }).poll('manual');
		expect(sample.error?.message).toBeUndefined();
		expect(sample.items.map((item) => item.json.paymentId)).toEqual(['OLD']);
	});

	test('DEFECT: on 1 March, a backfill of 183 days × 24 hours (the field allows it) activates and emits the payment', async () => {
		await bed.open(Date.parse('2026-03-01T06:00:00Z'));
		bed.sim.admin.addOrder({ payment_id: 'OLD', order_number: 'O-OLD', payment_dateTime: new Date(bed.clock - 20 * 24 * 3_600_000) });
		const poll = await bed.trigger({ event: 'newSuccessfulPayment', options: { backfillHours: 24 * 183 } }).activate();
		expect(poll.error?.message).toBeUndefined();
		expect(poll.items.map((item) => item.json.paymentId)).toEqual(['OLD']);
	});

	test('GUARD: on 1 September (6 months back is 184 days) both work', async () => {
		await bed.open(Date.parse('2026-09-01T06:00:00Z'));
		bed.sim.admin.addOrder({ payment_id: 'OLD', order_number: 'O-OLD', payment_dateTime: new Date(bed.clock - 20 * 24 * 3_600_000) });
		expect((await bed.trigger({ event: 'newSuccessfulPayment' }).poll('manual')).items.map((item) => item.json.paymentId)).toEqual(['OLD']);
		expect((await bed.trigger({ event: 'newSuccessfulPayment', options: { backfillHours: 24 * 183 } }).activate()).items.map((item) => item.json.paymentId)).toEqual(['OLD']);
	});
});
