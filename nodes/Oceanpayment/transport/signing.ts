import { createHash, timingSafeEqual } from 'crypto';

import type { EndpointDefinition } from './catalogue';

/** What a signature rule needs: the endpoint's or the notification's field order. */
export type SignRule = Pick<EndpointDefinition, 'signOrder'>;

export interface MerchantKeys {
	account: string;
	terminal: string;
	secureCode: string;
}

/**
 * The string Oceanpayment hashes: account, terminal, the endpoint's (or notification's) fields in
 * catalogue order, then the secure code. Values only, no separators; an empty field adds nothing (§2.3).
 */
export function buildSignString(
	endpoint: SignRule,
	fields: Readonly<Record<string, string>>,
	keys: MerchantKeys,
): string {
	const parts = [keys.account, keys.terminal];
	for (const name of endpoint.signOrder) parts.push(fields[name] ?? '');
	parts.push(keys.secureCode);
	return parts.join('');
}

/** Lowercase hex SHA-256 of the UTF-8 bytes, as in every published example. */
export function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function computeSignValue(
	endpoint: SignRule,
	fields: Readonly<Record<string, string>>,
	keys: MerchantKeys,
): string {
	return sha256Hex(buildSignString(endpoint, fields, keys));
}

/** Whether a received signValue is the expected one: hex compared case-insensitively, in constant time. */
export function signValuesMatch(expected: string, received: string): boolean {
	const a = Buffer.from(expected.trim().toLowerCase(), 'utf8');
	const b = Buffer.from(received.trim().toLowerCase(), 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}
