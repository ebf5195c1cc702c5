/** The transport's public face: the client, and the types callers need. */
export { dataProviderBody, methodCommandFields } from './bodies';
export type { DataProviderTarget } from './bodies';
export { OneStreamClient } from './client';
export type { Logon, SessionInfo } from './session';
export type {
	ApiVersion,
	CallLimits,
	EnvelopeSettings,
	JobCall,
	OneStreamConnection,
	ReadCall,
} from './types';
