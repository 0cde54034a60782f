/**
 * Dispute Reply Deadline: a dispute first listed inside its lead time, on a schedule with restarts
 * that bring back the state of the last emitting poll (n8n saves no state of polls that emit
 * nothing). The counterexample of the property in deadline.test.ts (seed -936146462), as a plain
 * example.
 */
import type { IDataObject } from 'n8n-workflow';

import { HOUR, MINUTE, Tally, Testbed } from '../helpers/trigger';

const START = Date.parse('2026-06-10T04:00:00Z');
const bed = new Testbed();
afterEach(() => bed.close());

/** Minutes since the previous poll, whether n8n restarts before it (and renames the node). */
const SCHEDULE: Array<[number, boolean, boolean]> = [
	[152, false, false], [222, false, false], [3, false, false], [145, false, false], [238, false, false],
	[32, false, false], [174, false, false], [6, false, false], [41, false, false], [4, false, false],
	[79, false, false], [220, false, false], [1, false, false], [96, true, true], [26, false, true],
	[87, true, true], [48, true, true], [236, false, false], [234, true, false], [2, true, false],
	[2, false, true], [202, false, true], [1, true, true], [239, false, false], [7, false, false],
	[2, true, false], [130, false, true], [8, true, false],
];

describe('Dispute Reply Deadline across restarts', () => {
	test('a dispute listed inside its lead time, in the very second of a poll after restarts that undid polls emitting nothing: the next poll fires it, once', async () => {
		await bed.open(START);
		// Four disputes whose deadlines passed at activation (no alarm), and one raised 25 hours
		// before its deadline, 69 hours after the start: listed 44 hours after the start, inside the lead.
		for (let n = 0; n < 5; n++) {
			if (n === 3) continue;
			bed.sim.admin.addDispute({ payment_id: `P${n}`, disputes_date: new Date(START - 24 * HOUR - n * MINUTE), reply_deadline: new Date(START) });
		}
		const deadline = START + 69 * HOUR;
		const raised = START + 44 * HOUR - 3 * MINUTE;
		let listed = false;
		const trigger = bed.trigger({ event: 'disputeReplyDeadline', secondLeadHours: 12, options: { maxCalls: 4 } });
		const tally = new Tally((item: { json: IDataObject }) => `${String(item.json.paymentId)}@${String(item.json.alarmHours)}`);
		const firedAt: Record<string, number> = {};
		const take = (items: Array<{ json: IDataObject }>) => {
			for (const id of tally.add(items)) firedAt[id] ??= bed.clock;
		};
		take((await trigger.activate()).items);
		let firstSeen: number | undefined;
		for (const [gap, restart, rename] of SCHEDULE) {
			bed.advance(gap);
			if (!listed && bed.clock >= raised) {
				listed = true;
				bed.sim.admin.addDispute({ payment_id: 'P3', disputes_date: new Date(raised), reply_deadline: new Date(deadline) });
			}
			if (restart) trigger.restart();
			if (rename) trigger.nodeName = trigger.nodeName === 'A' ? 'B' : 'A';
			const poll = await trigger.poll();
			expect(poll.error).toBeUndefined();
			expect(poll.calls).toBeLessThanOrEqual(4);
			if (listed) firstSeen ??= bed.clock;
			take(poll.items);
		}
		// The last poll ran in the very second P3 was raised and listed. A poll reads up to the last
		// second that is over (a record of the current second may still be listed after it), so no
		// poll at that second sees P3, however often it is repeated.
		expect(firstSeen).toBe(raised);
		for (let again = 0; again < 3; again++) take((await trigger.poll()).items);
		expect(Object.fromEntries(tally.counts)).toEqual({});
		// The first poll after that second fires the 48-hour alarm (the 12-hour one is not due yet), once.
		bed.advance(1);
		take((await trigger.poll()).items);
		expect(Object.fromEntries(tally.counts)).toEqual({ 'P3@48': 1 });
		expect(firedAt['P3@48']).toBe(raised + MINUTE);
		for (let again = 0; again < 3; again++) {
			bed.advance(1);
			if (again === 1) trigger.restart();
			take((await trigger.poll()).items);
		}
		expect(Object.fromEntries(tally.counts)).toEqual({ 'P3@48': 1 });
	});

	test('a dispute listed inside its lead time fires at the next poll also when that poll begins a pass over the 30 days that takes several polls, whatever restarts bring back', async () => {
		await bed.open(START);
		// 130 disputes over 26 days with deadlines far off: a pass reads 13 pages, over several polls of 4 calls.
		for (let n = 0; n < 130; n++) bed.sim.admin.addDispute({ payment_id: `B${n}`, disputes_date: new Date(START - (1 + n / 5) * 24 * HOUR), reply_deadline: new Date(START + 20 * 24 * HOUR) });
		const trigger = bed.trigger({ event: 'disputeReplyDeadline', options: { maxCalls: 4 } });
		const tally = new Tally();
		tally.add((await trigger.activate()).items);
		for (let poll = 1; trigger.state().passAt !== undefined; poll++) {
			expect(poll).toBeLessThan(20);
			bed.advance(10);
			const outcome = await trigger.poll();
			expect(outcome.calls).toBeLessThanOrEqual(4);
			tally.add(outcome.items);
		}
		expect(tally.wrong([])).toEqual([]);
		// The pass has just ended: the next poll begins a new one. A dispute is raised and listed, due in 20 hours.
		bed.advance(5);
		bed.sim.admin.addDispute({ payment_id: 'NEW', disputes_date: new Date(bed.clock), reply_deadline: new Date(bed.clock + 20 * HOUR) });
		bed.advance(5);
		const next = await trigger.poll();
		expect(next.calls).toBeLessThanOrEqual(4);
		expect(trigger.state().passAt).toBeDefined();
		expect(next.items.map((item) => `${String(item.json.paymentId)}@${String(item.json.alarmHours)}`)).toEqual(['NEW@48']);
		// n8n restarts: the state saved with that alarm comes back; no second alarm.
		for (let poll = 0; poll < 10; poll++) {
			bed.advance(10);
			if (poll % 3 === 0) trigger.restart();
			tally.add((await trigger.poll()).items);
		}
		expect(tally.wrong([])).toEqual([]);
	});
});
