/** DataManagement/ExecuteSequence and ExecuteStep (5.2.0): synchronous, answer when the job ends. */
import { ApiError } from '../errors.cjs';
import type { DmFailure } from '../types.cjs';
import {
	findByName,
	optionalWorkspace,
	requireApplication,
	requireWebServerUrl,
	sameName,
	substitutionVariables,
	type EndpointEnv,
	type EndpointHandler,
	type EndpointResult,
	type JobSpec,
} from './common.cjs';

async function runToEnd(env: EndpointEnv, spec: JobSpec, label: string): Promise<EndpointResult> {
	const run = await env.runJob(spec);
	if (run.outcome === 'failed' && spec.failure !== undefined) {
		throw new ApiError(500, spec.failure.message, spec.failure.detail);
	}
	if (run.outcome !== 'succeeded') {
		throw new ApiError(
			500,
			`Data Management ${label} ${spec.name} was not completed.`,
			`The job ended as '${run.outcome}'.`,
		);
	}
	return { kind: 'message', message: `Data Management ${label} ${spec.name} was completed` };
}

export const executeSequence: EndpointHandler = async (env, { body, user }) => {
	requireWebServerUrl(body);
	const application = requireApplication(env, body, user);
	const name = body.requiredString('SequenceName');
	const workspace = optionalWorkspace(body);
	const sequence = findByName(application.sequences, name);
	if (sequence === undefined) {
		throw new ApiError(
			400,
			`Invalid Data Management Sequence name '${name}'.`,
			`No sequence '${name}' exists in application '${application.name}'.`,
		);
	}
	if (workspace !== undefined && !sameName(workspace, sequence.workspace)) {
		throw new ApiError(
			400,
			`Invalid Data Management Sequence name '${name}'.`,
			`Sequence '${sequence.name}' is not in workspace '${workspace}' (it belongs to '${sequence.workspace}').`,
		);
	}
	const variables = substitutionVariables(body);
	return runToEnd(
		env,
		{
			kind: 'sequence',
			name: sequence.name,
			application: application.name,
			workspace: sequence.workspace,
			substitutionVariables: variables,
			defaultDurationMs: sequence.durationMs,
			failure: sequence.harvest ? harvestFailure(env, variables) : sequence.failure,
		},
		'Sequence',
	);
};

/**
 * Runs the batch harvest (pScenario and pTime stand for C in a file name) and says how it failed,
 * if a file failed (invented: OneStream's harvest rule decides what its sequence reports).
 */
function harvestFailure(
	env: EndpointEnv,
	variables: Record<string, string>,
): DmFailure | undefined {
	const result = env.harvest.run(
		variables.pScenario ?? 'Actual',
		variables.pTime ?? '2026M3',
		new Date().toISOString().slice(0, 19),
	);
	if (result.failed.length === 0) return undefined;
	return {
		message: `Error processing Data Management Step 'Harvest_Files'.`,
		detail: result.failed.map(({ file, error }) => `${file}: ${error}`).join(' '),
	};
}

/**
 * The success text for a step is UNKNOWN; invented as the sequence's wording with "Step".
 * `WorkspaceName` on ExecuteStep is UNKNOWN too; invented: accepted and checked like ExecuteSequence.
 */
export const executeStep: EndpointHandler = async (env, { body, user }) => {
	requireWebServerUrl(body);
	const application = requireApplication(env, body, user);
	const groupName = body.requiredString('DataManagementGroupName');
	const stepName = body.requiredString('StepName');
	const workspace = optionalWorkspace(body);
	const group = findByName(application.dmGroups, groupName);
	if (group === undefined) {
		throw new ApiError(
			400,
			`Invalid Data Management Group name '${groupName}'.`,
			`No group '${groupName}' exists in application '${application.name}'.`,
		);
	}
	if (workspace !== undefined && !sameName(workspace, group.workspace)) {
		throw new ApiError(
			400,
			`Invalid Data Management Group name '${groupName}'.`,
			`Group '${group.name}' is not in workspace '${workspace}'.`,
		);
	}
	const step = findByName(group.steps, stepName);
	if (step === undefined) {
		throw new ApiError(
			400,
			`Invalid Data Management Step name '${stepName}'.`,
			`Group '${group.name}' has no step '${stepName}'.`,
		);
	}
	return runToEnd(
		env,
		{
			kind: 'step',
			name: step.name,
			group: group.name,
			application: application.name,
			workspace: group.workspace,
			substitutionVariables: substitutionVariables(body),
			defaultDurationMs: step.durationMs,
			failure: step.failure,
		},
		'Step',
	);
};
