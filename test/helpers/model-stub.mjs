/**
 * A stand-in for OpenAI's chat-completions API on 127.0.0.1, for running n8n's AI Agent with the
 * OpenAI Chat Model offline: point an `openAiApi` credential's Base URL at `${stub.url}/v1`.
 * Each `POST /v1/chat/completions` is recorded whole (messages, tools, model) and answered by
 * `respond(body, index)`, which returns what the "model" says next:
 *   toolCall(name, args)  – a message asking for one tool call (arguments as JSON text)
 *   answer(text)          – a final assistant message
 * Non-streaming answers only: a request with `stream: true` gets HTTP 400 naming the reason, so
 * a test fails clearly instead of hanging. `GET /v1/models` lists one model.
 *
 *   const stub = await startModelStub((body) => (lastMessage(body).role === 'tool' ? answer('done') : toolCall('Get_Status', {...})));
 *   stub.requests   // every request body, in order
 *   await stub.close();
 */
import { createServer } from 'node:http';

let callNumber = 0;

export const toolCall = (name, args) => ({
	role: 'assistant',
	content: null,
	tool_calls: [{ id: `call_${++callNumber}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
});

export const answer = (text) => ({ role: 'assistant', content: text });

export const lastMessage = (body) => body.messages[body.messages.length - 1];

/** The text of a message's content (a string, or the text parts of a content list). */
export const textOf = (message) =>
	typeof message?.content === 'string' ? message.content : (message?.content ?? []).map((part) => part.text ?? '').join('');

export async function startModelStub(respond) {
	const requests = [];
	const problems = [];
	const server = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', async () => {
			const send = (status, body) => {
				res.writeHead(status, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			const path = new URL(req.url, 'http://stub').pathname;
			if (req.method === 'GET' && path.endsWith('/models')) return send(200, { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'stub' }] });
			if (req.method !== 'POST' || !path.endsWith('/chat/completions')) return send(404, { error: { message: `the stub does not serve ${req.method} ${path}` } });
			let body;
			try {
				body = JSON.parse(raw);
			} catch {
				return send(400, { error: { message: 'the body is not JSON' } });
			}
			const index = requests.length;
			requests.push(body);
			if (body.stream) {
				problems.push(`request ${index} asked for streaming`);
				return send(400, { error: { message: 'the model stub answers only stream: false' } });
			}
			let message;
			try {
				message = await respond(body, index);
			} catch (error) {
				problems.push(`request ${index}: ${error.message}`);
				return send(500, { error: { message: `model stub: ${error.message}` } });
			}
			send(200, {
				id: `chatcmpl-stub-${index}`,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model: body.model ?? 'gpt-4o-mini',
				choices: [{ index: 0, message, logprobs: null, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
				usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
			});
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		requests,
		/** Anything the stub could not answer (streaming asked, `respond` threw). */
		problems,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
