import { maskCardLikeNumbers } from '../../../helpers/cardNumbers';
import { ENDPOINTS } from '../../../transport/catalogue';

/** Keeps the secure code, the full account and terminal and every address out of Self-Check's items and report. */

export const mask = (value: string): string => (value.length <= 4 ? '*'.repeat(value.length) : `${value.slice(0, 2)}${'*'.repeat(value.length - 4)}${value.slice(-2)}`);

/** Replaces the secure code and the full account and terminal wherever they appear, and masks card numbers in the gateway's texts. */
export function redactor(keys: { account: string; terminal: string; secureCode: string }) {
	const swaps = [
		[keys.secureCode, '[secure code]'],
		...[keys.terminal, keys.account].sort((a, b) => b.length - a.length).map((value) => [value, mask(value)]),
	].filter(([value]) => value !== '');
	const text = (value: string) => maskCardLikeNumbers(swaps.reduce((result, [secret, shown]) => result.split(secret).join(shown), value));
	const deep = (value: unknown): unknown => {
		if (typeof value === 'string') return text(value);
		if (typeof value === 'number' && text(String(value)) !== String(value)) return text(String(value));
		if (Array.isArray(value)) return value.map(deep);
		if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, deep(entry)]));
		return value;
	};
	return deep;
}

/** The endpoint paths the report names on purpose (Oceanpayment's own, the same for every merchant). */
const ENDPOINT_PATHS = new Set(Object.values(ENDPOINTS).map((endpoint) => endpoint.path));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The report goes into public issues: no address of any kind (a redirect's target, absolute,
 * scheme-relative or relative, an address in an error), and no host, path, path segment or
 * query of a Custom base URL, wherever they stand and in any letter case.
 */
export function withoutAddresses(report: string, customBaseUrls: string[]): string {
	const parts = new Set<string>();
	const endpointSegments = new Set([...ENDPOINT_PATHS].flatMap((path) => path.toLowerCase().split('/')));
	for (const base of customBaseUrls) {
		let url: URL;
		try {
			url = new URL(base);
		} catch {
			continue;
		}
		const path = url.pathname.replace(/\/+$/, '');
		for (const part of [url.host, url.hostname, path, url.search.slice(1)]) if (part.length > 1) parts.add(escapeRegExp(part));
		// A path segment where it stands on its own ("acme-internal" in any text), unless an endpoint path has it.
		for (const segment of path.split('/')) {
			if (segment.length > 2 && !endpointSegments.has(segment.toLowerCase())) parts.add(`(?<![A-Za-z0-9])${escapeRegExp(segment)}(?![A-Za-z0-9])`);
		}
	}
	let text = report
		// A redirect's target, whatever its form.
		.replace(/(redirect \(HTTP \d+\) to )"[^"]*"/g, '$1"[an address]"')
		.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '[an address]')
		// Scheme-relative (//host/…) and relative (/path?query) addresses, except the endpoint paths.
		.replace(/(?<![\w.:/\]])\/\/?[^\s"'<>),;]+/g, (found) => (ENDPOINT_PATHS.has(found.replace(/\.+$/, '')) ? found : '[an address]'));
	for (const part of [...parts].sort((a, b) => b.length - a.length)) text = text.replace(new RegExp(part, 'gi'), '[custom]');
	return text;
}
