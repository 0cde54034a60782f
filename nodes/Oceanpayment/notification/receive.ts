import { NodeOperationError, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';

import { NodeParameters } from '../helpers/parameters';
import { gatewayZoneOf } from '../helpers/execute';
import { merchantKeys } from '../transport/authentication';
import { ALL_NOTICE_TYPES, NOTICE_ACKNOWLEDGEMENT } from '../transport/notices';
import type { MerchantKeys } from '../transport/signing';
import { isXmlContentType, parseNotification, readRawBody, type WebhookRequest } from './body';
import { rawNotification, simplifyNotification, type DeliveryFacts } from './output';
import { recentDeliveries } from './redeliveries';
import { clientAddress, isOceanpaymentAddress } from './source';
import { classify, eventIdOf, textFields, verifySignature } from './verify';

/** What the node uses of the response n8n hands a webhook (an Express response). */
interface WebhookResponse {
	headersSent: boolean;
	statusCode: number;
	writableFinished: boolean;
	setHeader(name: string, value: string): unknown;
	once(event: 'finish' | 'close', listener: () => void): unknown;
}

export interface NotificationSettings {
	noticeTypes: string[];
	simplify: boolean;
	runUnverified: boolean;
	onlyOceanpaymentIps: boolean;
	dropRedeliveries: boolean;
}

/** The node's settings; a bad value is the node's fault, so it fails (n8n answers 500, Oceanpayment retries). */
export function readSettings(this: IWebhookFunctions): NotificationSettings {
	const parameters = new NodeParameters(this).item(undefined);
	return {
		noticeTypes: parameters.choices('noticeTypes', 'Notification Types', ALL_NOTICE_TYPES.map((type) => type.value)),
		simplify: parameters.flag('simplify', 'Simplify', true),
		runUnverified: parameters.flag('settings.runUnverified', 'Run Unverified Notifications', false),
		onlyOceanpaymentIps: parameters.flag('settings.onlyOceanpaymentIps', 'Only Accept Oceanpayment IP Addresses', false),
		dropRedeliveries: parameters.flag('settings.dropRedeliveries', 'Drop Redeliveries', true),
	};
}

async function credentialSetup(this: IWebhookFunctions): Promise<{ keys: MerchantKeys; zone: string }> {
	const credentials = await this.getCredentials('oceanpaymentApi');
	const zone = gatewayZoneOf(this.getNode(), credentials);
	try {
		return { keys: merchantKeys(credentials), zone };
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { description: 'Notifications cannot be verified until the credential is fixed.' });
	}
}

/** Answers `receive-ok` and starts nothing, with one log line saying why (no secret, no body). */
function drop(this: IWebhookFunctions, level: 'warn' | 'info', reason: string, context: Record<string, string>): IWebhookResponseData {
	const about = Object.entries(context)
		.filter(([, value]) => value !== '')
		.map(([name, value]) => `${name} ${value}`)
		.join(', ');
	this.logger[level](`Oceanpayment Notification Trigger "${this.getNode().name}" dropped a delivery: ${reason}${about ? ` (${about})` : ''}`, {
		workflowId: this.getWorkflow().id,
		node: this.getNode().name,
	});
	return { webhookResponse: NOTICE_ACKNOWLEDGEMENT };
}

/**
 * Remembers an accepted notification once n8n has answered it with 2xx, and forgets it when
 * n8n answered with an error or the caller hung up first (see redeliveries.ts).
 */
function settleWhenAnswered(response: WebhookResponse | undefined, key: string): void {
	if (!response || typeof response.once !== 'function') return;
	response.once('finish', () => {
		if (response.statusCode >= 200 && response.statusCode < 300) recentDeliveries.answered(key, Date.now());
		else recentDeliveries.forget(key);
	});
	response.once('close', () => {
		if (!response.writableFinished) recentDeliveries.forget(key);
	});
}

export async function receiveNotification(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject() as unknown as WebhookRequest;
	const response = this.getResponseObject() as unknown as WebhookResponse | undefined;
	// Oceanpayment wants the plain text receive-ok; n8n sends strings as HTML unless told otherwise.
	if (response && !response.headersSent) response.setHeader('Content-Type', 'text/plain; charset=utf-8');

	const settings = readSettings.call(this);
	const { keys, zone } = await credentialSetup.call(this);
	const from = clientAddress(request);

	if (settings.onlyOceanpaymentIps && !isOceanpaymentAddress(from)) {
		return drop.call(this, 'warn', 'it does not come from an Oceanpayment IP address', { from });
	}
	const contentType = String(request.headers['content-type'] ?? '');
	if (!isXmlContentType(contentType)) {
		return drop.call(this, 'warn', `its content type is "${contentType || 'none'}", not XML`, { from });
	}
	const bytes = await readRawBody(request);
	if (!bytes.ok) return drop.call(this, 'warn', bytes.problem, { from });
	const parsed = parseNotification(bytes.value);
	if (!parsed.ok) return drop.call(this, 'warn', parsed.problem, { from });

	const fields = textFields(parsed.value);
	const { kind, noticeType, definition } = classify(fields);
	const about = { 'notice type': noticeType || '(none)', 'push id': fields.push_id ?? '', 'payment id': fields.payment_id ?? '', from };
	const signature = verifySignature(definition, fields, keys);
	if (!signature.valid && !settings.runUnverified) {
		return drop.call(this, 'warn', `its signature is not valid: ${signature.problem}`, about);
	}
	if (settings.noticeTypes.length && !settings.noticeTypes.includes(noticeType)) {
		return drop.call(this, 'info', `its notice type is not one the node listens to (${settings.noticeTypes.join(', ')})`, about);
	}

	const facts: DeliveryFacts = { kind, noticeType, eventId: eventIdOf(definition, noticeType, fields), signatureValid: signature.valid };
	if (settings.dropRedeliveries && this.getMode() !== 'manual') {
		// Unverified notifications never share a key with verified ones: a forgery cannot use up a real event's id.
		const key = [this.getWorkflow().id ?? '', this.getNode().id, signature.valid ? 'verified' : 'unverified', facts.eventId].join('\u0000');
		if (!recentDeliveries.claim(key, Date.now())) {
			return drop.call(this, 'info', 'it is a redelivery of a notification this n8n process already accepted', { ...about, event: facts.eventId });
		}
		settleWhenAnswered(response, key);
	}

	if (!signature.valid) {
		this.logger.warn(`Oceanpayment Notification Trigger "${this.getNode().name}" runs a notification whose signature is not valid (${signature.problem}), as its settings allow; the item has signatureValid false`, {
			workflowId: this.getWorkflow().id,
			node: this.getNode().name,
		});
	}
	const json = settings.simplify ? simplifyNotification(fields, facts, zone) : rawNotification(parsed.value, facts);
	return { workflowData: [[{ json }]], webhookResponse: NOTICE_ACKNOWLEDGEMENT };
}
