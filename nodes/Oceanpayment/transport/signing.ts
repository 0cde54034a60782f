import { createHash } from 'crypto';

import type { EndpointDefinition } from './catalogue';

export interface MerchantKeys {
	account: string;
	terminal: string;
	secureCode: string;
}

/**
 * The string Oceanpayment hashes: account, terminal, the endpoint's fields in catalogue order,
 * then the secure code. Values only, no separators; an empty field adds nothing (§2.3).
 */
export function buildSignString(
	endpoint: EndpointDefinition,
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
	endpoint: EndpointDefinition,
	fields: Readonly<Record<string, string>>,
	keys: MerchantKeys,
): string {
	return sha256Hex(buildSignString(endpoint, fields, keys));
}
