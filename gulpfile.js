/**
 * Build: type-check and compile with tsc, replace the fast-xml-parser re-export with a bundle of
 * the library (so the package ships with no runtime dependencies), write the output schemas,
 * copy the icons.
 * n8n-workflow, luxon and crypto stay external: n8n provides them at run time.
 */
const { series, src, dest } = require('gulp');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const DIST = path.join(__dirname, 'dist');
const XML_LIBRARY = 'nodes/Oceanpayment/transport/xmlLibrary';

function clean(done) {
	fs.rmSync(DIST, { recursive: true, force: true });
	done();
}

function compile(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
		stdio: 'inherit',
		cwd: __dirname,
	});
	done();
}

async function bundleXmlParser() {
	await esbuild.build({
		entryPoints: [path.join(__dirname, `${XML_LIBRARY}.ts`)],
		outfile: path.join(DIST, `${XML_LIBRARY}.js`),
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node18',
		external: ['n8n-workflow', 'luxon', 'crypto'],
		legalComments: 'inline',
		logLevel: 'warning',
	});
}

// The editor's "Usually outputs the following fields": one JSON Schema per resource/operation,
// generated from the compiled node's own output declarations (nodes/Oceanpayment/helpers/output.ts),
// so no copy is kept by hand. Triggers get none: the editor shows no preview for them.
function schemas(done) {
	const node = path.join(DIST, 'nodes', 'Oceanpayment');
	const { Oceanpayment } = require(path.join(node, 'Oceanpayment.node.js'));
	const { outputSchemaFiles } = require(path.join(node, 'actions', 'outputSchemas.js'));
	const files = outputSchemaFiles(new Oceanpayment().description);
	for (const file of files) {
		const target = path.join(node, '__schema__', file.path);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.writeFileSync(target, `${JSON.stringify(file.schema, null, '\t')}\n`);
	}
	console.log(`Wrote ${files.length} output schemas to ${path.relative(__dirname, path.join(node, '__schema__'))}`);
	done();
}

function icons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

// tsc copies the JSON files under nodes/ (codex files, output schemas) because tsconfig.json
// includes them, so \`n8n-node build\` and \`n8n-node dev\` keep them too. This only checks it.
function codex(done) {
	const missing = [];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.json') && !fs.existsSync(path.join(DIST, full))) missing.push(full);
		}
	};
	walk('nodes');
	if (missing.length) return done(new Error(`tsc did not copy these JSON files into dist:\n${missing.join('\n')}`));
	done();
}

function verify(done) {
	// Fail the build if anything in dist still requires a package n8n does not provide.
	const allowed = new Set(['n8n-workflow', 'luxon', 'crypto']);
	const offenders = [];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.js')) {
				const code = fs.readFileSync(full, 'utf8');
				for (const match of code.matchAll(/require\(["']([^"'.][^"']*)["']\)/g)) {
					if (!allowed.has(match[1])) offenders.push(`${path.relative(DIST, full)} requires ${match[1]}`);
				}
			}
		}
	};
	walk(DIST);
	if (offenders.length) return done(new Error(`dist has runtime imports n8n does not provide:\n${offenders.join('\n')}`));
	done();
}

exports.build = series(clean, compile, bundleXmlParser, schemas, icons, codex, verify);
exports.default = exports.build;
