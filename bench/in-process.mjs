/**
* Benchmarks 2–7 (see bench/README.md), in one Node process with real n8n-core execution and
* the simulator on loopback with a simulated round-trip time. Prints figures; never fails on
* speed. Run through `npm run bench` (which bundles this file with esbuild first).
*/
import { createHash } from 'crypto';
import { request } from 'http';
import { cpus, loadavg } from 'os';
import { XMLParser } from 'fast-xml-parser';
import { Settings } from 'luxon';
import { parseString } from 'xml2js';
import { Oceanpayment } from '../nodes/Oceanpayment/Oceanpayment.node';
import { OceanpaymentTrigger } from '../nodes/Oceanpayment/OceanpaymentTrigger.node';
import { parseGatewayXml } from '../nodes/Oceanpayment/transport/xml';
import { runNode } from '../test/helpers/n8n';
import { runPoll } from '../test/helpers/poll';
import { SEED_MERCHANT, startGateway } from '../test/helpers/gateway';

const RTT = Number(process.env.BENCH_RTT_MS ?? 20);
const N8N_CORE_VERSION = require('n8n-core/package.json').version;
const figures = [];
const figure = (name, value, goal) => figures.push(`${name}: ${value} (${goal})`);
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function timed(fn) {
	const started = performance.now();
	const result = await fn();
	return [result, performance.now() - started];
}

/** 2. The node with batching off vs a raw HTTP + fast-xml-parser loop: 1,000 signed requests each. */

async function perRequestOverhead() {
	const { sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] } });
	for (let i = 0; i < 1000; i++)
		sim.admin.addOrder({ order_number: `O-${i}` });
	sim.admin.setFault('*', { mode: 'latency', latencyMs: RTT });
	const items = Array.from({ length: 1000 }, (_, i) => ({ order: `O-${i}` }));
	const [nodeRun, nodeMs] = await timed(() => runNode({
		node: { type: 'oceanpayment', parameters: { resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}', options: { batching: false } } },
		nodeTypes: { oceanpayment: new Oceanpayment() },
		credentials,
		items,
	}));
	if (nodeRun.output.length !== 1000)
		throw new Error(`node produced ${nodeRun.output.length} items`);
	const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'paymentInfo' });
	const url = new URL(`${sim.url}/service/check/normal`);
	const post = (body) => new Promise((resolve, reject) => {
		const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk) => (text += chunk));
			res.on('end', () => resolve(text));
		});
		req.on('error', reject);
		req.end(body);
	});
	const [rawCount, rawMs] = await timed(async () => {
		let count = 0;
		for (const { order } of items) {
			const signValue = createHash('sha256').update(`${SEED_MERCHANT.account}${SEED_MERCHANT.terminal}${order}${SEED_MERCHANT.secureCode}`, 'utf8').digest('hex');
			const body = new URLSearchParams({ account: SEED_MERCHANT.account, terminal: SEED_MERCHANT.terminal, order_number: order, signValue }).toString();
			const parsed = parser.parse(await post(body));
			count += parsed.response.paymentInfo.length;
		}
		return count;
	});
	if (rawCount !== 1000)
		throw new Error(`raw loop read ${rawCount} records`);
	await sim.close();
	figure('overhead.node_batching_off_1000_requests', seconds(nodeMs), 'measured');
	figure('overhead.raw_http_fast_xml_parser_1000_requests', seconds(rawMs), 'measured');
	figure('overhead.ratio_node_vs_raw', `${(nodeMs / rawMs).toFixed(2)}x`, 'goal <= 1.3x');
}

/**
 * 1b. Per-item cost: Get Status over 1,000 items (one expression each) against a floor node that
 * only reads one expression per item, alternating, each node's own executionTime from the run
 * data. At the simulated round trip and at 0 ms (the node's own work only).
 */

class ExpressionFloor {
	description = {
		displayName: 'Expression Floor',
		name: 'expressionFloor',
		group: ['transform'],
		version: 1,
		description: 'Reads one expression per item',
		defaults: { name: 'Expression Floor' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
	};

	async execute() {
		return [this.getInputData().map((_, itemIndex) => ({ json: { value: this.getNodeParameter('value', itemIndex) }, pairedItem: { item: itemIndex } }))];
	}
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function perItemCost() {
	const { sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] } });
	sim.admin.addOrders(Array.from({ length: 1000 }, (_, i) => ({ order_number: `P-${i}` })));
	const items = Array.from({ length: 1000 }, (_, i) => ({ order: `P-${i}` }));
	const time = async (node) => {
		const result = await runNode({ node, nodeTypes: { oceanpayment: new Oceanpayment(), expressionFloor: new ExpressionFloor() }, credentials, items });
		if (result.output.length !== 1000)
			throw new Error(`${node.type} gave ${result.output.length} items`);
		return result.run.data.resultData.runData.Oceanpayment[0].executionTime;
	};
	const getStatus = { type: 'oceanpayment', parameters: { resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}' } };
	const floor = { type: 'expressionFloor', parameters: { value: '={{ $json.order }}' } };
	for (const rtt of [RTT, 0]) {
		sim.admin.clearFaults();
		if (rtt)
			sim.admin.setFault('*', { mode: 'latency', latencyMs: rtt });
		const ratios = [];
		const times = { getStatus: [], floor: [] };
		for (let round = -1; round < 7; round++) {
			const pair = round % 2 ? [['getStatus', getStatus], ['floor', floor]] : [['floor', floor], ['getStatus', getStatus]];
			const measured = {};
			for (const [name, node] of pair)
				measured[name] = await time(node);
			if (round < 0) // warm-up
				continue;
			ratios.push(measured.getStatus / measured.floor);
			times.getStatus.push(measured.getStatus);
			times.floor.push(measured.floor);
		}
		const label = `${rtt} ms round trip`;
		figure(`per_item.rtt_${rtt}.get_status_1000_items`, `${median(times.getStatus)} ms`, `median of 7, ${label}, 10 calls`);
		figure(`per_item.rtt_${rtt}.floor_1000_expressions`, `${median(times.floor)} ms`, `median of 7, one expression per item, n8n-core ${N8N_CORE_VERSION}`);
		figure(`per_item.rtt_${rtt}.get_status_vs_floor`, `${median(ratios).toFixed(2)}x`, `${rtt ? 'goal <= 1.5x' : 'the node\'s own work'}; median of per-round ratios, load ${loadavg()[0].toFixed(1)}`);
	}
	await sim.close();
}

/**
 * 3. Return All over 10,000 and 100,000 records in pages of 100: the node's own executionTime per
 * record, and heap growth (peak sampled every 5 ms, and retained after GC with the run result
 * still held) against the output's JSON size.
 */

async function returnAllOnce(total, pageSize) {
	const { sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] }, defaultPageSize: pageSize });
	const now = Date.now();
	sim.admin.addOrders(Array.from({ length: total }, (_, i) => ({ order_number: `R-${i}`, payment_dateTime: new Date(now - 3_600_000 + Math.floor((i * 3_600_000) / total)) })));
	sim.admin.setFault('*', { mode: 'latency', latencyMs: RTT });
	const range = { startDate: new Date(now - 7_200_000).toISOString(), endDate: new Date(now + 60_000).toISOString() };
	const run = (parameters) => runNode({ node: { type: 'oceanpayment', parameters: { resource: 'order', operation: 'getManySuccessful', ...range, ...parameters } }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials, items: [{}] });
	// One page first, so that what is allocated once (compiled code, caches, the simulator's
	// sorted index) is in the baseline rather than counted against this run.
	await run({ returnAll: false, limit: pageSize });
	sim.admin.clearLog();
	const gc = globalThis.gc;
	gc?.();
	gc?.();
	const baseline = process.memoryUsage().heapUsed;
	let peak = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
	let result = await run({ returnAll: true });
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().heapUsed);
	gc?.();
	const retained = process.memoryUsage().heapUsed - baseline; // `result` is still referenced
	const ms = result.run.data.resultData.runData.Oceanpayment[0].executionTime;
	const outputBytes = JSON.stringify(result.output.map((item) => item.json)).length;
	const records = result.output.length;
	const calls = sim.admin.getLog().length;
	result = undefined;
	await sim.close();
	if (records !== total)
		throw new Error(`Return All gave ${records} items of ${total}`);
	return { ms, outputBytes, peak: peak - baseline, retained, calls };
}

async function returnAllMemory() {
	const pageSize = Number(process.env.BENCH_PAGE_SIZE ?? 100);
	const runs = {};
	for (const total of [10_000, 100_000]) {
		const run = await returnAllOnce(total, pageSize);
		runs[total] = run;
		const name = `return_all.${total / 1000}k`;
		const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
		figure(`${name}.calls`, String(run.calls), `pages of ${pageSize}`);
		figure(`${name}.node_time`, seconds(run.ms), `executionTime, ${RTT} ms round trip per call, load ${loadavg()[0].toFixed(1)}`);
		figure(`${name}.node_time_per_record`, `${((run.ms * 1000) / total).toFixed(1)} µs`, 'measured');
		figure(`${name}.output_json_size`, mb(run.outputBytes), 'measured');
		figure(`${name}.peak_heap_growth`, mb(run.peak), `${(run.peak / run.outputBytes).toFixed(2)}x the output JSON (goal <= 10x), sampled every 5 ms`);
		figure(`${name}.retained_heap_after_gc`, mb(run.retained), `${(run.retained / run.outputBytes).toFixed(2)}x the output JSON (goal <= 3.5x), with the run result still held`);
	}
	const perRecord = (total) => runs[total].ms / total;
	figure('return_all.time_per_record_100k_vs_10k', `${(perRecord(100_000) / perRecord(10_000)).toFixed(2)}x`, 'goal <= 1.2x');
}

/** 4. The trigger: calls per idle poll and static-data size after 10,000 events. */

async function triggerCost() {
	const { sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] }, defaultPageSize: 5000 });
	let clock = Date.now();
	Settings.now = () => clock; // the trigger's clock: one minute per poll
	let staticData = {};
	const poll = async () => {
		const outcome = await runPoll({ trigger: new OceanpaymentTrigger(), type: 'oceanpaymentTrigger', parameters: { event: 'newSuccessfulPayment', simplify: true }, credentials, staticData });
		if (outcome.error)
			throw outcome.error;
		staticData = outcome.staticData;
		return outcome.items.length;
	};
	await poll();
	let emitted = 0;
	for (let round = 0; round < 100; round++) {
		clock += 60_000;
		// Dated a second before the poll: a poll reads the seconds that are over.
		for (let n = 0; n < 100; n++)
			sim.admin.addOrder({ order_number: `T-${round}-${n}`, payment_dateTime: new Date(clock - 1000) });
		emitted += await poll();
	}
	clock += 60_000;
	sim.admin.clearLog();
	await poll();
	const idleCalls = sim.admin.getLog().length;
	Settings.now = () => Date.now();
	await sim.close();
	figure('trigger.events_emitted', String(emitted), 'expected 10000');
	figure('trigger.calls_per_idle_poll', String(idleCalls), 'goal 1');
	figure('trigger.static_data_after_10000_events', `${(JSON.stringify(staticData).length / 1024).toFixed(1)} KB`, 'goal <= 64 KB');
}

/**
 * 4b. A busy trigger: New Successful Payment with 20 new payments a minute, the default 30-minute
 * overlap, pages of 10 (the simulator's default; the gateway's page size for this list is
 * UNKNOWN), 60 polls a simulated minute apart, with each value of Re-Read the Overlap. Calls per
 * poll against what reading only the new records needs, and whether every payment came out
 * exactly once; then the same with 2 of the 20 listed 1 to 29 minutes late.
 */

async function busyTrigger() {
	const pageSize = 10;
	const lags = [1, 3, 7, 12, 20, 29];
	for (const late of [false, true]) {
		for (const reRead of ['auto', 'everyPoll', 'once']) {
			const { sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] }, defaultPageSize: pageSize });
			let clock = Math.floor(Date.now() / 60_000) * 60_000;
			Settings.now = () => clock;
			let staticData = {};
			const dates = new Map();
			const counts = new Map();
			const poll = async () => {
				sim.admin.clearLog();
				const outcome = await runPoll({ trigger: new OceanpaymentTrigger(), type: 'oceanpaymentTrigger', parameters: { event: 'newSuccessfulPayment', simplify: true, options: { reRead } }, credentials, staticData });
				if (outcome.error)
					throw outcome.error;
				staticData = outcome.staticData;
				for (const item of outcome.items)
					counts.set(item.json.paymentId, (counts.get(item.json.paymentId) ?? 0) + 1);
				return sim.admin.getLog().length;
			};
			await poll();
			const calls = [];
			const needed = [];
			for (let minute = 1; minute <= 60; minute++) {
				const previous = clock;
				clock += 60_000;
				const added = Array.from({ length: 20 }, (_, n) => {
					const lag = late && n >= 18 ? lags[(minute + n) % lags.length] * 60_000 : n * 2000;
					return { payment_id: `B${minute}-${n}`, order_number: `O-B${minute}-${n}`, payment_dateTime: new Date(clock - lag) };
				});
				sim.admin.addOrders(added);
				for (const order of added)
					dates.set(order.payment_id, order.payment_dateTime.getTime());
				needed.push(Math.max(1, Math.ceil([...dates.values()].filter((at) => at > previous && at <= clock).length / pageSize)));
				calls.push(await poll());
			}
			// Late ones come out at the latest once their time has left the overlap (Automatic, Once, as It Ends).
			for (let minute = 0; minute <= 30; minute++) {
				clock += 60_000;
				await poll();
			}
			Settings.now = () => Date.now();
			await sim.close();
			const twice = [...counts.values()].filter((count) => count > 1).length;
			const missing = [...dates.keys()].filter((id) => !counts.has(id)).length;
			const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
			const name = `trigger_busy${late ? '_late' : ''}.${{ auto: 'automatic', everyPoll: 'every_poll', once: 'once_as_it_ends' }[reRead]}`;
			// Every Poll spends what the budget allows on reading the overlap again early: no cost goal.
			const goal = reRead === 'everyPoll' ? 'no goal: up to Max Gateway Calls per Poll' : 'goal <= 2x';
			figure(`${name}.calls_per_poll`, `${mean(calls).toFixed(1)} (max ${Math.max(...calls)})`, `${goal}; reading only new records needs ${mean(needed).toFixed(1)} (max ${Math.max(...needed)})`);
			figure(`${name}.calls_vs_new_only`, `${(mean(calls) / mean(needed)).toFixed(2)}x`, goal);
			figure(`${name}.events_emitted`, String([...counts.values()].reduce((sum, count) => sum + count, 0)), `expected ${dates.size}; ${twice} twice, ${missing} missed${late ? ' (late ones included)' : ''}`);
		}
	}
}

/** 5. Parsing one 100-record list page: the package's parser vs xml2js (n8n's XML node), alternating. */

async function xmlParsing() {
	const records = Array.from({ length: 100 }, (_, i) => `<orderInfo><account>123456</account><terminal>12345601</terminal><payment_id>26010100000000000${String(i).padStart(4, '0')}</payment_id><order_number>X-${i}</order_number><order_currency>USD</order_currency><order_amount>${i}.10</order_amount><methods>Credit Card</methods><payment_dateTime>2026-11-20 10:00:00</payment_dateTime></orderInfo>`).join('');
	const page = `<?xml version="1.0" encoding="UTF-8"?><response><account>123456</account><terminal>12345601</terminal><signValue>ABC</signValue><results>00</results><details>Success</details><count>100</count><totalpages>1</totalpages><pages>1</pages>${records}</response>`;
	for (const damaged of [page.slice(0, page.length - 20), '', '<html><body>Bad Gateway</body></html>']) {
		if (parseGatewayXml(damaged).ok)
			throw new Error('the package parser accepted a damaged answer');
	}
	const ours = () => {
		const parsed = parseGatewayXml(page);
		if (!parsed.ok || parsed.data.orderInfo.length !== 100)
			throw new Error('parse failed');
	};
	const theirs = () => new Promise((resolve, reject) => parseString(page, { explicitArray: false }, (error, result) => (error || !result ? reject(error) : resolve())));
	// Blocks of 100 parses, alternating between the two, so both see the same machine load.
	const blocks = 20;
	const perBlock = 100;
	const spent = { ours: 0, theirs: 0 };
	for (let block = -1; block < blocks; block++) {
		for (const [name, fn] of block % 2 ? [['ours', ours], ['theirs', theirs]] : [['theirs', theirs], ['ours', ours]]) {
			const started = performance.now();
			for (let i = 0; i < perBlock; i++)
				await fn();
			if (block >= 0) // block -1 warms both up
				spent[name] += performance.now() - started;
		}
	}
	const per = (name) => spent[name] / (blocks * perBlock);
	figure('xml.package_parser_per_100_record_page', `${per('ours').toFixed(3)} ms`, 'measured');
	figure('xml.xml2js_per_100_record_page', `${per('theirs').toFixed(3)} ms`, 'measured');
	figure('xml.ratio_xml2js_vs_package', `${(per('theirs') / per('ours')).toFixed(2)}x`, 'goal >= 1.5x; >1 means the package is faster; alternating blocks of 100');
	figure('xml.load_average', loadavg()[0].toFixed(1), `1-minute load average after the run, ${cpus().length} cores`);
}

async function main() {
	const only = process.argv[2];
	const benches = { perItem: perItemCost, overhead: perRequestOverhead, returnAll: returnAllMemory, trigger: triggerCost, triggerBusy: busyTrigger, xml: xmlParsing };
	for (const [name, bench] of Object.entries(benches)) {
		if (only && only !== name)
			continue;
		process.stderr.write(`bench: ${name}…\n`);
		await bench();
	}
	console.log(figures.join('\n'));
}
main().catch((error) => {
	console.error(error);
	process.exit(1);
});
