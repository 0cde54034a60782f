'use strict';
/**
 * The README's table of what a model sees per operation ("Use with AI agents"), built from the
 * node's description with n8n-workflow's own makeDescription (the automatic tool description
 * n8n gives an agent) and the router's money marks. When it fails, paste the printed table
 * into the README.
 */
const { readFileSync } = require('fs');
const { join } = require('path');
const { NodeHelpers } = require('n8n-workflow');

const { Oceanpayment } = require('../nodes/Oceanpayment/Oceanpayment.node');
const { describedOperations } = require('../nodes/Oceanpayment/actions/outputSchemas');
const { resources } = require('../nodes/Oceanpayment/actions/router');

function toolTable() {
	const description = new Oceanpayment().description;
	const nameOf = (property, value, resource) =>
		description.properties
			.find((p) => p.name === property && (!resource || (p.displayOptions?.show?.resource ?? []).includes(resource)))
			.options.find((option) => option.value === value).name;
	const rows = describedOperations(description).map(({ resource, operation }) => {
		const automatic = NodeHelpers.makeDescription({ resource, operation }, description);
		const money = resources[resource][operation].movesMoney ? '**yes**: refuses unless "Allow AI Agent to Run This" is on' : 'no';
		return `| ${nameOf('resource', resource)} › ${nameOf('operation', operation, resource)} | ${automatic} | ${money} |`;
	});
	return ['| Operation | Automatic tool description | Moves money |', '| --- | --- | --- |', ...rows].join('\n');
}

test('README shows every operation with its automatic tool description and whether it moves money', () => {
	const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
	const table = toolTable();
	if (!readme.includes(table)) console.log(table);
	expect(readme).toContain(table);
});
