/**
 * Run with n8n's own Node and packages: checks that every node of the example workflows is a
 * known node type and version (n8n-nodes-base or this package) and has no parameter issues,
 * using n8n-workflow's own NodeHelpers. Prints a JSON report.
 *   node check-examples.cjs <n8n install dir> <installed package dir> <example.json>...
 */
const path = require('path');
const fs = require('fs');

const [n8nDir, packageDir, ...files] = process.argv.slice(2);
// Resolve n8n-workflow for the package the way n8n does: from n8n's own node_modules.
process.env.NODE_PATH = path.join(n8nDir, 'node_modules');
require('module').Module._initPaths();
const { NodeHelpers } = require(path.join(n8nDir, 'node_modules', 'n8n-workflow'));
const baseTypes = require(path.join(n8nDir, 'node_modules', 'n8n-nodes-base', 'dist', 'types', 'nodes.json'));
const manifest = require(path.join(packageDir, 'package.json'));

const descriptions = [];
for (const type of baseTypes) descriptions.push({ type: `n8n-nodes-base.${type.name}`, description: type });
for (const entry of manifest.n8n.nodes) {
	const module = require(path.join(packageDir, entry));
	const name = path.basename(entry).split('.')[0];
	const description = new module[name]().description;
	descriptions.push({ type: `${manifest.name}.${description.name}`, description });
}

function describe(node) {
	return descriptions.find(({ type, description }) => {
		if (type !== node.type) return false;
		const versions = Array.isArray(description.version) ? description.version : [description.version];
		return versions.includes(node.typeVersion);
	})?.description;
}

const report = [];
for (const file of files) {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	for (const node of workflow.nodes) {
		const description = describe(node);
		if (!description) {
			report.push({ file: path.basename(file), node: node.name, problem: `unknown node type ${node.type} v${node.typeVersion}` });
			continue;
		}
		const parameters = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description);
		const issues = NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters }, description);
		if (issues) report.push({ file: path.basename(file), node: node.name, problem: JSON.stringify(issues) });
	}
}
console.log(JSON.stringify({ checked: files.length, problems: report }));
