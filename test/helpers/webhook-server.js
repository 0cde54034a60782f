'use strict';
/**
 * The HTTP side of a webhook test (plain JS: it needs Node's `http`, which the community-node lint
 * rules keep out of TypeScript sources). What n8n's own server adds to a webhook request is
 * reproduced, each marked: the raw-body reader n8n installs, Express's `req.ip` under
 * `trust proxy` = N8N_PROXY_HOPS, and Express's res.send() defaults.
 */
const http = require('http');

/** Express's `req.ip` for `trust proxy` = hops: the address that many hops back from the socket. */
function expressIp(request, hops) {
	const socket = request.socket.remoteAddress ?? '';
	if (!hops) return socket;
	const forwarded = String(request.headers['x-forwarded-for'] ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean)
		.reverse();
	const chain = [socket, ...forwarded];
	return chain[Math.min(hops, chain.length - 1)];
}

function readAll(request) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

/**
 * Express's res.send(): a string without a Content-Type goes out as HTML, anything else as JSON.
 * Returns the body text sent.
 */
function send(response, status, body) {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	if (!response.getHeader('content-type')) response.setHeader('Content-Type', typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8');
	response.statusCode = status;
	response.end(text);
	return text;
}

/**
 * A loopback server that hands each request to `handle(request, response)` the way n8n's webhook
 * route does. Resolves to { url, close() }.
 */
async function startHttpServer(handle, { proxyHops = 0 } = {}) {
	const server = http.createServer((request, response) => {
		// n8n's rawBodyReader middleware: the body is read only when someone asks for it.
		request.readRawBody = async () => {
			if (!request.rawBody) request.rawBody = await readAll(request);
		};
		request.ip = expressIp(request, proxyHops);
		Promise.resolve(handle(request, response)).catch((error) => {
			if (!response.headersSent) send(response, 500, { message: String(error?.message ?? error) });
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startHttpServer, send, expressIp };
