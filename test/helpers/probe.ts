/**
 * A test-only node that sends one gateway call per item through the package's transport, so
 * the credential + transport pair can be tested through real n8n execution before (and apart
 * from) the Oceanpayment node's own parameters.
 */
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import type { EndpointId } from '../../nodes/Oceanpayment/transport/catalogue';
import { oceanpaymentApiRequest, type RequestOptions } from '../../nodes/Oceanpayment/transport';

export class TransportProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		group: ['transform'],
		version: 1,
		description: 'Calls one Oceanpayment endpoint per item',
		defaults: { name: 'Transport Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oceanpaymentApi', required: true }],
		properties: [
			{ displayName: 'Endpoint', name: 'endpoint', type: 'string', default: '' },
			{ displayName: 'Options', name: 'options', type: 'json', default: '{}' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const endpoint = this.getNodeParameter('endpoint', i) as EndpointId;
			const raw = this.getNodeParameter('options', i) as unknown;
			const options = (typeof raw === 'string' ? JSON.parse(raw) : raw) as RequestOptions;
			try {
				const reply = await oceanpaymentApiRequest.call(this, endpoint, items[i].json, { ...options, itemIndex: i });
				out.push({ json: { ...reply } as unknown as IDataObject, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}
