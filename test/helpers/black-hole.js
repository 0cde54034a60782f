'use strict';
/**
 * A loopback address whose TCP connect never completes, like a host behind a firewall that drops
 * packets. Non-routable addresses such as 10.255.255.1 cannot be used for this here: the
 * machine's egress proxy answers every outgoing connection at once.
 *
 * How: a child Node process listens with a backlog of 1 (0 would mean Node's default) and then
 * blocks its own event loop, so it never accepts. Connections fill the kernel's accept queue; once it is full, the kernel drops
 * further SYNs and the client's connect keeps waiting (the kernel retries for about 2 minutes).
 */
const { spawn } = require('child_process');
const net = require('net');

const CHILD = `
const server = require('net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
	process.stdout.write(server.address().port + '\\n', () => {
		// Block the event loop: nothing is ever accepted. The parent kills this process.
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 * 60 * 1000);
	});
});
`;

/**
 * @returns {Promise<{ url: string, host: string, close(): Promise<void> }>}
 */
async function startBlackHole() {
	const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['ignore', 'pipe', 'inherit'] });
	const port = await new Promise((resolve, reject) => {
		let text = '';
		child.stdout.on('data', (chunk) => {
			text += String(chunk);
			if (text.includes('\n')) resolve(Number(text.trim()));
		});
		child.once('exit', (code) => reject(new Error(`the black-hole process exited (${code})`)));
	});
	// Fill the accept queue (its size is the backlog + 1; a few more to be sure).
	/** @type {import('net').Socket[]} */
	const fillers = [];
	for (let i = 0; i < 6; i++) {
		const socket = net.connect(port, '127.0.0.1');
		socket.on('error', () => {});
		fillers.push(socket);
	}
	await new Promise((resolve) => setTimeout(resolve, 300));
	// The queue is full once a new connect does not complete within a moment.
	const probe = net.connect(port, '127.0.0.1');
	const connected = await new Promise((resolve) => {
		probe.on('error', () => resolve(false));
		probe.once('connect', () => resolve(true));
		setTimeout(() => resolve(false), 1000);
	});
	probe.destroy();
	if (connected) {
		child.kill('SIGKILL');
		fillers.forEach((socket) => socket.destroy());
		throw new Error('the black hole accepted a connection: the accept queue did not fill');
	}
	return {
		url: `http://127.0.0.1:${port}`,
		host: `127.0.0.1:${port}`,
		close: async () => {
			fillers.forEach((socket) => socket.destroy());
			if (child.exitCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGKILL');
				await exited;
			}
		},
	};
}

module.exports = { startBlackHole };
