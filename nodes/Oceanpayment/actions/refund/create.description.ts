import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { identifyPaymentFields } from '../../helpers/identifyPayment';
import { allowAgentField, writeOptions } from '../common.descriptions';
import { terminalWriteOption } from '../../helpers/terminalChoice';

/**
 * The panel of Refund › Create, in both node versions. A field whose default or place changed in
 * version 2 is two properties of one name, each shown for its versions (`@version`), the way
 * n8n's own nodes version: a version 1 workflow keeps its parameters and defaults exactly.
 */

export const V1 = { '@version': [1] };
export const V2 = { '@version': [{ _cnd: { gte: 2 } }] };

const [identifyBy, ...identifyFields] = identifyPaymentFields('refund');

const refundNumberDescription = 'Your own unique ID for this refund, e.g. the Shopify refund ID (up to 50 characters, a limit this node chose).';

const reasonField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. Product damaged',
	description:
		'Reason for the refund, shown in the Oceanpayment dashboard, up to 255 characters (a limit this node chose: Oceanpayment does not document one). Avoid the characters &lt; &gt; \' ".',
};

const refundReferenceOption: INodeProperties = {
	displayName: 'Refund Reference',
	name: 'refundReference',
	type: 'string',
	default: '',
	description: 'Free reference stored with the refund. Up to 100 characters (a limit this node chose: Oceanpayment does not document one).',
};

const skipExistingDescription =
	'Whether to look the Refund Number up first and return the existing refund instead of refunding twice (e.g. when a run is repeated after a timeout). A refund is sent only when the gateway answers as it does for a refund number that cannot exist and that answer says "not found"; any other answer stops the item. Within one execution a Refund Number is never sent twice, whatever this option says.';

const notFoundCodesOption: INodeProperties = {
	displayName: 'No-Such-Refund Codes',
	name: 'notFoundCodes',
	type: 'string',
	default: '',
	description:
		'Leave empty to let the node learn how your gateway says "no such refund" (the same answer as for a refund number that cannot exist, and one that says "not found"). List a result code here, separated by commas, only if Oceanpayment confirms it means that no refund has the number. Codes that mean a refusal (02, 03, 04, 10, 11, 14, 15, 99: account, signature, parameters, IP, busy) are refused here, and a refusal never counts as "no such refund".',
};

const amountDecimals =
	'in the payment currency, with no more decimals than the currency has (JPY none, USD 2, BHD 3; up to 2 when the payment is given by ID and the node does not read it, as it then does not know its currency)';

const v1: INodeProperties[] = [
	{ ...identifyBy, displayOptions: { show: V1 } },
	{
		displayName: 'Refund Type',
		name: 'refundType',
		type: 'options',
		displayOptions: { show: V1 },
		options: [
			{ name: 'Full', value: '1', description: 'Refund the whole remaining amount' },
			{ name: 'Partial', value: '2', description: 'Refund part of the payment' },
			{
				name: 'Full or Partial by Amount',
				value: 'byAmount',
				description:
					"Full when the amount is what is still refundable (the paid or captured amount less the refunds listed), partial when it is less (needs Identify Payment By: Order Number, which reads the payment)",
			},
		],
		default: '1',
		description: 'Whether to refund the whole payment or part of it',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: V1 },
		placeholder: 'e.g. 10.50',
		description: `Amount to refund ${amountDecimals}. For a full refund, the amount still refundable.`,
	},
	reasonField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: V1 },
		options: [
			{
				displayName: 'Refund Number',
				name: 'refundNumber',
				type: 'string',
				default: '',
				description: 'Your own unique ID for this refund, e.g. the Shopify refund ID (up to 50 characters, a limit this node chose). Needed to skip refunds that already exist.',
			},
			refundReferenceOption,
			{ displayName: 'Skip If This Refund Number Already Exists', name: 'skipExisting', type: 'boolean', default: true, description: skipExistingDescription },
			notFoundCodesOption,
			terminalWriteOption,
			...writeOptions,
		],
	},
];

const v2: INodeProperties[] = [
	{ ...identifyBy, default: 'orderNumber', displayOptions: { show: V2 } },
	{
		displayName: 'Refund Number',
		name: 'refundNumber',
		type: 'string',
		default: '',
		displayOptions: { show: V2 },
		placeholder: 'e.g. shopify-5001',
		hint: "Makes reruns safe: a refund that already exists under this number is returned instead of refunding again. Use the shop's refund ID.",
		description: refundNumberDescription,
	},
	{
		displayName: 'Without a Refund Number, running this again (a retry after a lost answer, a repeated execution) refunds the payment again',
		name: 'refundNumberNotice',
		type: 'notice',
		default: '',
		// Shown while the field is empty; an expression (a value at run time) hides it.
		displayOptions: { show: V2, hide: { refundNumber: [{ _cnd: { exists: true } }] } },
	},
	{
		displayName: 'Refund Type',
		name: 'refundType',
		type: 'options',
		displayOptions: { show: V2 },
		options: [
			{ name: 'Full', value: '1', description: 'Refund what is still refundable; leave Amount empty to let the node read it from the payment' },
			{ name: 'Partial', value: '2', description: 'Refund part of the payment' },
			{
				name: 'Full or Partial by Amount',
				value: 'byAmount',
				description: 'Full when the amount is what is still refundable (the paid or captured amount less the refunds listed), partial when it is less; the node reads the payment',
			},
		],
		default: '1',
		description: 'Whether to refund the whole payment or part of it',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		default: '',
		displayOptions: { show: { ...V2, refundType: ['1'] } },
		placeholder: 'Empty: what is still refundable',
		description: `Leave empty to refund what is still refundable (the node reads the payment and says so in the output), or give that amount ${amountDecimals}`,
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...V2, refundType: ['2', 'byAmount'] } },
		placeholder: 'e.g. 10.50',
		description: `Amount to refund ${amountDecimals}`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: V2 },
		options: [
			refundReferenceOption,
			{ displayName: 'Return Existing Refund', name: 'skipExisting', type: 'boolean', default: true, description: skipExistingDescription },
			notFoundCodesOption,
			terminalWriteOption,
			...writeOptions,
		],
	},
];

const properties: INodeProperties[] = [
	allowAgentField,
	...v1.slice(0, 1),
	...v2.slice(0, 1),
	...identifyFields,
	...v2.slice(1, 3),
	...v1.slice(1, 3),
	...v2.slice(3, 6),
	...v1.slice(3),
	...v2.slice(6),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return stable camelCase fields instead of the raw gateway fields',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['refund'], operation: ['create'] } }, properties);
