/**
 * The MCP example (examples/mcp-agent-tools.json) in a running n8n, driven by the official MCP
 * TypeScript SDK's client: what an AI application sees of the OneStream tools, and what OneStream
 * receives when it calls them.
 */
import { assert, assertEqual } from '../lib/checks.cjs';
import { connectMcp, type McpCallResult } from '../lib/mcp.cjs';
import type { StandIn } from '../lib/standin.cjs';
import { expectedGlRows } from './common.cjs';

/** What the client saw: the tools, each call with its answer's size, and a line per step. */
export interface McpTranscript {
	tools: Array<{ name: string; description: string; arguments: string[] }>;
	calls: Array<{ tool: string; arguments: unknown; isError: boolean; bytes: number; text: string }>;
	summary: string[];
}

const TOOLS = {
	glRows: 'Get_GL_rows',
	journal: 'Get_journal_lines',
	importGl: 'Import_GL_data',
	consolidate: 'Run_Nightly_Consolidation',
	// Added by the suite (withGuardAndWideTools): a guard the model fills, and wide rows.
	consolidateIfAllowed: 'Consolidate_if_the_model_says_so',
	wideRows: 'Get_wide_rows',
} as const;

function parsedAnswer(result: McpCallResult, tool: string): Record<string, unknown> {
	assert(!result.isError, `${tool} answered with an error: ${result.text.slice(0, 400)}`);
	const parsed = JSON.parse(result.text) as unknown;
	const answer = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
	assert(
		typeof answer === 'object' && answer !== null,
		`${tool}: unexpected answer ${result.text.slice(0, 300)}`,
	);
	return answer as Record<string, unknown>;
}

export async function mcpToolChecks(
	url: string,
	standin: StandIn,
	n8nMajor: number,
): Promise<McpTranscript> {
	const session = await connectMcp(url);
	const transcript: McpTranscript = { tools: [], calls: [], summary: [] };
	const call = async (tool: string, args: Record<string, unknown> = {}) => {
		const result = await session.call(tool, args);
		transcript.calls.push({ tool, arguments: args, ...result });
		transcript.summary.push(
			`call ${tool}(${JSON.stringify(args)}): ${result.isError ? 'error' : 'answer'}, ${result.bytes} bytes`,
		);
		return result;
	};
	try {
		// 1. The tools, their descriptions and their argument schemas.
		transcript.tools = session.tools.map((tool) => ({
			name: tool.name,
			description: tool.description,
			arguments: Object.keys(
				(tool.inputSchema as { properties?: Record<string, unknown> }).properties ?? {},
			),
		}));
		transcript.summary.push(
			`tools listed: ${transcript.tools.map((t) => `${t.name}(${t.arguments.join(', ')})`).join('; ')}`,
		);
		const byName = new Map(transcript.tools.map((tool) => [tool.name, tool]));
		assertEqual(
			[...byName.keys()].sort(),
			Object.values(TOOLS).sort(),
			'tools the MCP server lists',
		);
		assertEqual(
			byName.get(TOOLS.glRows)?.arguments,
			['substitutionVariables'],
			'Get_GL_rows arguments',
		);
		assert(
			/general-ledger rows/.test(byName.get(TOOLS.glRows)?.description ?? ''),
			'Get_GL_rows keeps its manual description',
		);
		assertEqual(
			[
				byName.get(TOOLS.journal)?.description,
				byName.get(TOOLS.importGl)?.description,
				byName.get(TOOLS.consolidate)?.description,
			],
			[
				'Get the rows of a data adapter in OneStream',
				'Run a data management step and wait for it to finish in OneStream',
				'Run a data management sequence and wait for it to finish in OneStream',
			],
			'automatic tool descriptions',
		);

		// 2. Reads: the model's substitution variables, and Max Rows with a plain statement.
		const gl = parsedAnswer(
			await call(TOOLS.glRows, {
				substitutionVariables: { pScenario: 'Actual', pTime: '2026M3', pEntity: 'Acme UK' },
			}),
			TOOLS.glRows,
		);
		const expected = expectedGlRows('Actual', '2026M3', 'Acme UK');
		assertEqual(
			[gl.rowCount, gl.limited],
			[expected.length, false],
			'Get_GL_rows [rowCount, limited]',
		);
		const journal = parsedAnswer(await call(TOOLS.journal), TOOLS.journal);
		assertEqual(
			[journal.rowCount, journal.limited],
			[50, true],
			'Get_journal_lines [rowCount, limited]',
		);
		assert(
			/Only the first 50 rows are returned .*more rows exist/.test(String(journal.note)),
			`Get_journal_lines note: ${String(journal.note)}`,
		);
		assertEqual(
			Object.keys((journal.rows as Array<Record<string, unknown>>)[0]),
			['RowId', 'Entity', 'AccountCode', 'Amount'],
			'Get_journal_lines columns (Columns to Return)',
		);

		// 3. A job the user did not allow: refused, and nothing reaches OneStream.
		const before = (await standin.requests()).length;
		const refused = await call(TOOLS.consolidate);
		assert(
			/may not run Data Management jobs for an AI agent/.test(refused.text) &&
				/Nothing was sent to OneStream/.test(refused.text),
			`the refusal says: ${refused.text.slice(0, 400)}`,
		);
		const consolidations = (await standin.requests())
			.slice(before)
			.filter((r) => JSON.stringify(r.body ?? '').includes('Nightly_Consolidation'));
		assertEqual(consolidations.length, 0, 'requests for Nightly_Consolidation after the refusal');

		// 3b. A guard set by an expression the model fills ($fromAI): refused, whatever the model says.
		const beforeGuard = (await standin.requests()).length;
		const selfGranted = await call(TOOLS.consolidateIfAllowed, { allow: true });
		// n8n 2.x hands the node the switch as saved ($fromAI in it): the node names the expression.
		// n8n 1.123.81 hands it the switch's default (off) instead, since the switch takes no
		// expression: refused all the same.
		assert(
			selfGranted.isError &&
				/may not run Data Management jobs for an AI agent/.test(selfGranted.text) &&
				(n8nMajor < 2 || /an expression there is not accepted/.test(selfGranted.text)),
			`the self-granted job says: ${selfGranted.text.slice(0, 400)}`,
		);
		// Active schedule and trigger workflows call the stand-in meanwhile: count what this job sends.
		const selfGrantedConsolidations = (await standin.requests())
			.slice(beforeGuard)
			.filter((r) => JSON.stringify(r.body ?? '').includes('Nightly_Consolidation'));
		assertEqual(
			selfGrantedConsolidations.length,
			0,
			'requests for Nightly_Consolidation after a job whose guard the model set',
		);

		// 3c. Wide rows: the answer stays within the tool's Max Answer Size (100 KB by default).
		const wide = parsedAnswer(await call(TOOLS.wideRows), TOOLS.wideRows);
		const wideBytes = transcript.calls[transcript.calls.length - 1].bytes;
		assert(wideBytes <= 100 * 1024, `the wide-rows answer has ${wideBytes} bytes`);
		assertEqual(
			[wide.limited, wide.limitedBy],
			[true, 'size'],
			'Get_wide_rows [limited, limitedBy]',
		);
		transcript.summary.push(
			`wide rows (40 × 2 MB): ${wideBytes} bytes answered, ${String(wide.rowCount)} rows, limited by ${String(wide.limitedBy)}`,
		);

		// 4. An allowed job, the connection reset after OneStream did the work, Retry On Fail at 3
		// tries: sent once, and the client is told the outcome is unknown.
		await standin.addFault({
			endpoint: 'DataManagement/ExecuteStep',
			name: 'Import_GL',
			afterWork: true,
			times: 1,
			fault: { kind: 'reset' },
		});
		const runsBefore = (await standin.runs()).filter((run) => run.name === 'Import_GL').length;
		const requestsBefore = (await standin.requests()).length;
		const unknown = await call(TOOLS.importGl);
		assert(
			/outcome is unknown/i.test(unknown.text) && /did not send it again/.test(unknown.text),
			`the unknown outcome is not said plainly: ${unknown.text.slice(0, 500)}`,
		);
		const steps = (await standin.requests())
			.slice(requestsBefore)
			.filter((r) => /ExecuteStep/i.test(r.endpoint ?? r.rawPath));
		const runs =
			(await standin.runs()).filter((run) => run.name === 'Import_GL').length - runsBefore;
		assertEqual(
			[steps.length, runs],
			[1, 1],
			'[ExecuteStep requests, Import_GL runs] for one tool call',
		);
		transcript.summary.push(
			`OneStream received ${steps.length} request and ran Import_GL ${runs} time for the tool call (reset after the work, Retry On Fail 3 tries)`,
		);
		return transcript;
	} finally {
		await session.close();
	}
}
