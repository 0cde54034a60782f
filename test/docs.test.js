'use strict';
/**
 * The README's endpoint table is written from the catalogue; this keeps the two from drifting.
 * When it fails, paste the printed table into the README.
 */
const { readFileSync } = require('fs');
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

test('README lists every catalogue endpoint as the catalogue says', () => {
	const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
	const table = endpointTable();
	if (!readme.includes(table)) console.log(table);
	expect(readme).toContain(table);
});
