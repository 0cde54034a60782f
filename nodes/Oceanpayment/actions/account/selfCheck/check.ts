import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { DateTime } from 'luxon';

import { oceanpaymentApiRequest, type GatewayReply } from '../../../transport';
import { baseUrlFor } from '../../../transport/authentication';
import { ENDPOINTS, type EndpointDefinition } from '../../../transport/catalogue';
import { parseGatewayJson, parseGatewayXml } from '../../../transport/xml';
import { checkFields } from './fields';
import { judge, ruleOf, signGradeOf } from './judge';
import { checkNotFound } from './noSuchRefund';
import { checkNoSuchOrder } from './noSuchOrder';
import { checkPageSize } from './pageSize';
import type { Probe } from './probes';
import { checkTimes } from './times';

/** One probe: its call, and the item that says what the answer shows. */

const OPERATION = 'Account › Self-Check';

export interface ProbeRun {
	itemIndex: number;
	timeoutMs: number;
	credentials: ICredentialDataDecryptedObject;
	now: DateTime;
	zone: string;
	hours: number;
}

interface Answer {
	http?: { statusCode: number; body: string };
	reply?: GatewayReply;
	failure?: string;
}

/** Calls the endpoint once, never retried; a refusal comes back as an answer, not an error. */
async function callProbe(context: IExecuteFunctions, probe: Probe, settings: ProbeRun): Promise<Answer> {
	let http: { statusCode: number; body: string } | undefined;
	let reply: GatewayReply | undefined;
	let failure: string | undefined;
	try {
		reply = await oceanpaymentApiRequest.call(context, probe.endpoint, probe.fields, {
			itemIndex: settings.itemIndex,
			operation: `${OPERATION} (${probe.name})`,
			retry: { retries: 0, delayMs: 0 },
			timeoutMs: settings.timeoutMs,
			returnRejections: true,
			onHttpResponse: (answer) => {
				http = answer;
			},
		});
	} catch (error) {
		failure = (error as Error).message;
	}
	return { http, reply, failure };
}

/** The answer without its signature, each record list cut to its first record. */
function answerOf(endpoint: EndpointDefinition, data: IDataObject | undefined): IDataObject | undefined {
	if (!data) return undefined;
	const copy: IDataObject = { ...data };
	delete copy.signValue;
	if (endpoint.recordElement && Array.isArray(copy[endpoint.recordElement])) {
		const records = copy[endpoint.recordElement] as IDataObject[];
		copy[endpoint.recordElement] = `[${records.length} record${records.length === 1 ? '' : 's'}]`;
		if (records.length > 0) {
			const first = { ...records[0] };
			delete first.signValue;
			copy.firstRecord = first;
		}
	}
	return copy;
}

/** The check item of one probe. */
export async function runProbe(context: IExecuteFunctions, probe: Probe, settings: ProbeRun): Promise<IDataObject> {
	const endpoint = ENDPOINTS[probe.endpoint];
	const { http, reply, failure } = await callProbe(context, probe, settings);
	// An answer the transport refused (no result field, HTTP error) still shows its fields.
	const parsed = reply ? undefined : http && (endpoint.bodyKind === 'json' ? parseGatewayJson(http.body) : parseGatewayXml(http.body));
	const { verdict, evidence } = judge(probe, endpoint, reply, failure);
	const signGrade = signGradeOf(endpoint, probe.fields);
	const host = new URL(baseUrlFor(settings.credentials, endpoint.family)).host;
	const timeZone = checkTimes(endpoint, reply, { zone: settings.zone, now: settings.now, recentWithinHours: probe.recent ? settings.hours : undefined });
	const pageSize = checkPageSize(endpoint, probe, reply);
	const noSuchRefund = checkNotFound(endpoint, probe, reply);
	const noSuchOrder = checkNoSuchOrder(probe, reply);
	return {
		type: 'check',
		check: probe.name,
		endpoint: endpoint.title,
		path: endpoint.path,
		host,
		httpStatus: http?.statusCode ?? null,
		verdict,
		grade: signGrade.grade,
		signature: {
			verdict,
			evidence,
			grade: signGrade.grade,
			rule: ruleOf(endpoint, probe.fields),
			...(signGrade.weakFields.length > 0 ? { weakerParts: signGrade.weakFields } : {}),
			...(endpoint.unsignedFields?.some((name) => probe.fields[name] !== undefined)
				? { sentUnsigned: endpoint.unsignedFields.filter((name) => probe.fields[name] !== undefined) }
				: {}),
		},
		resultCode: reply?.outcome.code ?? null,
		resultMessage: reply?.outcome.message ?? null,
		answerFields: checkFields(endpoint, reply),
		...(timeZone ? { timeZone } : {}),
		...(pageSize ? { pageSize } : {}),
		...(noSuchRefund ? { noSuchRefund } : {}),
		...(noSuchOrder ? { noSuchOrder } : {}),
		sent: probe.fields,
		answer: answerOf(endpoint, reply?.data ?? (parsed?.ok ? parsed.data : undefined)) ?? null,
		...(failure ? { problem: failure } : {}),
	};
}
