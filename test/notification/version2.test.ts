/**
 * Version 2 of the Notification Trigger (issue 27): its own trigger panel text instead of n8n's
 * generic one, the noticeUrl hint beside the URLs, "empty means all" on Notification Types; no
 * parameter changes, so a version 1 node and a version 2 node store the same settings (except the
 * hidden body option n8n reads only at version 1) and treat a delivery the same way. Visibility
 * and stored parameters come from n8n-workflow's NodeHelpers; deliveries go through the real
 * webhook harness (n8n-core's WebhookContext) at each version.
 */
import { NodeHelpers, type INodeParameters, type INodeProperties, type TriggerPanelDefinition } from 'n8n-workflow';

import { OceanpaymentNotificationTrigger } from '../../nodes/Oceanpayment/OceanpaymentNotificationTrigger.node';
import { notificationHarness } from '../helpers/notifications';

const description = new OceanpaymentNotificationTrigger().description;
const PAYMENT = '260101000000000001001';
const panel = description.triggerPanel as TriggerPanelDefinition & { executionsHelp: { active: string; inactive: string }; activationHint: { active: string; inactive: string } };
const stored = (version: number, values: INodeParameters = {}) =>
	NodeHelpers.getNodeParameters(description.properties, values, true, false, { typeVersion: version }, description) as INodeParameters;
const shown = (version: number): INodeProperties[] =>
	description.properties.filter((property) => property.type !== 'hidden' && NodeHelpers.displayParameter({}, property, { typeVersion: version }, description));

test('versions 1 and 2, new nodes at 2', () => {
	expect(description.version).toEqual([1, 2]);
	expect(description.defaultVersion).toBe(2);
});

test('both versions store the same settings; only version 1 keeps the body option n8n reads at version 1 (options.binaryData)', () => {
	const { options: v1Body, ...v1 } = stored(1);
	const v2 = stored(2);
	expect(v1Body).toEqual({ binaryData: true });
	expect('options' in v2).toBe(false);
	expect(v2).toEqual(v1);
	expect(shown(1).map((property) => property.name)).toEqual(shown(2).map((property) => property.name));
});

describe('the trigger panel says how to test with Oceanpayment, not n8n\'s generic text', () => {
	const texts = [panel.header ?? '', panel.executionsHelp.inactive, panel.executionsHelp.active, panel.activationHint.inactive, panel.activationHint.active];

	test('none of it is the generic text ("Pull in events from", "create an event", "make an event happen")', () => {
		for (const text of texts) expect(text).not.toMatch(/pull in events|create an event|make an event happen/i);
		expect(panel.header).toMatch(/notifications/i);
	});

	test.each(['inactive', 'active'] as const)('executions help (%s): a sandbox payment\'s noticeUrl set to the Test URL, a public URL, no test event from Oceanpayment, empty types mean all', (state) => {
		const help = panel.executionsHelp[state];
		expect(help).toMatch(/sandbox/);
		expect(help).toMatch(/noticeUrl<\/code> is this node's <b>Test URL/);
		expect(help).toMatch(/reachable from the internet/);
		expect(help).toMatch(/Oceanpayment cannot send a test event/);
		expect(help).toMatch(/empty Notification Types list means all notifications/i);
		expect(help).toMatch(/Production URL/);
	});

	test('the activation hint names the noticeUrl and the Test URL while inactive, the Production URL while active', () => {
		expect(panel.activationHint.inactive).toMatch(/cannot send a test event.*noticeUrl is this node's Test URL/);
		expect(panel.activationHint.active).toMatch(/Production URL/);
	});
});

test('the first field is the noticeUrl notice (right under the Webhook URLs) and says how to test and that the URL must be public', () => {
	for (const version of [1, 2]) {
		const [first] = shown(version);
		expect(first.type).toBe('notice');
		expect(first.displayName).toMatch(/^noticeUrl: to test, click Execute step and make a sandbox payment whose noticeUrl is the Test URL/);
		expect(first.displayName).toMatch(/reachable from the internet/);
		expect(first.displayName).toMatch(/Oceanpayment cannot send a test event/);
	}
});

test('Notification Types: the hint under the field and the description say that empty means all', () => {
	const types = description.properties.find((property) => property.name === 'noticeTypes')!;
	expect(types.hint).toMatch(/^Empty means all/);
	expect(types.description).toMatch(/Leave empty for all/);
	expect(types.default).toEqual([]);
});

describe('a delivery is treated the same at both versions', () => {
	const h = notificationHarness();
	test.each([1, 2])('version %s: a signed refund starts the workflow with the same item; a forged one starts nothing; both answered receive-ok', async (typeVersion) => {
		const receiver = await h.receiver({}, { typeVersion });
		const genuine = await h.push({ url: receiver.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'V2-1' });
		h.expectReceiveOk(genuine);
		const forged = await h.push({ url: receiver.url, kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'V2-2', forge: true });
		h.expectReceiveOk(forged);
		const executions = receiver.executions();
		expect([executions.length, h.logLines()]).toEqual([1, [expect.stringMatching(/dropped a delivery: its signature is not valid/)]]);
		expect(executions[0][0].json).toMatchObject({ noticeType: 'refund', pushId: 'V2-1', signatureValid: true, confirmation: 'confirmed', paymentId: PAYMENT });
	});
});
