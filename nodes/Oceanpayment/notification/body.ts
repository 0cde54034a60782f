import { readXmlDocument } from '../transport/xml';

/**
 * Reading a notification's POST: its bytes exactly as sent (n8n is told not to parse them, see
 * the node's hidden `options` parameter), then the reader of the gateway's answers
 * (transport/xml.ts), with the same strict settings. A notification is a flat list of fields
 * under one root element; the root's name is not documented, so any name is accepted.
 */

/** Larger than any notification (about 1 KB); anything bigger is not one. */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

/**
 * What the node uses of the request n8n hands a webhook (an Express request): the headers, n8n's
 * raw-body reader where n8n installed one, Express's `ip`, and the stream itself.
 */
export interface WebhookRequest extends AsyncIterable<unknown> {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
	body?: unknown;
	ip?: string;
	readable?: boolean;
	socket?: { remoteAddress?: string };
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Whether the Content-Type names XML (Oceanpayment sends `application/xml`). */
export function isXmlContentType(contentType: string | undefined): boolean {
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	return type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml');
}

async function readStream(request: WebhookRequest): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
		size += buffer.length;
		if (size > MAX_NOTIFICATION_BYTES) throw new Error(`the body is larger than ${MAX_NOTIFICATION_BYTES} bytes`);
		chunks.push(buffer);
	}
	return Buffer.concat(chunks);
}

/**
 * The body's bytes: n8n's raw body (read now through n8n's own reader, which also applies its
 * payload limit and content encoding), else the unread request stream. A body n8n already
 * parsed into text is taken as it is.
 */
export async function readRawBody(request: WebhookRequest): Promise<Outcome<Buffer>> {
	try {
		if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') await request.readRawBody();
		if (Buffer.isBuffer(request.rawBody)) return { ok: true, value: request.rawBody };
		if (typeof request.body === 'string') return { ok: true, value: Buffer.from(request.body, 'utf8') };
		if (request.readable) return { ok: true, value: await readStream(request) };
		return { ok: true, value: Buffer.alloc(0) };
	} catch (error) {
		return { ok: false, problem: `the body could not be read (${(error as Error).message})` };
	}
}

/** The notification's fields (strings; nested elements kept as they are), or why it is not one. */
export function parseNotification(bytes: Buffer): Outcome<Record<string, unknown>> {
	if (bytes.length > MAX_NOTIFICATION_BYTES) return { ok: false, problem: `the body is larger than ${MAX_NOTIFICATION_BYTES} bytes` };
	const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
	if (text.trim() === '') return { ok: false, problem: 'the body is empty' };
	// No DOCTYPE, so no declared entity is ever expanded: the same reader as the gateway's answers.
	const read = readXmlDocument(text);
	if (!read.ok) return { ok: false, problem: read.problem };
	const document = read.document as Record<string, unknown>;
	const roots = Object.keys(document);
	if (roots.length !== 1) return { ok: false, problem: 'the XML has no single root element' };
	const root = document[roots[0]];
	if (typeof root !== 'object' || root === null || Array.isArray(root)) return { ok: false, problem: `the XML root <${roots[0]}> holds no fields` };
	return { ok: true, value: root as Record<string, unknown> };
}
