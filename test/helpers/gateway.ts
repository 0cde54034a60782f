/**
 * Starts the local simulator and gives a Custom-environment credential pointing every host
 * family at it, with the simulator's seed merchant.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CredentialData } from './n8n';
// The simulator is plain JavaScript and independent of the package's code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulator = require('../simulator') as SimulatorModule;

export interface SimulatorLogEntry {
	seq: number;
	time: string;
	path: string;
	method: string;
	fields: IDataObject;
	signature: 'valid' | 'invalid' | 'missing' | 'not-applicable';
	account: string;
	resultCode: string;
	fault: string | null;
}

export interface PushResult {
	pushId: string;
	status: number;
	body: string;
	contentType: string;
	signValue: string;
	xml: string;
	fields: IDataObject;
}

export type RefundNotFoundConvention = 'simulator' | 'results09' | 'refundResults05' | 'emptySuccess';

export interface SimulatorAdmin {
	addMerchant(merchant: IDataObject): IDataObject;
	addOrder(order: IDataObject): IDataObject;
	addDispute(dispute: IDataObject): IDataObject;
	addBusinessEvent(event: IDataObject): IDataObject;
	addOrders(orders: IDataObject[]): { added: number; payment_ids: string[] };
	addBusinessEvents(events: IDataObject[]): { added: number };
	addDisputes(disputes: IDataObject[]): { added: number };
	setFault(path: string, fault: IDataObject): void;
	clearFaults(): void;
	/** Verify one endpoint's signature with these fields instead of the documented rule (null restores it). */
	setSignRule(path: string, fields: string[] | null): void;
	clearSignRules(): void;
	/** How the refund query says "no such refund": simulator, results09, refundResults05 or emptySuccess. */
	setRefundNotFound(convention: RefundNotFoundConvention): void;
	getRefundNotFound(): RefundNotFoundConvention;
	/** While on, the refunds made are not seen by the refund query (until it is turned off). */
	setRefundQueryLag(on: boolean): void;
	/** A refund that failed after it was accepted (§3.6): status '0', its amount refundable again. */
	failRefund(refundId: string): IDataObject;
	/** Off: status answers leave out refund_status, refundList and transactionList. */
	setStatusLists(on: boolean): void;
	/** Sends a signed notification (business, payment or customs) to a URL. */
	push(options: IDataObject): Promise<PushResult>;
	redeliver(pushId: string): Promise<PushResult>;
	getPushes(): IDataObject[];
	getLog(): SimulatorLogEntry[];
	clearLog(): void;
	getOrder(orderNumberOrPaymentId: string): IDataObject | undefined;
	getRefunds(filter?: IDataObject): IDataObject[];
	getState(): IDataObject;
	reset(): void;
}

export interface Simulator {
	url: string;
	port: number;
	admin: SimulatorAdmin;
	close(): Promise<void>;
}

interface SimulatorModule {
	startSimulator(options?: IDataObject): Promise<Simulator>;
	signFor(path: string, fields: IDataObject, secureCode: string): string;
}

export const SEED_MERCHANT = { account: '123456', terminal: '12345601', secureCode: 'sim-Secure-Code-7f3a' };
/** The seed account's second, 3-D Secure terminal (its own secure code and orders). */
export const SEED_THREE_D = { terminal: '12345633', secureCode: 'sim-3DS-Code-4c9e' };
/** Credential fields that add the seed's 3-D Secure terminal to a credential. */
export const THREE_D_FIELDS = { threeDSecureTerminal: SEED_THREE_D.terminal, threeDSecureSecureCode: SEED_THREE_D.secureCode };

export async function startGateway(options: IDataObject = {}): Promise<{ sim: Simulator; credentials: CredentialData }> {
	const sim = await simulator.startSimulator({ quiet: true, ...options });
	return {
		sim,
		credentials: {
			...SEED_MERCHANT,
			environment: 'custom',
			queryBaseUrl: sim.url,
			gatewayBaseUrl: sim.url,
			checkoutBaseUrl: sim.url,
			gatewayTimeZone: 'Asia/Shanghai',
		},
	};
}

export const signFor = (path: string, fields: IDataObject, secureCode: string): string =>
	simulator.signFor(path, fields, secureCode);
