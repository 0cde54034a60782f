'use strict';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

function escape(text) {
	return String(text)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;')
		// A literal CR would be read as LF (XML 1.0 §2.11).
		.replace(/\r/g, '&#13;');
}

/**
 * An escape function that also writes every non-ASCII character as a numeric character
 * reference, alternating decimal (`&#233;`) and hexadecimal (`&#x4E2D;`) over one document
 * (the numericEntities fault). A character above U+FFFF is one reference of its code point.
 */
function numericEscaper() {
	let count = 0;
	return (text) => {
		let out = '';
		for (const char of escape(text)) {
			const code = char.codePointAt(0);
			if (code < 0x80) out += char;
			else out += count++ % 2 === 0 ? `&#${code};` : `&#x${code.toString(16).toUpperCase()};`;
		}
		return out;
	};
}

/**
 * Renders an object as XML elements in key order. Arrays repeat their element; nested objects
 * nest; null, undefined and '' render as an empty element.
 */
function elements(object, esc = escape) {
	let out = '';
	for (const [name, value] of Object.entries(object)) {
		if (Array.isArray(value)) {
			for (const entry of value) out += `<${name}>${typeof entry === 'object' ? elements(entry, esc) : esc(entry)}</${name}>`;
		} else if (value !== null && typeof value === 'object') {
			out += `<${name}>${elements(value, esc)}</${name}>`;
		} else {
			out += value === undefined || value === null || value === '' ? `<${name}></${name}>` : `<${name}>${esc(value)}</${name}>`;
		}
	}
	return out;
}

/** `<?xml …?><response>…</response>`; `numericEntities` writes non-ASCII text as references. */
function responseXml(fields, { numericEntities = false } = {}) {
	return `${XML_DECLARATION}<response>${elements(fields, numericEntities ? numericEscaper() : escape)}</response>`;
}

module.exports = { responseXml, escape, elements, numericEscaper, XML_DECLARATION };
