/**
 * Runs that together bring out every field of each operation's output, against the simulator.
 * Shared by the output-schema test (node/output-schemas.test.ts) and the description contract
 * (contract.test.ts), which watches which endpoints each operation calls.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

import type { Simulator } from './gateway';

const ago = (hours: number) => DateTime.now().minus({ hours }).toISO();
const range = { startDate: ago(48), endDate: ago(-1), returnAll: true };

export type Run = (resource: string, operation: string, parameters: INodeParameters, typeVersion?: number) => Promise<IDataObject[]>;

export interface Scenario {
	parameters: INodeParameters;
	/** The node version to run (1 unless given). */
	typeVersion?: number;
	/** Prepares the simulator before this run (the simulator is reset once per operation). */
	setup?: (sim: Simulator, run: Run) => unknown;
}

const refund = { paymentId: '260101000000000001001', refundType: '2', amount: '5.00', description: 'Damaged', options: { refundNumber: 'SCHEMA-R1' } };

const customs = { paymentId: '260101000000000001005', customs: '01', customsNumber: 'C-1', customsName: 'Example Trading', payerIdNumber: '110101199001011234', payerName: 'Zhang San' };

/** Runs that together bring out every field of each operation's output. */
export const SCENARIOS: Record<string, Scenario[]> = {
	'order/getStatus': [{ parameters: { orderNumbers: 'SIM-1001,SIM-1003,SIM-1006,NOPE-1' } }],
	'order/getManySuccessful': [{ parameters: range }],
	'order/getManyBusinessEvents': [{ parameters: range }],
	'order/getManyDisputes': [{ parameters: range }],
	'refund/create': [
		// Sent now, then found again under the same number (then without code and message).
		{ parameters: refund },
		{ parameters: refund },
		{ parameters: { identifyBy: 'orderNumber', orderNumber: 'SIM-1002', refundType: 'byAmount', amount: '1.00', description: 'Goodwill' } },
		// Version 2: the same fields, sent now and found again, and a Full refund of what is left.
		{ typeVersion: 2, parameters: { ...refund, identifyBy: 'paymentId', refundNumber: 'SCHEMA-R2', options: {} } },
		{ typeVersion: 2, parameters: { ...refund, identifyBy: 'paymentId', refundNumber: 'SCHEMA-R2', options: {} } },
		{ typeVersion: 2, parameters: { orderNumber: 'SIM-1005', refundType: '1', refundNumber: 'SCHEMA-R3', description: 'Returned' } },
	],
	'refund/get': [
		{
			parameters: { lookupBy: 'refundNumber', refundNumber: 'SCHEMA-R1' },
			setup: async (_, run) => await run('refund', 'create', refund),
		},
	],
	'preAuthorization/capture': [{ parameters: { paymentId: '260101000000000001004', options: { amount: '40.00' } } }],
	'preAuthorization/void': [{ parameters: { identifyBy: 'orderNumber', orderNumber: 'SIM-1004' } }],
	'preAuthorization/reverse': [{ parameters: { orderNumber: 'SIM-1005' } }],
	'tracking/upload': [{ parameters: { identifyBy: 'orderNumber', orderNumber: 'SIM-1001', trackingNumbers: '1Z999AA1,1Z999AA2', trackingSite: 'https://www.ups.com', handler: 'n8n' } }],
	'customs/submit': [{ parameters: customs }],
	'customs/resubmit': [{ parameters: customs, setup: async (_, run) => await run('customs', 'submit', customs) }],
	'account/healthCheck': [{ parameters: { site: 'shop.example.com' } }],
	'account/selfCheck': [
		{ parameters: {} },
		// A call without a readable answer carries a `problem`.
		{ parameters: {}, setup: (gateway) => gateway.admin.setFault('/pinc/check-card-bin', { mode: 'http500' }) },
	],
	'cardBin/lookup': [{ parameters: { bins: '411111,999999' } }],
};
