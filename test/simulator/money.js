'use strict';
/**
 * Amounts in a currency's minor units. How many decimals a currency has comes from the runtime's
 * ICU data (ISO 4217, as a gateway takes it): JPY 0, USD 2, BHD 3. A code ICU does not know has 2.
 * Independent of the package: it reads ICU itself and shares no code with the node.
 */
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function decimalsOf(currency) {
	const code = String(currency ?? '').trim().toUpperCase();
	if (!KNOWN_CURRENCIES.has(code)) return 2;
	return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits;
}

/** Amount text with at most `decimals` decimals → integer minor units; NaN for anything else (no sign, no exponent). */
function minorUnits(value, decimals = 2) {
	const match = /^(\d+)(?:\.(\d+))?$/.exec(String(value ?? '').trim());
	if (!match || (match[2] ?? '').length > decimals) return NaN;
	return Number(match[1]) * 10 ** decimals + Number((match[2] ?? '').padEnd(decimals, '0') || '0');
}

/** Like minorUnits(), but tolerant of stored amounts with more decimals (rounded). */
function storedMinorUnits(value, decimals = 2) {
	const exact = minorUnits(value, decimals);
	if (!Number.isNaN(exact)) return exact;
	const number = Number(String(value ?? ''));
	return Number.isFinite(number) && number >= 0 ? Math.round(number * 10 ** decimals) : NaN;
}

/** Minor units → amount text with the currency's decimals (1050, 2 → "10.50"; 999, 0 → "999"). */
function formatMinor(value, decimals = 2) {
	if (decimals === 0) return String(value);
	const unit = 10 ** decimals;
	return `${Math.floor(value / unit)}.${String(value % unit).padStart(decimals, '0')}`;
}

module.exports = { decimalsOf, minorUnits, storedMinorUnits, formatMinor };
