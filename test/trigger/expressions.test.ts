/**
 * The polling trigger's parameters as n8n really passes them (issue 17): Event Types as a list,
 * as text or as comma-separated text from an expression, on/off and number options as text, and
 * clear refusals (naming the field, before any gateway call) for everything else. Runs poll()
 * inside n8n-core's real PollContext against the simulator.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { OceanpaymentTrigger } from '../../nodes/Oceanpayment/OceanpaymentTrigger.node';
import { runPoll, type PollOutcome } from '../helpers/poll';
import { startGateway, type Simulator } from '../helpers/gateway';
import type { CredentialData } from '../helpers/n8n';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());

const TYPES = ['refund', 'chargeBack', 'fraud'];

beforeEach(() => {
	sim.admin.reset();
	// One business event of each type, reviewed 10 minutes ago, besides the seed's older chargeback.
	const reviewed = DateTime.now().minus({ minutes: 10 }).toISO();
	TYPES.forEach((type, index) => sim.admin.addBusinessEvent({ type, payment_id: `EXPR-${index}`, review_dateTime: reviewed }));
	sim.admin.clearLog();
});

/** A first active poll that emits the last hour (Backfill), as a freshly activated workflow would. */
async function poll(parameters: INodeParameters): Promise<PollOutcome> {
	return await runPoll({
		trigger: new OceanpaymentTrigger(),
		type: 'oceanpaymentTrigger',
		parameters: { event: 'newBusinessEvent', simplify: true, ...parameters, options: { backfillHours: 1, ...((parameters.options as IDataObject) ?? {}) } },
		credentials,
		mode: 'trigger',
		activation: 'activate',
	});
}

const typesOf = (outcome: PollOutcome) => outcome.items.filter((item) => String(item.json.paymentId ?? item.json.payment_id).startsWith('EXPR-')).map((item) => String(item.json.eventType ?? item.json.type)).sort();

describe('Event Types', () => {
	test.each([
		['a list (as the editor stores it)', ['refund'], ['refund']],
		['an expression giving a list', '={{ ["fraud", "refund"] }}', ['fraud', 'refund']],
		['an expression giving one type as text', '={{ "refund" }}', ['refund']],
		['comma-separated text', '={{ "refund, chargeBack" }}', ['chargeBack', 'refund']],
		['text in another case, padded', '={{ " Refund ,CHARGEBACK " }}', ['chargeBack', 'refund']],
		['types on separate lines', '={{ "fraud\\nrefund" }}', ['fraud', 'refund']],
		['empty text (all types)', '={{ "" }}', ['chargeBack', 'fraud', 'refund']],
		['null (all types)', '={{ null }}', ['chargeBack', 'fraud', 'refund']],
	])('%s is read: only those types fire', async (_name, eventTypes, expected) => {
		const outcome = await poll({ eventTypes });
		expect(outcome.error).toBeUndefined();
		expect(typesOf(outcome)).toEqual(expected);
	});

	test.each([
		['an object', '={{ { type: "refund" } }}', 'Event Types: expected text or a list but got an object'],
		['a boolean', '={{ true }}', 'Event Types: expected text or a list but got a boolean (true)'],
		['a number', '={{ 42 }}', 'Event Types: "42" is not one of'],
		['a list holding an object', '={{ ["refund", { type: "fraud" }] }}', 'Event Types: expected text or a list but got a list holding an object'],
		['an unknown type in text', '={{ "refund, refunds" }}', 'Event Types: "refunds" is not one of'],
	])('%s is refused clearly, before any call (no "eventTypes.some is not a function")', async (_name, eventTypes, message) => {
		const outcome = await poll({ eventTypes });
		expect(outcome.error?.name).toBe('NodeOperationError');
		expect(outcome.error?.message).toContain(message);
		expect(outcome.error?.message).not.toContain('is not a function');
		expect(sim.admin.getLog()).toHaveLength(0);
	});
});

describe('on/off and number options', () => {
	test.each([
		['"false"', 'false', false],
		['"FALSE"', 'FALSE', false],
		['"true"', 'true', true],
		['false', false, false],
	])('Simplify %s', async (_name, simplify, simplified) => {
		const outcome = await poll({ eventTypes: ['refund'], simplify: `={{ ${JSON.stringify(simplify)} }}` });
		expect(outcome.items).toHaveLength(1);
		expect('payment_id' in outcome.items[0].json).toBe(!simplified);
	});

	test('Include Events From the Last N Hours "1" (text) emits the last hour; "0" records a baseline only', async () => {
		expect(typesOf(await poll({ options: { backfillHours: '={{ "1" }}' } }))).toEqual(['chargeBack', 'fraud', 'refund']);
		expect((await poll({ options: { backfillHours: '={{ "0" }}' } })).items).toHaveLength(0);
	});

	test('Retries on Network Errors "0" (text) makes one call under HTTP 503; " 1 " makes two', async () => {
		sim.admin.setFault('*', { mode: 'http503' });
		expect((await poll({ options: { retries: '={{ "0" }}' } })).error?.message).toContain('HTTP 503');
		expect(sim.admin.getLog()).toHaveLength(1);
		sim.admin.clearLog();
		await poll({ options: { retries: '={{ " 1 " }}' } });
		expect(sim.admin.getLog()).toHaveLength(2);
	});

	test('Overlap (Minutes) and Max Gateway Calls per Poll as text are accepted', async () => {
		const outcome = await poll({ options: { overlapMinutes: '={{ "45" }}', maxCalls: '={{ "5" }}' } });
		expect(outcome.error).toBeUndefined();
		expect(typesOf(outcome)).toEqual(['chargeBack', 'fraud', 'refund']);
	});

	test.each([
		['Simplify "no"', { simplify: '={{ "no" }}' }, 'Simplify: expected true or false but got "no"'],
		['Simplify 1', { simplify: '={{ 1 }}' }, 'Simplify: expected true or false but got a number'],
		['Backfill 1.5', { options: { backfillHours: '={{ 1.5 }}' } }, 'Include Events From the Last N Hours on First Run: expected a whole number but got 1.5'],
		['Backfill an object', { options: { backfillHours: '={{ { hours: 1 } }}' } }, 'Include Events From the Last N Hours on First Run: expected a whole number but got an object'],
		['Overlap "0"', { options: { overlapMinutes: '={{ "0" }}' } }, 'Overlap (Minutes): must be a whole number of at least 1'],
		['Retries true', { options: { retries: '={{ true }}' } }, 'Retries on Network Errors: expected a whole number but got a boolean (true)'],
		['Retries "6"', { options: { retries: '={{ "6" }}' } }, 'Retries on Network Errors: must be at most 5'],
		['Max Gateway Calls a list', { options: { maxCalls: '={{ [5] }}' } }, 'Max Gateway Calls per Poll: expected a whole number but got a list'],
	])('%s is refused, naming the field, before any call', async (_name, parameters, message) => {
		const outcome = await poll(parameters as INodeParameters);
		expect(outcome.error?.name).toBe('NodeOperationError');
		expect(outcome.error?.message).toBe(message);
		expect(sim.admin.getLog()).toHaveLength(0);
	});
});

describe('other trigger parameters from expressions', () => {
	test.each([
		['a list', '={{ ["SIM-1001", "SIM-1002"] }}'],
		['comma-separated padded text', '={{ " SIM-1001 , SIM-1002 " }}'],
	])('Watched Order Numbers as %s', async (_name, watchedOrders) => {
		const outcome = await poll({ event: 'orderStatusChanged', watchedOrders });
		expect(outcome.error).toBeUndefined();
		expect(sim.admin.getLog().map((entry) => entry.fields.order_number)).toEqual(['SIM-1001,SIM-1002']);
	});

	test('Watched Order Numbers as an object is refused before any call', async () => {
		const outcome = await poll({ event: 'orderStatusChanged', watchedOrders: '={{ { order: "SIM-1001" } }}' });
		expect(outcome.error?.message).toBe('Watched Order Numbers: expected text or a list but got an object');
		expect(sim.admin.getLog()).toHaveLength(0);
	});

	test.each([
		['padded text', '={{ " dispute " }}', 'dispute'],
		['empty text (all)', '={{ "" }}', undefined],
	])('Dispute Type as %s', async (_name, disputeType, sent) => {
		const outcome = await poll({ event: 'newDispute', disputeType });
		expect(outcome.error).toBeUndefined();
		expect(sim.admin.getLog()[0].fields.notice_type).toBe(sent);
	});

	test('Dispute Type as a boolean is refused before any call', async () => {
		const outcome = await poll({ event: 'newDispute', disputeType: '={{ true }}' });
		expect(outcome.error?.message).toContain('Dispute Type: a boolean (true) is not one of');
		expect(sim.admin.getLog()).toHaveLength(0);
	});
});
