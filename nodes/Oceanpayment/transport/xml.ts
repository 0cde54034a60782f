import type { IDataObject } from 'n8n-workflow';

import { XMLParser, XMLValidator } from './xmlLibrary';
import { maskCardLikeNumbers } from '../helpers/parameters';

/** Elements that repeat once per record; always arrays, even with one or zero entries. */
const RECORD_ELEMENTS = new Set(['paymentInfo', 'orderInfo']);

const parser = new XMLParser({
	ignoreAttributes: true,
	ignoreDeclaration: true,
	ignorePiTags: true,
	// Keep every value a string: order numbers and amounts keep leading zeros and decimals.
	parseTagValue: false,
	trimValues: true,
	// The five XML entities and numeric character references (&#233; &#x4E2D;) are decoded.
	// Documents with a DOCTYPE are refused before parsing, so no declared entity is ever expanded.
	processEntities: true,
	htmlEntities: true,
	isArray: (name: string) => RECORD_ELEMENTS.has(name),
});

/** A parsed body, or why it could not be read (with its first bytes, for the error message). */
export type ParsedBody = { ok: true; data: IDataObject } | { ok: false; problem: string; excerpt: string };

const unreadable = (problem: string, excerpt: string): ParsedBody => ({ ok: false, problem, excerpt });

/** The first bytes of a body, on one line, for error messages; card numbers masked. */
export function excerptOf(body: string, length = 120): string {
	// Masked before it is cut, so that the cut cannot split a card number out of the mask's reach.
	const flat = maskCardLikeNumbers(body.slice(0, length * 16).replace(/\s+/g, ' ').trim());
	return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

function looksLikeHtml(body: string): boolean {
	return /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(body);
}

/** The five XML entities; numeric character references are decoded beside them. */
const XML_ENTITIES = new Map([
	['amp', '&'],
	['lt', '<'],
	['gt', '>'],
	['quot', '"'],
	['apos', "'"],
]);
const CHARACTER_REFERENCE = /^#(?:\d{1,7}|x[\da-fA-F]{1,6})$/;
/** Element names the plain reader takes; anything else goes to the full parser. */
const PLAIN_NAME = /^[A-Za-z_][\w.-]*$/;
/** Names the full parser renames or refuses, as they reach into Object.prototype. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
const DECLARATION = /^<\?xml(?:\s+[A-Za-z_][\w.-]*\s*=\s*(?:"[^"<&]*"|'[^'<&]*'))*\s*\?>/;
/** Deeper documents go to the full parser, which has its own nesting limit. */
const MAX_PLAIN_DEPTH = 50;

/** A code point XML 1.0 allows in text (no C0 controls but tab and line breaks, no surrogates). */
const isXmlCharacter = (code: number) =>
	code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);

/** Decodes the XML entities and character references; undefined for any other `&`. */
function decodeEntities(text: string): string | undefined {
	let decoded = '';
	let last = 0;
	for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', last)) {
		const end = text.indexOf(';', at);
		const name = end === -1 ? '' : text.slice(at + 1, end);
		let character = XML_ENTITIES.get(name);
		if (character === undefined) {
			if (!CHARACTER_REFERENCE.test(name)) return undefined;
			const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
			if (!isXmlCharacter(code)) return undefined;
			character = String.fromCodePoint(code);
		}
		decoded += text.slice(last, at) + character;
		last = end + 1;
	}
	return decoded + text.slice(last);
}

/**
 * A value that does not keep its answer in memory. V8 shares the characters of a substring of 13
 * or more characters with the string it was cut from (shorter ones are copied), so one value kept
 * in an output item would keep the whole XML page it came from; a concatenation, read once, is a
 * copy of its own.
 */
const detached = (text: string) => ` ${text}`.slice(1);

/** Whether text[from, to) holds only spaces, tabs and line breaks. */
function isBlank(text: string, from: number, to: number): boolean {
	for (let at = from; at < to; at++) {
		const code = text.charCodeAt(at);
		if (code !== 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) return false;
	}
	return true;
}

function addField(fields: IDataObject, name: string, value: IDataObject | string): void {
	if (!Object.prototype.hasOwnProperty.call(fields, name)) {
		fields[name] = RECORD_ELEMENTS.has(name) ? [value] : value;
		return;
	}
	const existing = fields[name];
	if (Array.isArray(existing)) (existing as Array<IDataObject | string>).push(value);
	else fields[name] = [existing as IDataObject | string, value];
}

/**
 * Reads the shape every Oceanpayment answer has, in one pass: an optional XML declaration, one
 * root, elements without attributes holding either text or other elements. Gives the same result
 * as the full parser below; anything else (attributes, comments, CDATA, entities other than the
 * XML ones, mixed content, and every kind of damage: truncation, mismatched or unclosed tags, text
 * outside the root) gives undefined, and the full parser then reads or refuses the body.
 */
export function readPlainXml(body: string): IDataObject | undefined {
	let position = 0;
	if (body.startsWith('<?xml')) {
		const declaration = DECLARATION.exec(body);
		if (!declaration) return undefined;
		position = declaration[0].length;
	}
	const document: IDataObject = {};
	const open: Array<{ name: string; fields?: IDataObject }> = [];
	// Short values repeat (currency, method, codes): one string each, not one per record.
	const shortValues = new Map<string, string>();
	let roots = 0;
	for (;;) {
		const tagStart = body.indexOf('<', position);
		const parent = open[open.length - 1];
		if (tagStart === -1) {
			if (parent || roots !== 1 || !isBlank(body, position, body.length)) return undefined;
			return document;
		}
		const tagEnd = body.indexOf('>', tagStart + 1);
		if (tagEnd === -1) return undefined;
		if (body.charCodeAt(tagStart + 1) === 0x2f /* / */) {
			if (!parent || tagEnd - tagStart - 2 !== parent.name.length || !body.startsWith(parent.name, tagStart + 2)) return undefined;
			let value: IDataObject | string;
			if (parent.fields) {
				if (!isBlank(body, position, tagStart)) return undefined; // text beside elements
				value = parent.fields;
			} else {
				let text = body.slice(position, tagStart);
				if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
				text = text.trim();
				const decoded = text.includes('&') ? decodeEntities(text) : text;
				if (decoded === undefined) return undefined;
				if (decoded.length >= 13) value = detached(decoded);
				else {
					const known = shortValues.get(decoded);
					if (known === undefined) shortValues.set(decoded, decoded);
					value = known ?? decoded;
				}
			}
			open.pop();
			const grandparent = open[open.length - 1];
			addField(grandparent ? (grandparent.fields as IDataObject) : document, parent.name, value);
		} else {
			if (!isBlank(body, position, tagStart)) return undefined;
			const selfClosing = body.charCodeAt(tagEnd - 1) === 0x2f; /* / */
			const name = body.slice(tagStart + 1, selfClosing ? tagEnd - 1 : tagEnd);
			if (!PLAIN_NAME.test(name) || RESERVED_NAMES.has(name) || open.length >= MAX_PLAIN_DEPTH) return undefined;
			if (!parent) roots++;
			if (parent) parent.fields ??= {};
			if (selfClosing) addField(parent ? (parent.fields as IDataObject) : document, name, '');
			else open.push({ name });
		}
		position = tagEnd + 1;
	}
}

type XmlDocument = { ok: true; document: IDataObject } | { ok: false; problem: string };

/**
 * The full parser: any well-formed XML without a DOCTYPE, as a whole document, or what the text is
 * instead ("malformed XML (…)"), for the gateway's answers and for pushed notifications alike.
 */
export function readXmlWithLibrary(text: string): XmlDocument {
	if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
		return { ok: false, problem: /<html[\s>]/i.test(text) ? 'an HTML page instead of XML' : 'XML with a DOCTYPE, which Oceanpayment never sends' };
	}
	const verdict = XMLValidator.validate(text);
	if (verdict !== true) return { ok: false, problem: `malformed XML (${verdict.err.msg} at line ${verdict.err.line})` };
	try {
		return { ok: true, document: parser.parse(text) as IDataObject };
	} catch (error) {
		return { ok: false, problem: `XML that cannot be read (${(error as Error).message})` };
	}
}

/** The plain shape Oceanpayment sends in one pass (readPlainXml), everything else with the full parser. */
export function readXmlDocument(text: string): XmlDocument {
	const plain = readPlainXml(text);
	return plain ? { ok: true, document: plain } : readXmlWithLibrary(text);
}

/**
 * Parses an Oceanpayment XML answer into plain JSON: the children of the root element (normally
 * `<response>`), values as strings, empty elements as '', records as arrays.
 * Empty, HTML, malformed or field-less bodies come back as `ok: false`, never as an exception.
 * Answers of the usual plain shape are read in one pass (readPlainXml); the rest by the full
 * parser after its validator, which finds every kind of damage.
 */
export function parseGatewayXml(body: string): ParsedBody {
	if (body.trim() === '') return unreadable('The gateway returned an empty body', '');
	const excerpt = () => excerptOf(body);
	if (looksLikeHtml(body)) {
		return unreadable('The gateway returned an HTML page instead of XML', excerpt());
	}
	const read = readXmlDocument(body);
	if (!read.ok) return unreadable(`The gateway returned ${read.problem}`, excerpt());
	const document = read.document;
	const roots = Object.keys(document);
	if (roots.length !== 1) {
		return unreadable('The gateway returned XML without a single root element', excerpt());
	}
	if (roots[0] !== 'response') {
		return unreadable(`The gateway returned XML that is not an Oceanpayment answer (its root element is <${roots[0]}>, not <response>)`, excerpt());
	}
	const root = document[roots[0]];
	if (typeof root !== 'object' || root === null || Array.isArray(root)) {
		// `<response/>` or a root with only text: no fields to read.
		if (root === '' || root === undefined) return { ok: true, data: {} };
		return unreadable('The gateway returned XML without fields', excerpt());
	}
	return { ok: true, data: root as IDataObject };
}

/** Parses a JSON answer of the `pinc` endpoints. */
export function parseGatewayJson(body: string): ParsedBody {
	if (body.trim() === '') return unreadable('The gateway returned an empty body', '');
	const excerpt = excerptOf(body);
	if (looksLikeHtml(body)) {
		return unreadable('The gateway returned an HTML page instead of JSON', excerpt);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return unreadable('The gateway returned malformed JSON', excerpt);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return unreadable('The gateway returned JSON that is not an object', excerpt);
	}
	return { ok: true, data: parsed as IDataObject };
}
