'use strict';
/**
 * Loopback servers for transport tests (plain JS: they need Node's `http` and `net`, which the
 * community-node lint rules keep out of TypeScript sources):
 * - a capture server that records raw requests and answers with scripted bodies;
 * - a silent server that accepts connections and never answers (timeouts);
 * - a rude server that resets every connection once a request arrives.
 */
const http = require('http');
const net = require('net');

/**
 * @typedef {{ method: string, path: string, headers: import('http').IncomingHttpHeaders, body: string }} CapturedRequest
 * @typedef {{ status?: number, contentType?: string, headers?: Record<string, string>, body: string }} Reply
 * @typedef {{
 *   url: string,
 *   requests: CapturedRequest[],
 *   reply(answer: Reply | ((request: CapturedRequest) => Reply)): void,
 *   close(): Promise<void>,
 * }} CaptureServer
 */

/** @returns {Promise<CaptureServer>} */
async function startCaptureServer() {
	/** @type {CapturedRequest[]} */
	const requests = [];
	/** @type {Reply | ((request: CapturedRequest) => Reply)} */
	let answer = { body: '<response></response>' };
	const server = http.createServer((req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const captured = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
			requests.push(captured);
			const reply = typeof answer === 'function' ? answer(captured) : answer;
			res.writeHead(reply.status ?? 200, { 'Content-Type': reply.contentType ?? 'text/xml; charset=utf-8', ...(reply.headers ?? {}) });
			res.end(reply.body);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		reply(next) {
			answer = next;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

/**
 * A TCP server that accepts connections and then does `behaviour` with each: 'silent' never
 * answers, 'reset' destroys the socket when data arrives.
 * @param {'silent' | 'reset'} behaviour
 * @returns {Promise<{ url: string, connections: () => number, close(): Promise<void> }>}
 */
async function startRawServer(behaviour) {
	/** @type {import('net').Socket[]} */
	const sockets = [];
	const server = net.createServer((socket) => {
		sockets.push(socket);
		if (behaviour === 'reset') socket.on('data', () => socket.destroy());
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${port}`,
		connections: () => sockets.length,
		close: async () => {
			sockets.forEach((socket) => socket.destroy());
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

/** A loopback URL on which nothing listens (a refused connection). */
async function refusedUrl() {
	const server = net.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('net').AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return `http://127.0.0.1:${port}`;
}

module.exports = { startCaptureServer, startRawServer, refusedUrl };
