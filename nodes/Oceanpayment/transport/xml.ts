import type { IDataObject } from 'n8n-workflow';

import { XMLParser, XMLValidator } from './xmlLibrary';
import { maskCardLikeNumbers } from '../helpers/cardNumbers';
import { readPlainXml, RECORD_ELEMENTS, type PlainXmlOptions } from './plainXml';

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
 * With `exact`, values keep their white space (for comparing them with a notification's, which
 * are signed as sent); an answer the exact reader refuses is read the usual way.
 */
export function parseGatewayXml(body: string, { exact = false }: PlainXmlOptions = {}): ParsedBody {
	if (body.trim() === '') return unreadable('The gateway returned an empty body', '');
	const excerpt = () => excerptOf(body);
	if (looksLikeHtml(body)) {
		return unreadable('The gateway returned an HTML page instead of XML', excerpt());
	}
	const exactDocument = exact ? readPlainXml(body, { exact: true }) : undefined;
	const read: XmlDocument = exactDocument ? { ok: true, document: exactDocument } : readXmlDocument(body);
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
