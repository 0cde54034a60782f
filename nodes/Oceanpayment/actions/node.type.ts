import type { AllEntities } from 'n8n-workflow';

import type { resourceOptions } from './resource.description';
import type { resourceModules } from './router';

/**
 * Resource → operation names, as in n8n's Airtable v2 `node.type.ts`, but derived from the
 * descriptions' option values instead of written out: renaming, adding or dropping a Resource or
 * Operation option without its operation module fails to compile in actions/router.ts.
 */

type ValuesOf<Options> = Options extends readonly { value: infer Value }[] ? Value : never;

/** The Resource options' values. */
export type ResourceName = ValuesOf<typeof resourceOptions>;

/** Each resource's Operation options' values (the `operations` of its *.resource.ts). */
export type NodeMap = { [R in ResourceName]: ValuesOf<(typeof resourceModules)[R]['operations']> };

export type OceanpaymentType = AllEntities<NodeMap>;
