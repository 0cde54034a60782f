'use strict';
/**
 * A local, stateful stand-in for the Oceanpayment order-management gateway.
 *
 * One HTTP server serves the query, secure-gateway and checkout host families by path. It checks
 * every signature with its own hand-written rules (./rules.js — never the package's code, so the
 * two cannot share a mistake; a test may replace an endpoint's rule with setSignRule), keeps
 * state (./state.js), injects faults, logs every request and pushes notifications to a
 * merchant's noticeUrl on demand (./notify.js).
 * Where it departs from or guesses about the real gateway: README.md beside this file.
 *
 * Plain CommonJS, Node built-ins and luxon only.
 */
const http = require('http');
const path = require('path');
const fs = require('fs');

const { SIGN_RULES, NOTICE_SIGN_RULES, signFor, signWith, noticeSign, sha256 } = require('./rules');
const { SimulatorState, GATEWAY_FORMAT } = require('./state');
const { responseXml, XML_DECLARATION } = require('./xml');
const notify = require('./notify');
const { refundNotFoundConvention, REFUND_NOT_FOUND_CONVENTIONS } = require('./refund-not-found');
const { statusLists } = require('./status-lists');

const ADMIN_PREFIX = '/__admin/';
const SEED_FILE = path.join(__dirname, 'seed.json');
const MAX_BODY_BYTES = 1024 * 1024;
/** Admin bodies may be larger (bulk adds). */
const MAX_ADMIN_BODY_BYTES = 256 * 1024 * 1024;
const FAULT_MODES = [
	'latency', 'http500', 'http502', 'http503', 'reset', 'hang', 'html', 'truncated', 'wrongCode', 'commitThenDrop',
	'xhtml', 'emptyResponse', 'emptyList', 'busy', 'redirect', 'numericEntities', 'reject',
	'stale', 'emptyResult', 'echoRequest', 'allRefunds',
];
/** Faults that answer without running the operation (state unchanged). */
const BEFORE_OPERATION = new Set(['http500', 'http502', 'http503', 'reset', 'hang', 'html', 'xhtml', 'emptyResponse', 'emptyList', 'busy', 'redirect', 'reject', 'emptyResult', 'echoRequest']);
const WRONG_CODE = '98';
/** The `busy` fault: code 99 (the generic "system error" of §3.8) with this text — invented. */
const BUSY_CODE = '99';
const BUSY_TEXT = 'System busy, please try again later';
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
/** The `xhtml` fault: a proxy's well-formed XHTML page, starting with the same XML declaration as a real answer. */
const XHTML_PAGE =
	`${XML_DECLARATION}<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">` +
	'<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en"><head><title>Access Denied</title></head>' +
	'<body><h1>Access Denied</h1><p>You do not have permission to access this resource on this server.</p><p>Reference #18.5f3c1202.1773547200.1a2b3c4d</p></body></html>';
const EMPTY_RESPONSE = `${XML_DECLARATION}<response></response>`;
const LIST_PATHS = new Set(['/service/QueryOrdersList', '/service/BusinessOrdersList', '/service/DisputeOrderList']);

/** The form endpoints: answer family and main result field. */
const FORM_ENDPOINTS = {
	'/service/check/normal': { family: 'status', result: 'results' },
	'/service/QueryOrdersList': { family: 'list', result: 'results' },
	'/service/BusinessOrdersList': { family: 'list', result: 'results' },
	'/service/DisputeOrderList': { family: 'list', result: 'results' },
	'/service/applyRefund': { family: 'refund', result: 'refund_results' },
	'/service/queryRefund': { family: 'refund', result: 'refund_results' },
	'/service/uploadTrackingNo': { family: 'tracking', result: 'tracking_results' },
	'/gateway/service/auth': { family: 'auth', result: 'payment_results' },
	'/gateway/service/customsUpload': { family: 'customs', result: 'status' },
};
const JSON_ENDPOINTS = new Set(['/pinc/check-account', '/pinc/check-card-bin']);

/** The built-in card BIN table (fictitious issuers). */
const CARD_BINS = {
	411111: { card_brand: 'VISA', card_type: 'CREDIT', card_level: 'CLASSIC', issuer: 'Example Bank', country: 'US' },
	424242: { card_brand: 'VISA', card_type: 'CREDIT', card_level: 'PLATINUM', issuer: 'Example Bank', country: 'GB' },
	400005: { card_brand: 'VISA', card_type: 'DEBIT', card_level: 'CLASSIC', issuer: 'Sample Savings Bank', country: 'CA' },
	545454: { card_brand: 'MASTERCARD', card_type: 'DEBIT', card_level: 'STANDARD', issuer: 'Sample Credit Union', country: 'DE' },
	555555: { card_brand: 'MASTERCARD', card_type: 'CREDIT', card_level: 'WORLD', issuer: 'Sample Credit Union', country: 'FR' },
	222300: { card_brand: 'MASTERCARD', card_type: 'CREDIT', card_level: 'STANDARD', issuer: 'Demo Finance', country: 'NL' },
	378282: { card_brand: 'AMEX', card_type: 'CREDIT', card_level: 'GOLD', issuer: 'Demo Express', country: 'US' },
	622202: { card_brand: 'UNIONPAY', card_type: 'DEBIT', card_level: 'CLASSIC', issuer: 'Example Bank of China', country: 'CN' },
	356600: { card_brand: 'JCB', card_type: 'CREDIT', card_level: 'CLASSIC', issuer: 'Example Card Co', country: 'JP' },
	601100: { card_brand: 'DISCOVER', card_type: 'CREDIT', card_level: 'CLASSIC', issuer: 'Demo Card Services', country: 'US' },
};

/** A request-level or business rejection: the endpoint's failure code and text. */
class Rejection extends Error {
	constructor(code, message) {
		super(message);
		this.code = code;
	}
}

const present = (value) => value !== undefined && value !== null && value !== '';
const isLoopback = (address) => /^(127\.|::1$|::ffff:127\.)/.test(String(address ?? ''));
const responseSign = (account, terminal, code, secureCode) => sha256(`${account}${terminal}${code}${secureCode}`).toUpperCase();

/** A copy of fields with any secure code value replaced (clients must never send it, but log safely). */
function redact(fields) {
	const out = {};
	for (const [key, value] of Object.entries(fields ?? {})) out[key] = /^securecode$/i.test(key) ? '[redacted]' : value;
	return out;
}

function loadDefaultSeed() {
	return JSON.parse(fs.readFileSync(SEED_FILE, 'utf8'));
}

function createSimulator(options = {}) {
	const timeZone = options.timeZone ?? 'Asia/Shanghai';
	const now = options.now ?? (() => new Date());
	const defaultPageSize = Number(options.defaultPageSize ?? 10);
	if (!Number.isInteger(defaultPageSize) || defaultPageSize < 1) throw new Error('simulator: defaultPageSize must be a positive integer');
	const quiet = Boolean(options.quiet);
	const startNotFound = options.refundNotFound ?? 'simulator';
	let refundNotFound = refundNotFoundConvention(startNotFound);
	let refundNotFoundName = startNotFound;
	const state = new SimulatorState(options.seed ?? loadDefaultSeed(), { timeZone, now });
	let log = [];
	let faults = {};
	let seq = 0;
	/** The last answer of each form path (the `stale` fault replays it, as a caching proxy would). */
	let lastAnswers = {};
	/** Whether status answers carry refund_status, refundList and transactionList (setStatusLists). */
	let statusListsOn = true;
	/** Per-endpoint signing rules that replace the documented ones (setSignRule). */
	let signRules = {};
	/** Every notification delivery attempt, and the bytes of each notification (for redeliver). */
	let pushes = [];
	let sentNotifications = new Map();
	let pushSeq = 0;
	const activeRule = (requestPath) => signRules[requestPath] ?? SIGN_RULES[requestPath];

	// ---- admin (in-process; every function returns a plain value synchronously) -----------

	const admin = {
		addMerchant: (merchant) => state.addMerchant(merchant),
		addOrder: (order) => state.addOrder(order),
		addDispute: (dispute) => state.addDispute(dispute),
		addBusinessEvent: (event) => state.addBusinessEvent(event),
		addOrders: (orders) => state.addOrders(orders),
		addDisputes: (disputes) => state.addDisputes(disputes),
		addBusinessEvents: (events) => state.addBusinessEvents(events),
		setFault(faultPath, fault) {
			const key = faultPath ?? '*';
			if (key !== '*' && !FORM_ENDPOINTS[key] && !JSON_ENDPOINTS.has(key)) throw new Error(`simulator: no endpoint ${key} (use an endpoint path or '*')`);
			if (!fault || !FAULT_MODES.includes(fault.mode)) throw new Error(`simulator: unknown fault mode ${fault?.mode} (one of ${FAULT_MODES.join(', ')})`);
			for (const name of ['times', 'after', 'latencyMs', 'status']) {
				if (fault[name] !== undefined && !(Number.isInteger(fault[name]) && fault[name] >= 0)) throw new Error(`simulator: fault ${name} must be a whole number`);
			}
			if (fault.mode === 'redirect') {
				if (typeof fault.location !== 'string' || fault.location.trim() === '') throw new Error('simulator: a redirect fault needs a location');
				if (fault.status !== undefined && !REDIRECT_STATUSES.includes(fault.status)) throw new Error(`simulator: a redirect status must be one of ${REDIRECT_STATUSES.join(', ')}`);
			}
			if (fault.mode === 'reject' && (typeof fault.code !== 'string' || fault.code.trim() === '' || (fault.text !== undefined && typeof fault.text !== 'string'))) {
				throw new Error('simulator: a reject fault needs a code (text) and optionally a text');
			}
			faults[key] = { ...fault, remaining: fault.times ?? Infinity, skip: fault.after ?? 0 };
			return { path: key, fault: { ...fault } };
		},
		clearFaults() {
			faults = {};
			return true;
		},
		getLog: () => JSON.parse(JSON.stringify(log)),
		clearLog() {
			log = [];
			return true;
		},
		getOrder: (key) => state.getOrder(String(key)),
		getRefunds: (filter) => state.getRefunds(filter),
		getState: () => state.snapshot(),
		/**
		 * Replaces the signed fields (between account+terminal and the secure code) of one endpoint,
		 * to imitate a gateway whose rule differs from the documented one; null restores it.
		 */
		setSignRule(rulePath, fields) {
			if (!SIGN_RULES[rulePath]) throw new Error(`simulator: no signed endpoint ${rulePath} (one of ${Object.keys(SIGN_RULES).join(', ')})`);
			if (fields === null || fields === undefined) delete signRules[rulePath];
			else {
				if (!Array.isArray(fields) || !fields.every((name) => typeof name === 'string' && name !== '')) throw new Error('simulator: a signing rule is a list of field names');
				if (fields.some((name) => /^(signValue|secureCode)$/i.test(name))) throw new Error('simulator: signValue and secureCode cannot be signed fields');
				signRules[rulePath] = [...fields];
			}
			return { path: rulePath, fields: [...activeRule(rulePath)], overridden: Boolean(signRules[rulePath]) };
		},
		clearSignRules() {
			signRules = {};
			return true;
		},
		/** The rule in force for every endpoint. */
		getSignRules: () => Object.fromEntries(Object.keys(SIGN_RULES).map((rulePath) => [rulePath, [...activeRule(rulePath)]])),
		/** How the refund query says "no such refund": one of REFUND_NOT_FOUND_CONVENTIONS (refund-not-found.js). */
		setRefundNotFound(name) {
			refundNotFound = refundNotFoundConvention(name);
			refundNotFoundName = name;
			return { convention: name };
		},
		getRefundNotFound: () => refundNotFoundName,
		/**
		 * A refund that fails after it was accepted (API file §3.6: a refund pending review for lack
		 * of balance fails after 30 days): its refund_status becomes '0' and the amount is refundable again.
		 */
		failRefund(refundId) {
			const refund = state.refunds.find((entry) => entry.refund_id === String(refundId));
			if (!refund) throw new Error(`simulator: no refund ${refundId}`);
			return state.failRefund(refund);
		},
		/**
		 * Off: status answers leave out refund_status, refundList and transactionList, as a gateway
		 * may (API file §3.1: the field list is from a truncated page and their structure is UNKNOWN).
		 */
		setStatusLists(on) {
			if (typeof on !== 'boolean') throw new Error('simulator: the status lists are on (true) or off (false)');
			statusListsOn = on;
			return { statusLists: on };
		},
		/**
		 * A refund query that lags: while on, the refunds made are not yet seen by the refund query;
		 * off makes them all visible (reset() turns it off).
		 */
		setRefundQueryLag(on) {
			if (typeof on !== 'boolean') throw new Error('simulator: the refund query lag is on (true) or off (false)');
			state.refundQueryLag = on;
			if (!on) for (const refund of state.refunds) delete refund.hiddenFromQuery;
			return { lag: on };
		},
		push: (options) => pushNotification(options),
		redeliver: (pushId) => redeliver(pushId),
		getPushes: () => pushes.map((entry) => ({ ...entry })),
		reset() {
			state.reset();
			log = [];
			faults = {};
			seq = 0;
			signRules = {};
			refundNotFound = refundNotFoundConvention(startNotFound);
			refundNotFoundName = startNotFound;
			lastAnswers = {};
			statusListsOn = true;
			pushes = [];
			sentNotifications = new Map();
			pushSeq = 0;
			return true;
		},
	};

	// ---- notifications pushed to a merchant's noticeUrl (API file §5) ------------------------

	const inFlight = new Set();
	const track = (request) => {
		inFlight.add(request);
		request.on('close', () => inFlight.delete(request));
	};

	/** Sends one stored notification and records the attempt; resolves the admin result. */
	async function deliverNotification(sent, redelivery) {
		const entry = { pushId: sent.pushId, kind: sent.kind, url: sent.url, status: null, body: null, redelivery, time: new Date().toISOString() };
		pushes.push(entry);
		try {
			const answer = await notify.send(sent.url, sent.bytes, sent.contentType, { timeoutMs: sent.timeoutMs, headers: sent.headers, track });
			Object.assign(entry, { status: answer.status, body: answer.body });
			return {
				pushId: sent.pushId,
				status: answer.status,
				body: answer.body,
				contentType: sent.contentType,
				responseContentType: answer.contentType,
				signValue: sent.signValue,
				xml: sent.xml,
				fields: sent.fields ? { ...sent.fields } : null,
				redelivery,
			};
		} catch (error) {
			entry.error = error.message;
			error.pushId = sent.pushId;
			throw error;
		}
	}

	async function pushNotification(options) {
		if (!options || typeof options !== 'object') throw Object.assign(new Error('simulator: push takes an options object'), { badRequest: true });
		let url;
		try {
			url = new URL(String(options.url ?? ''));
		} catch {
			throw Object.assign(new Error('simulator: push needs a url (http or https)'), { badRequest: true });
		}
		if (!['http:', 'https:'].includes(url.protocol)) throw Object.assign(new Error('simulator: push needs a url (http or https)'), { badRequest: true });
		const pushId = `${state.idStamp()}${String(++pushSeq).padStart(6, '0')}`;
		let built;
		if (options.rawBody !== undefined && options.rawBody !== null) {
			const raw = Buffer.isBuffer(options.rawBody) ? options.rawBody : Buffer.from(String(options.rawBody), 'utf8');
			built = { kind: options.kind ?? 'business', fields: null, signValue: null, xml: raw.toString('utf8'), bytes: raw };
		} else {
			built = notify.buildNotification(state, options, pushId);
			built.bytes = Buffer.from(built.xml, 'utf8');
			// Signed with the merchant's own secure code, a business notification reports an event the
			// gateway holds: its list shows it. `record: false` sends one the gateway does not hold.
			const genuine = !options.forge && !options.omitSignValue && (options.signValue === undefined || options.signValue === null);
			if (built.kind === 'business' && genuine && options.record !== false) state.recordNotifiedEvent(built.fields.account, built.fields);
		}
		const sent = {
			...built,
			pushId,
			url: url.toString(),
			contentType: options.contentType === undefined ? 'application/xml' : options.contentType,
			headers: options.headers && typeof options.headers === 'object' ? { ...options.headers } : undefined,
			timeoutMs: options.timeoutMs,
		};
		sentNotifications.set(pushId, sent);
		return deliverNotification(sent, false);
	}

	async function redeliver(pushId) {
		const sent = sentNotifications.get(String(pushId));
		if (!sent) throw Object.assign(new Error(`simulator: no notification ${pushId} was pushed`), { badRequest: true, notFound: true });
		return deliverNotification(sent, true);
	}

	/**
	 * The fault for a request: exact path first, then '*'. A fault lets its first `after` matching
	 * requests pass, then applies to the next `times` ones (default: until cleared).
	 */
	function takeFault(requestPath) {
		for (const key of [requestPath, '*']) {
			const fault = faults[key];
			if (!fault) continue;
			if (fault.skip > 0) {
				fault.skip -= 1;
				continue; // not yet: a '*' fault may still apply
			}
			if (fault.remaining > 0) {
				fault.remaining -= 1;
				return fault;
			}
		}
		return null;
	}

	function newLogEntry(requestPath, method, fields, account) {
		const entry = { seq: ++seq, time: new Date().toISOString(), path: requestPath, method, fields, signature: 'not-applicable', account: account ?? '', resultCode: '', fault: null };
		log.push(entry);
		return entry;
	}

	// ---- request-level checks -------------------------------------------------------------

	/** { merchant, verdict } or { rejection, verdict }, without side effects. */
	function authenticate(requestPath, fields) {
		if (!present(fields.account)) return { verdict: 'not-applicable', rejection: new Rejection('14', 'account is empty') };
		if (!present(fields.terminal)) return { verdict: 'not-applicable', rejection: new Rejection('15', 'terminal is empty') };
		const found = state.findMerchant(fields.account, fields.terminal);
		if (!found.merchant) return { verdict: 'not-applicable', rejection: new Rejection(found.code, found.message) };
		const { merchant } = found;
		if (!present(fields.signValue)) return { merchant, verdict: 'missing', rejection: new Rejection('04', 'signValue error') };
		const expected = signWith(activeRule(requestPath), fields, merchant.secureCode);
		if (String(fields.signValue).toLowerCase() !== expected) return { merchant, verdict: 'invalid', rejection: new Rejection('04', 'signValue error') };
		return { merchant, verdict: 'valid' };
	}

	function required(fields, names) {
		for (const name of names) if (!present(fields[name])) throw new Rejection('10', `Required parameters incomplete: ${name}`);
	}

	/** Reads the inclusive date range; `windowStart` (ms) is the oldest begin date allowed. */
	function dateRange(fields, windowStart, windowText) {
		required(fields, ['order_beginDate', 'order_endDate']);
		const from = state.parseGatewayText(fields.order_beginDate);
		if (Number.isNaN(from)) throw new Rejection('10', `order_beginDate must be a date as ${GATEWAY_FORMAT}`);
		const to = state.parseGatewayText(fields.order_endDate);
		if (Number.isNaN(to)) throw new Rejection('10', `order_endDate must be a date as ${GATEWAY_FORMAT}`);
		if (from > to) throw new Rejection('10', 'order_beginDate is after order_endDate');
		if (windowStart !== null && from < windowStart) throw new Rejection('24', `Only ${windowText} can be queried`);
		return [from, to];
	}

	function pageNumber(fields) {
		if (!present(fields.pages)) return 1;
		if (!/^\d{1,5}$/.test(fields.pages)) throw new Rejection('10', 'pages must be a page number');
		return Math.max(1, Number(fields.pages));
	}

	/**
	 * The list envelope. `select(skip, size)` answers { count, records } for one page: the state
	 * keeps every list sorted (filtered date ascending, then payment_id, then insertion order), so
	 * a page costs O(log n + page), never a pass over all records.
	 */
	function listPage(fields, select, size, toInfo) {
		const current = pageNumber(fields);
		const { count, records } = select((current - 1) * size, size);
		return {
			code: '00',
			body: {
				results: '00',
				details: 'Success',
				count: String(count),
				totalpages: String(Math.ceil(count / size)),
				pages: String(current),
				orderInfo: records.map(toInfo),
			},
		};
	}

	const pick = (record, names) => Object.fromEntries(names.map((name) => [name, record[name] ?? '']));

	// ---- endpoint operations: return { code, body } or throw a Rejection -------------------

	const PAYMENT_INFO = ['order_number', 'order_currency', 'order_amount', 'order_sourceUrl', 'order_notes', 'methods', 'payment_id', 'payment_results', 'payment_details', 'payment_risk', 'payment_authCode', 'payment_eci', 'payment_dateTime', 'auth_status', 'payment_debitTime', 'pay_barCode', 'refund_status', 'refundList', 'chargeBack_status', 'chargeBackList', 'duplicate_status', 'transactionList', 'update_status', 'networkToken'];

	/** The records a terminal sees (state.bookOf): each terminal of an account has its own. */
	const bookOf = (merchant) => state.bookOf(merchant.account, merchant.terminal);

	function paymentInfo(merchant, record) {
		const info = { account: merchant.account, terminal: merchant.terminal, signValue: responseSign(merchant.account, merchant.terminal, record.payment_results, merchant.secureCode) };
		for (const name of PAYMENT_INFO) info[name] = record[name] ?? '';
		return info;
	}

	const operations = {
		'/service/check/normal'(fields, merchant) {
			required(fields, ['order_number']);
			const numbers = fields.order_number.split(',').map((n) => n.trim()).filter(Boolean);
			if (numbers.length === 0) throw new Rejection('10', 'Required parameters incomplete: order_number');
			if (numbers.length > 100) throw new Rejection('10', 'At most 100 order numbers per query');
			const tooLong = numbers.find((n) => n.length > 50);
			if (tooLong) throw new Rejection('10', `order_number "${tooLong.slice(0, 60)}" is longer than 50 characters`);
			const infos = [];
			for (const number of [...new Set(numbers)]) {
				const payments = state.paymentsOf(bookOf(merchant), number);
				if (payments.length === 0) {
					infos.push(paymentInfo(merchant, { order_number: number, payment_results: '0', payment_details: '80001:Order does not exist', networkToken: { create_status: '', recurring_type: '' } }));
				}
				for (const order of payments) {
					const view = state.view(order);
					const info = paymentInfo(merchant, { ...view, ...statusLists(state, view) });
					if (!statusListsOn) for (const name of ['refund_status', 'refundList', 'transactionList']) delete info[name];
					infos.push(info);
				}
			}
			return { code: '', bare: true, body: { paymentInfo: infos } };
		},

		'/service/QueryOrdersList'(fields, merchant) {
			const [from, to] = dateRange(fields, state.now().minus({ months: 6 }).toMillis(), 'orders of the last 6 months');
			return listPage(
				fields,
				(skip, size) => state.successfulPage(bookOf(merchant), from, to, skip, size),
				defaultPageSize,
				(o) => ({ account: merchant.account, terminal: o.terminal || merchant.terminal, ...pick(state.view(o), ['payment_id', 'order_number', 'order_currency', 'order_amount', 'methods', 'payment_dateTime']) }),
			);
		},

		'/service/BusinessOrdersList'(fields, merchant) {
			const [from, to] = dateRange(fields, null);
			const size = present(fields.count) ? Number(fields.count) : 10;
			if (present(fields.count) && !['10', '50', '100'].includes(fields.count)) throw new Rejection('10', 'count must be 10, 50 or 100');
			const dateType = present(fields.date_type) ? fields.date_type : '0';
			if (!['0', '1', '2'].includes(dateType)) throw new Rejection('10', 'date_type must be 0, 1 or 2');
			return listPage(
				fields,
				(skip, pageSize) => state.eventPage(bookOf(merchant), Number(dateType), from, to, skip, pageSize),
				size,
				(e) => ({
					account: merchant.account,
					terminal: merchant.terminal,
					...pick(state.view(e), ['type', 'payment_id', 'order_number', 'order_currency', 'order_amount', 'methods', 'payment_dateTime', 'payment_debitTime', 'payment_cpdTime', 'amount', 'status', 'details']),
				}),
			);
		},

		'/service/DisputeOrderList'(fields, merchant) {
			const [from, to] = dateRange(fields, state.now().minus({ days: 30 }).toMillis(), 'disputes of the last 30 days');
			const TYPES = ['dispute', 'disputes-period'];
			if (present(fields.notice_type) && !TYPES.includes(fields.notice_type)) throw new Rejection('10', 'notice_type must be dispute or disputes-period');
			// The doc's curl example sends the filter as date_type=dispute; accept that alias.
			const type = fields.notice_type || (TYPES.includes(fields.date_type) ? fields.date_type : '');
			const size = present(fields.count) ? Number(fields.count) : 10;
			if (present(fields.count) && (!/^\d{1,3}$/.test(fields.count) || size < 1 || size > 100)) throw new Rejection('10', 'count must be a page size from 1 to 100');
			const filters = { notice_type: type, payment_id: fields.payment_id ?? '', order_number: fields.order_number ?? '' };
			return listPage(
				fields,
				(skip, pageSize) => state.disputePage(bookOf(merchant), filters, from, to, skip, pageSize),
				size,
				(d) => {
					const { account, ...rest } = state.view(d);
					return { account: merchant.account, terminal: merchant.terminal, ...rest };
				},
			);
		},

		'/service/applyRefund'(fields, merchant) {
			required(fields, ['payment_id', 'refund_type', 'refund_amount']);
			if (!['1', '2'].includes(fields.refund_type)) throw new Rejection('10', 'refund_type must be 1 (full) or 2 (partial)');
			if (present(fields.refund_number) && fields.refund_number.length > 50) throw new Rejection('10', 'refund_number is longer than 50 characters');
			const outcome = state.refund(bookOf(merchant), fields);
			if (!outcome.ok) throw new Rejection(outcome.code, outcome.message);
			const r = outcome.refund;
			return {
				code: '00',
				body: { ...pick(r, ['payment_id', 'order_number', 'refund_id', 'refund_number', 'refund_amount', 'refund_currency']), refund_results: '00', refund_description: r.refund_description },
			};
		},

		'/service/queryRefund'(fields, merchant) {
			if (!present(fields.refund_id) && !present(fields.refund_number)) throw new Rejection('10', 'Required parameters incomplete: refund_id or refund_number');
			const refund = state.findRefund(bookOf(merchant), fields);
			if (!refund) return refundNotFound.notFound(fields);
			const body = {
				refund_results: '00',
				...pick(refund, ['refund_id', 'refund_number', 'payment_id', 'order_number', 'refund_type', 'refund_amount', 'refund_currency', 'refund_description', 'refund_status', 'refund_dateTime']),
			};
			return { code: '00', body: refundNotFound.found?.(body) ?? body };
		},

		'/service/uploadTrackingNo'(fields, merchant) {
			if (!present(fields.payment_id) && !present(fields.order_number)) throw new Rejection('12', 'payment_id is empty');
			if (!present(fields.tracking_number)) throw new Rejection('10', 'Required parameters incomplete: tracking_number');
			if (!fields.tracking_number.split(',').every((n) => /^[A-Za-z0-9]+$/.test(n.trim()))) throw new Rejection('06', 'Invalid tracking_number');
			if (!present(fields.tracking_site)) throw new Rejection('18', 'tracking_site is empty');
			if (!/^https?:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(\/\S*)?$/.test(fields.tracking_site)) throw new Rejection('07', 'Invalid URL');
			if (!present(fields.tracking_handler)) throw new Rejection('16', 'tracking_handler is empty');
			const outcome = state.track(bookOf(merchant), { ...fields, tracking_number: fields.tracking_number.split(',').map((n) => n.trim()).join(',') });
			if (!outcome.ok) throw new Rejection(outcome.code, 'Tracking upload rejected');
			return { code: '01', body: { order_number: outcome.order.order_number, payment_id: outcome.order.payment_id, tracking_results: '01' } };
		},

		'/gateway/service/auth'(fields, merchant) {
			required(fields, ['payment_authType']);
			if (!['1', '2', '3'].includes(fields.payment_authType)) throw new Rejection('10', 'payment_authType must be 1 (capture), 2 (void) or 3 (reverse)');
			required(fields, [fields.payment_authType === '3' ? 'order_number' : 'payment_id']);
			const outcome = state.authorize(bookOf(merchant), fields);
			if (!outcome.ok) throw new Rejection(outcome.code, outcome.message);
			return {
				code: '1',
				body: {
					payment_id: outcome.order.payment_id,
					order_number: outcome.order.order_number,
					payment_authType: fields.payment_authType,
					order_amount: outcome.amount,
					payment_results: '1',
					payment_details: 'Success',
				},
			};
		},

		'/gateway/service/customsUpload'(fields, merchant) {
			required(fields, ['payment_id', 'type', 'customs', 'customs_number', 'customs_name']);
			if (!['1', '2'].includes(fields.type)) throw new Rejection('10', 'type must be 1 (submit) or 2 (resubmit)');
			const outcome = state.customs(bookOf(merchant), fields);
			if (!outcome.ok) throw new Rejection('0', outcome.message);
			return { code: '1', body: { payment_id: fields.payment_id, type: fields.type, status: '1', details: 'Success' } };
		},
	};

	/** The failure body of an endpoint: its failure code and text, with the request's keys echoed. */
	function failure(requestPath, fields, rejection) {
		const { code, message } = rejection;
		const echo = (name) => fields[name] ?? '';
		switch (requestPath) {
			case '/service/applyRefund':
				return {
					code,
					body: { payment_id: echo('payment_id'), order_number: '', refund_id: '', refund_number: echo('refund_number'), refund_amount: echo('refund_amount'), refund_currency: '', refund_results: code, refund_description: message },
				};
			case '/service/queryRefund':
				return refundNotFound.failure?.(fields, code, message) ?? { code, body: { refund_results: code, refund_id: echo('refund_id'), refund_number: echo('refund_number'), refund_description: message } };
			case '/service/uploadTrackingNo':
				// The gateway sends only the code here.
				return { code, body: { order_number: echo('order_number'), payment_id: echo('payment_id'), tracking_results: code } };
			case '/gateway/service/auth':
				return {
					code: '0',
					body: { payment_id: echo('payment_id'), order_number: echo('order_number'), payment_authType: echo('payment_authType'), order_amount: echo('order_amount'), payment_results: '0', payment_details: `${code}:${message}` },
				};
			case '/gateway/service/customsUpload':
				return { code: '0', body: { payment_id: echo('payment_id'), type: echo('type'), status: '0', details: code === '0' ? message : `${message} (${code})` } };
			default:
				return { code, body: { results: code, details: message } };
		}
	}

	/** Runs a form request: { entry, xml object, result field }. Never throws. */
	function runForm(requestPath, fields, auth, entry) {
		let outcome;
		let merchant = auth.merchant;
		try {
			if (auth.rejection) throw auth.rejection;
			outcome = operations[requestPath](fields, merchant);
			entry.message = outcome.message ?? 'Success';
		} catch (error) {
			if (!(error instanceof Rejection)) {
				if (!quiet) console.error(`simulator: ${requestPath} failed:`, error);
				error = new Rejection('99', 'System error');
			}
			outcome = failure(requestPath, fields, error);
			entry.message = error.message;
			entry.detailCode = error.code;
		}
		entry.resultCode = outcome.code;
		if (outcome.bare) return { body: outcome.body };
		return { body: envelope(fields, merchant, outcome) };
	}

	/** account, terminal (as known, else as sent) and the response signValue, then the body. */
	function envelope(fields, merchant, outcome) {
		const account = merchant?.account ?? fields.account ?? '';
		const terminal = merchant?.terminal ?? fields.terminal ?? '';
		return { account, terminal, signValue: responseSign(account, terminal, outcome.code, merchant?.secureCode ?? ''), ...outcome.body };
	}

	/** The answer with its main result code replaced (the wrongCode fault). */
	function withWrongCode(requestPath, body) {
		const field = FORM_ENDPOINTS[requestPath].result;
		if (Array.isArray(body.paymentInfo)) return { ...body, paymentInfo: body.paymentInfo.map((info) => ({ ...info, payment_results: WRONG_CODE })) };
		if (field in body) return { ...body, [field]: WRONG_CODE };
		return { ...body, results: WRONG_CODE };
	}

	// ---- JSON (pinc) ----------------------------------------------------------------------

	function normaliseSite(site) {
		return String(site ?? '')
			.trim()
			.toLowerCase()
			.replace(/^[a-z]+:\/\//, '')
			.replace(/^www\./, '')
			.replace(/\/.*$/, '');
	}

	/** Parses a pinc body and records it (redacted, with the header keys) in the log entry. */
	function readJson(headers, raw, entry) {
		let body;
		let malformed = false;
		try {
			body = raw.trim() === '' ? {} : JSON.parse(raw);
		} catch {
			malformed = true;
		}
		const headerFields = { account: String(headers.account ?? ''), terminal: String(headers.terminal ?? ''), secureCode: headers.securecode === undefined ? '' : '[redacted]' };
		const isObject = body && typeof body === 'object' && !Array.isArray(body);
		entry.fields = { ...(isObject ? redact(body) : { body: malformed ? raw.slice(0, 200) : body }), headers: headerFields };
		return { body, malformed, headerFields };
	}

	function runJson(requestPath, headers, raw, entry) {
		const { body, malformed, headerFields } = readJson(headers, raw, entry);
		const answer = (code, msg, data = null) => {
			entry.resultCode = code;
			entry.message = msg;
			return { code, msg, data };
		};
		const found = state.findMerchant(headerFields.account, headerFields.terminal);
		if (!found.merchant || found.merchant.secureCode !== String(headers.securecode ?? '')) return answer('401', 'Invalid account, terminal or secureCode');
		const merchant = found.merchant;
		if (malformed) return answer('400', 'Malformed JSON body');
		if (!body || typeof body !== 'object' || Array.isArray(body)) return answer('400', 'The body must be a JSON object');
		if ((present(body.account) && String(body.account) !== merchant.account) || (present(body.terminal) && String(body.terminal) !== merchant.terminal)) {
			return answer('400', 'account and terminal in the body must match the headers');
		}
		if (requestPath === '/pinc/check-account') {
			if (!present(body.site)) return answer('400', 'site is required');
			return answer('000', 'SUCCESS', {
				account: merchant.account,
				terminal: merchant.terminal,
				site: String(body.site),
				siteMatched: present(merchant.site) && normaliseSite(merchant.site) === normaliseSite(body.site),
				keyMatched: present(merchant.publicKey) && String(body.key ?? '').trim().toLowerCase() === merchant.publicKey.trim().toLowerCase(),
			});
		}
		const bins = Array.isArray(body.card_bin) ? body.card_bin.map((bin) => (typeof bin === 'number' || typeof bin === 'string' ? String(bin).trim() : '')) : [];
		if (bins.length === 0 || bins.length > 100 || !bins.every((bin) => /^\d{6,8}$/.test(bin))) {
			return answer('400', 'card_bin must be a list of 1 to 100 BINs of 6 to 8 digits');
		}
		return answer(
			'000',
			'SUCCESS',
			bins.map((bin) => (CARD_BINS[bin.slice(0, 6)] ? { card_bin: bin, found: true, ...CARD_BINS[bin.slice(0, 6)] } : { card_bin: bin, found: false })),
		);
	}

	// ---- HTTP -----------------------------------------------------------------------------

	const sockets = new Set();
	const timers = new Set();
	let closing = false;

	function later(ms, fn) {
		const timer = setTimeout(() => {
			timers.delete(timer);
			if (!closing) fn();
		}, ms);
		timers.add(timer);
	}

	function send(res, status, contentType, body) {
		if (res.destroyed || res.writableEnded) return;
		const buffer = Buffer.from(body, 'utf8');
		res.writeHead(status, { 'Content-Type': `${contentType}; charset=utf-8`, 'Content-Length': buffer.length });
		res.end(buffer);
	}

	const sendJson = (res, status, value) => send(res, status, 'application/json', JSON.stringify(value === undefined ? null : value));

	function drop(req) {
		const socket = req.socket;
		if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
		else socket.destroy();
	}

	/**
	 * Applies a fault that answers instead of the operation. `context` is { requestPath, fields,
	 * merchant } for a form request, { json: true } for pinc.
	 */
	function answerFault(req, res, fault, context) {
		switch (fault.mode) {
			case 'http500':
			case 'http502':
			case 'http503': {
				const status = fault.status ?? Number(fault.mode.slice(4));
				const title = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' }[status] ?? 'Error';
				return send(res, status, 'text/html', `<html><head><title>${status} ${title}</title></head><body><h1>${status} ${title}</h1></body></html>`);
			}
			case 'reset':
				return drop(req);
			case 'hang':
				return undefined; // keep the socket until the client gives up or close()
			case 'html':
				return send(
					res,
					fault.status ?? 200,
					'text/html',
					'<!DOCTYPE html><html><head><title>System maintenance</title></head><body><h1>System maintenance</h1><p>The service is temporarily unavailable. Please try again later.</p></body></html>',
				);
			case 'xhtml':
				return send(res, fault.status ?? 200, 'text/html', XHTML_PAGE);
			case 'redirect':
				if (res.destroyed || res.writableEnded) return undefined;
				res.writeHead(fault.status ?? 307, { Location: fault.location, 'Content-Length': 0 });
				return res.end();
			case 'reject':
				if (context.json) return sendJson(res, 200, { code: fault.code, msg: fault.text ?? '', data: null });
				if (fault.inRecord && context.requestPath === '/service/check/normal') return send(res, 200, 'text/xml', responseXml(rejectedRecords(context, fault)));
				if (fault.textField) {
					// The code in the endpoint's result field, the text under another element (an answer shape the notes do not show).
					const field = context.requestPath === '/service/queryRefund' && refundNotFoundName === 'results09' ? 'results' : FORM_ENDPOINTS[context.requestPath].result;
					return send(res, 200, 'text/xml', responseXml(envelope(context.fields, context.merchant, { code: fault.code, body: { [field]: fault.code, [fault.textField]: fault.text ?? '' } })));
				}
				return send(res, 200, 'text/xml', responseXml(envelope(context.fields, context.merchant, failure(context.requestPath, context.fields, new Rejection(fault.code, fault.text ?? '')))));
			case 'emptyResult': {
				// The result element is there but empty, nothing else (a template the gateway did not fill).
				if (context.json) return sendJson(res, 200, { code: '', msg: '', data: null });
				const field = context.requestPath === '/service/queryRefund' && refundNotFoundName === 'results09' ? 'results' : FORM_ENDPOINTS[context.requestPath].result;
				return send(res, 200, 'text/xml', `${XML_DECLARATION}<response><${field}></${field}></response>`);
			}
			case 'echoRequest': {
				// A debugging proxy's error page: the request as it arrived, headers and form fields.
				const lines = [`${req.method} ${req.url}`, ...Object.entries(req.headers).map(([name, value]) => `${name}: ${String(value)}`)];
				if (context.fields) lines.push('', new URLSearchParams(context.fields).toString());
				return send(res, fault.status ?? 500, 'text/plain', `Upstream error. Request was:\n${lines.join('\n')}`);
			}
			case 'busy':
				if (context.json) return sendJson(res, 200, { code: '503', msg: BUSY_TEXT, data: null });
				return send(res, 200, 'text/xml', responseXml(envelope(context.fields, context.merchant, failure(context.requestPath, context.fields, new Rejection(BUSY_CODE, BUSY_TEXT)))));
			case 'emptyList':
				if (!context.json && context.requestPath === '/service/check/normal') return send(res, 200, 'text/xml', `${XML_DECLARATION}<response><paymentInfo/></response>`);
				if (!context.json && LIST_PATHS.has(context.requestPath)) {
					const body = envelope(context.fields, context.merchant, { code: '00', body: { results: '00', details: 'Success', count: '0', totalpages: '0', pages: '1' } });
					return send(res, 200, 'text/xml', responseXml(body).replace(/<\/response>$/, '<orderInfo/></response>'));
				}
			// falls through: no record list on this endpoint
			case 'emptyResponse':
				if (context.json) return sendJson(res, 200, {});
				return send(res, 200, 'text/xml', EMPTY_RESPONSE);
			default:
				return undefined;
		}
	}

	/** A status answer whose record per order number holds the refusal (`payment_details` "code:text"). */
	function rejectedRecords({ fields, merchant }, fault) {
		const numbers = String(fields.order_number ?? '').split(',').map((n) => n.trim()).filter(Boolean);
		const keys = merchant ?? { account: fields.account ?? '', terminal: fields.terminal ?? '', secureCode: '' };
		return { paymentInfo: numbers.map((number) => paymentInfo(keys, { order_number: number, payment_results: '0', payment_details: `${fault.code}:${fault.text ?? ''}` })) };
	}

	/** Sends an operation's answer, shaped by a post-operation fault. */
	function deliver(req, res, fault, contentType, text) {
		switch (fault?.mode) {
			case 'commitThenDrop':
				return drop(req);
			case 'truncated':
				return send(res, 200, contentType, text.slice(0, Math.floor(text.length / 2)));
			default:
				return send(res, 200, contentType, text);
		}
	}

	function handleForm(req, res, requestPath, raw) {
		const fields = Object.fromEntries(new URLSearchParams(raw));
		const entry = newLogEntry(requestPath, req.method, redact(fields), fields.account ?? '');
		if (Object.keys(fields).some((key) => /^securecode$/i.test(key))) entry.secureCodeSent = true;
		const auth = authenticate(requestPath, fields);
		entry.signature = auth.verdict;
		const fault = takeFault(requestPath);
		entry.fault = fault?.mode ?? null;
		if (fault && BEFORE_OPERATION.has(fault.mode)) return answerFault(req, res, fault, { requestPath, fields, merchant: auth.merchant });
		// A caching proxy in front of the gateway: the path's previous answer, whatever was asked.
		if (fault?.mode === 'stale' && lastAnswers[requestPath] !== undefined) return send(res, 200, 'text/xml', lastAnswers[requestPath]);
		// The refund query answering every refund under the number asked: as `refundInfo` records
		// (nested: true) or as repeated fields at the top (an answer shape the notes do not show).
		if (fault?.mode === 'allRefunds' && requestPath === '/service/queryRefund' && auth.merchant && !auth.rejection) {
			const FIELDS = ['refund_id', 'refund_number', 'payment_id', 'order_number', 'refund_type', 'refund_amount', 'refund_currency', 'refund_status'];
			const found = state.getRefunds({ book: bookOf(auth.merchant), refund_number: fields.refund_number ?? '' });
			if (found.length > 0) {
				const body = fault.nested
					? { refund_results: '00', refundInfo: found.map((refund) => pick(refund, FIELDS)) }
					: { refund_results: '00', ...Object.fromEntries(FIELDS.map((name) => [name, found.map((refund) => refund[name] ?? '')])) };
				return send(res, 200, 'text/xml', responseXml(envelope(fields, auth.merchant, { code: '00', body })));
			}
		}
		const run = () => {
			const { body } = runForm(requestPath, fields, auth, entry);
			const shaped = fault?.mode === 'wrongCode' ? withWrongCode(requestPath, body) : body;
			const xml = responseXml(shaped, { numericEntities: fault?.mode === 'numericEntities' });
			lastAnswers[requestPath] = xml;
			deliver(req, res, fault, 'text/xml', xml);
		};
		if (fault?.mode === 'latency') later(fault.latencyMs ?? 100, run);
		else run();
	}

	function handleJson(req, res, requestPath, raw) {
		const entry = newLogEntry(requestPath, req.method, {}, String(req.headers.account ?? ''));
		const fault = takeFault(requestPath);
		entry.fault = fault?.mode ?? null;
		const run = () => {
			const json = runJson(requestPath, req.headers, raw, entry);
			const shaped = fault?.mode === 'wrongCode' ? { ...json, code: WRONG_CODE } : json;
			deliver(req, res, fault, 'application/json', JSON.stringify(shaped));
		};
		if (fault && BEFORE_OPERATION.has(fault.mode)) {
			// Still record what was sent (redacted), without running the operation.
			readJson(req.headers, raw, entry);
			return answerFault(req, res, fault, { json: true });
		}
		if (fault?.mode === 'latency') later(fault.latencyMs ?? 100, run);
		else run();
	}

	function handleAdmin(req, res, requestPath, raw) {
		if (!isLoopback(req.socket.remoteAddress)) return sendJson(res, 403, { error: 'the admin API answers loopback clients only' });
		let body = {};
		try {
			body = raw.trim() ? JSON.parse(raw) : {};
		} catch {
			return sendJson(res, 400, { error: 'malformed JSON' });
		}
		const [route, query = ''] = requestPath.slice(ADMIN_PREFIX.length).replace(/\/+$/, '').split('?');
		const key = `${req.method} ${route}`;
		/** An async admin call: its result, 400 for bad options, 404 for an unknown push, 502 when the receiver could not be reached. */
		const answerAsync = (promise) =>
			promise.then(
				(value) => sendJson(res, 200, value),
				(error) => sendJson(res, error.delivery ? 502 : error.notFound ? 404 : 400, { error: error.message, ...(error.pushId ? { pushId: error.pushId } : {}) }),
			);
		try {
			if (req.method === 'GET' && route.startsWith('orders/')) {
				const order = admin.getOrder(decodeURIComponent(route.slice('orders/'.length)));
				return order ? sendJson(res, 200, order) : sendJson(res, 404, { error: 'no such order' });
			}
			const redelivery = /^push\/([^/]+)\/redeliver$/.exec(route);
			if (req.method === 'POST' && redelivery) return answerAsync(admin.redeliver(decodeURIComponent(redelivery[1])));
			switch (key) {
				case 'POST merchants':
					return sendJson(res, 200, admin.addMerchant(body));
				case 'POST orders':
					return sendJson(res, 200, admin.addOrder(body));
				case 'POST disputes':
					return sendJson(res, 200, admin.addDispute(body));
				case 'POST business-events':
					return sendJson(res, 200, admin.addBusinessEvent(body));
				case 'POST bulk/orders':
					return sendJson(res, 200, admin.addOrders(body));
				case 'POST bulk/business-events':
					return sendJson(res, 200, admin.addBusinessEvents(body));
				case 'POST bulk/disputes':
					return sendJson(res, 200, admin.addDisputes(body));
				case 'PUT sign-rules':
					return sendJson(res, 200, admin.setSignRule(body.path, body.fields));
				case 'DELETE sign-rules':
					admin.clearSignRules();
					return sendJson(res, 200, { ok: true });
				case 'GET sign-rules':
					return sendJson(res, 200, admin.getSignRules());
				case 'PUT refund-not-found':
					return sendJson(res, 200, admin.setRefundNotFound(body.convention));
				case 'POST push':
					return answerAsync(admin.push(body));
				case 'GET pushes':
					return sendJson(res, 200, admin.getPushes());
				case 'PUT faults':
					return sendJson(res, 200, admin.setFault(body.path ?? '*', body.fault));
				case 'DELETE faults':
					admin.clearFaults();
					return sendJson(res, 200, { ok: true });
				case 'GET log':
					return sendJson(res, 200, admin.getLog());
				case 'DELETE log':
					admin.clearLog();
					return sendJson(res, 200, { ok: true });
				case 'GET state':
					return sendJson(res, 200, admin.getState());
				case 'GET refunds':
					return sendJson(res, 200, admin.getRefunds(Object.fromEntries(new URLSearchParams(query))));
				case 'POST reset':
					admin.reset();
					return sendJson(res, 200, { ok: true });
				default:
					return sendJson(res, 404, { error: `no admin route ${key}` });
			}
		} catch (error) {
			return sendJson(res, 400, { error: error.message });
		}
	}

	const server = http.createServer((req, res) => {
		const chunks = [];
		let size = 0;
		let tooLarge = false;
		const limit = String(req.url ?? '').startsWith(ADMIN_PREFIX) ? MAX_ADMIN_BODY_BYTES : MAX_BODY_BYTES;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > limit) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => {
			const url = req.url ?? '/';
			const requestPath = url.split('?')[0];
			try {
				if (requestPath.startsWith(ADMIN_PREFIX)) {
					if (tooLarge) return sendJson(res, 413, { error: `admin bodies are limited to ${MAX_ADMIN_BODY_BYTES} bytes` });
					return handleAdmin(req, res, url, Buffer.concat(chunks).toString('utf8'));
				}
				const known = Boolean(FORM_ENDPOINTS[requestPath]) || JSON_ENDPOINTS.has(requestPath);
				if (tooLarge || !known || req.method !== 'POST') {
					const [status, text] = tooLarge ? [413, 'Payload Too Large'] : !known ? [404, 'Not Found'] : [405, 'Method Not Allowed'];
					const entry = newLogEntry(requestPath, req.method, {}, '');
					entry.resultCode = String(status);
					if (status === 405) res.setHeader('Allow', 'POST');
					return send(res, status, 'text/html', `<html><head><title>${status} ${text}</title></head><body><h1>${status} ${text}</h1></body></html>`);
				}
				const raw = Buffer.concat(chunks).toString('utf8');
				if (FORM_ENDPOINTS[requestPath]) return handleForm(req, res, requestPath, raw);
				return handleJson(req, res, requestPath, raw);
			} catch (error) {
				if (!quiet) console.error('simulator: unexpected error', error);
				return send(res, 500, 'text/plain', 'simulator error');
			}
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('clientError', (error, socket) => socket.destroy());

	function close() {
		closing = true;
		for (const timer of timers) clearTimeout(timer);
		timers.clear();
		for (const request of inFlight) request.destroy(new Error('the simulator was closed'));
		inFlight.clear();
		return new Promise((resolve) => {
			server.close(() => resolve());
			for (const socket of sockets) socket.destroy();
			if (typeof server.closeAllConnections === 'function') server.closeAllConnections();
		});
	}

	return { server, admin, state, close };
}

/**
 * Starts the simulator. Options: port (0), host ('127.0.0.1'), seed (seed.json), timeZone
 * ('Asia/Shanghai'), now (() => Date), defaultPageSize (10), refundNotFound ('simulator'), quiet.
 * Resolves to { url, port, admin, close }.
 */
async function startSimulator(options = {}) {
	const simulator = createSimulator(options);
	const host = options.host ?? '127.0.0.1';
	await new Promise((resolve, reject) => {
		simulator.server.once('error', reject);
		simulator.server.listen(options.port ?? 0, host, () => {
			simulator.server.off('error', reject);
			resolve();
		});
	});
	const { port } = simulator.server.address();
	const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	return { url: `http://${urlHost}:${port}`, port, admin: simulator.admin, close: simulator.close };
}

module.exports = { startSimulator, createSimulator, signFor, signWith, noticeSign, SIGN_RULES, NOTICE_SIGN_RULES, ADMIN_PREFIX, GATEWAY_FORMAT, FAULT_MODES, CARD_BINS, BUSY_TEXT, REFUND_NOT_FOUND_CONVENTIONS };
