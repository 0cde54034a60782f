#!/usr/bin/env node
/**
 * `npm run bench`: runs the benchmarks and prints their figures, one `name: value (goal)` line
 * each. Benchmarks print numbers; they never fail on speed.
 *   BENCH_RTT_MS   simulated round-trip time of the gateway (default 20)
 *   BENCH_ROUNDS   alternating rounds in n8n (default 3)
 *   node bench/run.mjs [perItem|overhead|returnAll|trigger|triggerBusy|xml|n8n]   one benchmark only
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const lines = [];

if (!only || only !== 'n8n') {
	const out = mkdtempSync(join(tmpdir(), 'oceanpayment-bench-'));
	const bundle = join(out, 'in-process.cjs');
	await esbuild.build({
		entryPoints: [join(here, 'in-process.mjs')],
		outfile: bundle,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['n8n-core', 'n8n-workflow', 'luxon', 'fast-xml-parser', 'xml2js'],
		nodePaths: [join(here, '..', 'node_modules')],
		logLevel: 'warning',
	});
	const output = execFileSync(process.execPath, ['--expose-gc', bundle, ...(only ? [only] : [])], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, NODE_PATH: join(here, '..', 'node_modules') },
		maxBuffer: 64 * 1024 * 1024,
	});
	lines.push(...output.trim().split('\n').filter((line) => /^[\w.]+: /.test(line)));
	rmSync(out, { recursive: true, force: true });
}

if (!only || only === 'n8n') {
	const output = execFileSync(process.execPath, [join(here, 'n8n-vs-handbuilt.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
	lines.push(...output.trim().split('\n').filter((line) => /^[\w.]+: /.test(line)));
}

console.log(`\nBenchmark figures (simulated round trip ${process.env.BENCH_RTT_MS ?? 20} ms):`);
console.log(lines.join('\n'));
