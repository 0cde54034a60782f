import type { IDataObject, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { outputSchema } from '../helpers/output';
import { operationFor } from './router';

/**
 * The output schemas n8n serves to the editor (`/schemas/<type>/<version>/<resource>/<operation>.json`
 * from `__schema__/v<x.y.z>/<resource>/<operation>.json` beside the node's .js file), one per
 * resource/operation of the node's description. The build writes them (gulpfile.js); an
 * operation without an output declaration fails the build.
 */

export interface DescribedOperation {
	resource: string;
	operation: string;
}

const valuesOf = (property: INodeProperties | undefined): string[] =>
	(property?.options ?? []).map((option) => String((option as { value: unknown }).value));

/** Every resource/operation pair the node's description offers. */
export function describedOperations(description: INodeTypeDescription): DescribedOperation[] {
	const pairs: DescribedOperation[] = [];
	for (const resource of valuesOf(description.properties.find((property) => property.name === 'resource'))) {
		const operations = description.properties.filter(
			(property) => property.name === 'operation' && (property.displayOptions?.show?.resource as unknown[] | undefined)?.includes(resource),
		);
		if (operations.length !== 1) throw new Error(`Resource "${resource}" has ${operations.length} operation parameters, not 1`);
		for (const operation of valuesOf(operations[0])) pairs.push({ resource, operation });
	}
	return pairs;
}

/** `1` → `1.0.0`, `1.1` → `1.1.0`: the folder name n8n looks in. */
export const schemaVersion = (version: number): string => {
	const parts = String(version).split('.');
	while (parts.length < 3) parts.push('0');
	return parts.join('.');
};

export interface SchemaFile extends DescribedOperation {
	/** Path under the node's `__schema__` folder. */
	path: string;
	schema: IDataObject;
}

export function outputSchemaFiles(description: INodeTypeDescription): SchemaFile[] {
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	const files: SchemaFile[] = [];
	for (const { resource, operation } of describedOperations(description)) {
		const declared = operationFor(resource, operation)?.output;
		if (!declared) throw new Error(`${resource}/${operation} is in the node's description but has no output declaration in actions/router.ts`);
		const schema = outputSchema(declared);
		for (const version of versions) {
			files.push({ resource, operation, path: `v${schemaVersion(version)}/${resource}/${operation}.json`, schema });
		}
	}
	return files;
}
