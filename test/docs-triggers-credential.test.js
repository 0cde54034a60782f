'use strict';
/**
 * README and docs/ claims about the trigger versions and the credential form (issue 27), checked
 * against the node and credential descriptions and the credential test's limit, so they cannot drift.
 */
const { readFileSync } = require('fs');
const { join } = require('path');

const { OceanpaymentTrigger } = require('../nodes/Oceanpayment/OceanpaymentTrigger.node');
const { OceanpaymentNotificationTrigger } = require('../nodes/Oceanpayment/OceanpaymentNotificationTrigger.node');
const { CREDENTIAL_TEST_TIMEOUT_MS } = require('../nodes/Oceanpayment/methods/credentialTest');

const read = (file) => readFileSync(join(__dirname, '..', file), 'utf8');
const readme = read('README.md');
/** The README's section, or the docs/ page a topic moved to. */
const section = (title) => {
	if (title === 'Trigger') return read('docs/trigger-delivery.md');
	if (title === 'Notification Trigger') return read('docs/notifications.md');
	const start = readme.indexOf(`\n## ${title}\n`);
	if (start < 0) throw new Error(`README has no section ${title}`);
	const end = readme.indexOf('\n## ', start + 1);
	return readme.slice(start, end < 0 ? undefined : end);
};

test('the Trigger table has a row for every event option, by its label, and none for the old "New Dispute"', () => {
	const rows = section('Trigger').split('\n').filter((line) => line.startsWith('| '));
	const events = new OceanpaymentTrigger().description.properties.filter((property) => property.name === 'event');
	const labels = [...new Set(events.flatMap((property) => property.options.map((option) => option.name)))];
	expect(labels).toContain('New Klarna Dispute');
	for (const label of labels) expect([label, rows.some((row) => row.startsWith(`| ${label} |`) || row.startsWith(`| ${label} (`))]).toEqual([label, true]);
	expect(rows.some((row) => row.startsWith('| New Dispute |'))).toBe(false);
});

test('the README names the version 2 default event and the sample marker', () => {
	const events = new OceanpaymentTrigger().description.properties.filter((property) => property.name === 'event');
	const v2 = events.find((property) => JSON.stringify(property.displayOptions).includes('"gte":2'));
	const label = v2.options.find((option) => option.value === v2.default).name;
	expect(section('Trigger')).toContain(`**Version 2** (new nodes) starts on **${label}**`);
	expect(section('Trigger')).toContain('`sample: true`');
});

test('the credential section states the Test limit the code uses', () => {
	const seconds = CREDENTIAL_TEST_TIMEOUT_MS / 1000;
	expect(section('Credentials')).toContain(`It gives up after ${seconds} seconds`);
	expect(section('Credentials')).toContain(`did not answer within ${seconds} s`);
});

test('the Notification Trigger section and the node agree that empty Notification Types means all', () => {
	const types = new OceanpaymentNotificationTrigger().description.properties.find((property) => property.name === 'noticeTypes');
	expect(types.description).toMatch(/Leave empty for all/);
	expect(section('Notification Trigger')).toMatch(/empty, the default,\s+means every documented type/);
	expect(section('Notification Trigger')).toMatch(/Oceanpayment cannot send a test event/);
});
