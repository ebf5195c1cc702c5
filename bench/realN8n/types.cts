/** The results the real-n8n benchmarks report, and their options. */

// ------------------------------------------------------------------------------------------ API

export interface PipelineMeasurement {
	/** n8n's execution time: `stoppedAt - startedAt` of the saved execution (median). */
	wallMs: number;
	/** VmHWM of the n8n main process plus its task runner(s) (median). */
	peakRssBytes: number;
	/** Rows delivered: items out of the last node, or data records in the CSV file. */
	rows: number;
	/** Size of the CSV file (csv measurements). */
	outputBytes?: number;
	/** Sum of the nodes' `executionTime` in the run data (median). */
	nodeMs?: number;
	/** From sending the webhook request to its answer (median). */
	clientMs?: number;
	/** VmHWM of the main process alone (median). */
	mainPeakRssBytes?: number;
	/** VmHWM of the task runner process(es) (median). */
	runnerPeakRssBytes?: number;
	/** RSS of main + runner(s) right before the run (median). */
	idleRssBytes?: number;
	/** Peak minus the RSS right before the run: the memory the run itself added (median). */
	growthBytes?: number;
	/** Sampled peak of main + runner(s) until the execution stopped, before saving (median). */
	executionPeakRssBytes?: number;
	/** Every run, unaggregated. */
	runs?: PipelineRun[];
}

export interface PipelineRun {
	wallMs: number;
	/** From the run data; only in runs whose run data was inspected (the first of each variant). */
	nodeMs?: number;
	nodeTimes?: Record<string, number>;
	clientMs: number;
	peakRssBytes: number;
	mainPeakRssBytes: number;
	runnerPeakRssBytes: number;
	processes: ProcessPeak[];
	/** RSS of main + runner(s) just before the run (after startup settled). */
	idleRssBytes: number;
	/**
	 * Highest RSS of main + runner(s) sampled (every 100 ms) until n8n's stoppedAt: the peak while
	 * the nodes ran, before n8n serialises and saves the execution data.
	 */
	executionPeakRssBytes: number;
	/** VmHWM of main + runner(s) just before the run: n8n's startup peak, not counted. */
	startupPeakRssBytes: number;
	/** Whether VmHWM was reset before the run (else the peaks include the startup peak). */
	peakIsRunOnly: boolean;
	/** Counted in the CSV file every run; counted in the run data for item outputs when inspected. */
	rows?: number;
	outputBytes?: number;
	executionId: string;
	/** Time the harness spent starting n8n and fetching/checking the run afterwards (not measured). */
	harnessMs?: { start: number; collect: number };
}

export interface ProcessPeak {
	pid: number;
	role: 'main' | 'runner' | 'other';
	command: string;
	peakRssBytes: number;
}

export interface RealN8nVersionResult {
	n8nVersion: string;
	exportRows: number;
	node: { rows: PipelineMeasurement; csv: PipelineMeasurement };
	httpPipeline: { rows: PipelineMeasurement; csv: PipelineMeasurement };
	/** node wall time / HTTP pipeline wall time */
	timeRatio: { rows: number; csv: number };
	/** node peak RSS / HTTP pipeline peak RSS */
	memoryRatio: { rows: number; csv: number };
	/**
	 * The same for the memory each run added above n8n's idle RSS (peak - RSS just before the run):
	 * an idle n8n holds about 0.9 GB here, which dominates the plain peak ratio.
	 */
	memoryGrowthRatio?: { rows: number; csv: number };
	manyItems: {
		items: number;
		latencyMs: number;
		concurrency: number;
		/** OneStream node executionTime with Parallel Calls 1 (median). */
		sequentialMs: number;
		/** OneStream node executionTime with Parallel Calls = concurrency (median). */
		parallelMs: number;
		speedup: number;
		/** Whole executions (stoppedAt - startedAt), medians. */
		sequentialRunMs?: number;
		parallelRunMs?: number;
		/** Most requests the stand-in had in flight at once during a parallel run. */
		maxConcurrentRequests?: number;
		/**
		 * The same with fixed substitution values instead of `={{ $json.… }}` per item: n8n's
		 * expression engine (isolated-vm by default in both pinned versions) costs main-thread CPU
		 * per item that no concurrency can overlap.
		 */
		withoutExpressions?: { sequentialMs: number; parallelMs: number; speedup: number };
		runs?: Array<{
			kind: 'expressions' | 'fixed';
			concurrency: number;
			nodeMs: number;
			wallMs: number;
			maxConcurrentRequests: number;
		}>;
	};
	/** How each number was taken, for the results JSON. */
	method?: Record<string, string>;
}

export interface RealN8nOptions {
	versions: string[];
	exportRows: number;
	manyItems: number;
	latencyMs: number;
	concurrency: number;
	log?: (line: string) => void;
	/** Runs per (c) measurement, each in a fresh n8n process; the median is reported. Default 3. */
	repeats?: number;
	/** Runs per (d) measurement (all in one n8n process); the median is reported. Default 2. */
	manyItemsRepeats?: number;
	/** Throwaway state (n8n user folders, logs). Default ~/.cache/n8n-nodes-onestream/state/bench-real-n8n */
	workDir?: string;
	/** More environment for every n8n process (to try an n8n setting, or NODE_OPTIONS=--cpu-prof). */
	extraEnv?: Record<string, string>;
}
