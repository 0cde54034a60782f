'use strict';
/**
 * The notification tables of docs/notifications.md (moved there from the README) state the
 * signing rules and grades of nodes/Oceanpayment/transport/notices.ts; this keeps the two from
 * drifting.
 */
const { readFileSync } = require('fs');
const { join } = require('path');

const { CONFIRMATION_SOURCES, NOTICES, NOTICE_SOURCE_IPS } = require('../../nodes/Oceanpayment/transport/notices');
const { CONFIRM_FAMILIES } = require('../../nodes/Oceanpayment/notification/confirm');

const section = readFileSync(join(__dirname, '..', '..', 'docs', 'notifications.md'), 'utf8');
const rowOf = (title) => section.split('\n').find((line) => line.startsWith(`| ${title} |`)) ?? '';

test.each([
	['Payment', 'payment'],
	['Business order', 'business'],
	['Customs', 'customs'],
])('the docs row "%s" has the notice types, rule and grade of the table', (title, kind) => {
	const notice = NOTICES[kind];
	const row = rowOf(title);
	for (const { value } of notice.noticeTypes) expect(row).toContain(`\`${value}\``);
	const rule = kind === 'customs' ? 'as business order' : ['account', 'terminal', ...notice.signOrder].join(' + ');
	expect(row).toContain(` ${rule} |`);
	expect(row).toContain(`| ${notice.signGrade}`);
	const forms = row.split(' | ')[3];
	for (const [name, form] of Object.entries(notice.fieldForms)) {
		if (kind === 'customs' && notice.fieldForms[name] === NOTICES.business.fieldForms[name]) continue;
		expect(forms).toContain(`\`${name}\` ${form.description}`);
	}
	if (kind === 'customs') expect(NOTICES.customs.signOrder).toEqual(NOTICES.business.signOrder);
});

test('the docs list every correspondence of a confirmation, with its grade (CONFIRMATION_SOURCES)', () => {
	const answers = { payment: 'Order status query', business: 'Business orders list', refund: 'Refund query' };
	const rows = section.split('\n').filter((line) => Object.values(answers).some((answer) => line.startsWith(`| ${answer} | \``)));
	const expected = Object.entries(CONFIRMATION_SOURCES).flatMap(([source, { fields }]) =>
		fields.map((field) => [answers[source], field.notice, field.answer, field.grade, field.why]),
	);
	expect(rows.map((row) => row.split(' | ')).map(([answer, notice, answerField, , grade, why]) => [answer.slice(2), notice.replace(/`/g, ''), answerField.replace(/`/g, ''), grade, why.replace(/ \|$/, '')])).toEqual(expected);
});

test('the docs name every confirmation family with its option value, and the default confirms them all', () => {
	for (const { name, value } of CONFIRM_FAMILIES) expect(section).toContain(`| ${name} (\`${value}\`) |`);
	expect(section).toContain('All three families are on by default');
});

test('the docs list the source addresses of the table', () => {
	expect(section.replace(/\s+/g, ' ')).toContain(`\`${NOTICE_SOURCE_IPS.join(', ')}\``);
});

test('Redelivery memory is in one process (issue 25): the docs recommend an atomic guard, and the example ships it', () => {
	const flat = section.replace(/\s+/g, ' ');
	expect(flat).toContain('ON CONFLICT DO NOTHING RETURNING event_id');
	expect(flat).toMatch(/Remove Duplicates[^.]*not race-free/);
	const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'oceanpayment-notification-exactly-once.json'), 'utf8'));
	const guard = example.nodes.find((node) => node.type === 'n8n-nodes-base.postgres');
	const setup = example.nodes.find((node) => node.type === 'n8n-nodes-base.stickyNote').parameters.content;
	// A query that begins with SELECT: n8n 1.x's Postgres node outputs no item for it only then.
	expect(guard.parameters.query).toBe('SELECT event_id FROM oceanpayment_claim($1) AS claimed(event_id)');
	expect(setup).toMatch(/INSERT INTO oceanpayment_events .*ON CONFLICT DO NOTHING RETURNING event_id/);
	// The docs show the same setup as the example.
	const sql = /```sql\n([\s\S]*?)```/.exec(setup)[1].replace(/\s+/g, ' ').trim();
	expect(flat).toContain(sql);
	expect(example.nodes.map((node) => node.type)).not.toContain('n8n-nodes-base.removeDuplicates');
});
