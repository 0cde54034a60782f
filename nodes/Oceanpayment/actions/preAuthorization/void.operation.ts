import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execute';
import { allowAgentField } from '../common.descriptions';
import { authorizationOutput, executeAuthorization, optionsField, paymentFields } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['preAuthorization'], operation: ['void'] } }, [
	allowAgentField,
	...paymentFields,
	optionsField,
]);

export const movesMoney = 'Pre-Authorization › Void';
export const output = authorizationOutput('void');

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await executeAuthorization(this, items, run, 'void', movesMoney);
}
