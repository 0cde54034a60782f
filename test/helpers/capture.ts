/** A loopback HTTP server that records raw requests and answers with scripted bodies. */
import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';

export interface CapturedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
}

export interface Reply {
	status?: number;
	contentType?: string;
	body: string;
}

export interface CaptureServer {
	url: string;
	requests: CapturedRequest[];
	/** Sets the answer for the following requests (a function may vary it per request). */
	reply(answer: Reply | ((request: CapturedRequest) => Reply)): void;
	close(): Promise<void>;
}

export async function startCaptureServer(): Promise<CaptureServer> {
	const requests: CapturedRequest[] = [];
	let answer: Reply | ((request: CapturedRequest) => Reply) = { body: '<response></response>' };
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const captured: CapturedRequest = {
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(captured);
			const reply = typeof answer === 'function' ? answer(captured) : answer;
			res.writeHead(reply.status ?? 200, { 'Content-Type': reply.contentType ?? 'text/xml; charset=utf-8' });
			res.end(reply.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		reply(next) {
			answer = next;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
