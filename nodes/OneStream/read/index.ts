/** The read path's public face: one reader for the node, the trigger and the lists. */
export { OneStreamReader, wantedTable } from './reader';
export type { TableCollectingSink } from './reader';
export type { DataProviderTarget, ReadRequest, ReadSettings, TableSelection } from './request';
