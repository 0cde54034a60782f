#!/usr/bin/env node
/**
 * The pinned n8n versions (n8n-versions.json), for JavaScript and for shell scripts.
 *   import { pinned, nodeFor, ciVersions } from './n8n-versions.mjs'
 *   node test/e2e/n8n-versions.mjs default      -> "2.41.1 24.21.0"   (n8n version, Node.js version)
 *   node test/e2e/n8n-versions.mjs node 1.123.81 -> "system"          (the Node.js a pinned n8n runs on)
 *   node test/e2e/n8n-versions.mjs ci           -> one "<n8n> <node>" line per version CI runs
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('./n8n-versions.json', import.meta.url));
const versions = JSON.parse(readFileSync(file, 'utf8'));

/** A named entry of n8n-versions.json ("default", "newest-1x"): { n8n, node }. */
export function pinned(name = 'default') {
	const entry = versions[name];
	if (!entry?.n8n) throw new Error(`no entry "${name}" in ${file}`);
	return entry;
}

/** The Node.js version a pinned n8n version runs on; the default entry's Node.js otherwise. */
export function nodeFor(n8nVersion) {
	const entry = Object.values(versions).find((v) => v?.n8n === n8nVersion);
	return entry ? entry.node : pinned('default').node;
}

/** The versions CI runs the end-to-end suite on, in order. */
export const ciVersions = () => versions.ci.map((name) => pinned(name));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const [what = 'default', arg] = process.argv.slice(2);
	if (what === 'ci') for (const v of ciVersions()) console.log(`${v.n8n} ${v.node}`);
	else if (what === 'node') console.log(nodeFor(arg));
	else {
		const v = pinned(what);
		console.log(`${v.n8n} ${v.node}`);
	}
}
