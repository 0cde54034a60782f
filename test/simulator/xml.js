'use strict';

function escape(text) {
	return String(text)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

/**
 * Renders an object as XML elements in key order. Arrays repeat their element; nested objects
 * nest; null, undefined and '' render as an empty element.
 */
function elements(object) {
	let out = '';
	for (const [name, value] of Object.entries(object)) {
		if (Array.isArray(value)) {
			for (const entry of value) out += `<${name}>${typeof entry === 'object' ? elements(entry) : escape(entry)}</${name}>`;
		} else if (value !== null && typeof value === 'object') {
			out += `<${name}>${elements(value)}</${name}>`;
		} else {
			out += value === undefined || value === null || value === '' ? `<${name}></${name}>` : `<${name}>${escape(value)}</${name}>`;
		}
	}
	return out;
}

function responseXml(fields) {
	return `<?xml version="1.0" encoding="UTF-8"?><response>${elements(fields)}</response>`;
}

module.exports = { responseXml, escape };
