import { readPlainXml } from '../transport/plainXml';
import { readXmlWithLibrary } from '../transport/xml';

/**
 * Reading a notification's POST: its bytes exactly as sent (n8n is told not to parse them, see
 * the node's hidden `options` parameter), decoded in the charset the XML declares, then the one
 * XML reader (transport/plainXml.ts, read by transport/xml.ts) in its exact mode: each field's text as the official plugins hash
 * it (`(string)$xml->field`), nothing trimmed. A notification is a flat list of fields under one
 * root element; the root's name is not documented, so any name is accepted. A field that repeats
 * or holds other elements makes the whole notification unreadable: which of its values would the
 * signature cover?
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

/** The charset the XML declaration names (read as ASCII), if any. */
function declaredEncoding(bytes: Buffer): string | undefined {
	const head = bytes.subarray(0, 200).toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '');
	return /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(head)?.[1];
}

/** The body as text: UTF-8 unless a byte order mark or the declaration says otherwise, as XML reads it. */
function decodeBody(bytes: Buffer): Outcome<string> {
	const utf16 = bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : undefined;
	const encoding = utf16 ?? declaredEncoding(bytes) ?? 'utf-8';
	let decode: (input: Buffer) => string;
	try {
		const decoder = new TextDecoder(encoding, { fatal: true });
		decode = (input) => decoder.decode(input);
	} catch {
		return { ok: false, problem: `its XML declares the encoding "${encoding}", which cannot be read` };
	}
	try {
		// The decoder drops a byte order mark.
		return { ok: true, value: decode(bytes) };
	} catch {
		return { ok: false, problem: `its bytes are not valid ${encoding}` };
	}
}

/** The notification's fields, each the text of its element exactly as sent, or why it is not one. */
export function parseNotification(bytes: Buffer): Outcome<Record<string, string>> {
	if (bytes.length > MAX_NOTIFICATION_BYTES) return { ok: false, problem: `the body is larger than ${MAX_NOTIFICATION_BYTES} bytes` };
	const text = decodeBody(bytes);
	if (!text.ok) return text;
	if (text.value.trim() === '') return { ok: false, problem: 'the body is empty' };
	const document = readPlainXml(text.value, { exact: true });
	if (!document) {
		const library = readXmlWithLibrary(text.value);
		const problem = library.ok ? 'its XML has attributes, namespaces, a DOCTYPE or other markup Oceanpayment does not send' : library.problem;
		return { ok: false, problem };
	}
	const roots = Object.keys(document);
	if (roots.length !== 1) return { ok: false, problem: 'the XML has no single root element' };
	const root = document[roots[0]];
	if (typeof root !== 'object' || root === null || Array.isArray(root)) return { ok: false, problem: `the XML root <${roots[0]}> holds no fields` };
	const fields: Record<string, string> = {};
	for (const [name, value] of Object.entries(root)) {
		if (Array.isArray(value)) return { ok: false, problem: `the element <${name}> is repeated` };
		if (typeof value !== 'string') return { ok: false, problem: `the element <${name}> holds other elements` };
		fields[name] = value;
	}
	return { ok: true, value: fields };
}
