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
	const operations = {};
	for (const entry of [...manifest.n8n.credentials, ...manifest.n8n.nodes]) {
		const exported = require(require('path').join(${JSON.stringify(pkgDir)}, entry));
		const name = require('path').basename(entry).split('.')[0];
		if (typeof exported[name] !== 'function') throw new Error(entry + ' does not export class ' + name);
		const instance = new exported[name]();
		console.log('loaded ' + entry + ' (' + (instance.name || instance.description.name) + ')');
		if (instance.description) operations[entry] = { versions: [].concat(instance.description.version), pairs: describedOperations(instance.description) };
	}
	// Every resource/operation pair the loaded description offers (walked here, independently of the package's code).
	function describedOperations(description) {
		const resource = description.properties.find((property) => property.name === 'resource');
		if (!resource) return [];
		return resource.options.flatMap(({ value }) =>
			description.properties
				.filter((property) => property.name === 'operation' && (property.displayOptions?.show?.resource ?? []).includes(value))
				.flatMap((property) => property.options.map((option) => value + '/' + option.value)),
		);
	}
	require('fs').writeFileSync(${JSON.stringify(path.join(work, 'operations.json'))}, JSON.stringify(operations));
`;
execFileSync(process.execPath, ['-e', script], { cwd: work, stdio: 'inherit' });

// The editor's output schemas: one per resource/operation of each node with operations, where n8n
// looks for them (__schema__/v<version>/<resource>/<operation>.json beside the node's .js), in
// the form the editor accepts (type object, non-empty properties), and none for an operation
// that no longer exists.
const operations = JSON.parse(fs.readFileSync(path.join(work, 'operations.json'), 'utf8'));
let schemaCount = 0;
const folderVersion = (version) => [...String(version).split('.'), '0', '0'].slice(0, 3).join('.');
for (const [entry, { versions, pairs }] of Object.entries(operations)) {
	if (pairs.length === 0) continue;
	for (const version of versions) {
		const folder = `${path.dirname(entry)}/__schema__/v${folderVersion(version)}/`;
		const shipped = files.filter((file) => file.startsWith(folder) && file.endsWith('.json')).map((file) => file.slice(folder.length, -'.json'.length));
		const missing = pairs.filter((pair) => !shipped.includes(pair));
		const stale = shipped.filter((pair) => !pairs.includes(pair));
		if (missing.length) fail(`output schemas missing for ${entry}: ${missing.join(', ')}`);
		if (stale.length) fail(`output schemas for operations ${entry} does not have: ${stale.join(', ')}`);
		for (const pair of pairs) {
			const schema = JSON.parse(fs.readFileSync(path.join(pkgDir, `${folder}${pair}.json`), 'utf8'));
			if (schema.type !== 'object' || schema.version !== 1 || Object.keys(schema.properties ?? {}).length === 0) {
				fail(`${folder}${pair}.json is not an object schema with version 1 and properties`);
			}
			schemaCount++;
		}
	}
}
if (schemaCount === 0) fail('no output schemas were checked');
console.log(`check-pack: ${packed.filename} (${files.length} files, ${packed.size} bytes, ${schemaCount} output schemas) is complete and self-contained`);
fs.rmSync(work, { recursive: true, force: true });
