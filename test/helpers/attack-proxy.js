'use strict';
/**
 * A loopback proxy in front of the simulator, for the adversarial tests of node version 2: it
 * forwards every request unchanged, can run an action first (e.g. another refund landing between
 * the node's lookup and its refund) and can rewrite an answer (a gateway whose lists repeat or
 * shift records, or whose refund statuses use other codes). The simulator stays the oracle: the
 * proxy never decides an answer on its own unless a test's rewrite does.
 */
const http = require('http');

/**
 * @typedef {{ path: string, fields: URLSearchParams, body: string }} ProxiedRequest
 * @typedef {{
 *   url: string,
 *   requests: ProxiedRequest[],
 *   before(action: ((request: ProxiedRequest) => Promise<void> | void) | undefined): void,
 *   rewrite(action: ((request: ProxiedRequest, answer: string) => string) | undefined): void,
 *   close(): Promise<void>,
 * }} AttackProxy
 */

/** Posts a form to a URL and returns the answer's text. */
async function postForm(url, fields) {
	const body = new URLSearchParams(fields).toString();
	return await new Promise((resolve, reject) => {
		const request = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
		});
		request.on('error', reject);
		request.end(body);
	});
}

/** @returns {Promise<AttackProxy>} */
async function startAttackProxy(target) {
	/** @type {ProxiedRequest[]} */
	const requests = [];
	let beforeAction;
	let rewriteAction;
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', async () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const request = { path: req.url ?? '', fields: new URLSearchParams(body), body };
			requests.push(request);
			try {
				if (beforeAction) await beforeAction(request);
				const forwarded = await new Promise((resolve, reject) => {
					const out = http.request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (response) => {
						const parts = [];
						response.on('data', (chunk) => parts.push(chunk));
						response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(parts).toString('utf8') }));
					});
					out.on('error', reject);
					out.end(body);
				});
				const text = rewriteAction ? rewriteAction(request, forwarded.text) : forwarded.text;
				res.writeHead(forwarded.status, { 'Content-Type': forwarded.headers['content-type'] ?? 'text/xml; charset=utf-8' });
				res.end(text);
			} catch (error) {
				res.writeHead(599, { 'Content-Type': 'text/plain' });
				res.end(String(error));
			}
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		before(action) {
			beforeAction = action;
		},
		rewrite(action) {
			rewriteAction = action;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

module.exports = { startAttackProxy, postForm };
