'use strict';
/**
 * The simulator's world: merchants, payments, refunds, disputes, business events. Times are kept
 * as gateway-local 'yyyy-MM-dd HH:mm:ss' strings, which compare correctly as text.
 */
const { DateTime } = require('luxon');

const GATEWAY_FORMAT = 'yyyy-MM-dd HH:mm:ss';
const OFFLINE_WALLETS = ['WeChatPay', 'Alipay'];
const CUSTOMS_METHODS = ['WeChatPay', 'Alipay', 'UnionPay'];

const clone = (value) => JSON.parse(JSON.stringify(value));

/** Amount text → integer cents, or NaN when it is not a positive-or-zero decimal with ≤ 2 places. */
function cents(text) {
	if (!/^\d+(\.\d{1,2})?$/.test(String(text ?? ''))) return NaN;
	const [whole, fraction = ''] = String(text).split('.');
	return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

const money = (value) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;

class SimulatorState {
	constructor(seed, { timeZone, now }) {
		this.timeZone = timeZone;
		this.nowFn = now;
		this.seed = clone(seed);
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

	now() {
		return DateTime.fromJSDate(this.nowFn()).setZone(this.timeZone);
	}

	nowText() {
		return this.now().toFormat(GATEWAY_FORMAT);
	}

	/** Gateway text, ISO string, Date or epoch ms → gateway-local text ('' for empty). */
	toGatewayText(value) {
		if (value === undefined || value === null || value === '') return '';
		if (value instanceof Date) return DateTime.fromJSDate(value).setZone(this.timeZone).toFormat(GATEWAY_FORMAT);
		if (typeof value === 'number') return DateTime.fromMillis(value).setZone(this.timeZone).toFormat(GATEWAY_FORMAT);
		const text = String(value);
		if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text)) return text.slice(0, 19);
		const parsed = DateTime.fromISO(text, { setZone: true });
		if (!parsed.isValid) throw new Error(`simulator: unreadable time "${text}"`);
		return parsed.setZone(this.timeZone).toFormat(GATEWAY_FORMAT);
	}

	nextId(prefix = '') {
		this.sequence += 1;
		const stamp = this.now().toFormat('yyMMddHHmmss');
		return `${prefix}${stamp}${String(this.sequence).padStart(21 - stamp.length - prefix.length, '0')}`;
	}

	addMerchant(merchant) {
		const stored = { site: '', publicKey: '', ...clone(merchant) };
		this.merchants = this.merchants.filter((m) => m.account !== stored.account);
		this.merchants.push(stored);
		return clone(stored);
	}

	merchant(account) {
		return this.merchants.find((m) => m.account === account);
	}

	addOrder(order) {
		const account = order.account ?? this.merchants[0]?.account ?? '';
		const stored = {
			account,
			order_number: String(order.order_number),
			payment_id: order.payment_id ? String(order.payment_id) : this.nextId(),
			order_currency: order.order_currency ?? 'USD',
			order_amount: String(order.order_amount ?? '10.00'),
			order_sourceUrl: order.order_sourceUrl ?? 'https://shop.example.com',
			order_notes: order.order_notes ?? '',
			methods: order.methods ?? 'Credit Card',
			card_type: order.card_type ?? 'VISA',
			card_country: order.card_country ?? 'US',
			payment_results: String(order.payment_results ?? '1'),
			payment_details: order.payment_details ?? (String(order.payment_results ?? '1') === '1' ? '00000:Approved' : '89999:Declined'),
			payment_risk: order.payment_risk ?? 'Smart=0.0',
			payment_dateTime: this.toGatewayText(order.payment_dateTime) || this.nowText(),
			payment_debitTime: this.toGatewayText(order.payment_debitTime),
			preauth: Boolean(order.preauth),
			auth_status: order.preauth ? '1' : '0',
			refund_status: '0',
			chargeBack_status: String(order.chargeBack_status ?? '0'),
			duplicate_status: '0',
			refunded_cents: 0,
			reversed: false,
			tracking: null,
			customs: null,
		};
		this.orders.push(stored);
		return clone(stored);
	}

	findPayment(account, paymentId) {
		return this.orders.find((o) => o.account === account && o.payment_id === paymentId);
	}

	/** All payments of an order number, newest first (as the gateway documents). */
	paymentsOf(account, orderNumber) {
		return this.orders
			.filter((o) => o.account === account && o.order_number === orderNumber)
			.sort((a, b) => b.payment_dateTime.localeCompare(a.payment_dateTime));
	}

	getOrder(key) {
		const found = this.orders.find((o) => o.order_number === key || o.payment_id === key);
		return found ? clone(found) : undefined;
	}

	addDispute(dispute) {
		const stored = {
			account: dispute.account ?? this.merchants[0]?.account ?? '',
			methods: 'Klarna',
			payment_id: dispute.payment_id ? String(dispute.payment_id) : this.nextId(),
			order_number: String(dispute.order_number ?? ''),
			order_currency: dispute.order_currency ?? 'EUR',
			order_amount: String(dispute.order_amount ?? '10.00'),
			notice_type: dispute.notice_type ?? 'dispute',
			push_details: dispute.push_details ?? 'return',
			is_refund: String(dispute.is_refund ?? '2'),
			refund_amount: dispute.refund_amount ?? '',
			refund_currency: dispute.refund_currency ?? '',
			is_chargeBack: String(dispute.is_chargeBack ?? '2'),
			chargeBack_amount: dispute.chargeBack_amount ?? '',
			chargeBack_currency: dispute.chargeBack_currency ?? '',
			referrer: dispute.referrer ?? '',
			comment: dispute.comment ?? '',
			abnormal_amount: dispute.abnormal_amount ?? '',
			abnormal_currency: dispute.abnormal_currency ?? '',
			disputes_date: this.toGatewayText(dispute.disputes_date) || this.nowText(),
			reply_deadline: dispute.reply_deadline ?? `${this.now().plus({ days: 14 }).toFormat('yyyy-MM-dd')} 23:59:59.0`,
			disputes_times: String(dispute.disputes_times ?? '1'),
		};
		this.disputes.push(stored);
		return clone(stored);
	}

	addBusinessEvent(event) {
		const stored = {
			account: event.account ?? this.merchants[0]?.account ?? '',
			type: event.type ?? 'chargeBack',
			payment_id: event.payment_id ? String(event.payment_id) : this.nextId(),
			order_number: String(event.order_number ?? ''),
			order_currency: event.order_currency ?? 'USD',
			order_amount: String(event.order_amount ?? '10.00'),
			methods: event.methods ?? 'Credit Card',
			payment_dateTime: this.toGatewayText(event.payment_dateTime) || this.nowText(),
			payment_debitTime: this.toGatewayText(event.payment_debitTime),
			payment_cpdTime: this.toGatewayText(event.payment_cpdTime),
			amount: String(event.amount ?? event.order_amount ?? '10.00'),
			status: String(event.status ?? '1'),
			details: event.details ?? '',
			review_dateTime: this.toGatewayText(event.review_dateTime) || this.nowText(),
		};
		this.events.push(stored);
		return clone(stored);
	}

	/** Records a refund; returns { refund } or { code, message } for a business rejection. */
	refund(account, fields) {
		const order = this.findPayment(account, fields.payment_id);
		if (!order) return { code: '17', message: 'payment_id does not exist' };
		if (order.payment_results !== '1') return { code: '20', message: 'Only successful payments can be refunded' };
		const amount = cents(fields.refund_amount);
		if (!(amount > 0)) return { code: '10', message: 'refund_amount must be a positive amount with at most 2 decimals' };
		const remaining = cents(order.order_amount) - order.refunded_cents;
		if (amount > remaining) {
			return { code: '21', message: `Refund amount exceeds the refundable amount (${money(remaining)} ${order.order_currency})` };
		}
		if (fields.refund_type === '1' && amount !== remaining) {
			return { code: '22', message: `A full refund must be the refundable amount (${money(remaining)} ${order.order_currency})` };
		}
		if (fields.refund_type === '2' && amount === cents(order.order_amount) && order.refunded_cents === 0) {
			return { code: '23', message: 'A partial refund must be less than the payment amount' };
		}
		order.refunded_cents += amount;
		order.refund_status = order.refunded_cents === cents(order.order_amount) ? '1' : '2';
		const refund = {
			account,
			refund_id: this.nextId('R'),
			refund_number: fields.refund_number ?? '',
			refund_reference: fields.refund_reference ?? '',
			payment_id: order.payment_id,
			order_number: order.order_number,
			refund_type: fields.refund_type,
			refund_amount: money(amount),
			refund_currency: order.order_currency,
			refund_description: fields.refund_description ?? '',
			refund_status: '1',
			refund_dateTime: this.nowText(),
		};
		this.refunds.push(refund);
		this.addBusinessEvent({
			account,
			type: fields.refund_type === '1' ? 'refund' : 'partialRefund',
			payment_id: order.payment_id,
			order_number: order.order_number,
			order_currency: order.order_currency,
			order_amount: order.order_amount,
			methods: order.methods,
			payment_dateTime: order.payment_dateTime,
			amount: refund.refund_amount,
			status: '1',
			details: 'Refund succeeded',
		});
		return { refund: clone(refund) };
	}

	findRefund(account, { refund_id, refund_number }) {
		const mine = this.refunds.filter((r) => r.account === account);
		if (refund_id) return mine.find((r) => r.refund_id === refund_id);
		return mine.filter((r) => r.refund_number === refund_number).pop();
	}

	getRefunds(filter = {}) {
		return clone(this.refunds.filter((r) => Object.entries(filter).every(([key, value]) => r[key] === value)));
	}

	/** Capture (1), void (2) or reverse (3); returns { order } or { code, message }. */
	authorize(account, fields) {
		const type = fields.payment_authType;
		if (type === '3') {
			const order = this.paymentsOf(account, fields.order_number ?? '')[0];
			if (!order) return { code: '19', message: 'Invalid order_number' };
			if (!OFFLINE_WALLETS.includes(order.methods)) return { code: '20005', message: 'Only offline WeChat Pay or Alipay payments can be reversed' };
			if (order.reversed) return { code: '20006', message: 'The payment was already reversed' };
			order.reversed = true;
			order.auth_status = '3';
			return { order: clone(order) };
		}
		const order = this.findPayment(account, fields.payment_id ?? '');
		if (!order) return { code: '17', message: 'payment_id does not exist' };
		if (!order.preauth || order.auth_status !== '1') {
			return { code: '20004', message: 'Order is not a pending pre-authorization' };
		}
		if (type === '1') {
			if (fields.order_amount !== undefined) {
				const amount = cents(fields.order_amount);
				if (!(amount > 0) || amount > cents(order.order_amount)) {
					return { code: '20007', message: 'Capture amount must be positive and at most the authorized amount' };
				}
			}
			order.auth_status = '2';
		} else if (type === '2') {
			order.auth_status = '3';
			order.payment_results = '0';
		} else {
			return { code: '10', message: 'payment_authType must be 1, 2 or 3' };
		}
		return { order: clone(order) };
	}

	/** Stores tracking numbers (a re-upload overwrites); returns { order } or { code }. */
	track(account, fields) {
		const order = fields.payment_id
			? this.findPayment(account, fields.payment_id)
			: this.paymentsOf(account, fields.order_number ?? '')[0];
		if (!order) return { code: fields.payment_id ? '17' : '19' };
		if (order.payment_dateTime < this.now().minus({ months: 6 }).toFormat(GATEWAY_FORMAT)) return { code: '00' };
		order.tracking = { number: fields.tracking_number, site: fields.tracking_site, handler: fields.tracking_handler };
		return { order: clone(order) };
	}

	customs(account, fields) {
		const order = this.findPayment(account, fields.payment_id ?? '');
		if (!order) return { message: 'payment_id does not exist' };
		if (!CUSTOMS_METHODS.includes(order.methods)) return { message: 'Only WeChat Pay, Alipay and UnionPay payments can be declared' };
		if (order.customs && fields.type !== '2') return { message: 'The payment was already submitted to customs; resubmit with type 2' };
		if (!order.customs && fields.type === '2') return { message: 'The payment was never submitted; submit with type 1 first' };
		order.customs = { ...fields, submissions: (order.customs?.submissions ?? 0) + 1 };
		return { order: clone(order) };
	}

	snapshot() {
		return clone({ merchants: this.merchants.map((m) => ({ ...m, secureCode: '[redacted]' })), orders: this.orders, refunds: this.refunds, disputes: this.disputes, businessEvents: this.events });
	}
}

module.exports = { SimulatorState, GATEWAY_FORMAT, cents, money };
