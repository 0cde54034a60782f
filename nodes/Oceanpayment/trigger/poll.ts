/**
 * The polls OceanpaymentTrigger.node.ts imports from here: the list events (listPoll.ts, over the
 * records of listRecords.ts, read in windows by reader.ts and windows.ts) and Order Status Changed
 * (statusPoll.ts). Dispute Reply Deadline is deadlines.ts.
 */
export { pollList } from './listPoll';
export { pollOrderStatus } from './statusPoll';
export type { ReReadMode, TriggerSettings } from './settings';
