'use strict';
/**
 * The docs: the endpoint table of docs/self-check.md is written from the catalogue (when it
 * fails, paste the printed table there); the README stays short and in the order a merchant
 * reads it; every page of docs/ starts with the question it answers; every link between them,
 * and every documentation link of the nodes and the credential, reaches an existing page and
 * section.
 */
const { existsSync, readdirSync, readFileSync } = require('fs');
const { join } = require('path');

const { ENDPOINTS } = require('../nodes/Oceanpayment/transport/catalogue');

function endpointTable() {
	const rows = Object.values(ENDPOINTS).map((endpoint) => {
		const signed = endpoint.bodyKind === 'json'
			? 'none (keys sent as headers)'
			: ['account', 'terminal', ...endpoint.signOrder, 'secureCode'].join(' + ');
		const unsigned = endpoint.unsignedFields?.length ? endpoint.unsignedFields.join(', ') : '—';
		// "CONFIRMED (pages: INFERRED)": the rule's grade, then weaker grades of optional fields.
		const byGrade = {};
		for (const [field, grade] of Object.entries(endpoint.fieldSignGrades ?? {})) (byGrade[grade] ??= []).push(field);
		const fieldGrades = Object.entries(byGrade).map(([grade, fields]) => `${fields.join(', ')}: ${grade}`).join('; ');
		const grade = fieldGrades ? `${endpoint.signGrade} (${fieldGrades})` : endpoint.signGrade;
		const result = endpoint.results.map((rule) => `\`${rule.field}\` = ${rule.successCodes.join('/')}`).join(' or ');
		return `| ${endpoint.title} | ${endpoint.family} | \`${endpoint.path}\` | ${signed} | ${grade} | ${unsigned} | ${result} | ${endpoint.readOnly ? 'yes' : 'never'} |`;
	});
	return [
		'| Endpoint | Host family | Path | Signature (SHA-256 of) | Grade | Sent, not signed | Success when | Retried |',
		'| --- | --- | --- | --- | --- | --- | --- | --- |',
		...rows,
	].join('\n');
}

const ROOT = join(__dirname, '..');
const REPOSITORY = 'https://github.com/n8n-nodes-oceanpayment/n8n-nodes-oceanpayment';
const read = (path) => readFileSync(join(ROOT, path), 'utf8');
const docs = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
const anchorsOf = (path) => read(path).split('\n').filter((line) => /^#{1,6} /.test(line)).map((line) => anchorOf(line.replace(/^#+ /, '')));

/** Where a link from `from` leads, or why it leads nowhere. */
function problemOf(from, target) {
	const [file, anchor] = target.split('#');
	const path = file ? join(from, '..', file).replace(/\\/g, '/') : from;
	if (!existsSync(join(ROOT, path))) return `${from} links to ${target}: no such file`;
	if (anchor && !anchorsOf(path).includes(anchor)) return `${from} links to ${target}: ${path} has no heading with that anchor`;
	return undefined;
}

/** The relative links of a Markdown file (not those inside code). */
const linksOf = (path) =>
	[...read(path).replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)]
		.map((match) => match[1])
		.filter((target) => !/^[a-z]+:/i.test(target));

test('docs/self-check.md lists every catalogue endpoint as the catalogue says', () => {
	const page = read('docs/self-check.md');
	const table = endpointTable();
	if (!page.includes(table)) console.log(table);
	expect(page).toContain(table);
});

test('the README has at most 250 lines and its sections in the order a merchant needs them', () => {
	const readme = read('README.md');
	expect(readme.split('\n').length).toBeLessThanOrEqual(250);
	const sections = readme.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3));
	expect(sections).toEqual(['Installation', 'Credentials', 'Operations', 'Triggers', 'Example workflows', 'Try it locally', 'Compatibility', 'Documentation', 'License']);
	// The n8n 3 note stays in the installation section, in two lines.
	const installation = readme.slice(readme.indexOf('## Installation'), readme.indexOf('## Credentials'));
	const note = installation.split('\n\n').find((paragraph) => paragraph.startsWith('**n8n 3**'));
	expect(note?.split('\n')).toHaveLength(2);
	expect(note).toContain('N8N_UNVERIFIED_PACKAGES_ENABLED=true');
});

test('every page of docs/ starts with the question it answers, and the README links to each', () => {
	expect(docs.length).toBeGreaterThanOrEqual(8);
	const readme = read('README.md');
	for (const path of docs) {
		expect([path, read(path).split('\n')[0]]).toEqual([path, expect.stringMatching(/^# .+\?$/)]);
		expect(readme).toContain(`](${path})`);
	}
});

test('every relative link of the README and docs/ reaches a file and heading', () => {
	const problems = ['README.md', ...docs].flatMap((path) => linksOf(path).map((target) => problemOf(path, target))).filter(Boolean);
	expect(problems).toEqual([]);
	// The check itself finds a missing file and a missing heading.
	expect(problemOf('README.md', 'docs/nothing.md')).toMatch(/no such file/);
	expect(problemOf('README.md', 'docs/safe-refunds.md#nothing-here')).toMatch(/no heading/);
	expect(problemOf('docs/queue-mode.md', 'safe-refunds.md')).toBeUndefined();
});

test("the nodes' codex links and the credential's documentation URL reach an existing section", () => {
	const nodeDir = join('nodes', 'Oceanpayment');
	const urls = readdirSync(join(ROOT, nodeDir))
		.filter((name) => name.endsWith('.node.json'))
		.flatMap((name) => Object.values(JSON.parse(read(join(nodeDir, name))).resources).flat().map((entry) => entry.url));
	const { OceanpaymentApi } = require('../credentials/OceanpaymentApi.credentials');
	urls.push(new OceanpaymentApi().documentationUrl);
	expect(urls.length).toBeGreaterThanOrEqual(7);
	const problems = urls
		.map((url) => {
			if (!url.startsWith(REPOSITORY)) return `${url} is not in the repository`;
			const rest = url.slice(REPOSITORY.length);
			const target = rest.startsWith('#') ? `README.md${rest}` : rest.replace(/^\/blob\/main\//, '');
			if (target === rest) return `${url} is neither a README section nor a file on main`;
			return problemOf('README.md', target);
		})
		.filter(Boolean);
	expect(problems).toEqual([]);
});
