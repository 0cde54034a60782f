/**
 * Money as exact decimals (digits as a bigint and a scale, never a float), and how many decimals a
 * currency has. The decimals come from the runtime's ICU data (ISO 4217): JPY 0, USD 2, BHD 3,
 * CLF 4. A currency the runtime does not know, or none at all, is "unknown": callers decide.
 */

/** An exact decimal: `units / 10^scale` (10.50 → 1050n, 2). */
export interface Decimal {
	units: bigint;
	scale: number;
}

const DECIMAL_FORM = /^(\d+)(?:\.(\d+))?$/;
/** The most decimals any currency has in ICU (CLF, UYW: 4). */
export const MAX_CURRENCY_DECIMALS = 4;
/** What the node allows when it does not know the payment's currency: Oceanpayment's examples use 2. */
export const DECIMALS_WITHOUT_CURRENCY = 2;

// BigInt literals (10n) need an ES2020 target; the package builds for ES2019.
const ZERO = BigInt(0);
const TEN = BigInt(10);

let knownCurrencies: Set<string> | undefined;
/** `Intl.supportedValuesOf` (Node 18+), typed here: the package's lib is ES2020. */
const supportedCurrencies = (): string[] => (Intl as unknown as { supportedValuesOf(key: 'currency'): string[] }).supportedValuesOf('currency');

/** The decimals of an ISO currency code per ICU, or undefined for a code the runtime does not know. */
export function currencyDecimals(currency: unknown): number | undefined {
	const code = typeof currency === 'string' ? currency.trim().toUpperCase() : '';
	if (!/^[A-Z]{3}$/.test(code)) return undefined;
	knownCurrencies ??= new Set(supportedCurrencies());
	if (!knownCurrencies.has(code)) return undefined;
	return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits;
}

/** A plain decimal text ("10", "10.5", "0.010"); undefined for anything else (sign, exponent, spaces inside). */
export function parseDecimal(text: unknown): Decimal | undefined {
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const match = DECIMAL_FORM.exec(String(text).trim());
	if (!match) return undefined;
	const fraction = match[2] ?? '';
	return { units: BigInt(match[1] + fraction), scale: fraction.length };
}

/** The number of decimals a value needs (trailing zeros do not count: 10.50 needs 1). */
export function decimalsNeeded(value: Decimal): number {
	let { units, scale } = value;
	while (scale > 0 && units % TEN === ZERO) {
		units /= TEN;
		scale--;
	}
	return scale;
}

const rescale = (value: Decimal, scale: number): bigint => value.units * TEN ** BigInt(scale - value.scale);

export function compareDecimals(a: Decimal, b: Decimal): number {
	const scale = Math.max(a.scale, b.scale);
	const left = rescale(a, scale);
	const right = rescale(b, scale);
	return left === right ? 0 : left < right ? -1 : 1;
}

export function subtractDecimals(a: Decimal, b: Decimal): Decimal {
	const scale = Math.max(a.scale, b.scale);
	return { units: rescale(a, scale) - rescale(b, scale), scale };
}

export function addDecimals(a: Decimal, b: Decimal): Decimal {
	const scale = Math.max(a.scale, b.scale);
	return { units: rescale(a, scale) + rescale(b, scale), scale };
}

/** The text of a decimal with at least `minScale` decimals (1050n, 2 → "10.50"; with 0 → "10.5"). */
export function formatDecimal(value: Decimal, minScale = 0): string {
	const needed = Math.max(decimalsNeeded(value), minScale);
	const units = needed >= value.scale ? rescale(value, needed) : value.units / TEN ** BigInt(value.scale - needed);
	const negative = units < ZERO;
	const digits = (negative ? -units : units).toString().padStart(needed + 1, '0');
	const text = needed === 0 ? digits : `${digits.slice(0, -needed)}.${digits.slice(-needed)}`;
	return negative ? `-${text}` : text;
}

/**
 * The amount as the gateway gets it, when it is exact in the currency's minor units: at most
 * `decimals` decimals once trailing zeros beyond them are dropped ("1000.00" JPY → "1000",
 * "10.500" USD → "10.50") and leading zeros too ("010.00" → "10.00"); undefined when it needs
 * more ("999.50" JPY).
 */
export function exactAmountText(text: string, decimals: number): string | undefined {
	const value = parseDecimal(text);
	if (!value || decimalsNeeded(value) > decimals) return undefined;
	const [digits, fraction = ''] = text.trim().split('.');
	const whole = digits.replace(/^0+(?=\d)/, '');
	const kept = fraction.length > decimals ? fraction.slice(0, decimals) : fraction;
	return kept === '' ? whole : `${whole}.${kept}`;
}

/**
 * An amount in the currency's minor units as a whole number ("10.50" USD → 1050, "1000" JPY →
 * 1000, "1.005" BHD → 1005), so that workflows compare money without float errors. null when the
 * currency is unknown, the text is not a plain amount, it needs more decimals than the currency
 * has, or the result is beyond what a JSON number holds exactly.
 */
export function minorUnits(amount: unknown, currency: unknown): number | null {
	const decimals = currencyDecimals(currency);
	const value = parseDecimal(amount);
	if (decimals === undefined || !value || decimalsNeeded(value) > decimals) return null;
	const units = value.scale >= decimals ? value.units / TEN ** BigInt(value.scale - decimals) : value.units * TEN ** BigInt(decimals - value.scale);
	return units <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(units) : null;
}
