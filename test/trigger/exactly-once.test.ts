/**
 * Properties of the polling trigger through n8n-core's real PollContext against the simulator:
 * random Gateway Time Zones (daylight saving, half-hour and 45-minute offsets), random poll
 * times across their clock changes, records listed up to Overlap after their date, lists that
 * change while their pages are read, random page sizes, budgets, Overlaps and Re-Read the Overlap
 * modes. Whatever the load:
 * - every record that reaches the list within the Overlap comes out exactly once;
 * - every window the gateway is asked for begins before it ends, at local times that exist once;
 *   the windows of one poll do not overlap, and all windows together leave no moment out.
 */
import { test } from '@fast-check/jest';

import { runScenario, scenario } from './exactly-once.scenario';

test.prop([scenario], { numRuns: 20 })(
	'every record listed within the Overlap comes out exactly once; windows run forward in local time, do not overlap within a poll and leave no moment out',
	runScenario,
	900_000,
);
