/** The gateway's result codes the package knows. */

/** `tracking_results` codes, from shared/oceanpayment-api.md §3.8 (INFERRED from mg-erp). */
export const TRACKING_RESULT_MESSAGES: Readonly<Record<string, string>> = {
	'00': 'Upload failed',
	'01': 'Success',
	'02': 'Invalid account',
	'03': 'Invalid terminal',
	'04': 'Signature error (check the Secure Code in the credential)',
	'05': 'Account error',
	'06': 'Invalid tracking number (letters and digits only; separate several with commas)',
	'07': 'Invalid tracking site URL',
	'08': 'Invalid handler',
	'09': 'Invalid payment ID',
	'10': 'Required parameters are incomplete',
	'11': 'Invalid IP (ask Oceanpayment to whitelist the IP address of your n8n server)',
	'12': 'Payment ID is empty',
	'14': 'Account is empty',
	'15': 'Terminal is empty',
	'16': 'Handler is empty',
	'17': 'Payment ID does not exist',
	'18': 'Tracking site is empty',
	'19': 'Invalid order number',
	'99': 'Gateway system error',
};

/**
 * Result codes that say the request itself was refused, from the tracking table (§3.8, INFERRED):
 * the gateway appears to use one code list on every form endpoint. Texts are matched as well,
 * because the codes of the other endpoints are not documented (and one code may mean different
 * things on different endpoints: 05 is "Account error" in the tracking table).
 */
// Words are bounded by letters only, not by `\b`: "account_no" and "terminal_no" are refusals too.
export const REJECTION_CODES = {
	signature: { codes: ['04'], text: /sign|secure\s*_?code|签名|密钥/i },
	account: { codes: ['02', '03', '14', '15'], text: /(?<![a-z])(account|terminal|merchant)s?(?![a-z])|not activated|inactive|账户|账号|商户|终端|未激活|未开通/i },
	ip: { codes: ['11'], text: /(?<![a-z0-9])ip(?![a-z])|白名单/i },
	busy: { codes: ['99'], text: /busy|try again|system\s*(error|exception)|繁忙|系统/i },
} as const;

