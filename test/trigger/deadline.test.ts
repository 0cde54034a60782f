/**
 * Dispute Reply Deadline through n8n-core's real PollContext against the simulator, with the
 * bed.clock under test control: alarms at the lead times, once each, across renames and restarts,
 * never for deadlines passed at activation, within the call budget.
 */
import { fc, test } from '@fast-check/jest';
import type { IDataObject } from 'n8n-workflow';

import { HOUR, MINUTE, Tally, Testbed } from '../helpers/trigger';

const START = Date.parse('2026-06-10T04:00:00Z');
const DAY = 24 * HOUR;
const bed = new Testbed();
const gateway = () => bed.open(START);
afterEach(() => bed.close());

/** A Klarna dispute raised `ageDays` ago whose reply deadline is `dueIn` ms from now. */
function dispute(id: string, dueIn: number, ageDays = 2, extra: IDataObject = {}) {
	return bed.sim.admin.addDispute({ payment_id: id, order_number: `O-${id}`, order_amount: '49.90', push_details: 'goods_not_received', disputes_date: new Date(bed.clock - ageDays * DAY), reply_deadline: new Date(bed.clock + dueIn), ...extra });
}

const alarm = (items: Array<{ json: IDataObject }>) => items.map((item) => `${String(item.json.paymentId)}@${String(item.json.alarmHours)}`);

describe('Dispute Reply Deadline', () => {
	test('an alarm 48 hours before the deadline and one 6 hours before, once each, across a rename and a restart', async () => {
		await gateway();
		dispute('D1', 50 * HOUR);
		const trigger = bed.trigger({ event: 'disputeReplyDeadline', secondLeadHours: 6 });
		expect((await trigger.activate()).items).toEqual([]);
		const tally = new Tally((item) => `${String(item.json.paymentId)}@${String(item.json.alarmHours)}`);
		const firedAt: Record<string, number> = {};
		for (let minute = 1; minute <= 50 * 60 + 30; minute += 5) {
			bed.advance(5);
			if (minute === 3 * 60) trigger.nodeName = 'Deadlines (renamed)';
			// n8n restarts now and then: the state comes back from its last emitting poll.
			if (minute % (7 * 60) === 0) trigger.restart();
			const poll = await trigger.poll();
			expect(poll.error).toBeUndefined();
			expect(poll.calls).toBe(1);
			for (const id of tally.add(poll.items)) firedAt[id] = bed.clock;
		}
		expect(Object.fromEntries(tally.counts)).toEqual({ 'D1@48': 1, 'D1@6': 1 });
		// Each at the first poll past its lead time (polls every 5 minutes).
		expect(firedAt['D1@48'] - (START + 2 * HOUR)).toBeGreaterThanOrEqual(0);
		expect(firedAt['D1@48'] - (START + 2 * HOUR)).toBeLessThan(5 * MINUTE);
		expect(firedAt['D1@6'] - (START + 44 * HOUR)).toBeGreaterThanOrEqual(0);
		expect(firedAt['D1@6'] - (START + 44 * HOUR)).toBeLessThan(5 * MINUTE);
	});

	test('the item: the dispute, replyDeadline as ISO with the gateway offset, hoursLeft, alarmHours; raw fields when Simplify is off', async () => {
		await gateway();
		const trigger = bed.trigger({ event: 'disputeReplyDeadline' });
		await trigger.activate();
		dispute('D2', 30 * HOUR + 30 * MINUTE, 3, { reply_deadline: '2026-06-11 18:30:00' });
		bed.advance(1);
		const [item] = (await trigger.poll()).items;
		expect(item.json).toMatchObject({
			event: 'disputeReplyDeadline',
			paymentId: 'D2',
			orderNumber: 'O-D2',
			amount: '49.90',
			currency: 'EUR',
			reason: 'goods_not_received',
			replyDeadline: '2026-06-11T18:30:00.000+08:00',
			replyDeadlineRaw: '2026-06-11 18:30:00.0',
			hoursLeft: 30.4,
			alarmHours: 48,
		});
		const raw = bed.trigger({ event: 'disputeReplyDeadline', simplify: false });
		await raw.activate().then((poll) => expect(poll.items.map((i) => i.json)).toEqual([expect.objectContaining({ payment_id: 'D2', reply_deadline: '2026-06-11 18:30:00.0', replyDeadline: '2026-06-11T18:30:00.000+08:00', hoursLeft: 30.4 })]));
	});

	test('never for a deadline already passed at activation; at once for one within the lead time; late, with negative hours left, for one that passed while n8n was stopped', async () => {
		await gateway();
		dispute('PASSED', -1 * HOUR, 10);
		dispute('SOON', 5 * HOUR);
		dispute('LATER', 20 * HOUR + 2 * DAY);
		const trigger = bed.trigger({ event: 'disputeReplyDeadline', secondLeadHours: 6 });
		// The activation poll fires for SOON at the second lead time (both are due: one alarm).
		expect(alarm((await trigger.activate()).items)).toEqual(['SOON@6']);
		// n8n is stopped for three days: LATER's alarms fall due and its deadline passes.
		bed.advance(3 * 24 * 60);
		const poll = await trigger.poll();
		expect(alarm(poll.items)).toEqual(['LATER@6']);
		expect(Number(poll.items[0].json.hoursLeft)).toBeLessThan(0);
		bed.advance(10);
		expect((await trigger.poll()).items).toEqual([]);
	});

	test('a dispute listed late, 12 days after it was raised, fires when its deadline comes near', async () => {
		await gateway();
		const trigger = bed.trigger({ event: 'disputeReplyDeadline' });
		await trigger.activate();
		bed.advance(60);
		dispute('LATE', 60 * HOUR, 12);
		const fired: string[] = [];
		for (let hour = 1; hour <= 14; hour++) {
			bed.advance(60);
			fired.push(...alarm((await trigger.poll()).items));
			if (hour === 11) expect(fired).toEqual([]);
		}
		expect(fired).toEqual(['LATE@48']);
	});

	test('a deadline that moves later: the alarms follow it, once each', async () => {
		await gateway();
		const raised = new Date(bed.clock - 2 * DAY);
		const list = (dueAt: number) => bed.sim.admin.addDispute({ payment_id: 'MOVE', order_number: 'O-MOVE', disputes_date: raised, reply_deadline: new Date(dueAt) });
		list(bed.clock + 40 * HOUR);
		const trigger = bed.trigger({ event: 'disputeReplyDeadline', secondLeadHours: 6 });
		expect(alarm((await trigger.activate()).items)).toEqual(['MOVE@48']);
		// The gateway extends the deadline by 3 days (the same dispute, listed with the new deadline).
		bed.sim.admin.reset();
		const extended = bed.clock + 40 * HOUR + 3 * DAY;
		list(extended);
		const fired: Array<[string, number]> = [];
		for (let hour = 1; hour <= 5 * 24; hour++) {
			bed.advance(60);
			for (const id of alarm((await trigger.poll()).items)) fired.push([id, bed.clock]);
		}
		// No second 48-hour alarm; the 6-hour one at the new deadline, not the old.
		expect(fired.map(([id]) => id)).toEqual(['MOVE@6']);
		expect(extended - fired[0][1]).toBeLessThanOrEqual(6 * HOUR);
		expect(extended - fired[0][1]).toBeGreaterThan(5 * HOUR);
	});

	test('130 disputes and a budget of 4 calls: a pass over the 30 days takes several polls within the budget, every alarm once', async () => {
		await gateway();
		for (let n = 0; n < 130; n++) dispute(`B${n}`, (47 + (n % 5)) * HOUR + n * MINUTE, 1 + (n % 25));
		const trigger = bed.trigger({ event: 'disputeReplyDeadline', options: { maxCalls: 4 } });
		const tally = new Tally();
		for (let poll = 0; poll < 6 * 60; poll++) {
			const outcome = poll === 0 ? await trigger.activate() : await trigger.poll();
			expect(outcome.error).toBeUndefined();
			expect(outcome.calls).toBeLessThanOrEqual(4);
			tally.add(outcome.items);
			bed.advance(1);
		}
		expect(tally.wrong(Array.from({ length: 130 }, (_, n) => `B${n}`))).toEqual([]);
	}, 60_000);

	test('Dispute Type filters the list; a second alarm not below the first is refused naming the field before any call', async () => {
		await gateway();
		dispute('OPEN', 10 * HOUR, 2, { notice_type: 'dispute' });
		dispute('PERIOD', 10 * HOUR, 2, { notice_type: 'disputes-period' });
		const open = bed.trigger({ event: 'disputeReplyDeadline', disputeType: 'dispute' });
		const poll = await open.activate();
		expect(alarm(poll.items)).toEqual(['OPEN@48']);
		expect(poll.log.every((entry) => entry.fields.notice_type === 'dispute')).toBe(true);
		const refused = await bed.trigger({ event: 'disputeReplyDeadline', leadHours: '={{ 24 }}', secondLeadHours: 24 }).poll();
		expect(refused.error?.message).toBe('Second Alarm (Hours Before Deadline): 24 is not less than Alarm (Hours Before Deadline), 24');
		expect(refused.calls).toBe(0);
	});

	test('Fetch Test Event shows the next deadlines and leaves the state alone', async () => {
		await gateway();
		dispute('FAR', 9 * DAY);
		dispute('NEAR', 3 * DAY);
		dispute('GONE', -2 * HOUR, 5);
		const trigger = bed.trigger({ event: 'disputeReplyDeadline' });
		await trigger.activate();
		const saved = JSON.stringify(trigger.memory);
		const manual = await trigger.poll('manual');
		expect(manual.items.map((item) => item.json.paymentId)).toEqual(['NEAR', 'FAR']);
		expect(JSON.stringify(trigger.memory)).toBe(saved);
	});
});

describe('Dispute Reply Deadline, as a property', () => {
	const disputes = fc.array(
		fc.record({
			/** Hours from the start to the deadline (some before it). */
			dueHours: fc.integer({ min: -48, max: 72 }),
			/** Hours before the deadline it was raised, and hours after the start it is listed. */
			raisedHoursBefore: fc.integer({ min: 24, max: 14 * 24 }),
			listedAfterHours: fc.integer({ min: 0, max: 40 }),
		}),
		{ minLength: 1, maxLength: 25 },
	);
	const polls = fc.array(fc.record({ gapMinutes: fc.integer({ min: 1, max: 240 }), restart: fc.boolean(), rename: fc.boolean() }), { minLength: 10, maxLength: 60 });

	test.prop([disputes, polls, fc.integer({ min: 1, max: 6 }), fc.constantFrom(0, 6, 12)], { numRuns: 30 })(
		'each alarm at most once, none for a deadline passed at activation, and every alarm due while polling comes out; within the budget',
		async (cases, schedule, maxCalls, secondLeadHours) => {
			await gateway();
			try {
				const trigger = bed.trigger({ event: 'disputeReplyDeadline', secondLeadHours, options: { maxCalls } });
				const tally = new Tally((item) => `${String(item.json.paymentId)}@${String(item.json.alarmHours)}`);
				const pending = cases.map((c, n) => {
					// Raised minutes apart (no minute holds more than a page), listed once raised.
					const raised = START + (c.dueHours - c.raisedHoursBefore) * HOUR - n * MINUTE;
					return { ...c, id: `P${n}`, raised, listAt: Math.max(raised, START + c.listedAfterHours * HOUR), listed: false };
				});
				const list = () => {
					for (const c of pending.filter((p) => !p.listed && p.listAt <= bed.clock)) {
						c.listed = true;
						bed.sim.admin.addDispute({ payment_id: c.id, disputes_date: new Date(c.raised), reply_deadline: new Date(START + c.dueHours * HOUR) });
					}
				};
				list();
				tally.add((await trigger.activate()).items);
				for (const { gapMinutes, restart, rename } of schedule) {
					bed.advance(gapMinutes);
					list();
					if (restart) trigger.restart();
					if (rename) trigger.nodeName = trigger.nodeName === 'A' ? 'B' : 'A';
					const poll = await trigger.poll();
					expect(poll.error).toBeUndefined();
					// Over the budget only to move at all: then it asked shorter and shorter windows from one
					// begin until one fitted, and read only that one.
					if (poll.calls > maxCalls) {
						const asked = poll.log.map((entry) => ({ begin: String(entry.fields.order_beginDate), end: String(entry.fields.order_endDate), page: String(entry.fields.pages ?? '1') }));
						const last = asked[asked.length - 1];
						const attempts = asked.filter((entry) => entry.end !== last.end);
						expect(asked.every((entry) => entry.begin === last.begin)).toBe(true);
						expect(attempts.every((entry, i) => entry.page === '1' && entry.end > (attempts[i + 1] ?? last).end)).toBe(true);
					}
					tally.add(poll.items);
				}
				// Catch up the last pass without time passing (a pass may take several polls).
				for (let extra = 0; extra < 10; extra++) tally.add((await trigger.poll()).items);
				for (const c of pending) {
					const deadline = START + c.dueHours * HOUR;
					const fired = [48, secondLeadHours].filter((lead) => lead > 0 && (tally.counts.get(`${c.id}@${lead}`) ?? 0) > 0);
					for (const lead of [48, secondLeadHours]) expect(tally.counts.get(`${c.id}@${lead}`) ?? 0).toBeLessThanOrEqual(1);
					// Passed at activation (or never listed in time): no alarm.
					if (deadline <= START || !c.listed) expect(fired).toEqual([]);
					// Listed before the second of the last poll (a poll reads up to the last second that is over)
					// and due by then: the most urgent alarm due has come out.
					else if (bed.clock >= deadline - 48 * HOUR && c.listed && c.listAt < bed.clock) {
						const mostUrgent = secondLeadHours > 0 && bed.clock >= deadline - secondLeadHours * HOUR ? secondLeadHours : 48;
						expect(fired).toContain(mostUrgent);
					} else expect(fired).toEqual([]);
				}
			} finally {
				await bed.close();
			}
		},
		120_000,
	);
});
