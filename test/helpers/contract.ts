/**
 * The package's own rules for node descriptions, as one checker that returns every broken rule
 * as a sentence (test/contract.test.ts runs it on the real nodes and on broken copies).
 *
 * It reads descriptions the way the editor does: which parameters show for a resource, an
 * operation and a node version is decided by n8n's own `NodeHelpers.displayParameter` (plain
 * values and `_cnd` conditions alike), so fields added later for a version (`@version`) are
 * checked for that version without changing this file.
 */
import {
	NodeHelpers,
	type INodeProperties,
	type INodePropertyCollection,
	type INodePropertyOptions,
	type INodeTypeDescription,
	type IDisplayOptions,
} from 'n8n-workflow';

import type { Operation } from '../../nodes/Oceanpayment/actions/router';
import { outputSchema } from '../../nodes/Oceanpayment/helpers/output';

/** The keys that pick an operation's panel; every other displayOptions key is a condition on the user's values. */
const PANEL_KEYS = ['resource', 'operation', '@version'];
/** Parameter types that hold no value of their own (a text, a group): nothing to describe. */
const NOT_VALUES = new Set(['notice', 'hidden', 'collection', 'fixedCollection', 'callout', 'button']);

type Condition = NonNullable<IDisplayOptions['show']>;
type Option = INodePropertyOptions | INodeProperties | INodePropertyCollection;

export interface Pair {
	version: number;
	resource: string;
	operation: string;
	/** The Operation option, for its name and action. */
	option: INodePropertyOptions;
}

export interface ContractInput {
	description: INodeTypeDescription;
	operationFor: (resource: string, operation: string) => Operation | undefined;
	/** "resource/operation" of each operation seen calling an endpoint that moves money. */
	movingMoney: ReadonlySet<string>;
}

export const versionsOf = (description: INodeTypeDescription): number[] =>
	Array.isArray(description.version) ? description.version : [description.version];

const onlyKeys = (condition: Condition | undefined, keep: (key: string) => boolean): Condition | undefined =>
	condition && (Object.fromEntries(Object.entries(condition).filter(([key]) => keep(key))) as Condition);

/** Whether a parameter shows for these panel values, whatever the user's other values are. */
function shows(property: INodeProperties, version: number, values: { resource?: string; operation?: string }): boolean {
	const display = property.displayOptions;
	if (!display) return true;
	const panelOnly = {
		...property,
		displayOptions: { show: onlyKeys(display.show, (key) => PANEL_KEYS.includes(key)), hide: onlyKeys(display.hide, (key) => PANEL_KEYS.includes(key)) },
	};
	return NodeHelpers.displayParameter(values, panelOnly, { typeVersion: version }, null);
}

/** Every resource/operation pair each version of the node offers. */
export function pairsOf(description: INodeTypeDescription): Pair[] {
	const pairs: Pair[] = [];
	for (const version of versionsOf(description)) {
		const resources = description.properties.filter((property) => property.name === 'resource' && shows(property, version, {}));
		for (const resource of resources.flatMap((property) => (property.options ?? []) as INodePropertyOptions[])) {
			const operations = description.properties.filter(
				(property) => property.name === 'operation' && shows(property, version, { resource: String(resource.value) }),
			);
			for (const option of operations.flatMap((property) => (property.options ?? []) as INodePropertyOptions[])) {
				pairs.push({ version, resource: String(resource.value), operation: String(option.value), option });
			}
		}
	}
	return pairs;
}

const panelOf = (description: INodeTypeDescription, pair: Pair): INodeProperties[] =>
	description.properties.filter(
		(property) => !['resource', 'operation'].includes(property.name) && shows(property, pair.version, { resource: pair.resource, operation: pair.operation }),
	);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const label = (pair: Pair): string => `${pair.resource}/${pair.operation} (v${pair.version})`;

/** Money: marked as such, and "Allow AI Agent to Run This" on its panel, off and never an expression. */
function moneyProblems(input: ContractInput, pair: Pair, panel: INodeProperties[]): string[] {
	const key = `${pair.resource}/${pair.operation}`;
	const marked = input.operationFor(pair.resource, pair.operation)?.movesMoney;
	const guard = panel.find((property) => property.name === 'allowAgent');
	const problems: string[] = [];
	if (!input.movingMoney.has(key)) {
		if (marked) problems.push(`${label(pair)} is marked as moving money, but no run of it called an endpoint that moves money`);
		if (guard) problems.push(`${label(pair)} offers "Allow AI Agent to Run This" but moves no money`);
		return problems;
	}
	if (typeof marked !== 'string' || marked.trim() === '') problems.push(`${label(pair)} moves money but its operation has no movesMoney name, so an AI agent could run it`);
	if (!guard) problems.push(`${label(pair)} moves money but has no "Allow AI Agent to Run This" (allowAgent) field`);
	else if (guard.type !== 'boolean' || guard.default !== false || guard.noDataExpression !== true || !same(guard.displayOptions?.show?.['@tool'], [true])) {
		problems.push(`${label(pair)}: allowAgent must be a boolean, off by default, never an expression and shown on the tool only ('@tool': [true])`);
	}
	return problems;
}

/** A Get Many operation: Return All (off) and a Limit shown when it is off. */
function listProblems(pair: Pair, panel: INodeProperties[]): string[] {
	const isList = /^getMany/.test(pair.operation) || /^get many/i.test(pair.option.name) || /\bget many\b/i.test(pair.option.action ?? '');
	if (!isList) return [];
	const returnAll = panel.find((property) => property.name === 'returnAll');
	const limit = panel.find((property) => property.name === 'limit');
	const problems: string[] = [];
	if (returnAll?.type !== 'boolean' || returnAll.default !== false) problems.push(`${label(pair)} is a list without a Return All field (boolean, off by default)`);
	if (limit?.type !== 'number' || !((limit.typeOptions?.minValue ?? 0) >= 1) || !same(limit.displayOptions?.show?.returnAll, [false])) {
		problems.push(`${label(pair)} is a list without a Limit (a number of at least 1, shown when Return All is off)`);
	}
	return problems;
}

/** An operation behind the option, with an output declaration that makes a described schema. */
function outputProblems(input: ContractInput, pair: Pair): string[] {
	const operation = input.operationFor(pair.resource, pair.operation);
	if (typeof operation?.execute !== 'function') return [`${label(pair)} has no operation behind it in actions/router.ts`];
	if (!operation.output) return [`${label(pair)} has no output declaration, so no output schema`];
	const schema = outputSchema(operation.output);
	const fields = Object.entries(operation.output.fields);
	const problems: string[] = [];
	if (!operation.output.title.trim()) problems.push(`${label(pair)}: its output has no title`);
	if (fields.length === 0 || Object.keys(schema.properties as object).length === 0) problems.push(`${label(pair)}: its output schema has no fields`);
	for (const [name, field] of fields) if (!field.description?.trim()) problems.push(`${label(pair)}: output field "${name}" has no description`);
	return problems;
}

/** Each parameter below `properties` (collection options, fixedCollection values), with its path. */
function* walk(properties: INodeProperties[], path: string): Generator<{ property: INodeProperties; path: string }> {
	for (const property of properties) {
		const here = path ? `${path}.${property.name}` : property.name;
		yield { property, path: here };
		if (property.type === 'collection') yield* walk((property.options ?? []) as INodeProperties[], here);
		if (property.type === 'fixedCollection') {
			for (const group of (property.options ?? []) as INodePropertyCollection[]) yield* walk(group.values ?? [], `${here}.${group.name}`);
		}
	}
}

const duplicates = (values: unknown[]): string[] =>
	[...new Set(values.filter((value, index) => values.indexOf(value) !== index).map((value) => JSON.stringify(value)))];

/** Two same-named parameters never show together when a condition on another value tells them apart. */
function exclusive(a: INodeProperties, b: INodeProperties): boolean {
	const plain = (values: unknown[] | undefined) => values?.every((value) => typeof value !== 'object' || value === null);
	const apart = (x: INodeProperties, y: INodeProperties) =>
		Object.entries(x.displayOptions?.show ?? {}).some(([key, values]) => {
			if (PANEL_KEYS.includes(key) || !plain(values)) return false;
			const other = y.displayOptions?.show?.[key];
			if (plain(other) && other && !values!.some((value) => other.includes(value))) return true;
			const hidden = y.displayOptions?.hide?.[key];
			return plain(hidden) && !!hidden && values!.every((value) => hidden.includes(value));
		});
	return apart(a, b) || apart(b, a);
}

/**
 * Parameters of one owner (a node or a credential), for every version: each value an expression
 * can fill has a description; no options list repeats a value or a name; no collection repeats a
 * name; and no two parameters of one panel share a name unless another value tells them apart.
 */
export function propertyProblems(owner: string, properties: INodeProperties[], versions: number[], panels: Array<{ name: string; properties: INodeProperties[] }>): string[] {
	const problems: string[] = [];
	for (const { property, path } of walk(properties, '')) {
		if (!NOT_VALUES.has(property.type) && property.noDataExpression !== true && !(typeof property.description === 'string' && property.description.trim())) {
			problems.push(`${owner}: "${path}" can come from an expression but has no description`);
		}
		const options = (property.options ?? []) as Option[];
		if (['options', 'multiOptions'].includes(property.type)) {
			const values = (options as INodePropertyOptions[]).map((option) => option.value);
			for (const value of duplicates(values)) problems.push(`${owner}: "${path}" has the option value ${value} twice`);
			for (const name of duplicates(options.map((option) => option.name))) problems.push(`${owner}: "${path}" has the option name ${name} twice`);
		}
		if (property.type === 'collection' || property.type === 'fixedCollection') {
			for (const name of duplicates(options.map((option) => option.name))) problems.push(`${owner}: "${path}" has the field name ${name} twice`);
		}
	}
	const wholePanels = panels.length > 0 ? panels : versions.map((version) => ({ name: `v${version}`, properties: properties.filter((property) => shows(property, version, {})) }));
	for (const panel of wholePanels) {
		panel.properties.forEach((property, index) => {
			const twin = panel.properties.slice(index + 1).find((other) => other.name === property.name && !exclusive(property, other));
			if (twin) problems.push(`${owner} ${panel.name}: two parameters named "${property.name}" show on the same panel`);
		});
	}
	return problems;
}

/** Every rule for the action node: its operations, their panels and their outputs. */
export function contractProblems(input: ContractInput): string[] {
	const { description } = input;
	const pairs = pairsOf(description);
	const problems: string[] = [];
	if (pairs.length === 0) problems.push(`${description.name} offers no operations`);
	for (const version of versionsOf(description)) {
		const offered = pairs.filter((pair) => pair.version === version);
		for (const action of duplicates(offered.map((pair) => pair.option.action ?? pair.option.name))) problems.push(`${description.name} v${version}: two operations have the action ${action}`);
		const resources = description.properties.filter((property) => property.name === 'resource' && shows(property, version, {}));
		for (const value of duplicates(resources.flatMap((property) => (property.options ?? []) as INodePropertyOptions[]).map((option) => option.value))) {
			problems.push(`${description.name} v${version}: the resource value ${value} is offered twice`);
		}
		for (const resource of new Set(offered.map((pair) => pair.resource))) {
			for (const value of duplicates(offered.filter((pair) => pair.resource === resource).map((pair) => pair.operation))) {
				problems.push(`${description.name} v${version}: resource "${resource}" offers the operation value "${JSON.parse(value)}" twice`);
			}
		}
	}
	const panels: Array<{ name: string; properties: INodeProperties[] }> = [];
	for (const pair of pairs) {
		const panel = panelOf(description, pair);
		panels.push({ name: label(pair), properties: panel });
		problems.push(...moneyProblems(input, pair, panel), ...listProblems(pair, panel), ...outputProblems(input, pair));
	}
	problems.push(...propertyProblems(description.name, description.properties, versionsOf(description), panels));
	return problems;
}
