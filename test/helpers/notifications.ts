/**
 * What every Notification Trigger test needs: the simulator (an independent signer), receivers
 * (the trigger behind n8n-core's real WebhookContext and a real HTTP server, see webhook.ts),
 * n8n's log captured, and notifications written as XML bytes by hand.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OceanpaymentNotificationTrigger } from '../../nodes/Oceanpayment/OceanpaymentNotificationTrigger.node';
import { SEED_MERCHANT, startGateway, type PushResult, type Simulator } from './gateway';
import type { CredentialData } from './n8n';
import { startWebhookServer, type WebhookServer, type WebhookServerOptions } from './webhook';

export interface LogLine {
	level: string;
	message: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { captureN8nLogs } = require('./n8n-logger') as { captureN8nLogs(): { lines: LogLine[]; restore(): void } };
// The simulator's own signing rules: never the package's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { noticeSign } = require('../simulator/rules') as { noticeSign(kind: string, fields: Record<string, string>, secureCode: string): string };

export const TYPE = 'oceanpaymentNotificationTrigger';
export type Push = PushResult & { responseContentType: string };

/** XML text of one value: the three characters XML needs escaped, and CR as a reference (a literal CR reads as LF). */
export const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');

/** A notification as Oceanpayment writes one: `<?xml …?><response>` and one element per field, in order. */
export function xmlOf(entries: ReadonlyArray<readonly [string, string]>, root = 'response'): string {
	return `<?xml version="1.0" encoding="UTF-8"?><${root}>${entries.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('')}</${root}>`;
}

/** The signValue the simulator's hand-written rule gives these fields (the seed merchant's secure code). */
export const simulatorSign = (kind: string, fields: Record<string, string>) => noticeSign(kind, fields, SEED_MERCHANT.secureCode);

export interface NotificationHarness {
	sim: Simulator;
	credentials: CredentialData;
	logged: LogLine[];
	receiver(parameters?: INodeParameters, extra?: Partial<WebhookServerOptions>): Promise<WebhookServer>;
	push(options: IDataObject): Promise<Push>;
	/** Posts XML bytes as Oceanpayment would (through the simulator, which records the attempt). */
	pushXml(url: string, xml: string): Promise<Push>;
	logLines(): string[];
	expectReceiveOk(result: { status: number; body: string; responseContentType: string }): void;
	expectNoSecretLogged(): void;
}

/** Registers the jest hooks of a notification test file and returns its tools. */
export function notificationHarness(): NotificationHarness {
	let servers: WebhookServer[] = [];
	let logs: { lines: LogLine[]; restore(): void };
	const harness = { logged: [] as LogLine[] } as NotificationHarness;

	beforeAll(async () => {
		({ sim: harness.sim, credentials: harness.credentials } = await startGateway());
		logs = captureN8nLogs();
		harness.logged = logs.lines;
	});
	afterAll(async () => {
		logs.restore();
		await harness.sim.close();
	});
	beforeEach(() => {
		harness.sim.admin.reset();
		harness.logged.length = 0;
	});
	afterEach(async () => {
		await Promise.all(servers.map((server) => server.close()));
		servers = [];
	});

	harness.receiver = async (parameters = {}, extra = {}) => {
		const server = await startWebhookServer({
			trigger: new OceanpaymentNotificationTrigger(),
			type: TYPE,
			parameters,
			credentials: harness.credentials,
			// A workflow per receiver: the process memory of accepted notifications is keyed by workflow and node.
			workflowId: `wf-${Math.random().toString(36).slice(2)}`,
			...extra,
		});
		servers.push(server);
		return server;
	};
	harness.push = async (options) => (await harness.sim.admin.push(options)) as Push;
	harness.pushXml = async (url, xml) => (await harness.sim.admin.push({ url, rawBody: xml })) as Push;
	harness.logLines = () => harness.logged.map((entry) => `${entry.level}: ${entry.message}`);
	harness.expectReceiveOk = (result) => {
		expect([result.status, result.body]).toEqual([200, 'receive-ok']);
		expect(result.responseContentType).toMatch(/^text\/plain/);
	};
	harness.expectNoSecretLogged = () => {
		for (const entry of harness.logged) expect(entry.message).not.toContain(SEED_MERCHANT.secureCode);
	};
	return harness;
}
