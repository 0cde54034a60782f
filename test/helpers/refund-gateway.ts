/**
 * The simulator for the refund tests of issue 24: only the seed merchant, reset before each test
 * with one paid payment (ORD-1 / PAY-1, 50.00 USD). Call at the top of a test file.
 */
import type { CredentialData } from './n8n';
import { SEED_MERCHANT, startGateway, type Simulator } from './gateway';

export function useRefundGateway(): { sim: Simulator; credentials: CredentialData } {
	const gateway = {} as { sim: Simulator; credentials: CredentialData };
	beforeAll(async () => Object.assign(gateway, await startGateway({ seed: { merchants: [SEED_MERCHANT] } })));
	afterAll(async () => gateway.sim.close());
	beforeEach(() => {
		gateway.sim.admin.reset();
		gateway.sim.admin.addOrder({ order_number: 'ORD-1', payment_id: 'PAY-1', order_amount: '50.00' });
	});
	return gateway;
}
