import type { IWebhookFunctions } from 'n8n-workflow';

import { unavailable, type ConfirmFamily, type Confirmation, type Confirmer, type ConfirmRequest } from './confirm';
import { confirmBusiness } from './confirmBusiness';
import { confirmPayment } from './confirmPayment';
import { forLog } from './logText';

const CONFIRMERS: Readonly<Record<ConfirmFamily, Confirmer>> = {
	payment: confirmPayment,
	refund: confirmBusiness,
	chargeBack: confirmBusiness,
};

/**
 * Asks the gateway about a notification; a failed call is `unavailable` (with the transport's
 * message, which holds no secret). Every delivery asks for itself and nothing is held while it
 * does: a copy being confirmed can neither block nor stand in for another delivery (the event is
 * claimed only afterwards, see receive.ts).
 */
export async function confirmNotification(this: IWebhookFunctions, family: ConfirmFamily, request: ConfirmRequest): Promise<Confirmation> {
	try {
		return await CONFIRMERS[family].call(this, request);
	} catch (error) {
		return unavailable(forLog((error as Error).message));
	}
}
