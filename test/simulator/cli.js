#!/usr/bin/env node
'use strict';
/**
 * Starts the simulator with the seed data on a fixed port:
 *   node test/simulator/cli.js [--port 8899] [--host 127.0.0.1] [--time-zone Asia/Shanghai] [--page-size 10]
 *     [--refund-not-found simulator|results09|refundResults05|emptySuccess]
 * Ctrl-C stops it.
 */
const fs = require('fs');
const path = require('path');
const { startSimulator, ADMIN_PREFIX } = require('./index');

function flag(name, fallback) {
	const index = process.argv.indexOf(name);
	return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
	console.log('Usage: node test/simulator/cli.js [--port 8899] [--host 127.0.0.1] [--time-zone Asia/Shanghai] [--page-size 10] [--refund-not-found simulator|results09|refundResults05|emptySuccess]');
	process.exit(0);
}

const port = Number(flag('--port', '8899'));
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`Invalid --port ${flag('--port')}`);
	process.exit(2);
}
const seed = JSON.parse(fs.readFileSync(path.join(__dirname, 'seed.json'), 'utf8'));

startSimulator({ port, host: flag('--host', '127.0.0.1'), seed, timeZone: flag('--time-zone', 'Asia/Shanghai'), defaultPageSize: Number(flag('--page-size', '10')), refundNotFound: flag('--refund-not-found', 'simulator') })
	.then((sim) => {
		const merchant = seed.merchants[0];
		console.log(`Oceanpayment simulator listening on ${sim.url}`);
		console.log(`Admin API (loopback clients only): ${sim.url}${ADMIN_PREFIX}  (GET log, GET state, POST orders, PUT faults, POST reset, ...)`);
		console.log('');
		console.log('Credential "Oceanpayment API" to use:');
		console.log(`  Account:      ${merchant.account}`);
		console.log(`  Terminal:     ${merchant.terminal}`);
		console.log(`  Secure Code:  ${merchant.secureCode}   (a simulator-only test value)`);
		console.log(`  Environment:  Custom, all three base URLs = ${sim.url}`);
		console.log('');
		console.log('Ctrl-C stops it.');
		let stopping = false;
		const stop = () => {
			if (stopping) return;
			stopping = true;
			sim.close().then(() => process.exit(0));
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	})
	.catch((error) => {
		console.error(`The simulator could not start: ${error.message}`);
		process.exit(1);
	});
