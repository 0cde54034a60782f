import type { IDataObject } from 'n8n-workflow';
import type { DateTime } from 'luxon';

import type { Verdict } from './judge';
import { withoutAddresses } from './redact';

/** The whole result as text, for a bug report. */
export function reportOf(
	checks: IDataObject[],
	counts: Record<Verdict, number>,
	context: { now: DateTime; environment: string; account: string; terminal: string; zone: string; money: boolean; customBaseUrls: string[] },
): string {
	const lines = [
		'Oceanpayment self-check (n8n-nodes-oceanpayment, Account › Self-Check)',
		`Time: ${context.now.toUTC().toISO()}; environment: ${context.environment}; account ${context.account}, terminal ${context.terminal}; gateway time zone: ${context.zone}`,
		`Money endpoints probed: ${context.money ? 'yes' : 'no'}`,
		`Verdicts: ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.inconclusive} inconclusive`,
		'',
	];
	checks.forEach((check, index) => {
		const signature = check.signature as IDataObject;
		const fields = check.answerFields as IDataObject;
		const list = (label: string, values: unknown) => (Array.isArray(values) && values.length > 0 ? `; ${label}: ${values.join(', ')}` : '');
		lines.push(`${index + 1}. ${String(check.check)}: ${String(check.verdict).toUpperCase()}`);
		// The report names only Oceanpayment's own hosts, never a custom proxy's.
		const host = context.environment === 'custom' ? 'a custom host' : String(check.host);
		lines.push(`   ${String(check.path)} on ${host}, HTTP ${check.httpStatus === null ? '(none)' : String(check.httpStatus)}`);
		lines.push(`   signature ${String(signature.rule)} [${String(signature.grade)}]: ${String(signature.evidence)}`);
		lines.push(`   answer fields [${String(fields.grade)}]: ${String(fields.verdict)}${list('missing', fields.missing)}${list('new', fields.new)}`);
		const times = check.timeZone as IDataObject | undefined;
		if (times) lines.push(`   time zone ${String(times.zone)} [${String(times.grade)}]: ${String(times.verdict)}${list('problems', times.problems)}`);
		const pageSize = check.pageSize as IDataObject | undefined;
		if (pageSize) {
			lines.push(
				`   page size [${String(pageSize.grade)}]: ${String(pageSize.verdict)} (expected ${String(pageSize.packageExpects ?? 'none, the gateway decides')}, records ${String(pageSize.records ?? '-')}, count ${String(pageSize.count ?? '-')}, totalpages ${String(pageSize.totalPages ?? '-')})`,
			);
		}
		const notFound = check.noSuchRefund as IDataObject | undefined;
		if (notFound) lines.push(`   "no such refund" [${String(notFound.grade)}]: ${String(notFound.verdict)}${notFound.answer ? ` (answered ${String(notFound.answer)})` : ''}`);
		const noOrder = check.noSuchOrder as IDataObject | undefined;
		if (noOrder) lines.push(`   "no such order" [${String(noOrder.grade)}]: ${String(noOrder.verdict)}${noOrder.answer ? ` (answered ${String(noOrder.answer)})` : ''}`);
	});
	return withoutAddresses(lines.join('\n'), context.customBaseUrls);
}
