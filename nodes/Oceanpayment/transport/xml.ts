import type { IDataObject } from 'n8n-workflow';

import { XMLParser, XMLValidator } from './xmlLibrary';

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

/** The first bytes of a body, on one line, for error messages. */
export function excerptOf(body: string, length = 120): string {
	const flat = body.replace(/\s+/g, ' ').trim();
	return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

function looksLikeHtml(body: string): boolean {
	return /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(body);
}

/**
 * Parses an Oceanpayment XML answer into plain JSON: the children of the root element (normally
 * `<response>`), values as strings, empty elements as '', records as arrays.
 * Empty, HTML, malformed or field-less bodies come back as `ok: false`, never as an exception.
 */
export function parseGatewayXml(body: string): ParsedBody {
	if (body.trim() === '') return unreadable('The gateway returned an empty body', '');
	const excerpt = excerptOf(body);
	if (looksLikeHtml(body)) {
		return unreadable('The gateway returned an HTML page instead of XML', excerpt);
	}
	if (/<!DOCTYPE|<!ENTITY/i.test(body)) {
		return unreadable(
			/<html[\s>]/i.test(body) ? 'The gateway returned an HTML page instead of XML' : 'The gateway returned XML with a DOCTYPE, which Oceanpayment answers never have',
			excerpt,
		);
	}
	const verdict = XMLValidator.validate(body);
	if (verdict !== true) {
		return unreadable(
			`The gateway returned malformed XML (${verdict.err.msg} at line ${verdict.err.line})`,
			excerpt,
		);
	}
	const document = parser.parse(body) as IDataObject;
	const roots = Object.keys(document);
	if (roots.length !== 1) {
		return unreadable('The gateway returned XML without a single root element', excerpt);
	}
	if (roots[0] !== 'response') {
		return unreadable(`The gateway returned XML that is not an Oceanpayment answer (its root element is <${roots[0]}>, not <response>)`, excerpt);
	}
	const root = document[roots[0]];
	if (typeof root !== 'object' || root === null || Array.isArray(root)) {
		// `<response/>` or a root with only text: no fields to read.
		if (root === '' || root === undefined) return { ok: true, data: {} };
		return unreadable('The gateway returned XML without fields', excerpt);
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
