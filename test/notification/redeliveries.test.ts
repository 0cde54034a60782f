/**
 * The process memory of accepted notifications: bounded in entries and in time, pending until
 * n8n answered, forgotten when it did not answer 2xx.
 */
import { RecentDeliveries, recentDeliveries, DEFAULT_LIMITS } from '../../nodes/Oceanpayment/notification/redeliveries';

const HOUR = 60 * 60 * 1000;

describe('RecentDeliveries', () => {
	it('claims a key once; a second claim fails while the first is pending or answered', () => {
		const memory = new RecentDeliveries({ maxEntries: 10, keepMs: 72 * HOUR, pendingMs: 10 * 60 * 1000 });
		expect(memory.claim('a', 0)).toBe(true);
		expect(memory.claim('a', 1000)).toBe(false);
		memory.answered('a', 2000);
		expect(memory.claim('a', 71 * HOUR)).toBe(false);
		expect(memory.claim('a', 72 * HOUR + 2000)).toBe(true);
	});

	it('lets a redelivery through when the first delivery was never answered (pending expires) or failed', () => {
		const memory = new RecentDeliveries({ maxEntries: 10, keepMs: 72 * HOUR, pendingMs: 600_000 });
		expect(memory.claim('pending', 0)).toBe(true);
		expect(memory.claim('pending', 599_999)).toBe(false);
		expect(memory.claim('pending', 600_000)).toBe(true);
		expect(memory.claim('failed', 0)).toBe(true);
		memory.forget('failed');
		expect(memory.claim('failed', 1)).toBe(true);
	});

	it('tells a pending claim (first delivery still being handled) from an answered one', () => {
		const memory = new RecentDeliveries({ maxEntries: 10, keepMs: HOUR, pendingMs: 600_000 });
		expect(memory.pending('a', 0)).toBe(false);
		memory.claim('a', 0);
		expect(memory.pending('a', 1)).toBe(true);
		expect(memory.pending('a', 600_000)).toBe(false);
		memory.claim('b', 0);
		memory.answered('b', 1);
		expect(memory.pending('b', 2)).toBe(false);
	});

	it('keeps at most maxEntries, forgetting the oldest first', () => {
		const memory = new RecentDeliveries({ maxEntries: 3, keepMs: HOUR, pendingMs: HOUR });
		for (const key of ['1', '2', '3', '4']) memory.claim(key, 0);
		expect(memory.size).toBe(3);
		expect(memory.claim('1', 1)).toBe(true);
		expect(memory.claim('4', 1)).toBe(false);
	});

	it('forgets expired entries as new ones come in', () => {
		const memory = new RecentDeliveries({ maxEntries: 100, keepMs: HOUR, pendingMs: HOUR });
		for (let i = 0; i < 50; i++) memory.claim(`old-${i}`, 0);
		memory.claim('new', 2 * HOUR);
		expect(memory.size).toBe(1);
	});

	it('the shared memory of the process is bounded: 20,000 entries, 72 hours', () => {
		expect(DEFAULT_LIMITS).toEqual({ maxEntries: 20_000, keepMs: 72 * HOUR, pendingMs: 10 * 60 * 1000 });
		expect(recentDeliveries).toBeInstanceOf(RecentDeliveries);
	});
});
