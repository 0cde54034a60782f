import type { IDataObject } from 'n8n-workflow';

import type { GatewayReply } from '../../../transport';
import type { EndpointDefinition } from '../../../transport/catalogue';
import { answerShape, describeShape, holdsRefund, notFoundEvidence, otherNumberIn, refusalOf } from '../../../helpers/refundAnswers';
import type { Probe } from './probes';

/** How Refund › Create would read this answer to a refund query for a refund that cannot exist. */
export function checkNotFound(endpoint: EndpointDefinition, probe: Probe, reply: GatewayReply | undefined): IDataObject | undefined {
	if (probe.endpoint !== 'refundQuery') return undefined;
	const base = { grade: endpoint.notFoundGrade ?? 'UNKNOWN', learnedAtRunTime: true };
	if (!reply) return { ...base, verdict: 'not checked' };
	const asked = String(probe.fields.refund_number ?? probe.fields.refund_id ?? '');
	const refusal = refusalOf(reply, asked);
	const answer = describeShape(answerShape(reply, asked));
	if (refusal) {
		return { ...base, answer, verdict: `differs: ${refusal.what}, not an answer about the refund; Refund › Create stops every refund with a Refund Number while the refund query answers like this` };
	}
	if (holdsRefund(reply.data)) return { ...base, answer, verdict: 'differs: the gateway answered with a refund for a number that cannot exist; Refund › Create stops every refund with a Refund Number' };
	const other = otherNumberIn(reply.data, asked);
	if (other) return { ...base, answer, verdict: `differs: the answer names ${other.field} "${other.value}", not the number asked; Refund › Create stops every refund with a Refund Number while the refund query answers like this` };
	const evidence = notFoundEvidence(reply, asked);
	if (!evidence) {
		return {
			...base,
			answer,
			verdict:
				'differs: the answer does not say that no refund exists (an unknown code, an empty answer or a refusal the node does not recognise); Refund › Create stops every refund with a Refund Number until Oceanpayment confirms what it means (then list its code under No-Such-Refund Codes)',
		};
	}
	return { ...base, answer, verdict: `fits: Refund › Create reads an answer of this shape (the refund number replaced) as "no such refund" (${evidence})` };
}
