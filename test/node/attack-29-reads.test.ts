/**
 * Attack on issue 29 (reads with Terminal › Both). When one terminal refuses (its status record
 * "80002:…", "99:…", "04:…") while the other answers, the item must not come out as a plain
 * "not found" or as a silent partial answer: it must say the refusal. Secure codes of either
 * terminal must not leak through gateway texts. Real n8n-core, real HTTP against the simulator.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { SEED_MERCHANT, SEED_THREE_D, THREE_D_FIELDS, startGateway, type Simulator } from '../helpers/gateway';

const MAIN = SEED_MERCHANT.terminal;
const THREE_D = SEED_THREE_D.terminal;

let sim: Simulator;
let single: CredentialData;
let both: CredentialData;
beforeAll(async () => {
	({ sim, credentials: single } = await startGateway());
	both = { ...single, ...THREE_D_FIELDS };
});
afterAll(async () => sim.close());
beforeEach(() => sim.admin.reset());

async function run(parameters: INodeParameters, options: { credentials?: CredentialData; items?: IDataObject[]; onError?: 'continueErrorOutput' } = {}): Promise<RunResult> {
	return await runNode({
		node: { type: 'oceanpayment', parameters, onError: options.onError },
		nodeTypes: { oceanpayment: new Oceanpayment() },
		credentials: options.credentials ?? both,
		items: options.items,
	});
}
/** Everything the user sees: output, error output, error, hints. */
const visible = (result: RunResult) =>
	JSON.stringify({ out: result.output.map((i) => i.json), err: result.errorOutput.map((i) => i.json), e: result.error ? { m: result.error.message, d: (result.error as { description?: string }).description } : null, h: result.hints });

const getStatusBoth = (orderNumbers: string): INodeParameters => ({ resource: 'order', operation: 'getStatus', orderNumbers, options: { terminal: 'both' } });

describe('Get Status, Both, one terminal refuses in its record', () => {
	test('DEFECT (fails today): 3-D refuses with 80002 (invalid terminal), main says "not found" → the item is a plain found:false, the refusal is lost', async () => {
		// DEFECT: notFoundStatus takes only the first terminal's entry; the 3-D refusal vanishes.
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '80002', text: 'terminal is invalid', inRecord: true, after: 1, times: 1 });
		const result = await run(getStatusBoth('NOPE-1'));
		expect(visible(result)).toMatch(/80002|terminal is invalid/);
	});

	test('DEFECT (fails today): main answers busy (99) for an order held by the 3-D terminal → the 3-D payment comes out with no word that main was not read', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '99', text: 'System busy', inRecord: true, times: 1 });
		const result = await run(getStatusBoth('SIM-3D-2001'));
		expect(visible(result)).toMatch(/\b99\b|busy/i);
	});

	test('DEFECT (fails today): main refuses with a signature error (04) and the 3-D terminal has no such order → found:false hides that main never answered', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '04', text: 'signValue error', inRecord: true, times: 1 });
		const result = await run(getStatusBoth('NOPE-2'));
		// Main's own text is first, so it may show; but the item must not claim "not found" on main.
		const item = result.output[0]?.json ?? {};
		const claimsNotFoundOnBoth = item.found === false && String(item.terminal ?? '').includes(MAIN) && String(item.terminal ?? '').includes(THREE_D);
		expect(result.error !== undefined || !claimsNotFoundOnBoth).toBe(true);
	});

	test('guard: a whole-answer refusal of the 3-D terminal fails the item (no main-only partial answer)', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'busy', after: 1, times: 1 });
		const result = await run(getStatusBoth('SIM-1001'));
		expect(result.error).toBeDefined();
		expect(result.output).toEqual([]);
	});
});

describe('lists, Both, one terminal refuses', () => {
	const range = { startDate: new Date(Date.now() - 2 * 86400_000).toISOString(), endDate: new Date(Date.now() - 5 * 3600_000).toISOString() };
	beforeEach(() => {
		for (let i = 0; i < 4; i++) {
			sim.admin.addOrder({ order_number: `LR-${i}`, terminal: i % 2 ? THREE_D : '', payment_dateTime: new Date(Date.now() - (30 - i) * 3600_000).toISOString() });
		}
	});
	test.each([
		['busy', { mode: 'busy' }],
		['80002', { mode: 'reject', code: '80002', text: 'terminal is invalid' }],
		['signature', { mode: 'reject', code: '04', text: 'signValue error' }],
	])('guard: the 3-D terminal refuses the successful list (%s) → the item fails, no main-only list', async (_name, fault) => {
		sim.admin.setFault('/service/QueryOrdersList', { ...fault, after: 1 });
		const result = await run({ resource: 'order', operation: 'getManySuccessful', ...range, returnAll: true, options: { terminal: 'both' } });
		expect(result.error).toBeDefined();
		expect(result.output).toEqual([]);
	});
	test('guard: the 3-D terminal answers an empty list while main answers → main\'s orders, each once', async () => {
		const result = await run({ resource: 'order', operation: 'getManySuccessful', ...range, returnAll: true, options: { terminal: 'both' } });
		const ids = result.output.map((i) => i.json.orderNumber);
		expect(ids).toEqual(['LR-0', 'LR-1', 'LR-2', 'LR-3']);
	});
});

describe('secure codes across terminals', () => {
	test('guard: a 3-D refusal echoing the 3-D secure code never shows it (nor the main one)', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '04', text: `bad signValue, expected with ${SEED_THREE_D.secureCode} / ${SEED_MERCHANT.secureCode}`, after: 1, times: 1 });
		const result = await run(getStatusBoth('SIM-1001'), { onError: 'continueErrorOutput' });
		const text = visible(result);
		expect(text).not.toContain(SEED_THREE_D.secureCode);
		expect(text).not.toContain(SEED_MERCHANT.secureCode);
	});
	test('guard: an in-record 3-D refusal echoing the 3-D secure code never shows it', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '04', text: `secureCode ${SEED_THREE_D.secureCode} wrong`, inRecord: true, after: 1, times: 1 });
		const result = await run({ ...getStatusBoth('NOPE-3'), simplify: false });
		const text = visible(result);
		expect(text).not.toContain(SEED_THREE_D.secureCode);
	});
	test('guard: a one-terminal credential hides a 3-D code it does not hold? (nothing to hide) — its own code is hidden', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '04', text: `secureCode ${SEED_MERCHANT.secureCode} wrong`, times: 1 });
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001' }, { credentials: single, onError: 'continueErrorOutput' });
		expect(visible(result)).not.toContain(SEED_MERCHANT.secureCode);
	});
});

describe('one-terminal credential: reads unchanged', () => {
	test('guard: Get Status with Terminal left at Main makes one call, items without terminal', async () => {
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001,NOPE' }, { credentials: single });
		expect(sim.admin.getLog()).toHaveLength(1);
		for (const item of result.output) expect(item.json).not.toHaveProperty('terminal');
	});
	test('guard: Terminal › Both on a one-terminal credential asks the main terminal once, no terminal field', async () => {
		const result = await run(getStatusBoth('SIM-1001'), { credentials: single });
		expect(result.error).toBeUndefined();
		expect(sim.admin.getLog().map((e) => e.fields.terminal)).toEqual([MAIN]);
		expect(result.output[0].json).not.toHaveProperty('terminal');
	});
});
