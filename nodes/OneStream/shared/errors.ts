import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redact } from './redaction';

/** What the node can know of a Data Management job that did not report success. */
export type JobOutcome = 'notRun' | 'failed' | 'unknown';

/**
 * Where a failure comes from:
 * - `input`: what the user entered, found before anything was sent;
 * - `server`: OneStream, or something in front of it, answered with an error or did not answer;
 * - `internal`: the node itself failed (a bug), never to be mistaken for a network fault.
 */
export type ErrorSource = 'input' | 'server' | 'internal';

export interface OneStreamErrorDetails {
	httpCode?: string;
	/** Set on every error of a Data Management job that was attempted. */
	jobOutcome?: JobOutcome;
	/** No HTTP answer arrived at all: DNS, connect, TLS, or the deadline before the status line. */
	noAnswer?: boolean;
}

/** The node's one error type: a message, what to do about it, and where it came from. */
export class OneStreamError extends Error {
	constructor(
		message: string,
		readonly description: string,
		readonly source: ErrorSource = 'server',
		readonly details: OneStreamErrorDetails = {},
	) {
		super(message);
		this.name = 'OneStreamError';
	}

	get jobOutcome(): JobOutcome | undefined {
		return this.details.jobOutcome;
	}
}

/** A problem with what the user entered, found before any request was sent. */
export function inputError(message: string, description: string): OneStreamError {
	return new OneStreamError(message, description, 'input');
}

export type NodeError = NodeApiError | NodeOperationError;

function isNodeError(error: unknown): error is NodeError {
	// Duck-typed: n8n may load another copy of n8n-workflow, which defeats instanceof.
	return (
		error instanceof Error &&
		typeof (error as Partial<NodeError>).node === 'object' &&
		typeof (error as Partial<NodeError>).context === 'object'
	);
}

/**
 * The n8n error for anything a OneStream call or the node threw, scrubbed of the token:
 * input problems and internal failures become NodeOperationErrors, server failures NodeApiErrors.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	secret: string,
): NodeError {
	if (isNodeError(error)) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof OneStreamError) {
		const message = redact(error.message, secret);
		const description = redact(error.description, secret);
		if (error.source !== 'server') {
			return new NodeOperationError(node, message, { description, itemIndex });
		}
		const { httpCode, jobOutcome } = error.details;
		const response: JsonObject = { message, description };
		if (httpCode) response.httpCode = httpCode;
		if (jobOutcome) response.jobOutcome = jobOutcome;
		return new NodeApiError(node, response, { message, description, httpCode, itemIndex });
	}
	const text = redact(error instanceof Error ? error.message : String(error), secret);
	return new NodeOperationError(
		node,
		`Internal error in the OneStream node: ${text || 'unknown error'}`,
		{
			description:
				'This is a fault in the node, not in OneStream or the network. Please report it with the workflow (without credentials).',
			itemIndex,
		},
	);
}

/** The job outcome of an error, when the error is a job's. */
export function jobOutcomeOf(error: unknown): JobOutcome | undefined {
	return error instanceof OneStreamError ? error.jobOutcome : undefined;
}
