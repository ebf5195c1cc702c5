import type { INodeProperties } from 'n8n-workflow';

/** How often the job runs, said where the job is configured (details in the README). */
export const jobRetryNotice: INodeProperties = {
	displayName:
		"This job runs once for each input item; an item asking for the same job as the item just before shares its run. To run it once in all, turn on Execute Once in the node's Settings. A job that was sent is never sent again, not even by Retry On Fail.",
	name: 'retryNotice',
	type: 'notice',
	default: '',
	// A tool call is one call, not one per item.
	displayOptions: { hide: { '@tool': [true] } },
};
