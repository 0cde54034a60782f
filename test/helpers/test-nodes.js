'use strict';
/**
 * Node types that exist only for tests (plain JS so the community-node lint rules, which are
 * written for shipped nodes, do not apply to them):
 * - Test Source: a start node that emits the items given in its `items` parameter (JSON array);
 * - Transport Probe: sends one gateway call per item through the package's transport, so the
 *   credential + transport pair can be tested through real n8n execution on its own.
 */
const { NodeConnectionTypes } = require('n8n-workflow');
const { oceanpaymentApiRequest } = require('../../nodes/Oceanpayment/transport');

/** @implements {import('n8n-workflow').INodeType} */
class TestSource {
	constructor() {
		/** @type {import('n8n-workflow').INodeTypeDescription} */
		this.description = {
			displayName: 'Test Source',
			name: 'testSource',
			group: ['input'],
			version: 1,
			description: 'Emits fixed items',
			defaults: { name: 'Test Source' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
		};
	}

	/** @this {import('n8n-workflow').IExecuteFunctions} */
	async execute() {
		const raw = this.getNodeParameter('items', 0);
		const items = typeof raw === 'string' ? JSON.parse(raw) : raw;
		return [items.map((/** @type {import('n8n-workflow').IDataObject} */ json) => ({ json }))];
	}
}

/** @implements {import('n8n-workflow').INodeType} */
class TransportProbe {
	constructor() {
		/** @type {import('n8n-workflow').INodeTypeDescription} */
		this.description = {
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
	}

	/** @this {import('n8n-workflow').IExecuteFunctions} */
	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const endpoint = this.getNodeParameter('endpoint', i);
			const raw = this.getNodeParameter('options', i);
			const options = typeof raw === 'string' ? JSON.parse(raw) : raw;
			try {
				const reply = await oceanpaymentApiRequest.call(this, endpoint, items[i].json, { ...options, itemIndex: i });
				out.push({ json: { ...reply }, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: /** @type {Error} */ (error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

module.exports = { TestSource, TransportProbe };
