'use strict';
/**
 * How the refund query (`/service/queryRefund`) says that no refund has the number or ID asked
 * for. Oceanpayment documents no answer for it (API file §3.7: UNKNOWN), and gateways written
 * from the same notes answer it differently, so the simulator can play each of them
 * (`refundNotFound` option, `setRefundNotFound`). A convention may also give the query's other
 * failures (signature, account, busy…) its own shape (`failure`), and change how a refund found
 * is answered (`found`).
 */
const echo = (fields, name) => fields[name] ?? '';

const CONVENTIONS = {
	/** The default: code 05 and a text, the asked ID and number echoed (invented). */
	simulator: {
		notFound: (fields) => ({
			code: '05',
			message: 'Refund does not exist',
			body: { refund_results: '05', refund_id: echo(fields, 'refund_id'), refund_number: echo(fields, 'refund_number'), refund_description: 'Refund does not exist' },
		}),
	},
	/**
	 * The list endpoints' result field: `<results>09</results><details>refund not found</details>`;
	 * a refund found is answered without its payment_id (refund ID, number, amount, status…).
	 */
	results09: {
		notFound: () => ({ code: '09', message: 'refund not found', body: { results: '09', details: 'refund not found' } }),
		found: ({ payment_id: _paymentId, ...body }) => body,
		failure: (fields, code, message) => ({ code, body: { results: code, details: message } }),
	},
	/** `<refund_results>05</refund_results><refund_description>refund does not exist</refund_description>`, nothing else. */
	refundResults05: {
		notFound: () => ({ code: '05', message: 'refund does not exist', body: { refund_results: '05', refund_description: 'refund does not exist' } }),
		failure: (fields, code, message) => ({ code, body: { refund_results: code, refund_description: message } }),
	},
	/** Success (`00`) with every refund field empty, the refund ID too. */
	emptySuccess: {
		notFound: () => ({
			code: '00',
			message: 'Success',
			body: {
				refund_results: '00',
				refund_id: '',
				refund_number: '',
				payment_id: '',
				order_number: '',
				refund_type: '',
				refund_amount: '',
				refund_currency: '',
				refund_description: '',
				refund_status: '',
				refund_dateTime: '',
			},
		}),
	},
};

const REFUND_NOT_FOUND_CONVENTIONS = Object.keys(CONVENTIONS);

function refundNotFoundConvention(name) {
	const convention = CONVENTIONS[name];
	if (!convention) throw new Error(`simulator: unknown refund-not-found convention ${name} (one of ${REFUND_NOT_FOUND_CONVENTIONS.join(', ')})`);
	return convention;
}

module.exports = { refundNotFoundConvention, REFUND_NOT_FOUND_CONVENTIONS };
