/**
* Counterexamples exactly-once.test.ts found, replayed on every run as fixed scenarios.
* - seed -1859236093 (Europe/Berlin, clock set back on 2026-10-25, Every Poll): while a pass over
*   the repeated hour was unfinished, the re-read of the Overlap began inside that hour, was
*   snapped to its start and read the pass's window a second time in the same poll.
*/
import { runScenario, type Scenario } from './exactly-once.scenario';

const SEED_1859236093: Scenario = {
	zone: 'Europe/Berlin',
	before: 0,
	change: 3,
	event: 'payments',
	reRead: 'everyPoll',
	maxCalls: 5,
	overlapMinutes: 12,
	pageSize: 3,
	steps: [
		{ gap: 20, lags: [0], shiftAfterCalls: 0 },
		{ gap: 156, lags: [], shiftAfterCalls: null },
		{ gap: 20, lags: [], shiftAfterCalls: null },
		{ gap: 20, lags: [0], shiftAfterCalls: 0 },
		{ gap: 20, lags: [], shiftAfterCalls: null },
		{ gap: 20, lags: [0, 0, 0], shiftAfterCalls: 0 },
		{ gap: 274, lags: [0], shiftAfterCalls: 0 },
		{ gap: 418, lags: [], shiftAfterCalls: 0 },
		{ gap: 416, lags: [0, 0, 0, 0, 0], shiftAfterCalls: 0 },
		{ gap: 384, lags: [0, 0, 0, 0, 0, 0, 0, 0, 1.824375983058637e-250, 8.4e-323], shiftAfterCalls: 0 },
		{ gap: 308, lags: [7.883560388246823e-197], shiftAfterCalls: 1 },
		{ gap: 23, lags: [5e-323, 2e-323, 3.5410300438935652e-50], shiftAfterCalls: 1 },
		{ gap: 26, lags: [], shiftAfterCalls: 1 },
		{ gap: 22, lags: [3e-323, 2.5e-323], shiftAfterCalls: 1 },
		{ gap: 65, lags: [7.454307235288667e-106, 6.506186721246428e-104, 3.812376024710622e-237, 1.3816553333842468e-301, 1.0603892352548757e-306, 5.150290500701716e-176, 1.1053475807315098e-165, 2.3080540986831816e-164, 4.131640315866833e-210], shiftAfterCalls: 2 },
		{ gap: 173, lags: [3.685871665840994e-247], shiftAfterCalls: 0 },
		{ gap: 27, lags: [4.3490018872993124e-52, 1e-323, 9.981955159425356e-248, 0.9999999999999983, 4.979960144015411e-171], shiftAfterCalls: 0 },
		{ gap: 404, lags: [8.4e-323, 1.4827295369823278e-27], shiftAfterCalls: 2 },
		{ gap: 73, lags: [4.265877587017504e-231, 3.788120278569903e-250, 2.4681173149823327e-93, 3.4307507962080455e-98, 2.2162162291469315e-281, 1.1615923406063151e-11, 5.078239129304627e-195, 7.726154656922488e-17, 2.2189478896358505e-124], shiftAfterCalls: null },
		{ gap: 372, lags: [1.0985795110600215e-96, 1.9711874745344018e-260, 5.391993051708638e-304, 2.5039171754332766e-112, 1.1260169223796898e-277, 1.2255731261683593e-237, 2.346260519179128e-127, 8.383633333576745e-254, 8.429490297800352e-91, 2.3255737040654975e-147], shiftAfterCalls: 1 },
	],
};

test('seed -1859236093: a pass over the repeated hour is not read twice by the re-read of the Overlap', async () => {
	await runScenario(SEED_1859236093);
}, 120_000);
