'use strict';
/**
 * A list of records kept sorted by (instant, payment_id, insertion sequence), so that a list
 * endpoint can answer one page in O(log n + page): binary search for the window bounds, then
 * slice the page. Adding one record in order is a push; out of order a binary insert (a native
 * memmove); a bulk add is pushed, then sorted once.
 *
 * Entries are { at, pid, seq, record }: `at` epoch ms, `pid` the payment id (compared by code
 * unit), `seq` the state-wide insertion sequence (unique, so every key is unique).
 */

function compare(a, b) {
	return a.at - b.at || (a.pid < b.pid ? -1 : a.pid > b.pid ? 1 : 0) || a.seq - b.seq;
}

class SortedIndex {
	constructor() {
		this.entries = [];
		this.unsorted = false;
	}

	get size() {
		return this.entries.length;
	}

	sortIfNeeded() {
		if (this.unsorted) {
			this.entries.sort(compare);
			this.unsorted = false;
		}
	}

	/** First position whose entry is not before `key` (a full key or { at } with pid/seq lowest). */
	lowerBound(key) {
		const { entries } = this;
		let lo = 0;
		let hi = entries.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (compare(entries[mid], key) < 0) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** First position whose instant is after `ms`. */
	upperAt(ms) {
		const { entries } = this;
		let lo = 0;
		let hi = entries.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (entries[mid].at <= ms) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** First position whose instant is at or after `ms`. */
	lowerAt(ms) {
		const { entries } = this;
		let lo = 0;
		let hi = entries.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (entries[mid].at < ms) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	add(entry) {
		const { entries } = this;
		const n = entries.length;
		if (this.unsorted || n === 0 || compare(entries[n - 1], entry) <= 0) entries.push(entry);
		else entries.splice(this.lowerBound(entry), 0, entry);
	}

	/** Many at once: pushed as they come, then sorted once (TimSort merges the sorted runs). */
	addMany(list) {
		const { entries } = this;
		const n = entries.length;
		for (const entry of list) entries.push(entry);
		let ordered = true;
		for (let i = Math.max(1, n); ordered && i < entries.length; i++) ordered = compare(entries[i - 1], entries[i]) <= 0;
		if (!ordered) entries.sort(compare);
	}

	/** Removes the entry with exactly this key; true when found. */
	remove(key) {
		this.sortIfNeeded();
		const index = this.lowerBound(key);
		const found = this.entries[index];
		if (found && compare(found, key) === 0) {
			this.entries.splice(index, 1);
			return true;
		}
		return false;
	}

	/** [start, end) of the entries whose instant lies in [from, to] (both inclusive). */
	window(from, to) {
		this.sortIfNeeded();
		const start = this.lowerAt(from);
		const end = Math.max(start, this.upperAt(to));
		return [start, end];
	}

	/** The records of positions [start, end). */
	records(start, end) {
		const out = [];
		for (let i = start; i < end; i++) out.push(this.entries[i].record);
		return out;
	}
}

/**
 * Records grouped by two keys (e.g. account, then order number), in insertion order. A group of
 * one is stored as the record itself (records are never arrays), to keep bulk adds light.
 */
class Groups {
	constructor() {
		this.map = new Map();
	}

	add(outer, inner, record) {
		let groups = this.map.get(outer);
		if (!groups) this.map.set(outer, (groups = new Map()));
		const group = groups.get(inner);
		if (group === undefined) groups.set(inner, record);
		else if (Array.isArray(group)) group.push(record);
		else groups.set(inner, [group, record]);
	}

	remove(outer, inner, record) {
		const groups = this.map.get(outer);
		const group = groups?.get(inner);
		if (group === record) groups.delete(inner);
		else if (Array.isArray(group)) {
			const left = group.filter((r) => r !== record);
			if (left.length) groups.set(inner, left);
			else groups.delete(inner);
		}
	}

	/** The group as a new array (empty when none). */
	get(outer, inner) {
		const group = this.map.get(outer)?.get(inner);
		return group === undefined ? [] : Array.isArray(group) ? [...group] : [group];
	}
}

module.exports = { SortedIndex, Groups, compareEntries: compare };
