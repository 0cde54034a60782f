/**
 * The output schemas the editor shows ("Usually outputs the following fields") against what
 * every operation really outputs: each operation of the node's description runs against the
 * simulator through real n8n execution, and its items are checked against its schema both
 * ways. No item field is missing from the schema, no schema field never appears, types match,
 * required fields are in every item. A new operation fails here until it has a scenario.
 */
import type { IDataObject } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { describedOperations, outputSchemaFiles } from '../../nodes/Oceanpayment/actions/outputSchemas';
import { runNode, type CredentialData } from '../helpers/n8n';
import { startGateway, type Simulator } from '../helpers/gateway';
import { SCENARIOS, type Run } from '../helpers/scenarios';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());

/** Schema fields the simulator cannot bring out, each with the reason. */
// `terminal` comes out only with a credential that has a 3-D Secure terminal (the scenarios use one
// terminal); test/node/terminals.test.ts checks it on every operation that has the Terminal option.
const TWO_TERMINALS_ONLY = { terminal: 'only when the credential has a 3-D Secure Terminal; these scenarios use a one-terminal credential' };
const NOT_PRODUCIBLE: Record<string, Record<string, string>> = {
	'cardBin/lookup': { response: 'only when the gateway answers with something other than a list of BINs; the simulator always answers with a list' },
	...Object.fromEntries(
		[
			'account/healthCheck',
			'order/getStatus',
			'order/getManySuccessful',
			'order/getManyBusinessEvents',
			'order/getManyDisputes',
			'refund/create',
			'refund/get',
			'preAuthorization/capture',
			'preAuthorization/void',
			'preAuthorization/reverse',
			'tracking/upload',
			'customs/submit',
			'customs/resubmit',
		].map((key) => [key, TWO_TERMINALS_ONLY]),
	),
};

const description = new Oceanpayment().description;
const schemas = new Map(outputSchemaFiles(description).map((file) => [`${file.resource}/${file.operation}`, file]));

function typeOf(value: unknown): string[] {
	if (value === null) return ['null'];
	if (Array.isArray(value)) return ['array'];
	if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
	return [typeof value];
}

interface Property {
	type: string | string[];
	items?: { type: string };
}

/** Every problem of one item against its schema. */
function problemsOf(item: IDataObject, schema: IDataObject): string[] {
	const properties = schema.properties as Record<string, Property>;
	const problems: string[] = [];
	for (const [name, value] of Object.entries(item)) {
		const property = properties[name];
		if (!property) {
			if (schema.additionalProperties !== true) problems.push(`field "${name}" is not in the schema`);
			continue;
		}
		const declared = ([] as string[]).concat(property.type);
		if (!typeOf(value).some((type) => declared.includes(type))) problems.push(`field "${name}" is ${typeOf(value)[0]} (${JSON.stringify(value)}), the schema says ${declared.join(' or ')}`);
		if (property.items && Array.isArray(value)) {
			const wrong = value.filter((element) => !typeOf(element).includes(property.items!.type));
			if (wrong.length) problems.push(`field "${name}" has elements that are not ${property.items.type}: ${JSON.stringify(wrong)}`);
		}
	}
	for (const name of schema.required as string[]) if (!(name in item)) problems.push(`required field "${name}" is missing`);
	return problems;
}

const run: Run = async (resource, operation, parameters, typeVersion) => {
	const result = await runNode({
		node: { type: 'oceanpayment', parameters: { resource, operation, ...parameters }, typeVersion },
		nodeTypes: { oceanpayment: new Oceanpayment() },
		credentials,
	});
	if (result.error) throw new Error(`${resource}/${operation} ${JSON.stringify(parameters)} failed: ${result.error.message}`);
	return result.output.map((item) => item.json);
};

async function itemsOf(key: string): Promise<IDataObject[]> {
	const [resource, operation] = key.split('/');
	const items: IDataObject[] = [];
	sim.admin.reset();
	for (const scenario of SCENARIOS[key]) {
		await scenario.setup?.(sim, run);
		const output = await run(resource, operation, scenario.parameters, scenario.typeVersion);
		expect(output.length).toBeGreaterThan(0);
		items.push(...output);
		sim.admin.clearFaults();
	}
	return items;
}

test('every operation of the node has a schema and a scenario here, and nothing else has', () => {
	const described = describedOperations(description).map(({ resource, operation }) => `${resource}/${operation}`);
	expect(described.length).toBeGreaterThanOrEqual(15);
	expect([...schemas.keys()].sort()).toEqual([...described].sort());
	expect(Object.keys(SCENARIOS).sort()).toEqual([...described].sort());
	// One file per operation and node version (the items are the same in both versions).
	const files = outputSchemaFiles(description);
	expect(files.map((file) => file.path).sort()).toEqual(described.flatMap((key) => [`v1.0.0/${key}.json`, `v2.0.0/${key}.json`]).sort());
	for (const file of files) {
		// What the editor needs to show a preview, in the form n8n's own nodes ship.
		expect(file.schema).toMatchObject({ version: 1, type: 'object' });
		expect(Object.keys(file.schema.properties as IDataObject).length).toBeGreaterThan(0);
	}
});

test('the checker itself finds a field missing from the schema, a wrong type and a missing required field', () => {
	const schema = schemas.get('refund/get')!.schema;
	expect(problemsOf({ refundId: 7, invented: 'x' }, schema)).toEqual(
		expect.arrayContaining(['field "invented" is not in the schema', expect.stringContaining('field "refundId" is integer'), 'required field "refundNumber" is missing']),
	);
});

describe.each(Object.keys(SCENARIOS))('%s', (key) => {
	test('its items match its schema both ways', async () => {
		const items = await itemsOf(key);
		const schema = schemas.get(key)!.schema;
		const problems = items.flatMap((item, index) => problemsOf(item, schema).map((problem) => `item ${index}: ${problem}`));
		expect(problems).toEqual([]);
		const seen = new Set(items.flatMap((item) => Object.keys(item)));
		const exempt = NOT_PRODUCIBLE[key] ?? {};
		const neverSeen = Object.keys(schema.properties as IDataObject).filter((name) => !seen.has(name) && !(name in exempt));
		expect(neverSeen).toEqual([]);
		// An exemption is only for a field that really does not come out.
		for (const name of Object.keys(exempt)) expect(seen.has(name)).toBe(false);
	});
});
