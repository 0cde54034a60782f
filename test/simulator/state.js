'use strict';
/**
 * The simulator's world: merchants, payments, refunds, disputes and business events.
 *
 * Every time is stored as an instant (epoch milliseconds, whole seconds) and rendered as
 * 'yyyy-MM-dd HH:mm:ss' in the gateway time zone only when it leaves the simulator (XML answers
 * and admin views). Gateway text received from a client is read in the same zone.
 *
 * Nothing here knows about HTTP: operations return `{ ok: true, ... }` or a business rejection
 * `{ code, message }`, and index.js turns them into the endpoint's answer.
 */
const { DateTime } = require('luxon');

const { SortedIndex, Groups, compareEntries } = require('./sorted-index');
const { decimalsOf, minorUnits, storedMinorUnits, formatMinor } = require('./money');

const GATEWAY_FORMAT = 'yyyy-MM-dd HH:mm:ss';
const GATEWAY_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const OFFLINE_WALLETS = ['WeChatPay', 'Alipay'];
const CUSTOMS_METHODS = ['WeChatPay', 'Alipay', 'UnionPay'];
/** Fields of stored records that hold instants (rendered as gateway text in views). */
const TIME_FIELDS = ['payment_dateTime', 'payment_debitTime', 'payment_cpdTime', 'review_dateTime', 'disputes_date', 'refund_dateTime'];
/** Business events: the instant each BusinessOrdersList `date_type` filters on. */
const EVENT_DATE_FIELDS = ['review_dateTime', 'payment_dateTime', 'payment_cpdTime'];
const HOUR = 3600000;
const CACHE_LIMIT = 100000;
const pad = (value, width = 2) => String(value).padStart(width, '0');

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const text = (value, fallback = '') => (value === undefined || value === null ? fallback : String(value));

/** Amount text with at most 2 decimals → integer cents; NaN for anything else (no sign, no exponent). */
const cents = (value) => minorUnits(value, 2);

/** Minor units → amount text with `decimals` decimals (default 2). */
const money = (value, decimals = 2) => formatMinor(value, decimals);

class SimulatorState {
	/**
	 * @param {object} seed { merchants, orders, disputes, businessEvents }
	 * @param {{ timeZone: string, now: () => Date }} options
	 */
	constructor(seed, { timeZone, now }) {
		if (!DateTime.now().setZone(timeZone).isValid) throw new Error(`simulator: unknown time zone "${timeZone}"`);
		this.timeZone = timeZone;
		this.nowFn = now;
		this.seed = clone(seed ?? {});
		// Time caches (see parseGatewayText and render): local hour text → instant of its start,
		// UTC hour number → zone offset in minutes; null where luxon must decide each time.
		this.hourStarts = new Map();
		this.hourOffsets = new Map();
		this.reset();
	}

	reset() {
		this.merchants = [];
		this.orders = [];
		this.refunds = [];
		this.disputes = [];
		this.events = [];
		this.sequence = 0;
		/** While on, refunds made are not yet seen by the refund query (setRefundQueryLag). */
		this.refundQueryLag = false;
		// Insertion order of orders, events and disputes (the last sort key of every list).
		this.insertSeq = 0;
		this.ordersById = new Map();
		// Every index is per book (bookOf: one terminal's records; the main terminal's is the account).
		/** book, order_number → that order number's payments, in insertion order. */
		this.ordersByNumber = new Groups();
		/** book → SortedIndex of its successful payments by payment_dateTime. */
		this.successIndex = new Map();
		/** book → [SortedIndex by review_dateTime, by payment_dateTime, by payment_cpdTime]. */
		this.eventIndex = new Map();
		/** book → { all, notice_type: Map(type → index) }: SortedIndex by disputes_date. */
		this.disputeIndex = new Map();
		/** book, payment_id / order_number → disputes (small groups, sorted when asked). */
		this.disputesByPayment = new Groups();
		this.disputesByNumber = new Groups();
		for (const merchant of this.seed.merchants ?? []) this.addMerchant(merchant);
		for (const order of this.seed.orders ?? []) this.addOrder(order);
		for (const dispute of this.seed.disputes ?? []) this.addDispute(dispute);
		for (const event of this.seed.businessEvents ?? []) this.addBusinessEvent(event);
	}

	// ---- time -----------------------------------------------------------------------------

	nowMs() {
		const now = this.nowFn();
		const ms = now instanceof Date ? now.getTime() : Number(now);
		return Math.floor(ms / 1000) * 1000;
	}

	/** The current time as a luxon DateTime in the gateway zone. */
	now() {
		return DateTime.fromMillis(this.nowMs(), { zone: this.timeZone });
	}

	/**
	 * Strict reading of gateway text 'yyyy-MM-dd HH:mm:ss' in the gateway zone; NaN when invalid.
	 * The instant of each local hour is asked of luxon once and cached; hours within 2 hours of a
	 * zone offset change (DST) are always read by luxon itself (parseSlow).
	 */
	parseGatewayText(value) {
		const raw = text(value);
		const match = GATEWAY_TEXT.exec(raw);
		if (!match) return NaN;
		const key = raw.slice(0, 13);
		let base = this.hourStarts.get(key);
		if (base === undefined) {
			base = this.hourStart(key, match);
			if (this.hourStarts.size >= CACHE_LIMIT) this.hourStarts.clear();
			this.hourStarts.set(key, base);
		}
		if (base === null) return this.parseSlow(raw, match);
		const minute = Number(match[5]);
		const second = Number(match[6]);
		if (Number.isNaN(base) || minute > 59 || second > 59) return NaN;
		return base + minute * 60000 + second * 1000;
	}

	/** The instant a local hour starts; NaN for an impossible date; null near an offset change. */
	hourStart(key, match) {
		const [year, month, day, hour] = match.slice(1, 5).map(Number);
		const start = DateTime.fromObject({ year, month, day, hour, minute: 0, second: 0 }, { zone: this.timeZone });
		if (!start.isValid) return NaN;
		if (start.toFormat('yyyy-MM-dd HH') !== key) return null;
		const ms = start.toMillis();
		for (const hours of [-2, -1, 1, 2]) {
			if (DateTime.fromMillis(ms + hours * HOUR, { zone: this.timeZone }).offset !== start.offset) return null;
		}
		return ms;
	}

	parseSlow(raw, match) {
		const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
		const parsed = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: this.timeZone });
		if (!parsed.isValid) return NaN;
		// luxon normalises impossible wall times (e.g. inside a DST gap); refuse those.
		if (parsed.toFormat(GATEWAY_FORMAT) !== raw) return NaN;
		return parsed.toMillis();
	}

	/**
	 * Admin input → instant (ms) or null when empty. Accepts a Date, epoch ms, gateway text
	 * (read in the gateway zone, an optional '.0' fraction is dropped) or an ISO string (an ISO
	 * string without an offset is read in the gateway zone too).
	 */
	toInstant(value, name = 'time') {
		if (value === undefined || value === null || value === '') return null;
		let ms;
		if (value instanceof Date) ms = value.getTime();
		else if (typeof value === 'number') ms = value;
		else {
			const raw = String(value).trim();
			const gateway = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(raw);
			if (gateway) ms = this.parseGatewayText(gateway[1]);
			else {
				const parsed = DateTime.fromISO(raw, { zone: this.timeZone });
				ms = parsed.isValid ? parsed.toMillis() : NaN;
			}
		}
		if (!Number.isFinite(ms)) throw new Error(`simulator: unreadable ${name} "${value}"`);
		return Math.floor(ms / 1000) * 1000;
	}

	/** The zone offset (minutes) of the UTC hour of `ms`, cached; null when it changes in that hour. */
	offsetAt(ms) {
		const hour = Math.floor(ms / HOUR);
		let offset = this.hourOffsets.get(hour);
		if (offset === undefined) {
			const first = DateTime.fromMillis(hour * HOUR, { zone: this.timeZone }).offset;
			const last = DateTime.fromMillis(hour * HOUR + HOUR - 1, { zone: this.timeZone }).offset;
			offset = first === last && Number.isInteger(first) ? first : null;
			if (this.hourOffsets.size >= CACHE_LIMIT) this.hourOffsets.clear();
			this.hourOffsets.set(hour, offset);
		}
		return offset;
	}

	/** Instant → gateway text ('' for null); luxon formats only in hours where the offset changes. */
	render(ms) {
		if (ms === null || ms === undefined || ms === '') return '';
		const offset = Number.isFinite(ms) ? this.offsetAt(ms) : null;
		if (offset === null) return DateTime.fromMillis(ms, { zone: this.timeZone }).toFormat(GATEWAY_FORMAT);
		const d = new Date(ms + offset * 60000);
		return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
	}

	/** 'yyMMddHHmmss' of now in the gateway zone (the prefix of generated ids). */
	idStamp() {
		const ms = this.nowMs();
		if (ms !== this.stampMs) {
			const now = this.render(ms);
			this.stamp = now.slice(2, 4) + now.slice(5, 7) + now.slice(8, 10) + now.slice(11, 13) + now.slice(14, 16) + now.slice(17, 19);
			this.stampMs = ms;
		}
		return this.stamp;
	}

	/** A stored record as the outside world sees it: deep copy, instants as gateway text. */
	view(record) {
		if (!record) return undefined;
		const copy = clone(record);
		delete copy.seq; // internal insertion order
		delete copy.hiddenFromQuery; // internal (setRefundQueryLag)
		delete copy.book; // internal (the terminal whose records it is)
		for (const field of TIME_FIELDS) if (field in copy) copy[field] = this.render(copy[field]);
		if ('reply_deadline' in copy) copy.reply_deadline = copy.reply_deadline === null ? '' : `${this.render(copy.reply_deadline)}.0`;
		return copy;
	}

	// ---- identifiers ----------------------------------------------------------------------

	/** 21-digit payment id: gateway-local yyMMddHHmmss + a 9-digit sequence. */
	nextPaymentId() {
		this.sequence += 1;
		return `${this.idStamp()}${String(this.sequence).padStart(9, '0')}`;
	}

	/** Refund id: digits only, 18 long (yyMMddHHmmss + 6-digit sequence), distinct from payment ids. */
	nextRefundId() {
		this.sequence += 1;
		return `${this.idStamp()}${String(this.sequence).padStart(6, '0')}`;
	}

	// ---- merchants ------------------------------------------------------------------------

	addMerchant(merchant) {
		for (const name of ['account', 'terminal', 'secureCode']) {
			if (!merchant || !text(merchant[name])) throw new Error(`simulator: a merchant needs ${name}`);
		}
		const stored = {
			account: text(merchant.account),
			terminal: text(merchant.terminal),
			secureCode: text(merchant.secureCode),
			site: text(merchant.site),
			publicKey: text(merchant.publicKey),
		};
		this.merchants = this.merchants.filter((m) => !(m.account === stored.account && m.terminal === stored.terminal));
		this.merchants.push(stored);
		return { ...clone(stored), secureCode: '[redacted]' };
	}

	/** { merchant } or { code: '02' } (unknown account) / { code: '03' } (terminal not of that account). */
	findMerchant(account, terminal) {
		const ofAccount = this.merchants.filter((m) => m.account === account);
		if (ofAccount.length === 0) return { code: '02', message: 'Invalid account' };
		const merchant = ofAccount.find((m) => m.terminal === terminal);
		if (!merchant) return { code: '03', message: 'Invalid terminal' };
		return { merchant };
	}

	defaultAccount() {
		return this.merchants[0]?.account ?? '';
	}

	/** An account's main terminal: its first one (records that name no terminal belong to it). */
	homeTerminal(account) {
		return this.merchants.find((m) => m.account === account)?.terminal ?? '';
	}

	/**
	 * The book of an account's terminal: the records that terminal sees (payments, refunds, events,
	 * disputes). Each terminal has its own (issue 29: a 3-D Secure terminal's orders are not the
	 * main terminal's). The main terminal's book is the account itself, so a merchant with one
	 * terminal is keyed exactly as before.
	 */
	bookOf(account, terminal) {
		const named = text(terminal);
		return !named || named === this.homeTerminal(account) ? account : `${account}/${named}`;
	}

	// ---- orders ---------------------------------------------------------------------------

	/** A stored payment from admin input (nothing recorded yet; a payment id may be generated). */
	buildOrder(order = {}) {
		if (!order || typeof order !== 'object') throw new Error('simulator: an order must be an object');
		const preauth = Boolean(order.preauth) || ['pre-auth', 'preauth', 'pre'].includes(text(order.auth_type).toLowerCase());
		const paymentResults = text(order.payment_results, '1');
		const defaultDetails = { 1: '00000:Approved', 0: '89999:Declined', '-1': '00000:Pending' }[paymentResults] ?? '';
		const account = text(order.account, this.defaultAccount());
		return {
			account,
			terminal: text(order.terminal),
			book: this.bookOf(account, text(order.terminal)),
			order_number: text(order.order_number) || `ORDER-${this.sequence + 1}`,
			payment_id: text(order.payment_id) || this.nextPaymentId(),
			order_currency: text(order.order_currency, 'USD'),
			order_amount: text(order.order_amount, '10.00'),
			order_sourceUrl: text(order.order_sourceUrl, 'https://shop.example.com'),
			order_notes: text(order.order_notes),
			methods: text(order.methods, 'Credit Card'),
			card_type: text(order.card_type, text(order.methods, 'Credit Card') === 'Credit Card' ? 'VISA' : ''),
			card_country: text(order.card_country, 'US'),
			payment_results: paymentResults,
			payment_details: text(order.payment_details, defaultDetails),
			payment_risk: text(order.payment_risk, 'Smart=0.0'),
			payment_authCode: text(order.payment_authCode),
			payment_eci: text(order.payment_eci),
			pay_barCode: text(order.pay_barCode),
			payment_dateTime: this.toInstant(order.payment_dateTime, 'payment_dateTime') ?? this.nowMs(),
			payment_debitTime: this.toInstant(order.payment_debitTime, 'payment_debitTime'),
			auth_type: preauth ? 'pre-auth' : 'sale',
			auth_status: text(order.auth_status, preauth && paymentResults === '1' ? '1' : '0'),
			captured_amount: '',
			refund_status: text(order.refund_status, '0'),
			refunded_cents: 0,
			refunds: [],
			chargeBack_status: text(order.chargeBack_status, '0'),
			duplicate_status: text(order.duplicate_status, '0'),
			update_status: text(order.update_status, '0'),
			networkToken: { create_status: text(order.networkToken?.create_status, '0'), recurring_type: text(order.networkToken?.recurring_type) },
			reversed: false,
			tracking: null,
			customs: null,
		};
	}

	/** The index key of a stored record for a given instant. */
	static entry(record, at) {
		return { at, pid: record.payment_id, seq: record.seq, record };
	}

	/** Records a built payment; a payment id is unique, so an earlier one with it is replaced. */
	commitOrder(stored, { index = true } = {}) {
		const earlier = this.ordersById.get(stored.payment_id);
		if (earlier) this.forgetOrder(earlier);
		stored.seq = ++this.insertSeq;
		this.orders.push(stored);
		this.ordersById.set(stored.payment_id, stored);
		this.ordersByNumber.add(stored.book, stored.order_number, stored);
		if (index && stored.payment_results === '1') this.successIndexOf(stored.book).add(SimulatorState.entry(stored, stored.payment_dateTime));
	}

	/** Removes a payment from every collection and index (a replacement; rare, O(n)). */
	forgetOrder(order) {
		const at = this.orders.indexOf(order);
		if (at >= 0) this.orders.splice(at, 1);
		if (this.ordersById.get(order.payment_id) === order) this.ordersById.delete(order.payment_id);
		this.ordersByNumber.remove(order.book, order.order_number, order);
		this.successIndex.get(order.book)?.remove(SimulatorState.entry(order, order.payment_dateTime));
	}

	successIndexOf(book) {
		let index = this.successIndex.get(book);
		if (!index) this.successIndex.set(book, (index = new SortedIndex()));
		return index;
	}

	addOrder(order = {}) {
		const stored = this.buildOrder(order);
		this.commitOrder(stored);
		return this.view(stored);
	}

	/** Many payments at once (all read before any is recorded); { added, payment_ids }. */
	addOrders(orders) {
		if (!Array.isArray(orders)) throw new Error('simulator: addOrders takes an array of orders');
		const built = orders.map((order) => this.buildOrder(order));
		for (const stored of built) this.commitOrder(stored, { index: false });
		const pending = new Map();
		for (const stored of built) {
			// Only the payments still current (a later one in the batch may have replaced one).
			if (stored.payment_results !== '1' || this.ordersById.get(stored.payment_id) !== stored) continue;
			if (!pending.has(stored.book)) pending.set(stored.book, []);
			pending.get(stored.book).push(SimulatorState.entry(stored, stored.payment_dateTime));
		}
		for (const [book, entries] of pending) this.successIndexOf(book).addMany(entries);
		return { added: built.length, payment_ids: built.map((stored) => stored.payment_id) };
	}

	/** Sets payment_results, keeping the successful-payments index in step. */
	setPaymentResults(order, results) {
		const was = order.payment_results === '1';
		order.payment_results = results;
		const index = this.successIndexOf(order.book);
		if (was && results !== '1') index.remove(SimulatorState.entry(order, order.payment_dateTime));
		if (!was && results === '1') index.add(SimulatorState.entry(order, order.payment_dateTime));
	}

	/** A payment of that book (bookOf: one terminal's records). */
	findPayment(book, paymentId) {
		const order = this.ordersById.get(paymentId);
		return order && order.book === book ? order : undefined;
	}

	/** All payments of an order number, newest first (as the gateway documents); ties: later added first. */
	paymentsOf(book, orderNumber) {
		return this.ordersByNumber.get(book, orderNumber).sort((a, b) => b.payment_dateTime - a.payment_dateTime || b.seq - a.seq);
	}

	/** Admin lookup by payment id, else the newest payment of that order number (any account). */
	getOrder(key) {
		const byId = this.ordersById.get(key);
		if (byId) return this.view(byId);
		const matches = this.orders.filter((o) => o.order_number === key).sort((a, b) => b.payment_dateTime - a.payment_dateTime);
		return this.view(matches[0]);
	}

	// ---- disputes and business events -----------------------------------------------------

	buildDispute(dispute = {}) {
		if (!dispute || typeof dispute !== 'object') throw new Error('simulator: a dispute must be an object');
		const disputesDate = this.toInstant(dispute.disputes_date, 'disputes_date') ?? this.nowMs();
		const account = text(dispute.account, this.defaultAccount());
		return {
			account,
			book: this.bookOf(account, text(dispute.terminal)),
			methods: text(dispute.methods, 'Klarna'),
			payment_id: text(dispute.payment_id) || this.nextPaymentId(),
			order_number: text(dispute.order_number),
			order_currency: text(dispute.order_currency, 'EUR'),
			order_amount: text(dispute.order_amount, '10.00'),
			notice_type: text(dispute.notice_type, 'dispute'),
			push_details: text(dispute.push_details, 'return'),
			is_refund: text(dispute.is_refund, '2'),
			refund_amount: text(dispute.refund_amount),
			refund_currency: text(dispute.refund_currency),
			is_chargeBack: text(dispute.is_chargeBack, '2'),
			chargeBack_amount: text(dispute.chargeBack_amount),
			chargeBack_currency: text(dispute.chargeBack_currency),
			referrer: text(dispute.referrer),
			comment: text(dispute.comment),
			abnormal_amount: text(dispute.abnormal_amount),
			abnormal_currency: text(dispute.abnormal_currency),
			disputes_date: disputesDate,
			reply_deadline: this.toInstant(dispute.reply_deadline, 'reply_deadline') ?? this.replyDeadline(disputesDate),
			disputes_times: text(dispute.disputes_times, '1'),
		};
	}

	/** 14 calendar days after the dispute date, 23:59:59 (gateway zone). */
	replyDeadline(disputesDate) {
		const offset = this.offsetAt(disputesDate);
		if (offset !== null) {
			const local = new Date(disputesDate + offset * 60000);
			const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 14, 23, 59, 59);
			// The instant whose offset is the one assumed (almost always the dispute date's).
			for (const guess of [offset, this.offsetAt(wall - offset * 60000)]) {
				if (guess !== null && this.offsetAt(wall - guess * 60000) === guess) return wall - guess * 60000;
			}
		}
		return DateTime.fromMillis(disputesDate, { zone: this.timeZone }).plus({ days: 14 }).set({ hour: 23, minute: 59, second: 59, millisecond: 0 }).toMillis();
	}

	/** The dispute indexes of an account: all of them, and by notice_type. */
	disputeIndexesFor(stored) {
		let indexes = this.disputeIndex.get(stored.book);
		if (!indexes) this.disputeIndex.set(stored.book, (indexes = { all: new SortedIndex(), notice_type: new Map() }));
		let byType = indexes.notice_type.get(stored.notice_type);
		if (!byType) indexes.notice_type.set(stored.notice_type, (byType = new SortedIndex()));
		return [indexes.all, byType];
	}

	commitDispute(stored, pending) {
		stored.seq = ++this.insertSeq;
		this.disputes.push(stored);
		this.disputesByPayment.add(stored.book, stored.payment_id, stored);
		if (stored.order_number !== '') this.disputesByNumber.add(stored.book, stored.order_number, stored);
		const entry = SimulatorState.entry(stored, stored.disputes_date);
		for (const index of this.disputeIndexesFor(stored)) {
			if (!pending) index.add(entry);
			else if (pending.has(index)) pending.get(index).push(entry);
			else pending.set(index, [entry]);
		}
	}

	addDispute(dispute = {}) {
		const stored = this.buildDispute(dispute);
		this.commitDispute(stored);
		return this.view(stored);
	}

	addDisputes(disputes) {
		if (!Array.isArray(disputes)) throw new Error('simulator: addDisputes takes an array of disputes');
		const built = disputes.map((dispute) => this.buildDispute(dispute));
		const pending = new Map();
		for (const stored of built) this.commitDispute(stored, pending);
		for (const [index, entries] of pending) index.addMany(entries);
		return { added: built.length, payment_ids: built.map((stored) => stored.payment_id) };
	}

	buildBusinessEvent(event = {}) {
		if (!event || typeof event !== 'object') throw new Error('simulator: a business event must be an object');
		const order = event.payment_id ? this.ordersById.get(text(event.payment_id)) : undefined;
		const account = text(event.account, order?.account ?? this.defaultAccount());
		// The event belongs to the terminal it names, else to its payment's, else to the main one.
		const book = text(event.terminal) || !order || order.account !== account ? this.bookOf(account, text(event.terminal)) : order.book;
		return {
			account,
			book,
			type: text(event.type, 'chargeBack'),
			payment_id: text(event.payment_id) || this.nextPaymentId(),
			order_number: text(event.order_number, order?.order_number ?? ''),
			order_currency: text(event.order_currency, order?.order_currency ?? 'USD'),
			order_amount: text(event.order_amount, order?.order_amount ?? '10.00'),
			methods: text(event.methods, order?.methods ?? 'Credit Card'),
			payment_dateTime: this.toInstant(event.payment_dateTime, 'payment_dateTime') ?? order?.payment_dateTime ?? this.nowMs(),
			payment_debitTime: this.toInstant(event.payment_debitTime, 'payment_debitTime') ?? order?.payment_debitTime ?? null,
			payment_cpdTime: this.toInstant(event.payment_cpdTime, 'payment_cpdTime'),
			amount: text(event.amount, text(event.order_amount, order?.order_amount ?? '10.00')),
			status: text(event.status, '1'),
			details: text(event.details),
			// Internal: when Oceanpayment reviewed the event (date_type 0); never rendered in answers.
			review_dateTime: this.toInstant(event.review_dateTime, 'review_dateTime') ?? this.nowMs(),
		};
	}

	eventIndexOf(book) {
		let indexes = this.eventIndex.get(book);
		if (!indexes) this.eventIndex.set(book, (indexes = EVENT_DATE_FIELDS.map(() => new SortedIndex())));
		return indexes;
	}

	commitBusinessEvent(stored, pending) {
		const order = this.ordersById.get(stored.payment_id);
		if (order && stored.type.toLowerCase() === 'chargeback') order.chargeBack_status = '1';
		stored.seq = ++this.insertSeq;
		this.events.push(stored);
		const indexes = this.eventIndexOf(stored.book);
		EVENT_DATE_FIELDS.forEach((field, dateType) => {
			if (stored[field] === null) return; // never matches that date_type
			const entry = SimulatorState.entry(stored, stored[field]);
			if (pending) {
				if (!pending.has(indexes[dateType])) pending.set(indexes[dateType], []);
				pending.get(indexes[dateType]).push(entry);
			} else indexes[dateType].add(entry);
		});
	}

	addBusinessEvent(event = {}) {
		const stored = this.buildBusinessEvent(event);
		this.commitBusinessEvent(stored);
		return this.view(stored);
	}

	/**
	 * The event a signed business notification reports: Oceanpayment notifies about events it
	 * holds, so the business-orders list shows it too (type = notice_type, status = push_status,
	 * details = push_details), unless it is listed already with these values.
	 */
	recordNotifiedEvent(account, fields) {
		const book = this.bookOf(account, fields.terminal);
		const listed = this.events.find(
			(e) =>
				e.book === book &&
				e.payment_id === fields.payment_id &&
				e.order_number === fields.order_number &&
				e.type === fields.notice_type &&
				e.status === fields.push_status &&
				e.details === fields.push_details,
		);
		if (listed) return this.view(listed);
		// Times the notification gives that cannot be read are left out (the event keeps its own).
		const optionalTime = (value) => {
			try {
				return value ? this.toInstant(value) : undefined;
			} catch {
				return undefined;
			}
		};
		return this.addBusinessEvent({
			account,
			terminal: fields.terminal,
			type: fields.notice_type,
			payment_id: fields.payment_id,
			order_number: fields.order_number,
			order_currency: fields.order_currency,
			order_amount: fields.order_amount,
			payment_dateTime: optionalTime(fields.payment_dateTime),
			payment_debitTime: optionalTime(fields.payment_debitTime),
			payment_cpdTime: optionalTime(fields.payment_cpdTime),
			status: fields.push_status,
			details: fields.push_details,
		});
	}

	addBusinessEvents(events) {
		if (!Array.isArray(events)) throw new Error('simulator: addBusinessEvents takes an array of business events');
		const built = events.map((event) => this.buildBusinessEvent(event));
		const pending = new Map();
		for (const stored of built) this.commitBusinessEvent(stored, pending);
		for (const [index, entries] of pending) index.addMany(entries);
		return { added: built.length, payment_ids: built.map((stored) => stored.payment_id) };
	}

	// ---- list pages: O(log n + page) (a dispute filter by payment or order: O(its group)) -----

	/** { count, records } of an index's records whose instant lies in [from, to]: `size` after `skip`. */
	static page(index, from, to, skip, size) {
		if (!index) return { count: 0, records: [] };
		const [start, end] = index.window(from, to);
		return { count: end - start, records: index.records(Math.min(end, start + skip), Math.min(end, start + skip + size)) };
	}

	/** Successful payments of an account by payment_dateTime. */
	successfulPage(book, from, to, skip, size) {
		return SimulatorState.page(this.successIndex.get(book), from, to, skip, size);
	}

	/** Business events of an account; dateType 0 review time, 1 payment_dateTime, 2 payment_cpdTime. */
	eventPage(book, dateType, from, to, skip, size) {
		return SimulatorState.page(this.eventIndex.get(book)?.[dateType], from, to, skip, size);
	}

	/** Disputes of an account; filters { notice_type, payment_id, order_number } ('' = any). */
	disputePage(book, filters, from, to, skip, size) {
		const { notice_type: type, payment_id: paymentId, order_number: orderNumber } = filters;
		if (paymentId || orderNumber) {
			// A payment's or order's disputes are few: filter and sort that group.
			const group = paymentId ? this.disputesByPayment.get(book, paymentId) : this.disputesByNumber.get(book, orderNumber);
			const matches = group
				.filter((d) => d.disputes_date >= from && d.disputes_date <= to && (!orderNumber || d.order_number === orderNumber) && (!type || d.notice_type === type))
				.map((d) => SimulatorState.entry(d, d.disputes_date))
				.sort(compareEntries)
				.map((entry) => entry.record);
			return { count: matches.length, records: matches.slice(skip, skip + size) };
		}
		const indexes = this.disputeIndex.get(book);
		return SimulatorState.page(type ? indexes?.notice_type.get(type) : indexes?.all, from, to, skip, size);
	}

	// ---- refunds --------------------------------------------------------------------------

	/** What can still be refunded (minor units of the payment's currency) and the base it is measured against. */
	refundable(order) {
		const decimals = decimalsOf(order.order_currency);
		const base = order.auth_type === 'pre-auth' ? storedMinorUnits(order.captured_amount, decimals) : storedMinorUnits(order.order_amount, decimals);
		return { base, remaining: base - order.refunded_cents };
	}

	/** Records a refund; returns { ok, refund } or { code, message }. Accepted refunds succeed at once. */
	refund(book, fields) {
		const order = this.findPayment(book, fields.payment_id);
		if (!order) return { code: '17', message: 'payment_id does not exist' };
		if (order.payment_results !== '1') return { code: '20', message: 'Only successful payments can be refunded' };
		if (order.reversed) return { code: '20', message: 'The payment was reversed and cannot be refunded' };
		if (order.auth_type === 'pre-auth' && order.auth_status !== '2') {
			return { code: '20', message: 'A pre-authorization must be captured before it can be refunded' };
		}
		// Not more decimals than the currency has (JPY none, BHD 3): "999.50" JPY is refused.
		const decimals = decimalsOf(order.order_currency);
		const amount = minorUnits(fields.refund_amount, decimals);
		if (!(amount > 0)) return { code: '10', message: `refund_amount must be a positive amount with at most ${decimals} decimals for ${order.order_currency}` };
		const { remaining } = this.refundable(order);
		const left = `${money(Math.max(remaining, 0), decimals)} ${order.order_currency}`;
		if (amount > remaining) return { code: '21', message: `Refund amount exceeds the refundable amount (${left})` };
		if (fields.refund_type === '1' && amount !== remaining) {
			return { code: '22', message: `A full refund must be the refundable amount (${left})` };
		}
		if (fields.refund_type === '2' && amount === remaining) {
			return { code: '23', message: `A partial refund must be less than the refundable amount (${left}); use refund_type 1` };
		}
		order.refunded_cents += amount;
		order.refund_status = order.refunded_cents >= this.refundable(order).base ? '1' : '2';
		const refund = {
			account: order.account,
			book,
			refund_id: this.nextRefundId(),
			refund_number: text(fields.refund_number),
			refund_reference: text(fields.refund_reference),
			payment_id: order.payment_id,
			order_number: order.order_number,
			refund_type: fields.refund_type,
			refund_amount: money(amount, decimals),
			refund_currency: order.order_currency,
			refund_description: text(fields.refund_description),
			refund_status: '1',
			refund_dateTime: this.nowMs(),
		};
		if (this.refundQueryLag) refund.hiddenFromQuery = true;
		this.refunds.push(refund);
		order.refunds.push(refund.refund_id);
		this.addBusinessEvent({
			account: order.account,
			terminal: order.terminal,
			type: fields.refund_type === '1' ? 'refund' : 'partialRefund',
			payment_id: order.payment_id,
			order_number: order.order_number,
			order_currency: order.order_currency,
			order_amount: order.order_amount,
			methods: order.methods,
			payment_dateTime: order.payment_dateTime,
			payment_debitTime: order.payment_debitTime,
			amount: refund.refund_amount,
			status: '1',
			// A successful refund's push carries no details (as in the notification examples); the list says the same.
			details: '',
		});
		return { ok: true, refund: this.view(refund), order };
	}

	/** A refund that failed after it was accepted (§3.6): status '0', its amount refundable again. */
	failRefund(refund) {
		if (refund.refund_status === '0') return this.view(refund);
		const order = this.findPayment(refund.book, refund.payment_id);
		const decimals = decimalsOf(order.order_currency);
		refund.refund_status = '0';
		order.refunded_cents -= minorUnits(refund.refund_amount, decimals);
		order.refund_status = order.refunded_cents <= 0 ? '0' : order.refunded_cents >= this.refundable(order).base ? '1' : '2';
		return this.view(refund);
	}

	/** By refund_id, else the latest refund with that refund_number. */
	findRefund(book, { refund_id, refund_number }) {
		const mine = this.refunds.filter((r) => r.book === book && !r.hiddenFromQuery);
		const found = refund_id ? mine.find((r) => r.refund_id === refund_id) : mine.filter((r) => r.refund_number === refund_number).pop();
		return this.view(found);
	}

	getRefunds(filter = {}) {
		return this.refunds.filter((r) => Object.entries(filter ?? {}).every(([key, value]) => String(r[key]) === String(value))).map((r) => this.view(r));
	}

	// ---- pre-authorization ----------------------------------------------------------------

	/** Capture (1), void (2) or reverse (3); returns { ok, order, amount } or { code, message }. */
	authorize(book, fields) {
		const type = fields.payment_authType;
		if (type === '3') {
			// Addressed by order_number; the published example puts a payment id there, so fall back to it.
			const order = this.paymentsOf(book, fields.order_number)[0] ?? this.findPayment(book, fields.order_number);
			if (!order) return { code: '19', message: 'Invalid order_number' };
			if (!OFFLINE_WALLETS.includes(order.methods)) return { code: '20005', message: 'Only offline WeChat Pay or Alipay payments can be reversed' };
			if (order.reversed) return { code: '20006', message: 'The payment was already reversed' };
			order.reversed = true;
			order.auth_status = '3';
			return { ok: true, order, amount: order.order_amount };
		}
		const order = this.findPayment(book, fields.payment_id);
		if (!order) return { code: '17', message: 'payment_id does not exist' };
		if (order.auth_type !== 'pre-auth' || order.auth_status !== '1' || order.payment_results !== '1') {
			return { code: '20004', message: 'Order is not a pending pre-authorization' };
		}
		if (type === '1') {
			const decimals = decimalsOf(order.order_currency);
			let amount = storedMinorUnits(order.order_amount, decimals);
			if (fields.order_amount !== undefined && fields.order_amount !== '') {
				amount = minorUnits(fields.order_amount, decimals);
				if (!(amount > 0) || amount > storedMinorUnits(order.order_amount, decimals)) {
					return { code: '20007', message: `Capture amount must be positive, with at most ${decimals} decimals, and at most the authorized amount` };
				}
			}
			order.auth_status = '2';
			order.captured_amount = money(amount, decimals);
			return { ok: true, order, amount: order.captured_amount };
		}
		// type 2: void
		order.auth_status = '3';
		this.setPaymentResults(order, '0');
		order.payment_details = '20010:Pre-authorization voided';
		return { ok: true, order, amount: text(fields.order_amount, order.order_amount) };
	}

	// ---- tracking and customs -------------------------------------------------------------

	/** Stores tracking numbers (a re-upload overwrites); returns { ok, order } or { code }. */
	track(book, fields) {
		let order;
		if (fields.payment_id) {
			order = this.findPayment(book, fields.payment_id);
			if (!order) return { code: '17' };
			if (fields.order_number && order.order_number !== fields.order_number) return { code: '19' };
		} else {
			order = this.paymentsOf(book, fields.order_number)[0];
			if (!order) return { code: '19' };
		}
		if (order.payment_dateTime < this.now().minus({ months: 6 }).toMillis()) return { code: '00' };
		order.tracking = { number: fields.tracking_number, site: fields.tracking_site, handler: fields.tracking_handler };
		return { ok: true, order };
	}

	/** Customs declaration: type 1 first submit, type 2 resubmit; returns { ok, order } or { message }. */
	customs(book, fields) {
		const order = this.findPayment(book, fields.payment_id);
		if (!order) return { message: 'payment_id does not exist' };
		if (!CUSTOMS_METHODS.includes(order.methods)) return { message: 'Only WeChat Pay, Alipay and UnionPay payments can be declared to customs' };
		if (order.payment_dateTime < this.now().minus({ days: 180 }).toMillis()) return { message: 'Only payments of the last 180 days can be declared' };
		if (order.customs && fields.type !== '2') return { message: 'The payment was already submitted to customs; resubmit with type 2' };
		if (!order.customs && fields.type === '2') return { message: 'The payment was never submitted to customs; submit with type 1 first' };
		const kept = {};
		for (const name of ['type', 'pay_userId', 'pay_userName', 'price', 'total_amount', 'customs', 'customs_number', 'customs_name', 'sub_order_number', 'shipping_fee']) {
			if (fields[name] !== undefined) kept[name] = fields[name];
		}
		order.customs = { ...kept, submissions: (order.customs?.submissions ?? 0) + 1, customs_dateTime: this.render(this.nowMs()) };
		return { ok: true, order };
	}

	/** Everything, as views; secure codes redacted. */
	snapshot() {
		return {
			merchants: this.merchants.map((m) => ({ ...clone(m), secureCode: '[redacted]' })),
			orders: this.orders.map((o) => this.view(o)),
			refunds: this.refunds.map((r) => this.view(r)),
			disputes: this.disputes.map((d) => this.view(d)),
			businessEvents: this.events.map((e) => this.view(e)),
		};
	}
}

module.exports = { SimulatorState, GATEWAY_FORMAT, cents, money, OFFLINE_WALLETS, CUSTOMS_METHODS };
