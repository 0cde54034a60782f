/**
 * When a terminal's status answer without payments counts as "no such order"
 * (helpers/orderAbsence.ts): only a whole text that says so about the order, its payment,
 * transaction or record, after NFKC, without a refusal code or word. Anything more, or about
 * something else, leaves the order unknown on that terminal, and a write by order number stops.
 */
import { fc, test } from '@fast-check/jest';

import { unclearAbsence } from '../../nodes/Oceanpayment/helpers/orderAbsence';

const ORDER = 'SHOP-1001';
const absent = (details: string, order = ORDER) => unclearAbsence({ payments: [], emptyEntry: { order_number: order, payment_details: details } }) === undefined;

const CLEAR = [
	'80001:Order does not exist',
	'80001:order not found',
	'Order does not exist',
	'1:订单不存在',
	'80001:No such order',
	"80001:Order doesn't exist",
	'80001:Order SHOP-1001 not found',
	'80001:Order "SHOP-1001" does not exist.',
	'80001:Order #SHOP-1001 not found',
	'80001：订单不存在',
	'80001:Payment not found',
	'80001:The order number does not exist',
	'80001:ＯＲＤＥＲ ＮＯＴ ＦＯＵＮＤ',
];

const NOT_CLEAR = [
	'80003:Key not found',
	'80003:Order key not found',
	'80003:Ｔerminal not found',
	'99 :Order not found',
	'04 : Order does not exist',
	'99：订单不存在',
	'80003:Order not found, server overloaded',
	'80003:接口不存在',
	'80001:Not found',
	'80001:',
	'',
	'80001:Order SHOP-1002 not found',
];

test.each(CLEAR)('"%s" is a clear "no such order"', (details) => {
	expect(absent(details)).toBe(true);
});

test.each(NOT_CLEAR)('"%s" is not', (details) => {
	expect(absent(details)).toBe(false);
});

test.prop([fc.constantFrom(...CLEAR), fc.constantFrom(', ', ': ', ' (', ' - ', '，', ' '), fc.stringMatching(/^[A-Za-z\u4e00-\u4e10 ]{1,20}$/)])(
	'a clear "no such order" with anything said after it is not clear any more',
	(clear, glue, extra) => {
		fc.pre(extra.trim() !== '' && !/^[.!。！]+$/.test(extra.trim()));
		expect(absent(`${clear.replace(/[.!。]$/, '')}${glue}${extra}`)).toBe(false);
	},
);

test.prop([fc.constantFrom('02', '03', '04', '10', '11', '14', '15', '99'), fc.constantFrom(':', ' :', ' : ', '：'), fc.constantFrom(...CLEAR.map((details) => details.replace(/^\d+\s*[:：]/, '')))])(
	'a refusal code of the code table, however the colon is written, is never "no such order"',
	(code, colon, text) => {
		expect(absent(`${code}${colon}${text}`)).toBe(false);
	},
);
