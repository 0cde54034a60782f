import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { MerchantKeys } from './signing';

/**
 * The credential's terminals (issue 29): the main one (Terminal, Secure Code) and, optionally, a
 * 3-D Secure terminal of the same account with its own secure code. Every request is signed with
 * the secure code of the terminal it is for: the request's `terminal` field when it names one of
 * the credential's terminals, else the main terminal. A credential without the second pair signs
 * exactly as before (the `terminal` field stays the credential's own).
 */

export type TerminalRole = 'main' | 'threeDSecure';

export interface CredentialTerminal {
	role: TerminalRole;
	/** "Main" or "3-D Secure", for messages and output. */
	label: string;
	terminal: string;
}

export const THREE_D_SECURE_FIELDS = {
	terminal: { name: 'threeDSecureTerminal', label: '3-D Secure Terminal' },
	secureCode: { name: 'threeDSecureSecureCode', label: '3-D Secure Secure Code' },
} as const;

export const ROLE_LABELS: Readonly<Record<TerminalRole, string>> = { main: 'Main', threeDSecure: '3-D Secure' };

/** A problem with the credential's second pair (same shape as CredentialSetupError: `setupError`). */
export class TerminalSetupError extends Error {
	readonly setupError = true;
}

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return (typeof value === 'string' ? value : String(value)).trim();
}

/** The 3-D Secure pair, or undefined when the credential has none. Half a pair, or the main terminal again, is an error. */
export function threeDSecurePair(credentials: ICredentialDataDecryptedObject): { terminal: string; secureCode: string } | undefined {
	const terminal = text(credentials[THREE_D_SECURE_FIELDS.terminal.name]);
	const secureCode = text(credentials[THREE_D_SECURE_FIELDS.secureCode.name]);
	if (!terminal && !secureCode) return undefined;
	if (!terminal || !secureCode) {
		const missing = terminal ? THREE_D_SECURE_FIELDS.secureCode.label : THREE_D_SECURE_FIELDS.terminal.label;
		throw new TerminalSetupError(`The Oceanpayment credential has half a 3-D Secure pair: fill in "${missing}" too, or empty both 3-D Secure fields.`);
	}
	if (terminal === text(credentials.terminal)) {
		throw new TerminalSetupError(`The Oceanpayment credential's "${THREE_D_SECURE_FIELDS.terminal.label}" is the main Terminal again; enter the 3-D Secure terminal's own number, or empty both 3-D Secure fields.`);
	}
	// A push names its terminal in a signed string without separators: with one secure code for
	// both, a terminal that begins the other lets a push of one be re-cut into the other.
	const main = text(credentials.terminal);
	if (secureCode === text(credentials.secureCode) && main !== '' && (terminal.startsWith(main) || main.startsWith(terminal))) {
		throw new TerminalSetupError(
			`The Oceanpayment credential's "${THREE_D_SECURE_FIELDS.terminal.label}" and Terminal begin alike and share one secure code, so a notification of one could be re-cut into the other. Check "${THREE_D_SECURE_FIELDS.terminal.label}" and "${THREE_D_SECURE_FIELDS.secureCode.label}" (each terminal has its own secure code), or empty both 3-D Secure fields.`,
		);
	}
	return { terminal, secureCode };
}

/** The credential's terminals, main first (no secure codes: safe to show). */
export function credentialTerminals(credentials: ICredentialDataDecryptedObject): CredentialTerminal[] {
	const terminals: CredentialTerminal[] = [{ role: 'main', label: ROLE_LABELS.main, terminal: text(credentials.terminal) }];
	const pair = threeDSecurePair(credentials);
	if (pair) terminals.push({ role: 'threeDSecure', label: ROLE_LABELS.threeDSecure, terminal: pair.terminal });
	return terminals;
}

/**
 * The keys to sign a request with, and the body without its `terminal` field. Only a credential
 * with a 3-D Secure pair takes `terminal` from a request, and only one of its two terminals; for
 * any other credential the body is returned as it is (its `terminal` is refused as before).
 */
export function keysForRequest(
	credentials: ICredentialDataDecryptedObject,
	mainKeys: MerchantKeys,
	body: unknown,
): { keys: MerchantKeys; body: unknown } {
	const pair = threeDSecurePair(credentials);
	if (!pair || typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof URLSearchParams) return { keys: mainKeys, body };
	const source = body as IDataObject;
	if (!Object.prototype.hasOwnProperty.call(source, 'terminal')) return { keys: mainKeys, body };
	const { terminal: asked, ...rest } = source;
	// One terminal number, as text or a number: a list, an object or a boolean (an expression that
	// returned the wrong thing) is never turned into text and matched.
	if (asked !== undefined && asked !== null && typeof asked !== 'string' && !(typeof asked === 'number' && Number.isFinite(asked))) {
		throw new TerminalSetupError(
			`The request's terminal is ${Array.isArray(asked) ? 'a list' : typeof asked === 'object' ? 'an object' : `a ${typeof asked}`}, not one terminal number, so nothing was signed or sent. Send the terminal number as text.`,
		);
	}
	const wanted = text(asked);
	if (wanted === '' || wanted === mainKeys.terminal) return { keys: mainKeys, body: rest };
	if (wanted === pair.terminal) return { keys: { account: mainKeys.account, terminal: pair.terminal, secureCode: pair.secureCode }, body: rest };
	throw new TerminalSetupError(
		`The request is for terminal "${wanted}", which is neither the credential's Terminal nor its 3-D Secure Terminal, so nothing was signed or sent.`,
	);
}

/** The keys of each of the credential's terminals, main first (for verifying notifications). */
export function keysOfEveryTerminal(credentials: ICredentialDataDecryptedObject, mainKeys: MerchantKeys): MerchantKeys[] {
	const pair = threeDSecurePair(credentials);
	return pair ? [mainKeys, { account: mainKeys.account, terminal: pair.terminal, secureCode: pair.secureCode }] : [mainKeys];
}

/** Every secure code of the credential (for hiding them in texts from the gateway). */
export function secureCodesOf(credentials: ICredentialDataDecryptedObject): string[] {
	const codes = [text(credentials.secureCode), text(credentials[THREE_D_SECURE_FIELDS.secureCode.name])];
	return codes.filter((code, index) => code !== '' && codes.indexOf(code) === index);
}

/**
 * The credential as a one-terminal credential of its 3-D Secure terminal (for the credential
 * Test, which then checks that terminal exactly as it checks the main one).
 */
export function asThreeDSecureCredential(credentials: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject | undefined {
	const pair = threeDSecurePair(credentials);
	if (!pair) return undefined;
	return {
		...credentials,
		terminal: pair.terminal,
		secureCode: pair.secureCode,
		[THREE_D_SECURE_FIELDS.terminal.name]: '',
		[THREE_D_SECURE_FIELDS.secureCode.name]: '',
	};
}
