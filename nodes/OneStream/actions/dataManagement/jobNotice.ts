import type { INodeProperties } from 'n8n-workflow';

/** What n8n's Retry On Fail (node Settings) does for a job, said where the job is configured. */
export const jobRetryNotice: INodeProperties = {
	displayName:
		"Jobs are never sent twice. With Retry On Fail (in the node's Settings) on, n8n runs the node again after an error, but only jobs that did not start (e.g. 401, 429) are sent again; a job that failed or whose outcome is unknown keeps its error. With On Error: Continue (regular output), error items carry jobOutcome (notRun, failed, unknown) to branch on.",
	name: 'retryNotice',
	type: 'notice',
	default: '',
};
