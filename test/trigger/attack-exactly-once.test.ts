/**
 * ATTACK (issue 26 review): exactly-once of the list events under restarts, mid-poll gateway
 * faults, irregular polls, bursts over the budget, small budgets, DST / half-hour / 45-minute
 * zones and states of the previous version. See attack-exactly-once.scenario.ts.
 */
import { test } from '@fast-check/jest';

import { attackScenario, runAttack } from './attack-exactly-once.scenario';

test.prop([attackScenario], { numRuns: 12 })(
	'every record listed within the Overlap comes out exactly once, across restarts, faults, bursts and previous-version states; every window runs forward in local time',
	runAttack,
	900_000,
);
