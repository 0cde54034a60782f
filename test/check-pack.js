#!/usr/bin/env node
/**
 * Packs the package as npm would publish it and checks what a user gets: no runtime
 * dependencies, the credential, nodes, icons and the bundled XML parser in dist, and that every
 * entry of the "n8n" section loads with only n8n-workflow and luxon resolvable (what n8n itself
 * provides), from a folder with nothing installed beside the package.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oceanpayment-pack-'));
const fail = (message) => {
	console.error(`check-pack: ${message}`);
	process.exit(1);
};

const packed = JSON.parse(
	execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
)[0];
const tarball = path.join(work, packed.filename);
execFileSync('tar', ['xzf', tarball, '-C', work]);
const pkgDir = path.join(work, 'package');
const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

if (manifest.dependencies && Object.keys(manifest.dependencies).length) {
	fail(`package.json has runtime dependencies: ${Object.keys(manifest.dependencies).join(', ')}`);
}
const files = packed.files.map((file) => file.path);
const required = [
	...manifest.n8n.credentials,
	...manifest.n8n.nodes,
	'dist/icons/oceanpayment.svg',
	'dist/icons/oceanpayment.dark.svg',
	'dist/nodes/Oceanpayment/transport/xmlLibrary.js',
];
for (const file of required) if (!files.includes(file)) fail(`${file} is missing from the tarball`);
if (files.some((file) => file.startsWith('test/') || file.startsWith('dist/test'))) fail('test files are in the tarball');
const parser = fs.readFileSync(path.join(pkgDir, 'dist/nodes/Oceanpayment/transport/xmlLibrary.js'), 'utf8');
if (/require\(["']fast-xml-parser["']\)/.test(parser) || !parser.includes('XMLValidator')) {
	fail('fast-xml-parser is not bundled into dist');
}

// Load every entry the way n8n does, with only n8n's own packages resolvable.
const hostModules = path.join(work, 'host', 'node_modules');
fs.mkdirSync(hostModules, { recursive: true });
for (const name of ['n8n-workflow', 'luxon']) {
	fs.symlinkSync(path.join(root, 'node_modules', name), path.join(hostModules, name), 'dir');
}
const script = `
	const Module = require('module');
	process.env.NODE_PATH = ${JSON.stringify(hostModules)};
	Module._initPaths();
	const manifest = require(${JSON.stringify(path.join(pkgDir, 'package.json'))});
	for (const entry of [...manifest.n8n.credentials, ...manifest.n8n.nodes]) {
		const exported = require(require('path').join(${JSON.stringify(pkgDir)}, entry));
		const name = require('path').basename(entry).split('.')[0];
		if (typeof exported[name] !== 'function') throw new Error(entry + ' does not export class ' + name);
		const instance = new exported[name]();
		console.log('loaded ' + entry + ' (' + (instance.name || instance.description.name) + ')');
	}
`;
execFileSync(process.execPath, ['-e', script], { cwd: work, stdio: 'inherit' });
console.log(`check-pack: ${packed.filename} (${files.length} files, ${packed.size} bytes) is complete and self-contained`);
fs.rmSync(work, { recursive: true, force: true });
