/** The transport's public face: the client, the error helpers callers reuse, and the types. */
export { OneStreamClient } from './client';
export { htmlTitle, looksLikeMarkup, textField } from './answerText';
export { callError, capitalize, outcomeUnknownText } from './failures';
export type {
	ApiVersion,
	BodyAttempt,
	BodyConsumer,
	CallLimits,
	HttpAnswer,
	JobCall,
	OneStreamConnection,
	ReadCall,
	RetrySettings,
	TextAnswer,
} from './types';
