'use strict';
/**
 * A local stand-in for the Oceanpayment gateway: one HTTP server on loopback serving the query,
 * secure-gateway and checkout host families by path, checking every signature with its own
 * rules (./rules.js), keeping state (./state.js), injecting faults and logging every call.
 * Departures from and guesses about the real gateway: README.md beside this file.
 */
const http = require('http');

const seedData = require('./seed.json');
const { SIGN_RULES, signFor, sha256 } = require('./rules');
const { SimulatorState, GATEWAY_FORMAT } = require('./state');
const { responseXml } = require('./xml');

const ADMIN_PREFIX = '/__admin/';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const FAULT_MODES = ['latency', 'http500', 'http502', 'http503', 'reset', 'hang', 'html', 'truncated', 'wrongCode', 'commitThenDrop'];

/** Result field and failure shape of each form endpoint. */
const FAMILY = {
	'/service/check/normal': 'list',
	'/service/QueryOrdersList': 'list',
	'/service/BusinessOrdersList': 'list',
	'/service/DisputeOrderList': 'list',
	'/service/applyRefund': 'refund',
	'/service/queryRefund': 'refund',
	'/service/uploadTrackingNo': 'tracking',
	'/gateway/service/auth': 'auth',
	'/gateway/service/customsUpload': 'customs',
};
const RESULT_FIELD = { list: 'results', refund: 'refund_results', tracking: 'tracking_results', auth: 'payment_results', customs: 'status' };

const CARD_BINS = {
	411111: { card_brand: 'VISA', card_type: 'CREDIT', card_level: 'CLASSIC', issuer: 'Example Bank', country: 'US' },
	424242: { card_brand: 'VISA', card_type: 'CREDIT', card_level: 'PLATINUM', issuer: 'Example Bank', country: 'GB' },
	545454: { card_brand: 'MASTERCARD', card_type: 'DEBIT', card_level: 'STANDARD', issuer: 'Sample Credit Union', country: 'DE' },
	555555: { card_brand: 'MASTERCARD', card_type: 'CREDIT', card_level: 'WORLD', issuer: 'Sample Credit Union', country: 'FR' },
	378282: { card_brand: 'AMEX', card_type: 'CREDIT', card_level: 'GOLD', issuer: 'American Express', country: 'US' },
	622202: { card_brand: 'UNIONPAY', card_type: 'DEBIT', card_level: 'CLASSIC', issuer: 'Example Bank of China', country: 'CN' },
	356600: { card_brand: 'JCB', card_type: 'CREDIT', card_level: 'CLASSIC', issuer: 'Example Card Co', country: 'JP' },
};

class Rejection {
	constructor(code, message) {
		this.code = code;
		this.message = message;
	}
}

/** The failure answer of an endpoint family. */
function failureFields(family, code, message) {
	switch (family) {
		case 'refund':
			return { refund_results: code, refund_description: message };
		case 'tracking':
			return { tracking_results: code };
		case 'auth':
			return { payment_results: '0', payment_details: `${code}:${message}` };
		case 'customs':
			return { status: '0', details: message };
		default:
			return { results: code, details: message };
	}
}

function createSimulator(options = {}) {
	const timeZone = options.timeZone ?? 'Asia/Shanghai';
	const now = options.now ?? (() => new Date());
	const defaultPageSize = options.defaultPageSize ?? 10;
	const state = new SimulatorState(options.seed ?? seedData, { timeZone, now });
	let log = [];
	let faults = {};
	let seq = 0;

	const admin = {
		addMerchant: (merchant) => state.addMerchant(merchant),
		addOrder: (order) => state.addOrder(order),
		addDispute: (dispute) => state.addDispute(dispute),
		addBusinessEvent: (event) => state.addBusinessEvent(event),
		setFault(path, fault) {
			if (!FAULT_MODES.includes(fault?.mode)) throw new Error(`simulator: unknown fault mode ${fault?.mode}`);
			faults[path] = { ...fault, remaining: fault.times ?? Infinity, skip: fault.after ?? 0 };
		},
		clearFaults() {
			faults = {};
		},
		getLog: () => JSON.parse(JSON.stringify(log)),
		clearLog() {
			log = [];
		},
		getOrder: (key) => state.getOrder(key),
		getRefunds: (filter) => state.getRefunds(filter),
		getState: () => state.snapshot(),
		reset() {
			state.reset();
			log = [];
			faults = {};
		},
	};

	/**
	 * Takes the fault for a path (exact first, then '*'): it lets `after` matching requests pass,
	 * then applies to the next `times` ones.
	 */
	function takeFault(path) {
		for (const key of [path, '*']) {
			const fault = faults[key];
			if (!fault) continue;
			if (fault.skip > 0) {
				fault.skip -= 1;
				return null;
			}
			if (fault.remaining > 0) {
				fault.remaining -= 1;
				return fault;
			}
		}
		return null;
	}

	// ---- request-level checks -------------------------------------------------------------

	function authenticate(path, fields) {
		if (!fields.account) throw new Rejection('14', 'account is empty');
		if (!fields.terminal) throw new Rejection('15', 'terminal is empty');
		const merchant = state.merchant(fields.account);
		if (!merchant) throw new Rejection('02', 'Invalid account');
		if (merchant.terminal !== fields.terminal) throw new Rejection('03', 'Invalid terminal');
		if (!fields.signValue) return { merchant, verdict: 'missing' };
		const expected = signFor(path, fields, merchant.secureCode);
		return { merchant, verdict: expected === String(fields.signValue).toLowerCase() ? 'valid' : 'invalid' };
	}

	function required(fields, names) {
		for (const name of names) if (!fields[name]) throw new Rejection('10', `${name} is required`);
	}

	function dateRange(fields, windowDays) {
		required(fields, ['order_beginDate', 'order_endDate']);
		for (const name of ['order_beginDate', 'order_endDate']) {
			if (!DATE_PATTERN.test(fields[name])) throw new Rejection('10', `${name} must be yyyy-MM-dd HH:mm:ss`);
		}
		if (fields.order_beginDate > fields.order_endDate) throw new Rejection('10', 'order_beginDate is after order_endDate');
		const oldest = state.now().minus({ days: windowDays }).toFormat(GATEWAY_FORMAT);
		if (fields.order_beginDate < oldest) throw new Rejection('24', `Only the last ${windowDays} days can be queried`);
		return [fields.order_beginDate, fields.order_endDate];
	}

	function page(fields, records, size, dateField) {
		const requested = fields.pages === undefined || fields.pages === '' ? 1 : Number(fields.pages);
		if (!Number.isInteger(requested) || requested < 0) throw new Rejection('10', 'pages must be a page number');
		const current = Math.max(1, requested);
		const sorted = records
			.map((record, index) => ({ record, index }))
			.sort((a, b) => a.record[dateField].localeCompare(b.record[dateField]) || a.record.payment_id.localeCompare(b.record.payment_id) || a.index - b.index)
			.map(({ record }) => record);
		return {
			results: '00',
			details: 'Success',
			count: String(sorted.length),
			totalpages: String(Math.ceil(sorted.length / size)),
			pages: String(current),
			orderInfo: sorted.slice((current - 1) * size, current * size),
		};
	}

	const pick = (record, names) => Object.fromEntries(names.map((name) => [name, record[name] ?? '']));

	// ---- endpoint handlers: return the fields after account/terminal/signValue -------------

	const handlers = {
		'/service/check/normal'(fields, merchant) {
			required(fields, ['order_number']);
			const numbers = fields.order_number.split(',').map((n) => n.trim()).filter(Boolean);
			if (numbers.length > 100) throw new Rejection('10', 'At most 100 order numbers per query');
			const paymentInfo = [];
			for (const number of numbers) {
				const payments = state.paymentsOf(merchant.account, number);
				if (payments.length === 0) {
					paymentInfo.push({ account: merchant.account, terminal: merchant.terminal, order_number: number, payment_id: '', payment_results: '0', payment_details: '80001:Order does not exist' });
				}
				for (const order of payments) {
					paymentInfo.push({
						account: merchant.account,
						terminal: merchant.terminal,
						signValue: sha256(merchant.account + order.payment_id + merchant.secureCode).toUpperCase(),
						...pick(order, ['order_number', 'order_currency', 'order_amount', 'order_sourceUrl', 'order_notes', 'methods', 'payment_id', 'payment_results', 'payment_details', 'payment_risk']),
						payment_authCode: '',
						payment_eci: '',
						...pick(order, ['payment_dateTime', 'auth_status', 'payment_debitTime']),
						pay_barCode: '',
						refund_status: order.refund_status,
						refundList: '',
						chargeBack_status: order.chargeBack_status,
						chargeBackList: '',
						duplicate_status: order.duplicate_status,
						transactionList: '',
						update_status: '0',
						networkToken: { create_status: '0', recurring_type: '' },
					});
				}
			}
			return { paymentInfo };
		},
		'/service/QueryOrdersList'(fields, merchant) {
			const [from, to] = dateRange(fields, 183);
			const records = state.orders
				.filter((o) => o.account === merchant.account && o.payment_results === '1' && o.payment_dateTime >= from && o.payment_dateTime <= to)
				.map((o) => ({ account: merchant.account, terminal: merchant.terminal, ...pick(o, ['payment_id', 'order_number', 'order_currency', 'order_amount', 'methods', 'payment_dateTime']) }));
			return page(fields, records, defaultPageSize, 'payment_dateTime');
		},
		'/service/BusinessOrdersList'(fields, merchant) {
			const [from, to] = dateRange(fields, 183);
			const size = fields.count === undefined || fields.count === '' ? 10 : Number(fields.count);
			if (![10, 50, 100].includes(size)) throw new Rejection('10', 'count must be 10, 50 or 100');
			const dateType = fields.date_type === undefined || fields.date_type === '' ? '0' : fields.date_type;
			const dateField = { 0: 'review_dateTime', 1: 'payment_dateTime', 2: 'payment_cpdTime' }[dateType];
			if (!dateField) throw new Rejection('10', 'date_type must be 0, 1 or 2');
			const records = state.events
				.filter((e) => e.account === merchant.account && e[dateField] && e[dateField] >= from && e[dateField] <= to)
				.map((e) => ({ account: merchant.account, terminal: merchant.terminal, ...pick(e, ['type', 'payment_id', 'order_number', 'order_currency', 'order_amount', 'methods', 'payment_dateTime', 'payment_debitTime', 'payment_cpdTime', 'amount', 'status', 'details']), _sort: e[dateField] }));
			const result = page(fields, records, size, '_sort');
			result.orderInfo = result.orderInfo.map(({ _sort, ...record }) => record);
			return result;
		},
		'/service/DisputeOrderList'(fields, merchant) {
			const [from, to] = dateRange(fields, 30);
			const type = fields.notice_type || (['dispute', 'disputes-period'].includes(fields.date_type) ? fields.date_type : '');
			const size = fields.count === undefined || fields.count === '' ? 10 : Number(fields.count);
			if (!(size > 0)) throw new Rejection('10', 'count must be a page size');
			const records = state.disputes
				.filter((d) => d.account === merchant.account && d.disputes_date >= from && d.disputes_date <= to)
				.filter((d) => !type || d.notice_type === type)
				.filter((d) => !fields.payment_id || d.payment_id === fields.payment_id)
				.filter((d) => !fields.order_number || d.order_number === fields.order_number)
				.map(({ account, ...d }) => ({ account, terminal: merchant.terminal, ...d }));
			return page(fields, records, size, 'disputes_date');
		},
		'/service/applyRefund'(fields, merchant) {
			required(fields, ['payment_id', 'refund_type', 'refund_amount']);
			if (!['1', '2'].includes(fields.refund_type)) throw new Rejection('10', 'refund_type must be 1 or 2');
			const outcome = state.refund(merchant.account, fields);
			if (!outcome.refund) throw new Rejection(outcome.code, outcome.message);
			const r = outcome.refund;
			return { ...pick(r, ['payment_id', 'order_number', 'refund_id', 'refund_number', 'refund_amount', 'refund_currency']), refund_results: '00', refund_description: r.refund_description };
		},
		'/service/queryRefund'(fields, merchant) {
			if (!fields.refund_id && !fields.refund_number) throw new Rejection('10', 'refund_id or refund_number is required');
			const refund = state.findRefund(merchant.account, fields);
			if (!refund) throw new Rejection('05', 'Refund does not exist');
			return { ...pick(refund, ['refund_id', 'refund_number', 'payment_id', 'order_number', 'refund_type', 'refund_amount', 'refund_currency', 'refund_description', 'refund_status', 'refund_dateTime']), refund_results: '00' };
		},
		'/service/uploadTrackingNo'(fields, merchant) {
			if (!fields.payment_id && !fields.order_number) throw new Rejection('12', 'payment_id is empty');
			if (!fields.tracking_number) throw new Rejection('10', 'tracking_number is empty');
			if (!fields.tracking_number.split(',').every((n) => /^[A-Za-z0-9]+$/.test(n))) throw new Rejection('06', 'Invalid tracking_number');
			if (!fields.tracking_site) throw new Rejection('18', 'tracking_site is empty');
			if (!/^https?:\/\/[^\s/]+\.[^\s]+$/.test(fields.tracking_site)) throw new Rejection('07', 'Invalid URL');
			if (!fields.tracking_handler) throw new Rejection('16', 'handler is empty');
			const outcome = state.track(merchant.account, fields);
			if (!outcome.order) throw new Rejection(outcome.code, 'tracking rejected');
			return { order_number: outcome.order.order_number, payment_id: outcome.order.payment_id, tracking_results: '01' };
		},
		'/gateway/service/auth'(fields, merchant) {
			required(fields, ['payment_authType']);
			if (fields.payment_authType === '3') required(fields, ['order_number']);
			else required(fields, ['payment_id']);
			const outcome = state.authorize(merchant.account, fields);
			if (!outcome.order) throw new Rejection(outcome.code, outcome.message);
			return {
				payment_id: outcome.order.payment_id,
				order_number: outcome.order.order_number,
				payment_authType: fields.payment_authType,
				order_amount: fields.order_amount ?? outcome.order.order_amount,
				payment_results: '1',
				payment_details: 'Success',
			};
		},
		'/gateway/service/customsUpload'(fields, merchant) {
			required(fields, ['payment_id', 'type', 'customs', 'customs_number', 'customs_name']);
			if (!['1', '2'].includes(fields.type)) throw new Rejection('10', 'type must be 1 or 2');
			const outcome = state.customs(merchant.account, fields);
			if (!outcome.order) throw new Rejection('0', outcome.message);
			return { payment_id: fields.payment_id, type: fields.type, status: '1', details: 'Success' };
		},
	};

	// ---- HTTP -----------------------------------------------------------------------------

	function formAnswer(path, fields) {
		const family = FAMILY[path];
		const entry = { seq: ++seq, time: new Date().toISOString(), path, method: 'POST', fields, signature: 'not-applicable', account: fields.account ?? '', resultCode: '', fault: null };
		log.push(entry);
		let merchant;
		let body;
		try {
			const auth = authenticate(path, fields);
			merchant = auth.merchant;
			entry.signature = auth.verdict;
			if (auth.verdict !== 'valid') throw new Rejection('04', 'signValue error');
			body = handlers[path](fields, merchant);
		} catch (error) {
			if (!(error instanceof Rejection)) throw error;
			body = failureFields(family, error.code, error.message);
		}
		entry.resultCode = String(body[RESULT_FIELD[family]] ?? '');
		const account = merchant?.account ?? fields.account ?? '';
		const terminal = merchant?.terminal ?? fields.terminal ?? '';
		const signValue = sha256(account + terminal + entry.resultCode + (merchant?.secureCode ?? '')).toUpperCase();
		return { entry, family, fields: { account, terminal, signValue, ...body } };
	}

	function jsonAnswer(path, headers, raw) {
		const entry = { seq: ++seq, time: new Date().toISOString(), path, method: 'POST', fields: {}, signature: 'not-applicable', account: String(headers.account ?? ''), resultCode: '', fault: null };
		log.push(entry);
		let body;
		try {
			body = JSON.parse(raw || '{}');
		} catch {
			entry.resultCode = '400';
			return { entry, json: { code: '400', msg: 'Malformed JSON', data: null } };
		}
		entry.fields = { ...body, headers: { account: headers.account ?? '', terminal: headers.terminal ?? '', secureCode: headers.securecode ? '[redacted]' : '' } };
		const merchant = state.merchant(String(headers.account ?? ''));
		if (!merchant || merchant.terminal !== headers.terminal || merchant.secureCode !== headers.securecode) {
			entry.resultCode = '401';
			return { entry, json: { code: '401', msg: 'Invalid account, terminal or secureCode', data: null } };
		}
		let json;
		if (path === '/pinc/check-account') {
			if (!body.site) json = { code: '400', msg: 'site is required', data: null };
			else {
				json = {
					code: '000',
					msg: 'SUCCESS',
					data: { account: merchant.account, terminal: merchant.terminal, site: body.site, siteMatched: !merchant.site || merchant.site === body.site, keyMatched: !merchant.publicKey || merchant.publicKey === body.key },
				};
			}
		} else {
			const bins = Array.isArray(body.card_bin) ? body.card_bin.map(String) : [];
			if (bins.length === 0 || bins.length > 100 || !bins.every((bin) => /^\d{6,8}$/.test(bin))) {
				json = { code: '400', msg: 'card_bin must be a list of 1 to 100 BINs of 6 to 8 digits', data: null };
			} else {
				json = { code: '000', msg: 'SUCCESS', data: bins.map((bin) => (CARD_BINS[bin.slice(0, 6)] ? { card_bin: bin, found: true, ...CARD_BINS[bin.slice(0, 6)] } : { card_bin: bin, found: false })) };
			}
		}
		entry.resultCode = json.code;
		return { entry, json };
	}

	const sockets = new Set();
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const path = (req.url ?? '/').split('?')[0];
			try {
				if (path.startsWith(ADMIN_PREFIX)) return handleAdmin(req, res, path, raw);
				if (req.method !== 'POST') return send(res, 405, 'text/plain', 'Method Not Allowed');
				if (FAMILY[path]) return respondForm(req, res, path, raw);
				if (path === '/pinc/check-account' || path === '/pinc/check-card-bin') return respondJson(req, res, path, raw);
				return send(res, 404, 'text/html', '<html><body><h1>404 Not Found</h1></body></html>');
			} catch (error) {
				return send(res, 500, 'text/plain', `simulator error: ${error.message}`);
			}
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	function send(res, status, type, body) {
		res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8` });
		res.end(body);
	}

	/** Applies a fault to an answer; returns true when it took over the response. */
	function applyFault(req, res, fault, entry, text, contentType, family) {
		if (!fault) return false;
		entry.fault = fault.mode;
		switch (fault.mode) {
			case 'http500':
			case 'http502':
			case 'http503': {
				const status = Number(fault.mode.slice(4));
				send(res, status, 'text/html', `<html><head><title>${status}</title></head><body><h1>${status} Error</h1></body></html>`);
				return true;
			}
			case 'reset':
			case 'commitThenDrop':
				req.socket.destroy();
				return true;
			case 'hang':
				return true;
			case 'html':
				send(res, 200, 'text/html', '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><p>The service is under maintenance.</p></body></html>');
				return true;
			case 'truncated':
				send(res, 200, contentType, text.slice(0, Math.floor(text.length / 2)));
				return true;
			case 'wrongCode': {
				const field = RESULT_FIELD[family] ?? 'code';
				const replaced = family ? text.replace(new RegExp(`<${field}>[^<]*</${field}>`), `<${field}>98</${field}>`) : text.replace(/"code":"[^"]*"/, '"code":"98"');
				send(res, 200, contentType, replaced);
				return true;
			}
			default:
				return false;
		}
	}

	function deliver(req, res, fault, entry, text, contentType, family) {
		const go = () => {
			if (!applyFault(req, res, fault?.mode === 'latency' ? null : fault, entry, text, contentType, family)) send(res, 200, contentType, text);
		};
		if (fault?.mode === 'latency') {
			entry.fault = 'latency';
			setTimeout(go, fault.latencyMs ?? 100);
		} else go();
	}

	/** Faults that answer without touching state take effect before the handler runs. */
	const BEFORE_HANDLER = ['http500', 'http502', 'http503', 'reset', 'hang', 'html'];

	function respondForm(req, res, path, raw) {
		const fields = Object.fromEntries(new URLSearchParams(raw));
		const fault = takeFault(path);
		if (fault && BEFORE_HANDLER.includes(fault.mode)) {
			const entry = { seq: ++seq, time: new Date().toISOString(), path, method: 'POST', fields, signature: 'not-checked', account: fields.account ?? '', resultCode: '', fault: fault.mode };
			log.push(entry);
			applyFault(req, res, fault, entry, '', 'text/xml', FAMILY[path]);
			return;
		}
		const answer = formAnswer(path, fields);
		deliver(req, res, fault, answer.entry, responseXml(answer.fields), 'text/xml', answer.family);
	}

	function respondJson(req, res, path, raw) {
		const fault = takeFault(path);
		if (fault && BEFORE_HANDLER.includes(fault.mode)) {
			const entry = { seq: ++seq, time: new Date().toISOString(), path, method: 'POST', fields: {}, signature: 'not-applicable', account: String(req.headers.account ?? ''), resultCode: '', fault: fault.mode };
			log.push(entry);
			applyFault(req, res, fault, entry, '', 'application/json', null);
			return;
		}
		const answer = jsonAnswer(path, req.headers, raw);
		deliver(req, res, fault, answer.entry, JSON.stringify(answer.json), 'application/json', null);
	}

	function handleAdmin(req, res, path, raw) {
		if (!LOOPBACK.has(req.socket.remoteAddress)) return send(res, 403, 'application/json', '{"error":"admin API is loopback only"}');
		let body = {};
		try {
			body = raw ? JSON.parse(raw) : {};
		} catch {
			return send(res, 400, 'application/json', '{"error":"malformed JSON"}');
		}
		const route = `${req.method} ${path.slice(ADMIN_PREFIX.length).replace(/\/+$/, '')}`;
		const json = (value) => send(res, 200, 'application/json', JSON.stringify(value ?? null));
		try {
			switch (route) {
				case 'POST merchants':
					return json(admin.addMerchant(body));
				case 'POST orders':
					return json(admin.addOrder(body));
				case 'POST disputes':
					return json(admin.addDispute(body));
				case 'POST business-events':
					return json(admin.addBusinessEvent(body));
				case 'PUT faults':
					admin.setFault(body.path ?? '*', body.fault);
					return json({ ok: true });
				case 'DELETE faults':
					admin.clearFaults();
					return json({ ok: true });
				case 'GET log':
					return json(admin.getLog());
				case 'DELETE log':
					admin.clearLog();
					return json({ ok: true });
				case 'GET state':
					return json(admin.getState());
				case 'POST reset':
					admin.reset();
					return json({ ok: true });
				default:
					return send(res, 404, 'application/json', JSON.stringify({ error: `no admin route ${route}` }));
			}
		} catch (error) {
			return send(res, 400, 'application/json', JSON.stringify({ error: error.message }));
		}
	}

	return { server, sockets, admin, state };
}

/** Starts the simulator; resolves to { url, port, admin, close }. */
async function startSimulator(options = {}) {
	const { server, sockets, admin } = createSimulator(options);
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
	});
	const { port } = server.address();
	const host = options.host ?? '127.0.0.1';
	return {
		url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
		port,
		admin,
		close: () =>
			new Promise((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startSimulator, createSimulator, signFor, SIGN_RULES, ADMIN_PREFIX, GATEWAY_FORMAT };
