'use strict';
/**
 * The record lists of a status-query `paymentInfo`. Their inner structure is UNKNOWN (API file
 * §3.1); the simulator's choice, invented: `refundList` holds one `refundInfo` per refund of the
 * payment, `transactionList` one `transactionInfo` of type `capture` for a captured
 * pre-authorization, `chargeBackList` stays empty. An empty list is an empty element.
 */
const REFUND_INFO = ['refund_id', 'refund_number', 'refund_type', 'refund_amount', 'refund_currency', 'refund_status', 'refund_dateTime'];

function statusLists(state, view) {
	const refunds = state.getRefunds({ account: view.account, payment_id: view.payment_id });
	const captured = view.auth_type === 'pre-auth' && view.captured_amount !== '';
	return {
		refundList: refunds.length ? { refundInfo: refunds.map((refund) => Object.fromEntries(REFUND_INFO.map((name) => [name, refund[name] ?? '']))) } : '',
		chargeBackList: '',
		transactionList: captured
			? { transactionInfo: [{ transaction_type: 'capture', transaction_amount: view.captured_amount, transaction_currency: view.order_currency }] }
			: '',
	};
}

module.exports = { statusLists };
