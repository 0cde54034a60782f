'use strict';
/**
 * The table of what a model sees per operation (docs/ai-agents.md), built from the
 * node's description with n8n-workflow's own makeDescription (the automatic tool description
 * n8n gives an agent) and the router's money marks. When it fails, paste the printed table
 * into docs/ai-agents.md.
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

test('docs/ai-agents.md shows every operation with its automatic tool description and whether it moves money', () => {
	const page = readFileSync(join(__dirname, '..', 'docs', 'ai-agents.md'), 'utf8');
	const table = toolTable();
	if (!page.includes(table)) console.log(table);
	expect(page).toContain(table);
});
