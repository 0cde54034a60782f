import { NodeOperationError, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';

import { NodeParameters, type ItemParameters } from '../helpers/parameters';
import { gatewayZoneOf } from '../helpers/execute';
import { merchantKeys } from '../transport/authentication';
import { keysOfEveryTerminal } from '../transport/terminals';
import { ALL_NOTICE_TYPES, NOTICE_ACKNOWLEDGEMENT, noticeKindOf, type NoticeKind } from '../transport/notices';
import type { MerchantKeys } from '../transport/signing';
import { isXmlContentType, parseNotification, readRawBody, type WebhookRequest } from './body';
import { ALL_CONFIRM_FAMILIES, confirmFamilyOf, NOT_REQUESTED, UNCONFIRMABLE, type ConfirmFamily, type Confirmation, type ConfirmRequest } from './confirm';
import { confirmNotification } from './confirmNotification';
import { forLog, oneLine } from './logText';
import { rawNotification, simplifyNotification, type DeliveryFacts } from './output';
import { recentDeliveries } from './redeliveries';
import { clientAddress, isOceanpaymentAddress } from './source';
import { checkFieldForms, classify, eventIdOf, verifySignature, type ExtraNoticeType } from './verify';

/** What the node uses of the response n8n hands a webhook (an Express response). */
interface WebhookResponse {
	headersSent: boolean;
	statusCode: number;
	writableFinished: boolean;
	destroyed?: boolean;
	socket?: { destroyed?: boolean } | null;
	setHeader(name: string, value: string): unknown;
	end(body: string): unknown;
	once(event: 'finish' | 'close', listener: () => void): unknown;
}

export interface NotificationSettings {
	noticeTypes: string[];
	extraNoticeTypes: ExtraNoticeType[];
	simplify: boolean;
	confirm: ConfirmFamily[];
	runUnconfirmed: boolean;
	runUnverified: boolean;
	onlyOceanpaymentIps: boolean;
	dropRedeliveries: boolean;
}

const KINDS: readonly NoticeKind[] = ['payment', 'business', 'customs'];

/** The Extra Notification Types: each a type Oceanpayment does not document, with the kind that signs it. */
function readExtraTypes(parameters: ItemParameters): ExtraNoticeType[] {
	const label = 'Extra Notification Types';
	const entries = parameters.raw('settings.extraNoticeTypes.types', []);
	if (!Array.isArray(entries)) throw parameters.fail(label, 'expected a list of notice types');
	const extras: ExtraNoticeType[] = [];
	for (const entry of entries as Array<Record<string, unknown>>) {
		const noticeType = parameters.checkText(`${label} › Notice Type`, entry?.noticeType, { required: true, maxLength: 50 });
		const kind = String(entry?.kind ?? 'business').trim() as NoticeKind;
		if (!KINDS.includes(kind)) throw parameters.fail(`${label} › Signed Like`, `"${kind}" is not one of ${KINDS.join(', ')}`);
		// eslint-disable-next-line no-control-regex
		if (/[\u0000-\u001f\u007f]/.test(noticeType)) throw parameters.fail(`${label} › Notice Type`, 'holds a line break or another control character');
		if (noticeKindOf(noticeType)) throw parameters.fail(`${label} › Notice Type`, `"${noticeType}" is documented already`, 'Select it under Notification Types instead.');
		if (extras.some((extra) => extra.noticeType === noticeType)) throw parameters.fail(`${label} › Notice Type`, `"${noticeType}" is listed twice`);
		extras.push({ noticeType, kind });
	}
	return extras;
}

/** The node's settings; a bad value is the node's fault, so it fails (n8n answers 500, Oceanpayment retries). */
export function readSettings(this: IWebhookFunctions): NotificationSettings {
	const parameters = new NodeParameters(this).item(undefined);
	return {
		noticeTypes: parameters.choices('noticeTypes', 'Notification Types', ALL_NOTICE_TYPES.map((type) => type.value)),
		extraNoticeTypes: readExtraTypes(parameters),
		simplify: parameters.flag('simplify', 'Simplify', true),
		confirm: parameters.choices('confirm', 'Confirm With Oceanpayment', ALL_CONFIRM_FAMILIES),
		runUnconfirmed: parameters.choice('unconfirmed', 'When Not Confirmed', ['drop', 'run'], 'drop') === 'run',
		runUnverified: parameters.flag('settings.runUnverified', 'Run Unverified Notifications', false),
		onlyOceanpaymentIps: parameters.flag('settings.onlyOceanpaymentIps', 'Only Accept Oceanpayment IP Addresses', false),
		dropRedeliveries: parameters.flag('settings.dropRedeliveries', 'Drop Redeliveries', true),
	};
}

/** The keys of every terminal of the credential (main, and 3-D Secure when it has one) and the gateway zone. */
async function credentialSetup(this: IWebhookFunctions): Promise<{ keys: MerchantKeys[]; zone: string }> {
	const credentials = await this.getCredentials('oceanpaymentApi');
	const zone = gatewayZoneOf(this.getNode(), credentials);
	try {
		return { keys: keysOfEveryTerminal(credentials, merchantKeys(credentials)), zone };
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { description: 'Notifications cannot be verified until the credential is fixed.' });
	}
}

/** One log line of the node (every value in it went through forLog: quoted, no line breaks, no card numbers). */
function log(this: IWebhookFunctions, level: 'warn' | 'info', text: string, context: Record<string, string> = {}): void {
	// The source address too: behind a trusted proxy it is text from X-Forwarded-For.
	const about = Object.entries(context)
		.filter(([, value]) => value !== '')
		// The event ID is the node's own SHA-256 in hex: no card number, and its leading digits may pass the card checksum.
		.map(([name, value]) => `${name} ${name === 'event' && /^[0-9a-f]{64}$/.test(value) ? `"${value}"` : forLog(value)}`)
		.join(', ');
	this.logger[level](oneLine(`Oceanpayment Notification Trigger "${this.getNode().name}" ${text}${about ? ` (${about})` : ''}`), {
		workflowId: this.getWorkflow().id,
		node: this.getNode().name,
	});
}

/** Answers `receive-ok` and starts nothing, with one log line saying why (no secret, no body). */
function drop(this: IWebhookFunctions, level: 'warn' | 'info', reason: string, context: Record<string, string> = {}): IWebhookResponseData {
	log.call(this, level, `dropped a delivery: ${reason}`, context);
	return { webhookResponse: NOTICE_ACKNOWLEDGEMENT };
}

/** Whether the caller is gone already (it hung up while the node was still deciding). */
function closed(response: WebhookResponse): boolean {
	return response.destroyed === true || response.socket?.destroyed === true;
}

/**
 * Settles a claim once n8n has answered the delivery: HTTP 2xx keeps it; an error answer (n8n could
 * not create the execution) gives it up, so that the next delivery runs. Once webhook() has
 * returned workflowData, n8n starts the execution even when the caller hung up: a connection
 * closed before the answer keeps the claim (a redelivery would run the event twice).
 */
function settleWhenAnswered(response: WebhookResponse | undefined, key: string): void {
	if (!response || typeof response.once !== 'function') return;
	if (closed(response)) {
		recentDeliveries.answered(key, Date.now());
		return;
	}
	response.once('finish', () => {
		if (response.statusCode >= 200 && response.statusCode < 300) recentDeliveries.answered(key, Date.now());
		else recentDeliveries.forget(key);
	});
	response.once('close', () => {
		if (!response.writableFinished) recentDeliveries.answered(key, Date.now());
	});
}

type Claim = { key?: string } | { redelivery: 'answered' | 'pending' };

/** The node's memory of accepted events (nothing is kept with the option off, or in a test run from the editor). */
function memoryOf(this: IWebhookFunctions, settings: NotificationSettings, response: WebhookResponse | undefined) {
	const on = settings.dropRedeliveries && this.getMode() !== 'manual';
	const prefix = [this.getWorkflow().id ?? '', this.getNode().id];
	return {
		/**
		 * Claims an event in a namespace (verified / unverified, confirmed / unconfirmed events never
		 * share one), right before webhook() returns it: check and claim are one synchronous step.
		 */
		claim(namespace: string, eventId: string): Claim {
			if (!on) return {};
			const key = [...prefix, namespace, eventId].join('\u0000');
			const now = Date.now();
			if (recentDeliveries.claim(key, now)) {
				settleWhenAnswered(response, key);
				return { key };
			}
			return { redelivery: recentDeliveries.pending(key, now) ? 'pending' : 'answered' };
		},
	};
}

/**
 * HTTP 503 and nothing starts, so that Oceanpayment delivers the notification again (up to 5
 * times in all): for a notification the node cannot decide on yet, which must neither run nor be
 * acknowledged (an acknowledged one is never delivered again).
 */
function deliverAgain(this: IWebhookFunctions, response: WebhookResponse | undefined, reason: string, about: Record<string, string>): IWebhookResponseData {
	log.call(this, 'warn', `answered HTTP 503 so that Oceanpayment delivers it again: ${reason}`, about);
	if (response && !response.headersSent) {
		response.statusCode = 503;
		response.end('not processed yet, deliver again');
	}
	return { noWebhookResponse: true };
}

/** A claim that found the event: the delivery is dropped, or sent back while the first one is still being handled. */
function redelivery(this: IWebhookFunctions, response: WebhookResponse | undefined, claim: { redelivery: 'answered' | 'pending' }, about: Record<string, string>, what: string): IWebhookResponseData {
	if (claim.redelivery === 'pending') return deliverAgain.call(this, response, `${what} is being handled right now, with an outcome not known yet`, about);
	return drop.call(this, 'info', `it is a redelivery of ${what}`, about);
}

/** The gateway's answer about a notification, unless its family cannot be or is not to be asked. */
async function confirmationOf(this: IWebhookFunctions, settings: NotificationSettings, request: ConfirmRequest): Promise<Confirmation> {
	const family = confirmFamilyOf(request.definition.kind, request.noticeType);
	if (!family) return UNCONFIRMABLE;
	if (!settings.confirm.includes(family)) return NOT_REQUESTED;
	return await confirmNotification.call(this, family, request);
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
		return drop.call(this, 'warn', `its content type is ${forLog(contentType || 'none')}, not XML`, { from });
	}
	const bytes = await readRawBody(request);
	if (!bytes.ok) return drop.call(this, 'warn', bytes.problem, { from });
	const parsed = parseNotification(bytes.value);
	if (!parsed.ok) return drop.call(this, 'warn', parsed.problem, { from });

	const fields = parsed.value;
	// Account and terminal too: a push for a terminal the credential does not hold names it, so a typo can be told from a third terminal.
	const about = { 'notice type': fields.notice_type ?? '', account: fields.account ?? '', terminal: fields.terminal ?? '', 'push id': fields.push_id ?? '', 'payment id': fields.payment_id ?? '', from };
	const classified = classify(fields, settings.extraNoticeTypes);
	if (!classified.ok) return drop.call(this, 'warn', classified.problem, about);
	const { definition, noticeType } = classified;
	const badForm = checkFieldForms(definition, fields);
	if (badForm) return drop.call(this, 'warn', badForm, about);
	const signature = verifySignature(definition, fields, keys);
	if (!signature.valid && !settings.runUnverified) {
		return drop.call(this, 'warn', `its signature is not valid: ${signature.problem}`, about);
	}
	const extra = settings.extraNoticeTypes.some((type) => type.noticeType === noticeType);
	if (settings.noticeTypes.length && !settings.noticeTypes.includes(noticeType) && !extra) {
		return drop.call(this, 'info', `its notice type is not one the node listens to (${settings.noticeTypes.join(', ')})`, about);
	}

	// Nothing is claimed before this answer: a copy that is not confirmed never uses up the event.
	// A push for the 3-D Secure terminal is confirmed with that terminal (signed with its secure code).
	const onThreeD = keys.length > 1 && fields.account === keys[1].account && fields.terminal === keys[1].terminal;
	const confirmation = await confirmationOf.call(this, settings, { definition, noticeType, fields, zone, ...(onThreeD ? { terminal: keys[1].terminal } : {}) });
	if (confirmation.status === 'unavailable') {
		return deliverAgain.call(this, response, `it could not be confirmed with Oceanpayment (${oneLine(confirmation.detail)})`, about);
	}
	const unconfirmed = confirmation.status === 'notConfirmed';
	if (unconfirmed && !settings.runUnconfirmed) return drop.call(this, 'warn', `Oceanpayment does not confirm it: ${oneLine(confirmation.detail)}`, about);

	const eventId = eventIdOf(definition, fields, noticeType);
	const claim = memoryOf.call(this, settings, response).claim(`${signature.valid ? 'verified' : 'unverified'}/${unconfirmed ? 'unconfirmed' : 'confirmed'}`, eventId);
	if ('redelivery' in claim) {
		return redelivery.call(this, response, claim, { ...about, event: eventId }, `a${unconfirmed ? 'n unconfirmed' : ''} notification this n8n process already accepted`);
	}
	if (unconfirmed) {
		log.call(this, 'warn', `runs a notification Oceanpayment does not confirm (${oneLine(confirmation.detail)}), as its settings allow; the item has confirmation "notConfirmed"`, about);
	}
	if (!signature.valid) {
		log.call(this, 'warn', `runs a notification whose signature is not valid (${signature.problem}), as its settings allow; the item has signatureValid false`);
	}
	const facts: DeliveryFacts = { definition, noticeType, eventId, signatureValid: signature.valid, confirmation };
	const json = settings.simplify ? simplifyNotification(fields, facts, zone) : rawNotification(fields, facts);
	return { workflowData: [[{ json }]], webhookResponse: NOTICE_ACKNOWLEDGEMENT };
}
