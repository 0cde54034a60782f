/**
 * What the editor should show, computed from the BUILT node descriptions in dist/ (the nodes
 * listed in package.json's n8n.nodes), so new resources, operations and fields are picked up
 * without touching this test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** Every node class the package declares: [{ file, description }] */
export function loadNodeDescriptions(root) {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	return pkg.n8n.nodes.map((file) => {
		const path = join(root, file);
		delete require.cache[require.resolve(path)];
		const exported = require(path);
		const NodeClass = Object.values(exported).find((value) => typeof value === 'function');
		if (!NodeClass) throw new Error(`${file} exports no node class`);
		return { file, description: new NodeClass().description };
	});
}

/** One displayOptions condition value against the current value (plain values and `_cnd`). */
function matches(condition, value) {
	if (condition && typeof condition === 'object' && '_cnd' in condition) {
		const [[op, operand]] = Object.entries(condition._cnd);
		switch (op) {
			case 'eq': return value === operand;
			case 'not': return value !== operand;
			case 'gte': return value >= operand;
			case 'lte': return value <= operand;
			case 'gt': return value > operand;
			case 'lt': return value < operand;
			case 'between': return value >= operand.from && value <= operand.to;
			case 'includes': return String(value).includes(operand);
			case 'startsWith': return String(value).startsWith(operand);
			case 'endsWith': return String(value).endsWith(operand);
			case 'regex': return new RegExp(operand).test(String(value));
			case 'exists': return value !== undefined && value !== null && value !== '';
			default: throw new Error(`displayOptions condition ${op} is not known to the editor test`);
		}
	}
	return condition === value;
}

function valueOf(key, values, typeVersion) {
	if (key === '@version') return typeVersion;
	return values[key.replace(/^\//, '')];
}

/** n8n's rule: every `show` key must match one of its values; any matching `hide` key hides. */
export function isVisible(property, values, typeVersion = 1) {
	const { show, hide } = property.displayOptions ?? {};
	for (const [key, conditions] of Object.entries(show ?? {})) {
		const value = valueOf(key, values, typeVersion);
		const list = Array.isArray(value) ? value : [value];
		if (!list.some((v) => conditions.some((c) => matches(c, v)))) return false;
	}
	for (const [key, conditions] of Object.entries(hide ?? {})) {
		const value = valueOf(key, values, typeVersion);
		const list = Array.isArray(value) ? value : [value];
		if (list.some((v) => conditions.some((c) => matches(c, v)))) return false;
	}
	return true;
}

/**
 * The node's top-level parameter values: the given ones, then the default of every visible
 * property (a name can be declared several times, for different operations; the visible one
 * wins), repeated until nothing changes because a field can depend on another's default.
 */
const newestVersion = (description) => (Array.isArray(description.version) ? Math.max(...description.version) : description.version);

/** `version`: the node's typeVersion (`@version` in displayOptions); the newest unless given. */
export function resolveValues(description, given, version = newestVersion(description)) {
	const values = { ...given };
	for (let round = 0; round < 10; round++) {
		let changed = false;
		for (const property of description.properties) {
			if (property.name in values || !isVisible(property, values, version)) continue;
			values[property.name] = property.default;
			changed = true;
		}
		if (!changed) return values;
	}
	throw new Error(`${description.name}: parameter defaults did not settle`);
}

/** Notices and callouts render as a text box without a field label. */
export const NOTICE = '(notice)';
const isNotice = (property) => ['notice', 'callout'].includes(property.type);

/**
 * Visible top-level properties in description order, one per name (hidden-type properties
 * render nothing; a notice is listed under NOTICE, its text as displayName).
 */
export function visibleProperties(description, values, version = newestVersion(description)) {
	const seen = new Set();
	const visible = [];
	for (const property of description.properties) {
		if (property.type === 'hidden' || seen.has(property.name) || !isVisible(property, values, version)) continue;
		seen.add(property.name);
		visible.push(isNotice(property) ? { ...property, name: NOTICE } : property);
	}
	return visible;
}

/** Parameters n8n adds itself and shows in the panel. */
export function addedByN8n(description) {
	// A polling node gets n8n's "Poll Times" as its first parameter.
	return description.polling ? [{ name: 'pollTimes', displayName: 'Poll Times', type: 'fixedCollection' }] : [];
}

/**
 * One case per node and operation: for a node with resources, every resource × operation; for
 * a trigger, every event (or its one form when it has no event/operation selector).
 */
export function panelCases(nodes) {
	const cases = [];
	for (const { file, description } of nodes) {
		const props = description.properties;
		// The node is shown at its newest version; a selector may be declared once per version (`@version`).
		const version = Array.isArray(description.version) ? Math.max(...description.version) : description.version;
		const resource = props.find((p) => p.name === 'resource' && isVisible(p, {}, version));
		if (resource) {
			for (const r of resource.options) {
				const operations = props.filter((p) => p.name === 'operation' && isVisible(p, { resource: r.value }, version));
				if (operations.length !== 1) throw new Error(`${description.name}: resource ${r.value} has ${operations.length} operation selectors`);
				for (const o of operations[0].options) {
					cases.push({ file, description, label: `${description.displayName} › ${r.name} › ${o.name}`, given: { resource: r.value, operation: o.value } });
				}
			}
			continue;
		}
		const selector = props.find((p) => ['event', 'operation'].includes(p.name) && p.type === 'options' && isVisible(p, {}, version));
		if (selector) {
			for (const o of selector.options) {
				cases.push({ file, description, label: `${description.displayName} › ${o.name}`, given: { [selector.name]: o.value } });
			}
		} else {
			cases.push({ file, description, label: description.displayName, given: {} });
		}
	}
	for (const c of cases) {
		c.values = resolveValues(c.description, c.given);
		c.expected = [...addedByN8n(c.description), ...visibleProperties(c.description, c.values)];
	}
	return cases;
}
