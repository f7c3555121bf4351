/** The parts of n8n's execution JSON (`n8n execute --rawOutput`, execute-batch snapshots) we read. */

export type Json = Record<string, unknown>;

export interface PairedItem {
	item: number;
	input?: number;
}

export interface RunItem {
	json: Json;
	pairedItem?: PairedItem | PairedItem[] | number;
	binary?: Record<string, unknown>;
	error?: unknown;
}

export interface NodeError {
	message?: string;
	description?: string | null;
	name?: string;
	httpCode?: string | null;
	node?: { name?: string; type?: string };
}

export interface TaskData {
	startTime: number;
	executionTime: number;
	executionStatus?: string;
	data?: { main?: Array<RunItem[] | null> };
	error?: NodeError;
}

export interface ExecutionRun {
	data: {
		resultData: {
			runData: Record<string, TaskData[]>;
			error?: NodeError;
			lastNodeExecuted?: string;
		};
	};
	mode?: string;
	startedAt?: string;
	stoppedAt?: string;
	status: string;
	finished?: boolean;
}

/** Items a node put on one output (0 = first; an IF node's "false" branch is output 1). */
export function nodeItems(run: ExecutionRun, nodeName: string, output = 0, runIndex = 0): RunItem[] {
	const tasks = run.data.resultData.runData[nodeName];
	if (!tasks) {
		const ran = Object.keys(run.data.resultData.runData).join(', ');
		throw new Error(`node "${nodeName}" did not run (nodes that ran: ${ran || 'none'})`);
	}
	const task = tasks[runIndex];
	if (!task) throw new Error(`node "${nodeName}" has no run #${runIndex}`);
	return task.data?.main?.[output] ?? [];
}

export function nodeJson(run: ExecutionRun, nodeName: string, output = 0, runIndex = 0): Json[] {
	return nodeItems(run, nodeName, output, runIndex).map((item) => item.json);
}

export function nodeRan(run: ExecutionRun, nodeName: string): boolean {
	return (run.data.resultData.runData[nodeName]?.length ?? 0) > 0;
}

/** The input index an item says it came from. */
export function pairedIndex(item: RunItem): number | undefined {
	const paired = item.pairedItem;
	if (paired === undefined) return undefined;
	if (typeof paired === 'number') return paired;
	if (Array.isArray(paired)) return paired[0]?.item;
	return paired.item;
}

/**
 * Finds the execution JSON in what `n8n execute --rawOutput` printed: n8n 2.x still writes a few
 * log lines to stdout before it (task broker, license SDK), and the JSON itself is pretty-printed
 * starting with a line holding only `{`.
 */
export function parseExecutionOutput(stdout: string): ExecutionRun {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	if (start === -1) throw new Error(`no execution JSON in n8n's output:\n${stdout.slice(0, 4000)}`);
	for (let end = lines.length; end > start; end--) {
		if (lines[end - 1] !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end).join('\n')) as ExecutionRun;
		} catch {
			// a later "}" line may close it; keep looking backwards
		}
	}
	throw new Error(`unparseable execution JSON in n8n's output:\n${stdout.slice(0, 4000)}`);
}
