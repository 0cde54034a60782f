/**
 * The router's table is keyed by the descriptions' option values (actions/node.type.ts). The
 * compile-time half: `tsc -p test/tsconfig.json` (part of `npm test`) fails if the derived
 * names widen to `string` (an unused @ts-expect-error) or lose a real operation.
 */
import type { NodeMap, OceanpaymentType, ResourceName } from '../../nodes/Oceanpayment/actions/node.type';
import { operationFor, resources } from '../../nodes/Oceanpayment/actions/router';
import { describedOperations } from '../../nodes/Oceanpayment/actions/outputSchemas';
import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';

const named: OceanpaymentType[] = [
	{ resource: 'account', operation: 'selfCheck' },
	{ resource: 'preAuthorization', operation: 'void' },
];
// @ts-expect-error an operation of another resource
const crossed: OceanpaymentType = { resource: 'account', operation: 'create' };
// @ts-expect-error no such resource
const resource: ResourceName = 'payout';
// @ts-expect-error no such operation
const operation: NodeMap['refund'] = 'delete';

describe('typed dispatch', () => {
	it('has exactly the resource/operation pairs the description offers', () => {
		const described = describedOperations(new Oceanpayment().description).map(({ resource, operation }) => `${resource}/${operation}`);
		const routed = Object.entries(resources).flatMap(([resource, operations]) => Object.keys(operations).map((operation) => `${resource}/${operation}`));
		expect(routed.sort()).toEqual(described.sort());
		expect(described).toHaveLength(15);
	});

	it('finds each described pair and nothing else', () => {
		for (const { resource, operation } of named) expect(operationFor(resource, operation)?.execute).toBeInstanceOf(Function);
		expect([crossed, { resource, operation: 'get' }, { resource: 'refund', operation }].map((pair) => operationFor(pair.resource, pair.operation))).toEqual([
			undefined,
			undefined,
			undefined,
		]);
	});
});
