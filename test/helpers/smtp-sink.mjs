/**
 * A loopback SMTP server that accepts every message and keeps it, for tests that need an
 * `smtp` credential (n8n's Send Email, its send-and-wait approval mails). Plain SMTP without
 * TLS or AUTH: in the credential set host 127.0.0.1, the sink's port, SSL/TLS off and
 * `disableStartTls: true`.
 *
 *   const sink = await startSmtpSink();
 *   sink.messages          // [{ from, to: [...], data, text, links }]
 *   await sink.next(30_000) // the next message (or one that already arrived unread)
 *   await sink.close();
 * `text` is the message with quoted-printable and base64 parts decoded; `links` the http(s)
 * URLs in it, HTML entities decoded.
 */
import { createServer } from 'node:net';

function decodeQuotedPrintable(text) {
	const bytes = [];
	const source = text.replace(/=\r?\n/g, '');
	for (let i = 0; i < source.length; i++) {
		if (source[i] === '=' && /^[0-9A-F]{2}$/i.test(source.slice(i + 1, i + 3))) {
			bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(...Buffer.from(source[i], 'utf8'));
	}
	return Buffer.from(bytes).toString('utf8');
}

/** The message with each MIME part's body decoded (enough for the mails n8n's nodemailer writes). */
export function decodeMessage(data) {
	const parts = data.split(/\r?\n--[^\r\n]+\r?\n/);
	return parts
		.map((part) => {
			const [head, ...rest] = part.split(/\r?\n\r?\n/);
			const body = rest.join('\n\n');
			const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
			if (encoding === 'quoted-printable') return `${head}\n\n${decodeQuotedPrintable(body)}`;
			if (encoding === 'base64') return `${head}\n\n${Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')}`;
			return part;
		})
		.join('\n');
}

const entities = (url) => url.replace(/&amp;/g, '&').replace(/&#x3D;|&#61;/g, '=').replace(/&quot;/g, '"');

export async function startSmtpSink() {
	const messages = [];
	const waiting = [];
	let read = 0;
	const deliver = (message) => {
		messages.push(message);
		const waiter = waiting.shift();
		if (waiter) {
			read++;
			waiter(message);
		}
	};
	const sockets = new Set();
	const server = createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		let buffer = '';
		let inData = false;
		let envelope = { from: '', to: [] };
		let data = [];
		const reply = (line) => socket.write(`${line}\r\n`);
		reply('220 smtp-sink.test ESMTP');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			let end;
			while ((end = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				if (inData) {
					if (line === '.') {
						inData = false;
						const raw = data.join('\r\n');
						const text = decodeMessage(raw);
						const links = [...new Set([...text.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((match) => entities(match[0])))];
						deliver({ ...envelope, data: raw, text, links });
						envelope = { from: '', to: [] };
						data = [];
						reply('250 2.0.0 queued');
					} else data.push(line.startsWith('..') ? line.slice(1) : line);
					continue;
				}
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') socket.write('250-smtp-sink.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n');
				else if (verb === 'HELO') reply('250 smtp-sink.test');
				else if (verb === 'MAIL') {
					envelope.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
					reply('250 2.1.0 OK');
				} else if (verb === 'RCPT') {
					envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					reply('250 2.1.5 OK');
				} else if (verb === 'DATA') {
					inData = true;
					reply('354 End data with <CR><LF>.<CR><LF>');
				} else if (verb === 'RSET') {
					envelope = { from: '', to: [] };
					reply('250 2.0.0 OK');
				} else if (verb === 'NOOP') reply('250 2.0.0 OK');
				else if (verb === 'QUIT') {
					reply('221 2.0.0 Bye');
					socket.end();
				} else reply('502 5.5.2 Command not implemented');
			}
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		host: '127.0.0.1',
		port: server.address().port,
		messages,
		/** The next message not yet returned by next(), waiting up to timeoutMs for it. */
		next(timeoutMs = 30_000) {
			if (read < messages.length) return Promise.resolve(messages[read++]);
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					waiting.splice(waiting.indexOf(done), 1);
					reject(new Error(`no mail arrived at the SMTP sink within ${timeoutMs / 1000} s`));
				}, timeoutMs);
				const done = (message) => {
					clearTimeout(timer);
					resolve(message);
				};
				waiting.push(done);
			});
		},
		close: () =>
			new Promise((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
