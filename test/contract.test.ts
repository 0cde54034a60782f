/**
 * The description contract: every operation of every version keeps the package's own rules
 * (test/helpers/contract.ts), so a new operation or a new version's field cannot forget them.
 * - an operation that moves money is guarded for AI agents;
 * - every list (Get Many) has Return All / Limit;
 * - every operation has an output schema;
 * - every field that can come from an expression has a description;
 * - no option value, field name or action collides.
 * Which operations move money is not taken from their own marking: each runs its scenarios
 * (test/helpers/scenarios.ts) against the simulator, and a call to an endpoint the catalogue
 * says moves money counts. Then each rule is shown to fail on a broken copy.
 */
import type { IDataObject, INodeParameters, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { OceanpaymentApi } from '../credentials/OceanpaymentApi.credentials';
import { Oceanpayment } from '../nodes/Oceanpayment/Oceanpayment.node';
import { OceanpaymentNotificationTrigger } from '../nodes/Oceanpayment/OceanpaymentNotificationTrigger.node';
import { OceanpaymentTrigger } from '../nodes/Oceanpayment/OceanpaymentTrigger.node';
import { operationFor, type Operation } from '../nodes/Oceanpayment/actions/router';
import { findEndpointByUrl } from '../nodes/Oceanpayment/transport/catalogue';
import { contractProblems, pairsOf, propertyProblems, versionsOf, type ContractInput } from './helpers/contract';
import { startGateway, type Simulator } from './helpers/gateway';
import { runNode, type CredentialData } from './helpers/n8n';
import { SCENARIOS, type Run } from './helpers/scenarios';

/** Runs beyond the output scenarios, for paths that reach other endpoints. */
const MORE_RUNS: Record<string, INodeParameters[]> = { 'account/selfCheck': [{ probeMoneyEndpoints: true }] };

/**
 * Parameter rules the credential does not keep yet, each with why. Its form is being reworked
 * (issue 27); a new gap still fails the test.
 */
const CREDENTIAL_GAPS = ['oceanpaymentApi: "environment" can come from an expression but has no description'];

/** Operations that call an endpoint that moves money and are not guarded, each with why. */
const NOT_MONEY: Record<string, string> = {
	'account/selfCheck':
		'Probe Money Endpoints (off by default) sends refund, capture, void, tracking and customs calls only for a payment ID with letters, which no Oceanpayment payment has, so nothing can move',
};

const node = new Oceanpayment();
const description = node.description;
const keys = [...new Set(pairsOf(description).map((pair) => `${pair.resource}/${pair.operation}`))];

let sim: Simulator;
let credentials: CredentialData;
/** "resource/operation" → the paths it called. */
const called = new Map<string, string[]>();

function toolVariant(): INodeType {
	const tool = new Oceanpayment();
	tool.description = { ...tool.description, name: `${tool.description.name}Tool` };
	return tool;
}

const runAs = async (type: 'oceanpayment' | 'oceanpaymentTool', resource: string, operation: string, parameters: INodeParameters, typeVersion?: number) =>
	await runNode({
		node: { type, parameters: { resource, operation, ...parameters }, typeVersion },
		nodeTypes: { oceanpayment: new Oceanpayment(), oceanpaymentTool: toolVariant() },
		credentials,
	});

const run: Run = async (resource, operation, parameters, typeVersion) => {
	const result = await runAs('oceanpayment', resource, operation, parameters, typeVersion);
	if (result.error) throw new Error(`${resource}/${operation} failed: ${result.error.message}`);
	return result.output.map((item) => item.json as IDataObject);
};

beforeAll(async () => {
	({ sim, credentials } = await startGateway());
	for (const key of keys) {
		const [resource, operation] = key.split('/');
		sim.admin.reset();
		const paths: string[] = [];
		const runs = [...(SCENARIOS[key] ?? []), ...(MORE_RUNS[key] ?? []).map((parameters) => ({ parameters, setup: undefined, typeVersion: undefined }))];
		for (const scenario of runs) {
			await scenario.setup?.(sim, run);
			sim.admin.clearLog();
			await runAs('oceanpayment', resource, operation, scenario.parameters, scenario.typeVersion);
			paths.push(...sim.admin.getLog().map((entry) => String(entry.path)));
			sim.admin.clearFaults();
		}
		called.set(key, paths);
	}
}, 120_000);
afterAll(async () => sim.close());

const callsMoney = (key: string) => (called.get(key) ?? []).some((path) => findEndpointByUrl(path)?.movesMoney === true);
const movingMoney = () => new Set(keys.filter((key) => callsMoney(key) && !(key in NOT_MONEY)));
const input = (): ContractInput => ({ description, operationFor, movingMoney: movingMoney() });

describe('the real nodes', () => {
	test('every operation ran, and the money endpoints were reached', () => {
		expect(keys.filter((key) => !SCENARIOS[key])).toEqual([]);
		expect(keys.filter((key) => (called.get(key) ?? []).length === 0)).toEqual([]);
		expect([...movingMoney()].sort()).toEqual(['preAuthorization/capture', 'preAuthorization/reverse', 'preAuthorization/void', 'refund/create']);
	});

	test('an exemption is only for an operation that really calls a money endpoint', () => {
		for (const key of Object.keys(NOT_MONEY)) expect(callsMoney(key)).toBe(true);
	});

	test('the Oceanpayment node keeps every rule, in every version', () => {
		expect(contractProblems(input())).toEqual([]);
	});

	test('the triggers and the credential keep the parameter rules', () => {
		const triggers: INodeTypeDescription[] = [new OceanpaymentTrigger().description, new OceanpaymentNotificationTrigger().description];
		for (const trigger of triggers) expect(propertyProblems(trigger.name, trigger.properties, versionsOf(trigger), [])).toEqual([]);
		const credential = new OceanpaymentApi();
		const problems = propertyProblems(credential.name, credential.properties, [1], []);
		expect(problems.filter((problem) => !CREDENTIAL_GAPS.includes(problem))).toEqual([]);
	});

	test.each(keys.filter((key) => operationFor(...(key.split('/') as [string, string]))?.movesMoney))(
		'%s, marked as moving money, refuses an AI agent before any call',
		async (key) => {
			const [resource, operation] = key.split('/');
			sim.admin.reset();
			const result = await runAs('oceanpaymentTool', resource, operation, SCENARIOS[key][0].parameters);
			expect(result.error?.message).toMatch(/moves money, and this Oceanpayment tool does not allow an AI agent to run it/);
			expect(sim.admin.getLog()).toEqual([]);
		},
	);
});

/** A deep copy of the node's description, changed by `change`. */
function brokenDescription(change: (copy: INodeTypeDescription) => void): INodeTypeDescription {
	const copy = JSON.parse(JSON.stringify(description)) as INodeTypeDescription;
	change(copy);
	return copy;
}

/** The properties of one operation's panel, in the copy. */
const panelProperties = (copy: INodeTypeDescription, resource: string, operation: string) =>
	copy.properties.filter((property) => {
		const show = property.displayOptions?.show;
		return show?.resource?.includes(resource) && show.operation?.includes(operation);
	});

const field = (copy: INodeTypeDescription, resource: string, operation: string, name: string): INodeProperties =>
	panelProperties(copy, resource, operation).find((property) => property.name === name)!;

const withOperation = (key: string, change: (operation: Operation) => Operation) => (resource: string, operation: string) => {
	const found = operationFor(resource, operation);
	return found && `${resource}/${operation}` === key ? change(found) : found;
};

/** Problems the node's versions share are reported once per version (the node is version 1 and 2). */
const expectInBoth = (problems: string[], lines: string[]) =>
	expect([...problems].sort()).toEqual(lines.flatMap((line) => [line, line.replace('(v1)', '(v2)')]).sort());

describe('each rule fails on a broken copy', () => {
	test('money: an unmarked operation that moves money, a missing or loose guard, a stale marking', () => {
		const unmarked = { ...input(), operationFor: withOperation('refund/create', (operation) => ({ ...operation, movesMoney: undefined })) };
		expectInBoth(contractProblems(unmarked), ['refund/create (v1) moves money but its operation has no movesMoney name, so an AI agent could run it']);

		const unguarded = brokenDescription((copy) => {
			copy.properties = copy.properties.filter((property) => property !== field(copy, 'preAuthorization', 'void', 'allowAgent'));
		});
		expectInBoth(contractProblems({ ...input(), description: unguarded }), ['preAuthorization/void (v1) moves money but has no "Allow AI Agent to Run This" (allowAgent) field']);

		const loose = brokenDescription((copy) => delete field(copy, 'refund', 'create', 'allowAgent').noDataExpression);
		expect(contractProblems({ ...input(), description: loose })).toEqual([1, 2].map((version) => expect.stringMatching(new RegExp(`^refund/create \\(v${version}\\): allowAgent must be .* never an expression`))));

		const seenMoving = new Set([...movingMoney(), 'order/getStatus']);
		expectInBoth(contractProblems({ ...input(), movingMoney: seenMoving }), [
			'order/getStatus (v1) moves money but its operation has no movesMoney name, so an AI agent could run it',
			'order/getStatus (v1) moves money but has no "Allow AI Agent to Run This" (allowAgent) field',
		]);
		const notSeen = new Set([...movingMoney()].filter((key) => key !== 'preAuthorization/reverse'));
		expectInBoth(contractProblems({ ...input(), movingMoney: notSeen }), [
			'preAuthorization/reverse (v1) is marked as moving money, but no run of it called an endpoint that moves money',
			'preAuthorization/reverse (v1) offers "Allow AI Agent to Run This" but moves no money',
		]);
	});

	test('lists: no Return All, a Limit shown always', () => {
		const noReturnAll = brokenDescription((copy) => {
			copy.properties = copy.properties.filter((property) => property !== field(copy, 'order', 'getManyDisputes', 'returnAll'));
		});
		expectInBoth(contractProblems({ ...input(), description: noReturnAll }), ['order/getManyDisputes (v1) is a list without a Return All field (boolean, off by default)']);
		const limitAlways = brokenDescription((copy) => delete field(copy, 'order', 'getManySuccessful', 'limit').displayOptions!.show!.returnAll);
		expectInBoth(contractProblems({ ...input(), description: limitAlways }), ['order/getManySuccessful (v1) is a list without a Limit (a number of at least 1, shown when Return All is off)']);
	});

	test('output: no operation, no output declaration, an undescribed output field', () => {
		const missing = { ...input(), operationFor: (resource: string, operation: string) => (operation === 'upload' ? undefined : operationFor(resource, operation)) };
		expectInBoth(contractProblems(missing), ['tracking/upload (v1) has no operation behind it in actions/router.ts']);
		const noOutput = { ...input(), operationFor: withOperation('cardBin/lookup', (operation) => ({ ...operation, output: undefined as never })) };
		expectInBoth(contractProblems(noOutput), ['cardBin/lookup (v1) has no output declaration, so no output schema']);
		const undescribed = withOperation('refund/get', (operation) => ({
			...operation,
			output: { ...operation.output, fields: { ...operation.output.fields, refundId: { type: 'string', description: ' ' } } },
		}));
		expectInBoth(contractProblems({ ...input(), operationFor: undescribed }), ['refund/get (v1): output field "refundId" has no description']);
	});

	test('descriptions: a top-level field and a field inside a collection', () => {
		const broken = brokenDescription((copy) => {
			delete field(copy, 'refund', 'create', 'amount').description;
			const options = field(copy, 'refund', 'create', 'options').options as INodeProperties[];
			options.find((option) => option.name === 'refundNumber')!.description = '';
		});
		expect(contractProblems({ ...input(), description: broken })).toEqual([
			'oceanpayment: "amount" can come from an expression but has no description',
			'oceanpayment: "options.refundNumber" can come from an expression but has no description',
		]);
	});

	test('collisions: an option value, an operation value, an action, a collection field, two fields on one panel', () => {
		const broken = brokenDescription((copy) => {
			const refundType = field(copy, 'refund', 'create', 'refundType');
			refundType.options = [...refundType.options!, { name: 'Everything', value: '1' }];
			const operations = copy.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('tracking'))!;
			operations.options = [...operations.options!, { name: 'Upload Again', value: 'upload', action: 'Check the account setup' }];
			const options = field(copy, 'refund', 'create', 'options');
			options.options = [...options.options!, { displayName: 'Refund Number', name: 'refundNumber', type: 'string', default: '', description: 'Again' }];
			copy.properties.push({ ...field(copy, 'cardBin', 'lookup', 'bins'), displayName: 'BINs Again' });
		});
		expect(contractProblems({ ...input(), description: broken })).toEqual(
			expect.arrayContaining([
				'oceanpayment v1: two operations have the action "Check the account setup"',
				'oceanpayment v1: resource "tracking" offers the operation value "upload" twice',
				'oceanpayment: "refundType" has the option value "1" twice',
				'oceanpayment: "options" has the field name "refundNumber" twice',
				'oceanpayment cardBin/lookup (v1): two parameters named "bins" show on the same panel',
			]),
		);
	});

	test('a field added for a later version is checked for that version only', () => {
		const laterField: INodeProperties = {
			displayName: 'Refund Reason',
			name: 'reason',
			type: 'string',
			default: '',
			displayOptions: { show: { resource: ['refund'], operation: ['create'], '@version': [{ _cnd: { gte: 2 } }] } },
		};
		const versioned = brokenDescription((copy) => {
			copy.version = [1, 2];
			copy.properties.push(laterField, { ...laterField, displayName: 'Reason (v1)', description: 'The v1 twin', displayOptions: { show: { resource: ['refund'], operation: ['create'], '@version': [1] } } });
		});
		const problems = contractProblems({ ...input(), description: versioned });
		expect(problems).toEqual(['oceanpayment: "reason" can come from an expression but has no description']);

		const versionTwoList = brokenDescription((copy) => {
			copy.version = [1, 2];
			const returnAll = field(copy, 'order', 'getManyDisputes', 'returnAll');
			returnAll.displayOptions!.show!['@version'] = [1];
		});
		expect(contractProblems({ ...input(), description: versionTwoList })).toEqual(['order/getManyDisputes (v2) is a list without a Return All field (boolean, off by default)']);
	});
});
