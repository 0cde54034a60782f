#!/usr/bin/env node
'use strict';
/** Starts the simulator on a fixed port with the seed data: `npm run simulator [-- --port 8899]`. */
const { startSimulator, ADMIN_PREFIX } = require('./index');
const seed = require('./seed.json');

const portFlag = process.argv.indexOf('--port');
const port = portFlag >= 0 ? Number(process.argv[portFlag + 1]) : 8899;

startSimulator({ port }).then((sim) => {
	const merchant = seed.merchants[0];
	console.log(`Oceanpayment simulator listening on ${sim.url}`);
	console.log(`Admin API (loopback only): ${sim.url}${ADMIN_PREFIX}  (GET log, GET state, POST orders, POST disputes, ...)`);
	console.log('\nCredential "Oceanpayment API" to use:');
	console.log(`  Account:      ${merchant.account}`);
	console.log(`  Terminal:     ${merchant.terminal}`);
	console.log(`  Secure Code:  ${merchant.secureCode}   (simulator-only test value)`);
	console.log(`  Environment:  Custom, with Query, Secure Gateway and Checkout Base URL all = ${sim.url}`);
	console.log('\nCtrl-C stops it.');
	const stop = () => sim.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
});
