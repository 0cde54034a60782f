import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import * as cardBin from './actions/cardBin/CardBin.resource';
import * as customs from './actions/customs/Customs.resource';
import * as order from './actions/order/Order.resource';
import * as preAuthorization from './actions/preAuthorization/PreAuthorization.resource';
import * as refund from './actions/refund/Refund.resource';
import * as tracking from './actions/tracking/Tracking.resource';

import { resourceOptions } from './actions/resource.description';
import { router } from './actions/router';
import { oceanpaymentApiTest } from './methods/terminalsCredentialTest';

export class Oceanpayment implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Oceanpayment',
		name: 'oceanpayment',
		icon: { light: 'file:../../icons/oceanpayment.svg', dark: 'file:../../icons/oceanpayment.dark.svg' },
		group: ['transform'],
		// Version 2: the refund panel leads to a safe refund (issue 27); version 1 workflows keep theirs.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Manage Oceanpayment orders: payment status, order lists, refunds, pre-authorizations, tracking, customs and card BINs',
		defaults: { name: 'Oceanpayment' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oceanpaymentApi', required: true, testedBy: 'oceanpaymentApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [...resourceOptions],
				default: 'order',
			},
			...order.description,
			...refund.description,
			...preAuthorization.description,
			...tracking.description,
			...customs.description,
			...account.description,
			...cardBin.description,
		],
	};

	methods = { credentialTest: { oceanpaymentApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
