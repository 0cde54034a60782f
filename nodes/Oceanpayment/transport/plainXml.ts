import type { IDataObject } from 'n8n-workflow';

/**
 * The plain reader: the flat XML Oceanpayment sends (elements, text, the five entities), read in
 * one pass. Anything else is left to the full parser in xml.ts.
 */

/** Elements that repeat once per record; always arrays, even with one or zero entries. */
export const RECORD_ELEMENTS = new Set(['paymentInfo', 'orderInfo']);

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

function addField(fields: IDataObject, name: string, value: IDataObject | string, exact: boolean): void {
	if (!Object.prototype.hasOwnProperty.call(fields, name)) {
		fields[name] = RECORD_ELEMENTS.has(name) && !exact ? [value] : value;
		return;
	}
	const existing = fields[name];
	if (Array.isArray(existing)) (existing as Array<IDataObject | string>).push(value);
	else fields[name] = [existing as IDataObject | string, value];
}

/** Whether every character of the text is one XML 1.0 allows. */
function isXmlText(text: string): boolean {
	for (const character of text) if (!isXmlCharacter(character.codePointAt(0) as number)) return false;
	return true;
}

const isWhiteSpace = (text: string) => /^[ \t\n\r]*$/.test(text);
/** A tag's name without the white space XML allows before its `>` (CR is read as LF by then). */
const tagName = (tag: string) => tag.replace(/[ \t\n]+$/, '');

interface OpenElement {
	name: string;
	fields?: IDataObject;
	/** Exact mode: the element's text so far (character data, references and CDATA, in order). */
	text: string;
}

/**
 * Exact mode: skips a comment or processing instruction, or adds a CDATA section to the open
 * element's text. The position after it; -1 for damaged or refused markup (a DOCTYPE, CDATA
 * outside the root); undefined when the markup at `at` is a tag.
 */
function skipMarkup(body: string, at: number, parent: OpenElement | undefined): number | undefined {
	if (body.startsWith('<!--', at)) {
		const end = body.indexOf('-->', at + 4);
		const comment = end === -1 ? '' : body.slice(at + 4, end);
		return end === -1 || comment.includes('--') || comment.endsWith('-') ? -1 : end + 3;
	}
	if (body.startsWith('<![CDATA[', at)) {
		const end = body.indexOf(']]>', at + 9);
		if (!parent || end === -1) return -1;
		parent.text += body.slice(at + 9, end);
		return end + 3;
	}
	if (body.startsWith('<?', at)) {
		const end = body.indexOf('?>', at + 2);
		const target = /^[A-Za-z_][\w.-]*/.exec(body.slice(at + 2, at + 52))?.[0] ?? '';
		return end === -1 || !target || target.toLowerCase() === 'xml' ? -1 : end + 2;
	}
	return body.startsWith('<!', at) ? -1 : undefined;
}

export interface PlainXmlOptions {
	/**
	 * Read the text of each element exactly as XML defines it, for pushed notifications: nothing
	 * trimmed; line breaks read as XML reads them (CR LF and CR become LF), the five entities and
	 * character references decoded, CDATA taken as written, comments and processing instructions
	 * skipped, white space allowed inside tags. Repeated elements come back as arrays (no element
	 * is a record), and anything else (attributes, namespaces, a DOCTYPE, damage) as undefined,
	 * never to the full parser.
	 */
	exact?: boolean;
}

/**
 * Reads the shape every Oceanpayment answer has, in one pass: an optional XML declaration, one
 * root, elements without attributes holding either text or other elements. Gives the same result
 * as the full parser below; anything else (attributes, comments, CDATA, entities other than the
 * XML ones, mixed content, and every kind of damage: truncation, mismatched or unclosed tags, text
 * outside the root) gives undefined, and the full parser then reads or refuses the body.
 * With `exact`, see PlainXmlOptions.
 */
export function readPlainXml(body: string, { exact = false }: PlainXmlOptions = {}): IDataObject | undefined {
	if (exact) {
		// XML 1.0 §2.11: every CR LF and lone CR is read as LF before anything else.
		if (body.includes('\r')) body = body.replace(/\r\n?/g, '\n');
		if (!isXmlText(body)) return undefined;
	}
	let position = 0;
	if (body.startsWith('<?xml')) {
		const declaration = DECLARATION.exec(body);
		if (!declaration) return undefined;
		position = declaration[0].length;
	}
	const document: IDataObject = {};
	const open: OpenElement[] = [];
	// Short values repeat (currency, method, codes): one string each, not one per record.
	const shortValues = new Map<string, string>();
	const keep = (text: string) => {
		if (text.length >= 13) return detached(text);
		const known = shortValues.get(text);
		if (known === undefined) shortValues.set(text, text);
		return known ?? text;
	};
	let roots = 0;
	for (;;) {
		const tagStart = body.indexOf('<', position);
		const parent = open[open.length - 1];
		if (tagStart === -1) {
			if (parent || roots !== 1 || !isBlank(body, position, body.length)) return undefined;
			return document;
		}
		if (exact) {
			if (parent) {
				const segment = body.slice(position, tagStart);
				const decoded = segment.includes(']]>') ? undefined : segment.includes('&') ? decodeEntities(segment) : segment;
				if (decoded === undefined) return undefined;
				parent.text += decoded;
			} else if (!isBlank(body, position, tagStart)) return undefined;
			const skipped = skipMarkup(body, tagStart, parent);
			if (skipped === -1) return undefined;
			if (skipped !== undefined) {
				position = skipped;
				continue;
			}
		}
		const tagEnd = body.indexOf('>', tagStart + 1);
		if (tagEnd === -1) return undefined;
		if (body.charCodeAt(tagStart + 1) === 0x2f /* / */) {
			const closing = body.slice(tagStart + 2, tagEnd);
			if (!parent || (exact ? tagName(closing) : closing) !== parent.name) return undefined;
			let value: IDataObject | string;
			if (parent.fields) {
				// No text beside elements.
				if (exact ? !isWhiteSpace(parent.text) : !isBlank(body, position, tagStart)) return undefined;
				value = parent.fields;
			} else if (exact) {
				value = keep(parent.text);
			} else {
				let text = body.slice(position, tagStart);
				if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
				text = text.trim();
				const decoded = text.includes('&') ? decodeEntities(text) : text;
				if (decoded === undefined) return undefined;
				value = keep(decoded);
			}
			open.pop();
			const grandparent = open[open.length - 1];
			addField(grandparent ? (grandparent.fields as IDataObject) : document, parent.name, value, exact);
		} else {
			if (!exact && !isBlank(body, position, tagStart)) return undefined;
			const selfClosing = body.charCodeAt(tagEnd - 1) === 0x2f; /* / */
			const tag = body.slice(tagStart + 1, selfClosing ? tagEnd - 1 : tagEnd);
			const name = exact ? tagName(tag) : tag;
			if (!PLAIN_NAME.test(name) || RESERVED_NAMES.has(name) || open.length >= MAX_PLAIN_DEPTH) return undefined;
			if (!parent) roots++;
			if (parent) parent.fields ??= {};
			if (selfClosing) addField(parent ? (parent.fields as IDataObject) : document, name, '', exact);
			else open.push({ name, text: '' });
		}
		position = tagEnd + 1;
	}
}
