import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS } from '../../transport';
import { baseUrlFor, merchantKeys } from '../../transport/authentication';
import { forEachItem, type RunContext } from '../../helpers/execute';
import type { ItemParameters } from '../../helpers/parameters';
import { runProbe } from './selfCheck/check';
import type { Verdict } from './selfCheck/judge';
import { MADE_UP, MAX_LOOK_BACK_HOURS, probesFor } from './selfCheck/probes';
import { mask, redactor } from './selfCheck/redact';
import { reportOf } from './selfCheck/report';

/**
 * Account › Self-Check: calls each endpoint once with values that touch nothing and reports, per
 * call, what the answer shows about the package's guesses (signature rules, answer fields, time
 * zone, page size, how the refund query says "no such refund"), next to the grade the catalogue
 * gives each guess. The parts live in ./selfCheck: the calls (probes), the signature verdict
 * (judge), the field, time, page-size and no-such-refund checks, redaction and the report.
 */

export { description, output } from './selfCheck/description';

/** The node's settings, in the order they are checked (the first bad one names itself). */
function settingsOf(parameters: ItemParameters) {
	const money = parameters.flag('probeMoneyEndpoints', 'Probe Money Endpoints', false);
	const hours = parameters.wholeNumber('options.lookBackHours', 'Look Back (Hours)', { fallback: 1, min: 1, max: MAX_LOOK_BACK_HOURS });
	const site = parameters.text('options.site', 'Health Check Site', { maxLength: 255, guessedLimit: true }) || MADE_UP.site;
	const recentOrder = parameters.id('options.recentOrderNumber', 'Recent Test Order Number', { maxLength: 50 });
	const cardBin = parameters.id('options.cardBin', 'Card BIN', { fallback: MADE_UP.cardBin }) || MADE_UP.cardBin;
	if (!/^\d{6,8}$/.test(cardBin)) {
		throw parameters.fail('Card BIN', 'must be 6 to 8 digits', 'Enter a public test BIN such as 411111, never a card number.');
	}
	const timeoutMs = parameters.wholeNumber('options.timeout', 'Timeout (Ms)', { fallback: DEFAULT_TIMEOUT_MS, min: 1000, max: MAX_TIMEOUT_MS });
	return { money, hours, site, recentOrder, cardBin, timeoutMs };
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	// One self-check per run, whatever the number of input items; its items pair to the first.
	return await forEachItem(this, items.slice(0, 1), run, async (parameters, itemIndex) => {
		const { money, hours, site, recentOrder, cardBin, timeoutMs } = settingsOf(parameters);

		const credentials = await this.getCredentials('oceanpaymentApi');
		const keys = merchantKeys(credentials);
		const redact = redactor(keys);
		const environment = String(credentials.environment ?? 'sandbox');

		const checks: IDataObject[] = [];
		const settings = { itemIndex, timeoutMs, credentials, now: run.now, zone: run.gatewayZone, hours };
		for (const probe of probesFor({ now: run.now, zone: run.gatewayZone, hours, site, cardBin, recentOrder, money })) {
			checks.push(await runProbe(this, probe, settings));
		}

		const counts: Record<Verdict, number> = { accepted: 0, rejected: 0, inconclusive: 0 };
		for (const check of checks) counts[check.verdict as Verdict]++;
		const report = reportOf(checks, counts, {
			now: run.now,
			environment,
			account: mask(keys.account),
			terminal: mask(keys.terminal),
			zone: run.gatewayZone,
			money,
			customBaseUrls: environment === 'custom' ? (['query', 'gateway', 'checkout'] as const).map((family) => baseUrlFor(credentials, family)) : [],
		});
		const summary: IDataObject = { type: 'summary', checks: checks.length, counts, moneyEndpointsProbed: money, report };
		return redact([...checks, summary]) as IDataObject[];
	});
}
