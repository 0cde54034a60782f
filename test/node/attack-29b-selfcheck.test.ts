/**
 * Second attack on issue 29: Self-Check's noSuchOrder check (actions/account/selfCheck/noSuchOrder.ts).
 * Real n8n-core execution against the simulator.
 */
import type { IDataObject } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type CredentialData } from '../helpers/n8n';
import { startGateway, type Simulator } from '../helpers/gateway';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());
beforeEach(() => sim.admin.reset());

async function selfCheck() {
	const result = await runNode({ node: { type: 'oceanpayment', parameters: { resource: 'account', operation: 'selfCheck' } }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials, items: [{}] });
	const items = result.output.map((item) => item.json);
	const check = items.find((item) => item.type === 'check' && String(item.check).includes('made-up order number')) as IDataObject;
	const summary = items.find((item) => item.type === 'summary') as IDataObject;
	return { result, check, summary };
}

describe('noSuchOrder', () => {
	// DEFECT (MEDIUM): a full card number in the gateway's "no such order" text comes out of Self-Check
	// (its noSuchOrder.answer, and the report meant for public issues). What a user sees: the card number in
	// the item and in the report they paste into a GitHub issue. Cause: noSuchOrder.ts's "fits" branch
	// builds `answer` from detailsOf(...) unmasked; only unclearAbsence's (the "differs" branch) masks it.
	test('DEFECT (fails today): a card number in a "fits" answer is masked in the item and the report', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', inRecord: true, code: '80001', text: 'Order of card 4111111111111111 does not exist' });
		const { check, summary } = await selfCheck();
		// Since the fix a "no such order" must be the whole text, so this one "differs"; either way no card number.
		expect(check.noSuchOrder).toMatchObject({ verdict: expect.stringMatching(/^(fits|differs)/) });
		expect(JSON.stringify(check.noSuchOrder)).toContain('411111…1111');
		expect(JSON.stringify(check.noSuchOrder)).not.toContain('4111111111111111');
		expect(String(summary.report)).not.toContain('4111111111111111');
	});

	test('guard: the same card number in a "differs" answer is masked in noSuchOrder and the report', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', inRecord: true, code: '80002', text: 'card 4111111111111111 invalid terminal' });
		const { check, summary } = await selfCheck();
		expect(check.noSuchOrder).toMatchObject({ verdict: expect.stringMatching(/^differs/) });
		expect(JSON.stringify(check.noSuchOrder)).not.toContain('4111111111111111');
		expect(String(summary.report)).not.toContain('4111111111111111');
	});

	// DEFECT (MEDIUM, older than issue 29): the check item's answer.firstRecord shows the status record's
	// payment_details as the gateway sent it, card number and all (signature.evidence masks the same text).
	// Cause: selfCheck's answer excerpt (check.ts / redact.ts) hides the secure code, account and terminal only.
	test('DEFECT (fails today): the check item never shows a full card number (answer.firstRecord)', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', inRecord: true, code: '80001', text: 'Order of card 4111111111111111 does not exist' });
		const { check } = await selfCheck();
		expect(JSON.stringify(check)).not.toContain('4111111111111111');
	});

	// DEFECT (HIGH, same cause as test/node/attack-29b-absence.test.ts): Self-Check tells the merchant
	// "fits: lookups by order number read this answer as 'no such order'" for a refusal whose text
	// only says some setting was not found, so they trust writes by order number on two terminals.
	test.each([
		['80003', 'Key not found'],
		['99 ', 'Order not found'],
	])('DEFECT (fails today): "%s:%s" is not reported as fitting', async (code, text) => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', inRecord: true, code, text });
		const { check } = await selfCheck();
		expect(check.noSuchOrder).toMatchObject({ verdict: expect.stringMatching(/^differs/) });
	});
});
