/**
 * Run with n8n's own Node and packages: checks that every node of the example workflows is a
 * known node type and version (n8n-nodes-base, n8n's AI nodes, this package, and the tool
 * variants n8n makes of them) and has no parameter issues, using n8n-workflow's own
 * NodeHelpers. An example whose meta.minimumN8nVersion is above this n8n's version is listed
 * as skipped, not checked node by node. Prints a JSON report.
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

const n8nVersion = require(path.join(n8nDir, 'node_modules', 'n8n', 'package.json')).version;
const aiTypesFile = path.join(n8nDir, 'node_modules', '@n8n', 'n8n-nodes-langchain', 'dist', 'types', 'nodes.json');
const aiTypes = fs.existsSync(aiTypesFile) ? require(aiTypesFile) : [];

const descriptions = [];
for (const type of baseTypes) descriptions.push({ type: `n8n-nodes-base.${type.name}`, description: type });
for (const type of aiTypes) descriptions.push({ type: `@n8n/n8n-nodes-langchain.${type.name}`, description: type });
for (const entry of manifest.n8n.nodes) {
	const module = require(path.join(packageDir, entry));
	const name = path.basename(entry).split('.')[0];
	const description = new module[name]().description;
	descriptions.push({ type: `${manifest.name}.${description.name}`, description });
}
// The tool variants n8n makes at start-up (…Tool for usableAsTool nodes, …HitlTool for nodes that
// can send and wait), made by n8n's own code where this n8n has it (2.x).
let toolGeneration = null;
try {
	toolGeneration = require(path.join(n8nDir, 'node_modules', 'n8n', 'dist', 'tool-generation'));
} catch {
	// this n8n makes no tool variants this way
}
if (toolGeneration) {
	const copy = (value) => JSON.parse(JSON.stringify(value));
	for (const { type, description } of [...descriptions]) {
		const prefix = type.slice(0, type.length - description.name.length);
		if (description.usableAsTool) {
			const tool = toolGeneration.convertNodeToAiTool({ description: { ...copy(description), ...(typeof description.usableAsTool === 'object' ? description.usableAsTool.replacements : {}) } }).description;
			descriptions.push({ type: prefix + tool.name, description: tool });
		}
		if (toolGeneration.hasSendAndWaitOperation(description)) {
			const gate = toolGeneration.convertNodeToHitlTool({ description: copy(description) }).description;
			descriptions.push({ type: prefix + gate.name, description: gate });
		}
	}
}
const older = (version, than) => {
	const [a, b] = [version, than].map((v) => v.split('.').map(Number));
	for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
	return false;
};

function describe(node) {
	return descriptions.find(({ type, description }) => {
		if (type !== node.type) return false;
		const versions = Array.isArray(description.version) ? description.version : [description.version];
		return versions.includes(node.typeVersion);
	})?.description;
}

const report = [];
const skipped = [];
for (const file of files) {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	const minimum = workflow.meta?.minimumN8nVersion;
	if (minimum && older(n8nVersion, minimum)) {
		skipped.push({ file: path.basename(file), reason: `needs n8n ${minimum} or later, this is ${n8nVersion}` });
		continue;
	}
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
console.log(JSON.stringify({ checked: files.length, problems: report, skipped }));
