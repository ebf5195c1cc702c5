/** The transport's public face: the client, and the types callers need. */
export { OneStreamClient } from './client';
export type { Logon, SessionInfo } from './session';
export type { ApiVersion, CallLimits, JobCall, OneStreamConnection, ReadCall } from './types';
