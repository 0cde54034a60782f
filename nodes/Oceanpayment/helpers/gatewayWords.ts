/**
 * The gateway's words the package reads, for the answers whose meaning Oceanpayment does not
 * document: which texts refuse a request, and which positively say "not found". Shared by the
 * refund query (refundAnswers.ts) and the status query (orderAbsence.ts).
 */

/** Short words must stand on their own ("ip" in "Invalid ip" or "ip_address", not in "zip" or "N8NX3IP4"). */
export const word = (text: string) => `(?<![a-z0-9])${text}(?![a-z])`;

/**
 * Texts that refuse the request rather than answer about a refund or an order: signature, account, terminal,
 * merchant, IP, busy, maintenance, system errors, missing or invalid parameters, access, errors
 * of any kind (English and Chinese). A "no such refund" answer says none of these. This list is
 * a second line only: an answer must also positively say "no such refund" (below), so a refusal
 * in words not listed here still stops the item.
 */
export const REFUSAL_TEXT = new RegExp(
	[
		'(?<![a-z])sign',
		'(?<![a-z])account',
		'(?<![a-z])terminal',
		'(?<![a-z])merchant',
		word('ip'),
		'busy',
		'try again',
		'retry',
		'system',
		'error',
		'fail',
		'exception',
		'invalid',
		'illegal',
		'required',
		'incomplete',
		'missing',
		word('empty'),
		word('null'),
		'denied',
		'deny',
		'forbidden',
		'unauthori[sz]',
		'not authori[sz]',
		'permission',
		'not allowed',
		'whitelist',
		'too many',
		'frequen',
		'limit',
		'timeout',
		'timed out',
		'unavailable',
		'maintenance',
		'not activ',
		'inactive',
		'not enabled',
		'disabled',
		'not open',
		'suspend',
		'reject',
		'refuse',
		'blocked',
		'access',
		'not supported',
		'unsupported',
		'expired',
		'param',
		'签名',
		'账户',
		'账号',
		'商户',
		'终端',
		'白名单',
		'繁忙',
		'稍后',
		'系统',
		'错误',
		'异常',
		'失败',
		'无效',
		'非法',
		'参数',
		'缺少',
		'为空',
		'权限',
		'无权',
		'拒绝',
		'频繁',
		'超时',
		'不可用',
		'暂不',
		'维护',
		'开通',
		'激活',
		'禁止',
		'停用',
		'暂停',
		'关闭',
		'授权',
		'访问',
		'不支持',
		'过期',
		'冻结',
		'限制',
	].join('|'),
	'i',
);

/**
 * Texts that positively say "not found" (a small vocabulary, English and Chinese). Needed, besides
 * the answer for a number that cannot exist being the same, before an answer counts as "no such
 * refund": the same answer for every number only shows that the answer does not depend on the
 * number, not what it means.
 */
export const NOT_FOUND_TEXT =
	/not\s*(?:be\s*)?found|not\s*exist|n't\s*exist|non-?\s*existent|no\s+(?:such\s+)?(?:refund|record|data|result)s?(?![a-z])|no\s+record|不存在|未找到|找不到|查不到|查无|无记录|没有记录|无此|无数据|没有数据|暂无/i;

/** Codes of the package's code table that refuse a request (§3.8: 02/03/14/15 account, 04 signature, 10 parameters, 11 IP, 99 system). */
export const REFUSAL_CODES = ['02', '03', '04', '10', '11', '14', '15', '99'];
