import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execute';
import { customsFields, customsOutput, executeCustoms } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['customs'], operation: ['resubmit'] } }, customsFields);

export const output = customsOutput;

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await executeCustoms(this, items, run, '2', 'Customs › Resubmit');
}
