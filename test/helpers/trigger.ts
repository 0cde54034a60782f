/**
 * The polling trigger as a running n8n keeps it, for tests with a clock under their control:
 * only Date is faked (timers and I/O stay real), the workflow's static data lives on in memory
 * between polls, and the copy in n8n's database is written only when a poll emits (and at
 * activation). `restart()` goes back to that copy.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { OceanpaymentTrigger } from '../../nodes/Oceanpayment/OceanpaymentTrigger.node';
import { runPoll, type PollOutcome } from './poll';
import { SEED_MERCHANT, startGateway, type Simulator, type SimulatorLogEntry } from './gateway';
import type { CredentialData } from './n8n';

/** Everything but Date stays real under jest's fake timers. */
export const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export interface Poll extends PollOutcome {
	calls: number;
	/** Wall time of the poll. */
	ms: number;
	/** The gateway calls of this poll, in order. */
	log: SimulatorLogEntry[];
}

export class TriggerRun {
	/** The workflow's static data in the running n8n. */
	memory: IDataObject = {};
	/** The static data in n8n's database. */
	database: IDataObject = {};
	nodeName = 'Oceanpayment Trigger';
	readonly nodeId = 'trigger-node';

	constructor(
		private readonly sim: Simulator,
		private readonly credentials: CredentialData,
		public parameters: INodeParameters,
	) {}

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<Poll> {
		this.sim.admin.clearLog();
		const started = performance.now();
		const outcome = await runPoll({
			trigger: new OceanpaymentTrigger(),
			type: 'oceanpaymentTrigger',
			parameters: { simplify: true, ...this.parameters },
			credentials: this.credentials,
			staticData: this.memory,
			nodeName: this.nodeName,
			nodeId: this.nodeId,
			mode,
		});
		const log = this.sim.admin.getLog();
		if (mode === 'trigger') {
			this.memory = outcome.staticData;
			if (outcome.items.length) this.database = clone(outcome.staticData);
		}
		return { ...outcome, calls: log.length, ms: performance.now() - started, log };
	}

	/** The first poll on activation: n8n writes the static data after it, emitting or not. */
	async activate(): Promise<Poll> {
		const outcome = await this.poll();
		this.database = clone(this.memory);
		return outcome;
	}

	/** n8n restarted: the workflow's static data comes back from its database. */
	restart(): void {
		this.memory = clone(this.database);
	}

	state(): IDataObject {
		return ((this.memory.global as IDataObject | undefined)?.[`oceanpaymentTrigger:${this.nodeId}`] ?? {}) as IDataObject;
	}
}

/** How often each event came out, by an id taken from the item. */
export class Tally {
	readonly counts = new Map<string, number>();

	constructor(private readonly idOf: (item: INodeExecutionData) => string = (item) => String(item.json.paymentId)) {}

	add(items: INodeExecutionData[]): string[] {
		const ids = items.map(this.idOf);
		for (const id of ids) this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
		return ids;
	}

	/** Ids that did not come out exactly as often as expected (default: once each). */
	wrong(expected: Iterable<string> | Map<string, number>): string[] {
		const want = expected instanceof Map ? expected : new Map([...expected].map((id) => [id, 1] as [string, number]));
		const ids = new Set([...want.keys(), ...this.counts.keys()]);
		return [...ids].filter((id) => (this.counts.get(id) ?? 0) !== (want.get(id) ?? 0)).sort();
	}
}

/** The date range of each list call, as sent. */
export const windowsOf = (log: SimulatorLogEntry[]) =>
	log.filter((entry) => entry.fields.order_beginDate !== undefined).map((entry) => ({ begin: String(entry.fields.order_beginDate), end: String(entry.fields.order_endDate), page: String(entry.fields.pages ?? '1'), result: entry.resultCode }));

/**
 * The simulator (with the seed merchant) and n8n's clock under a test's control: `open` in a
 * beforeEach or at the start of a test, `close` after it.
 */
export class Testbed {
	sim!: Simulator;
	credentials!: CredentialData;
	clock = 0;

	/** `options`: the simulator's; its timeZone becomes the credential's Gateway Time Zone too. */
	async open(start: number, options: IDataObject = {}): Promise<void> {
		jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: start });
		this.clock = start;
		({ sim: this.sim, credentials: this.credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] }, ...options }));
		if (options.timeZone) this.credentials = { ...this.credentials, gatewayTimeZone: String(options.timeZone) };
	}

	async close(): Promise<void> {
		const sim = this.sim as Simulator | undefined;
		this.sim = undefined as unknown as Simulator;
		await sim?.close();
		jest.useRealTimers();
	}

	advance(minutes: number): void {
		this.clock += minutes * MINUTE;
		jest.setSystemTime(this.clock);
	}

	trigger(parameters: INodeParameters): TriggerRun {
		return new TriggerRun(this.sim, this.credentials, parameters);
	}
}
