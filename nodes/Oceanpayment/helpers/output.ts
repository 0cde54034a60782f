import type { GenericValue, IDataObject } from 'n8n-workflow';

/**
 * Output fields, declared once. Each operation declares the fields of its (simplified) items;
 * the record simplifiers build their items from the same tables, and the build turns the
 * declarations into the JSON Schemas the editor shows as "Usually outputs the following fields".
 */

/** JSON Schema types; 'integer' for whole numbers. */
export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface OutputField {
	type: FieldType | readonly FieldType[];
	description: string;
	/** Absent from some items (e.g. only when a refund was sent now, or only on summary items). */
	optional?: boolean;
	/** Type of an array's elements. */
	items?: FieldType;
}

export type OutputFields = Record<string, OutputField>;

export interface OperationOutput {
	/** What one item is, for the schema's description. */
	title: string;
	fields: OutputFields;
	/** Items also carry fields of the gateway's answer whose names are not documented: what they are. */
	gatewayFields?: string;
}

/** The result code and text of the gateway's answer, on the items of operations that return one result. */
export const GATEWAY_RESULT_FIELDS = {
	code: { type: 'string', description: "The gateway's result code" },
	message: { type: 'string', description: "The gateway's result text" },
} as const satisfies OutputFields;

/** A field that a simplifier reads from its source (a gateway record, or what an operation knows). */
export interface SourceField<Source> extends OutputField {
	read(source: Source, zone: string): unknown;
}

export type SourceFields<Source> = Record<string, SourceField<Source>>;

/** Builds an item with exactly the table's fields, in the table's order. */
export function simplifier<Source>(fields: SourceFields<Source>): (source: Source, zone: string) => IDataObject {
	const entries = Object.entries(fields);
	return (source, zone) => {
		const item: IDataObject = {};
		for (const [name, field] of entries) item[name] = field.read(source, zone) as IDataObject[string];
		return item;
	};
}

const typesOf = (field: OutputField): FieldType[] => (typeof field.type === 'string' ? [field.type] : [...field.type]);

/**
 * The fields of items that are one of several kinds (e.g. a found payment or a not-found order):
 * a field missing from one kind is optional, a field with different types takes all of them.
 */
export function anyOf(...kinds: OutputFields[]): OutputFields {
	const merged: OutputFields = {};
	for (const kind of kinds) {
		for (const [name, field] of Object.entries(kind)) {
			const known = merged[name];
			if (!known) {
				merged[name] = { ...field, optional: field.optional || kinds.some((other) => !(name in other)) };
				continue;
			}
			const types = [...new Set([...typesOf(known), ...typesOf(field)])];
			merged[name] = { ...known, type: types.length === 1 ? types[0] : types, optional: known.optional || field.optional };
		}
	}
	return merged;
}

/** The plain JSON Schema of an operation's items, in the form n8n's own nodes ship. */
export function outputSchema(output: OperationOutput): IDataObject {
	const properties: IDataObject = {};
	for (const [name, field] of Object.entries(output.fields)) {
		const types = typesOf(field);
		properties[name] = {
			type: types.length === 1 ? types[0] : types,
			...(field.items ? { items: { type: field.items } } : {}),
			description: field.description,
		};
	}
	const required = Object.entries(output.fields)
		.filter(([, field]) => !field.optional)
		.map(([name]) => name);
	return {
		version: 1,
		type: 'object',
		description: `${output.title}${output.gatewayFields ? `. Also carries ${output.gatewayFields}` : ''}`,
		properties,
		required,
		additionalProperties: output.gatewayFields !== undefined,
	};
}

type ValueOfType<T> = T extends 'string'
	? string
	: T extends 'number' | 'integer'
		? number
		: T extends 'boolean'
			? boolean
			: T extends 'null'
				? null
				: T extends 'array'
					? GenericValue[] | IDataObject[]
					: T extends 'object'
						? IDataObject
						: never;
type ValueOf<F extends OutputField> = F['type'] extends readonly FieldType[] ? ValueOfType<F['type'][number]> : ValueOfType<F['type']>;

/**
 * The TypeScript type of an item with these fields, for `satisfies ItemOf<typeof FIELDS>`
 * (declare the fields `as const`): the compiler then rejects an item with a missing, unknown or
 * mistyped field.
 */
export type ItemOf<Fields extends OutputFields> = {
	[Name in keyof Fields as Fields[Name]['optional'] extends true ? never : Name]: ValueOf<Fields[Name]>;
} & {
	[Name in keyof Fields as Fields[Name]['optional'] extends true ? Name : never]?: ValueOf<Fields[Name]>;
};
