/**
 * Version 2 of the polling trigger (issue 27): new nodes start on New Business Event, version 1
 * nodes keep New Klarna Dispute (the old "New Dispute", same value) as their default; both
 * versions show the Klarna-only and baseline notices and mark Fetch Test Event items
 * `sample: true`. Visibility and defaults come from n8n-workflow's own NodeHelpers and the real
 * Workflow (which fills a node's missing parameters by its version); polls run in n8n-core's
 * PollContext against the simulator.
 */
import { NodeHelpers, sleep, type IDataObject, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { OceanpaymentTrigger } from '../../nodes/Oceanpayment/OceanpaymentTrigger.node';
import { runPoll } from '../helpers/poll';
import { SEED_MERCHANT, startGateway, type Simulator } from '../helpers/gateway';
import type { CredentialData } from '../helpers/n8n';

const description = new OceanpaymentTrigger().description;
const VERSIONS = [1, 2] as const;
const EVENTS = ['newBusinessEvent', 'newDispute', 'newSuccessfulPayment', 'orderStatusChanged', 'disputeReplyDeadline'] as const;

/** The top-level properties the editor shows for these values at this version (n8n's own rule). */
function shown(version: number, values: INodeParameters): INodeProperties[] {
	return description.properties.filter((property) => NodeHelpers.displayParameter(values, property, { typeVersion: version }, description));
}
/** The parameters n8n stores for a new node of this version with these values (defaults filled in). */
const stored = (version: number, values: INodeParameters) =>
	NodeHelpers.getNodeParameters(description.properties, values, true, false, { typeVersion: version }, description) as INodeParameters;

describe('description', () => {
	test('versions 1 and 2, new nodes at 2', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	test.each(VERSIONS)('version %s: one Event selector; "New Klarna Dispute" keeps the value newDispute; no option is called "New Dispute"', (version) => {
		const events = shown(version, {}).filter((property) => property.name === 'event');
		expect(events).toHaveLength(1);
		const options = events[0].options as Array<{ name: string; value: string }>;
		expect(options.find((option) => option.value === 'newDispute')?.name).toBe('New Klarna Dispute');
		expect(options.map((option) => option.name)).not.toContain('New Dispute');
		expect(options.map((option) => option.value).sort()).toEqual([...EVENTS].sort());
	});

	test('defaults: version 1 keeps New Klarna Dispute, version 2 starts on New Business Event; other parameters are the same', () => {
		const v1 = stored(1, {});
		const v2 = stored(2, {});
		expect(v1.event).toBe('newDispute');
		expect(v2.event).toBe('newBusinessEvent');
		// With the same event, both versions store the same parameters.
		for (const event of EVENTS) expect(stored(1, { event })).toEqual(stored(2, { event }));
	});

	test.each(VERSIONS)('version %s: the Klarna-only notice shows exactly for the two dispute events and points card chargebacks to New Business Event', (version) => {
		for (const event of EVENTS) {
			const notice = shown(version, { event }).find((property) => property.name === 'klarnaOnlyNotice');
			expect([event, !!notice]).toEqual([event, event === 'newDispute' || event === 'disputeReplyDeadline']);
			if (notice) {
				expect(notice.type).toBe('notice');
				expect(notice.displayName).toMatch(/Only Klarna disputes/);
				expect(notice.displayName).toMatch(/Card chargebacks.*New Business Event/);
			}
		}
	});

	test.each(VERSIONS)('version %s: every event shows one baseline notice that says what the first poll does and what sample: true means', (version) => {
		for (const event of EVENTS) {
			const notices = shown(version, { event }).filter((property) => property.name === 'baselineNotice');
			expect([event, notices.length]).toEqual([event, 1]);
			const [notice] = notices;
			expect(notice.type).toBe('notice');
			expect(notice.displayName).toMatch(/first poll|already passed when the workflow is published/i);
			expect(notice.displayName).toContain('sample: true');
			// The overlap is named where it applies: the list events.
			expect([event, /Overlap/.test(notice.displayName)]).toEqual([event, ['newBusinessEvent', 'newDispute', 'newSuccessfulPayment'].includes(event)]);
		}
	});
});

describe('polls', () => {
	let sim: Simulator;
	let credentials: CredentialData;
	const START = Date.now();
	beforeEach(async () => {
		({ sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] }, defaultPageSize: 10 }));
		const ago = (minutes: number) => new Date(START - minutes * 60_000);
		sim.admin.addDispute({ payment_id: 'D1', order_number: 'O-D1', disputes_date: ago(20), reply_deadline: new Date(START + 24 * 3600_000) });
		sim.admin.addBusinessEvent({ type: 'chargeBack', payment_id: 'B1', order_number: 'O-B1', review_dateTime: ago(15) });
		sim.admin.addOrder({ payment_id: 'P1', order_number: 'O-P1', payment_dateTime: ago(10) });
	});
	afterEach(async () => sim.close());

	const poll = (version: number, parameters: INodeParameters, mode: 'trigger' | 'manual', staticData?: IDataObject) =>
		runPoll({ trigger: new OceanpaymentTrigger(), type: 'oceanpaymentTrigger', parameters, credentials, mode, typeVersion: version, staticData });
	const paths = () => sim.admin.getLog().map((entry: { path: string }) => entry.path);

	test('a node without an Event reads the disputes list at version 1 and the business events list at version 2', async () => {
		const v1 = await poll(1, { simplify: true }, 'manual');
		expect(v1.error).toBeUndefined();
		expect(v1.items.map((item) => [item.json.event ?? 'newDispute', item.json.paymentId])).toEqual([['newDispute', 'D1']]);
		const disputesPaths = paths();
		sim.admin.clearLog();
		const v2 = await poll(2, { simplify: true }, 'manual');
		expect(v2.error).toBeUndefined();
		expect(v2.items.map((item) => item.json.paymentId)).toEqual(['B1']);
		expect(paths()).not.toEqual(disputesPaths);
	});

	describe.each(VERSIONS)('version %s', (version) => {
		test.each([
			['newDispute', {}, ['D1']],
			['newBusinessEvent', { eventTypes: [] }, ['B1']],
			['newSuccessfulPayment', {}, ['P1']],
			['disputeReplyDeadline', {}, ['D1']],
			['orderStatusChanged', { watchedOrders: 'O-P1,NO-SUCH-ORDER' }, ['P1']],
			['orderStatusChanged', { watchedOrders: 'NO-SUCH-ORDER' }, ['']],
		] as Array<[string, INodeParameters, string[]]>)('Fetch Test Event for %s %j: every item carries sample: true, first', async (event, extra, expected) => {
			const { items, error, staticData } = await poll(version, { event, simplify: true, ...extra }, 'manual');
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.paymentId)).toEqual(expected);
			for (const item of items) {
				expect(item.json.sample).toBe(true);
				expect(Object.keys(item.json)[0]).toBe('sample');
			}
			// A status sample: no change, and it says so.
			if (event === 'orderStatusChanged' && expected[0]) expect(items[0].json).toMatchObject({ sample: true, changedFields: [], previous: null });
			expect(staticData).toEqual({});
		});

		test('a real poll carries no sample field: the baseline emits nothing, a new record comes out without it', async () => {
			const first = await poll(version, { event: 'newSuccessfulPayment', simplify: true }, 'trigger');
			expect(first.error).toBeUndefined();
			expect(first.items).toEqual([]);
			sim.admin.addOrder({ payment_id: 'P2', order_number: 'O-P2', payment_dateTime: new Date(Date.now() - 1000) });
			await sleep(1100); // a poll reads the seconds that are over
			const next = await poll(version, { event: 'newSuccessfulPayment', simplify: true }, 'trigger', first.staticData);
			expect(next.error).toBeUndefined();
			expect(next.items.map((item) => item.json.paymentId)).toEqual(['P2']);
			expect('sample' in next.items[0].json).toBe(false);
		});
	});
});
