#!/usr/bin/env node
/**
 * `npm run test:verification`: what n8n's own verification tools say about this package, offline.
 *   1. @n8n/scan-community-package, the two legs of its scan: the sources (SOURCE_FILE_PATTERNS)
 *      and the packed tarball (compiled .js and package.json). Both must pass. The scanner ignores
 *      eslint-disable comments, so its warnings are listed as well.
 *   2. `n8n-node cloud-support`: strict mode with the CLI's default ESLint config, which n8n requires
 *      before it calls a package eligible for n8n Cloud.
 * Needs a build (dist/) first; packs the package into a temporary folder and removes it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import { SOURCE_FILE_PATTERNS, analyzePackage, buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'oceanpayment-verification-'));
let failed = 0;

/** The scanner reports only errors; warnings are counted here with its own config. */
async function warnings(dir, patterns) {
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const results = await eslint.lintFiles(patterns.map((pattern) => join(dir, pattern)));
	return results.flatMap((result) => result.messages.filter((m) => m.severity === 1).map((m) => `${result.filePath.slice(dir.length + 1)}:${m.line} ${m.ruleId}`));
}

async function leg(label, dir, patterns, warningPatterns) {
	const result = await analyzePackage(dir, patterns);
	const found = await warnings(dir, warningPatterns);
	console.log(`${result.passed ? '✓' : '✕'} scanner, ${label}: ${result.passed ? 'passed' : result.message}, ${found.length} warning(s)`);
	for (const warning of found) console.log(`    warning ${warning}`);
	if (!result.passed) {
		failed++;
		console.log(result.details ?? '');
	}
}

try {
	await leg('sources', ROOT, SOURCE_FILE_PATTERNS, ['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts']);

	const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }))[0];
	execFileSync('tar', ['xzf', join(work, packed.filename), '-C', work]);
	await leg(`tarball ${packed.filename}`, join(work, 'package'), ['**/*.js', 'package.json'], ['dist/**/*.js', 'package.json']);

	// Colours off, and any that remain stripped: under CI=true the CLI colours its words.
	const cloud = execFileSync(join(ROOT, 'node_modules', '.bin', 'n8n-node'), ['cloud-support'], {
		cwd: ROOT,
		encoding: 'utf8',
		env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
	}).replace(/\u001b\[[0-9;]*m/g, '');
	const eligible = /eligible for n8n Cloud verification/.test(cloud) && /Strict mode: enabled/.test(cloud) && /using default config/.test(cloud);
	console.log(`${eligible ? '✓' : '✕'} n8n-node cloud-support: ${eligible ? 'strict mode, default ESLint config, eligible (if lint passes; CI runs npm run lint)' : 'not eligible'}`);
	if (!eligible) {
		failed++;
		console.log(cloud);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
