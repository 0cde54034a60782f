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

const GATEWAY_FORMAT = 'yyyy-MM-dd HH:mm:ss';
const GATEWAY_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const OFFLINE_WALLETS = ['WeChatPay', 'Alipay'];
const CUSTOMS_METHODS = ['WeChatPay', 'Alipay', 'UnionPay'];
/** Fields of stored records that hold instants (rendered as gateway text in views). */
const TIME_FIELDS = ['payment_dateTime', 'payment_debitTime', 'payment_cpdTime', 'review_dateTime', 'disputes_date', 'refund_dateTime'];

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const text = (value, fallback = '') => (value === undefined || value === null ? fallback : String(value));

/** Amount text with at most 2 decimals → integer cents; NaN for anything else (no sign, no exponent). */
function cents(value) {
	const raw = text(value).trim();
	if (!/^\d+(\.\d{1,2})?$/.test(raw)) return NaN;
	const [whole, fraction = ''] = raw.split('.');
	return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Like cents(), but tolerant of stored amounts with more decimals (rounded to cents). */
function amountCents(value) {
	const exact = cents(value);
	if (!Number.isNaN(exact)) return exact;
	const number = Number(text(value));
	return Number.isFinite(number) && number >= 0 ? Math.round(number * 100) : NaN;
}

const money = (value) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;

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
		this.reset();
	}

	reset() {
		this.merchants = [];
		this.orders = [];
		this.refunds = [];
		this.disputes = [];
		this.events = [];
		this.sequence = 0;
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

	/** Strict reading of gateway text 'yyyy-MM-dd HH:mm:ss' in the gateway zone; NaN when invalid. */
	parseGatewayText(value) {
		const match = GATEWAY_TEXT.exec(text(value));
		if (!match) return NaN;
		const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
		const parsed = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: this.timeZone });
		if (!parsed.isValid) return NaN;
		// luxon normalises impossible wall times (e.g. inside a DST gap); refuse those.
		if (parsed.toFormat(GATEWAY_FORMAT) !== text(value)) return NaN;
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

	/** Instant → gateway text ('' for null). */
	render(ms) {
		if (ms === null || ms === undefined || ms === '') return '';
		return DateTime.fromMillis(ms, { zone: this.timeZone }).toFormat(GATEWAY_FORMAT);
	}

	/** A stored record as the outside world sees it: deep copy, instants as gateway text. */
	view(record) {
		if (!record) return undefined;
		const copy = clone(record);
		for (const field of TIME_FIELDS) if (field in copy) copy[field] = this.render(copy[field]);
		if ('reply_deadline' in copy) copy.reply_deadline = copy.reply_deadline === null ? '' : `${this.render(copy.reply_deadline)}.0`;
		return copy;
	}

	// ---- identifiers ----------------------------------------------------------------------

	/** 21-digit payment id: gateway-local yyMMddHHmmss + a 9-digit sequence. */
	nextPaymentId() {
		this.sequence += 1;
		return `${this.now().toFormat('yyMMddHHmmss')}${String(this.sequence).padStart(9, '0')}`;
	}

	/** Refund id: digits only, 18 long (yyMMddHHmmss + 6-digit sequence), distinct from payment ids. */
	nextRefundId() {
		this.sequence += 1;
		return `${this.now().toFormat('yyMMddHHmmss')}${String(this.sequence).padStart(6, '0')}`;
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

	// ---- orders ---------------------------------------------------------------------------

	addOrder(order = {}) {
		const preauth = Boolean(order.preauth) || ['pre-auth', 'preauth', 'pre'].includes(text(order.auth_type).toLowerCase());
		const paymentResults = text(order.payment_results, '1');
		const defaultDetails = { 1: '00000:Approved', 0: '89999:Declined', '-1': '00000:Pending' }[paymentResults] ?? '';
		const stored = {
			account: text(order.account, this.defaultAccount()),
			terminal: text(order.terminal),
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
		// A payment id is unique: adding it again replaces the earlier record.
		this.orders = this.orders.filter((o) => o.payment_id !== stored.payment_id);
		this.orders.push(stored);
		return this.view(stored);
	}

	findPayment(account, paymentId) {
		return this.orders.find((o) => o.account === account && o.payment_id === paymentId);
	}

	/** All payments of an order number, newest first (as the gateway documents); ties: later added first. */
	paymentsOf(account, orderNumber) {
		return this.orders
			.map((order, index) => ({ order, index }))
			.filter(({ order }) => order.account === account && order.order_number === orderNumber)
			.sort((a, b) => b.order.payment_dateTime - a.order.payment_dateTime || b.index - a.index)
			.map(({ order }) => order);
	}

	/** Admin lookup by payment id, else the newest payment of that order number (any account). */
	getOrder(key) {
		const byId = this.orders.find((o) => o.payment_id === key);
		if (byId) return this.view(byId);
		const matches = this.orders.filter((o) => o.order_number === key).sort((a, b) => b.payment_dateTime - a.payment_dateTime);
		return this.view(matches[0]);
	}

	// ---- disputes and business events -----------------------------------------------------

	addDispute(dispute = {}) {
		const disputesDate = this.toInstant(dispute.disputes_date, 'disputes_date') ?? this.nowMs();
		const stored = {
			account: text(dispute.account, this.defaultAccount()),
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
			reply_deadline:
				this.toInstant(dispute.reply_deadline, 'reply_deadline') ??
				DateTime.fromMillis(disputesDate, { zone: this.timeZone }).plus({ days: 14 }).set({ hour: 23, minute: 59, second: 59, millisecond: 0 }).toMillis(),
			disputes_times: text(dispute.disputes_times, '1'),
		};
		this.disputes.push(stored);
		return this.view(stored);
	}

	addBusinessEvent(event = {}) {
		const order = event.payment_id ? this.orders.find((o) => o.payment_id === text(event.payment_id)) : undefined;
		const stored = {
			account: text(event.account, order?.account ?? this.defaultAccount()),
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
		if (order && stored.type.toLowerCase() === 'chargeback') order.chargeBack_status = '1';
		this.events.push(stored);
		return this.view(stored);
	}

	// ---- refunds --------------------------------------------------------------------------

	/** What can still be refunded (cents) and the base it is measured against. */
	refundable(order) {
		const base = order.auth_type === 'pre-auth' ? amountCents(order.captured_amount) : amountCents(order.order_amount);
		return { base, remaining: base - order.refunded_cents };
	}

	/** Records a refund; returns { ok, refund } or { code, message }. Accepted refunds succeed at once. */
	refund(account, fields) {
		const order = this.findPayment(account, fields.payment_id);
		if (!order) return { code: '17', message: 'payment_id does not exist' };
		if (order.payment_results !== '1') return { code: '20', message: 'Only successful payments can be refunded' };
		if (order.reversed) return { code: '20', message: 'The payment was reversed and cannot be refunded' };
		if (order.auth_type === 'pre-auth' && order.auth_status !== '2') {
			return { code: '20', message: 'A pre-authorization must be captured before it can be refunded' };
		}
		const amount = cents(fields.refund_amount);
		if (!(amount > 0)) return { code: '10', message: 'refund_amount must be a positive amount with at most 2 decimals' };
		const { remaining } = this.refundable(order);
		const left = `${money(Math.max(remaining, 0))} ${order.order_currency}`;
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
			account,
			refund_id: this.nextRefundId(),
			refund_number: text(fields.refund_number),
			refund_reference: text(fields.refund_reference),
			payment_id: order.payment_id,
			order_number: order.order_number,
			refund_type: fields.refund_type,
			refund_amount: money(amount),
			refund_currency: order.order_currency,
			refund_description: text(fields.refund_description),
			refund_status: '1',
			refund_dateTime: this.nowMs(),
		};
		this.refunds.push(refund);
		order.refunds.push(refund.refund_id);
		this.addBusinessEvent({
			account,
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
			details: 'Refund succeeded',
		});
		return { ok: true, refund: this.view(refund), order };
	}

	/** By refund_id, else the latest refund with that refund_number. */
	findRefund(account, { refund_id, refund_number }) {
		const mine = this.refunds.filter((r) => r.account === account);
		const found = refund_id ? mine.find((r) => r.refund_id === refund_id) : mine.filter((r) => r.refund_number === refund_number).pop();
		return this.view(found);
	}

	getRefunds(filter = {}) {
		return this.refunds.filter((r) => Object.entries(filter ?? {}).every(([key, value]) => String(r[key]) === String(value))).map((r) => this.view(r));
	}

	// ---- pre-authorization ----------------------------------------------------------------

	/** Capture (1), void (2) or reverse (3); returns { ok, order, amount } or { code, message }. */
	authorize(account, fields) {
		const type = fields.payment_authType;
		if (type === '3') {
			// Addressed by order_number; the published example puts a payment id there, so fall back to it.
			const order = this.paymentsOf(account, fields.order_number)[0] ?? this.findPayment(account, fields.order_number);
			if (!order) return { code: '19', message: 'Invalid order_number' };
			if (!OFFLINE_WALLETS.includes(order.methods)) return { code: '20005', message: 'Only offline WeChat Pay or Alipay payments can be reversed' };
			if (order.reversed) return { code: '20006', message: 'The payment was already reversed' };
			order.reversed = true;
			order.auth_status = '3';
			return { ok: true, order, amount: order.order_amount };
		}
		const order = this.findPayment(account, fields.payment_id);
		if (!order) return { code: '17', message: 'payment_id does not exist' };
		if (order.auth_type !== 'pre-auth' || order.auth_status !== '1' || order.payment_results !== '1') {
			return { code: '20004', message: 'Order is not a pending pre-authorization' };
		}
		if (type === '1') {
			let amount = amountCents(order.order_amount);
			if (fields.order_amount !== undefined && fields.order_amount !== '') {
				amount = cents(fields.order_amount);
				if (!(amount > 0) || amount > amountCents(order.order_amount)) {
					return { code: '20007', message: 'Capture amount must be positive, with at most 2 decimals, and at most the authorized amount' };
				}
			}
			order.auth_status = '2';
			order.captured_amount = money(amount);
			return { ok: true, order, amount: order.captured_amount };
		}
		// type 2: void
		order.auth_status = '3';
		order.payment_results = '0';
		order.payment_details = '20010:Pre-authorization voided';
		return { ok: true, order, amount: text(fields.order_amount, order.order_amount) };
	}

	// ---- tracking and customs -------------------------------------------------------------

	/** Stores tracking numbers (a re-upload overwrites); returns { ok, order } or { code }. */
	track(account, fields) {
		let order;
		if (fields.payment_id) {
			order = this.findPayment(account, fields.payment_id);
			if (!order) return { code: '17' };
			if (fields.order_number && order.order_number !== fields.order_number) return { code: '19' };
		} else {
			order = this.paymentsOf(account, fields.order_number)[0];
			if (!order) return { code: '19' };
		}
		if (order.payment_dateTime < this.now().minus({ months: 6 }).toMillis()) return { code: '00' };
		order.tracking = { number: fields.tracking_number, site: fields.tracking_site, handler: fields.tracking_handler };
		return { ok: true, order };
	}

	/** Customs declaration: type 1 first submit, type 2 resubmit; returns { ok, order } or { message }. */
	customs(account, fields) {
		const order = this.findPayment(account, fields.payment_id);
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
