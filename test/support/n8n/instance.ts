/**
 * One n8n user folder with the package installed, and the n8n commands run against it: imports,
 * headless executions, and the editor server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { freshUserFolder, installPackageIntoUserFolder, type PackedPackage } from './package';
import { parseExecutionOutput, type ExecutionRun } from './run-data';
import {
	ensureN8n,
	freePort,
	n8nEnv,
	runN8nCommand,
	type CommandResult,
	type N8nRuntime,
} from './runtime';
import type { CredentialFile, WorkflowFile } from './workflows';

/** Import commands confirm at info level ("Successfully imported ..."), whatever the caller chose. */
const INFO = { N8N_LOG_LEVEL: 'info' };

export interface N8nInstanceOptions {
	/** Defaults to a new folder under os.tmpdir(). */
	userFolder?: string;
	port?: number;
	extraEnv?: Record<string, string>;
	/** Printed for every n8n command (name, time); off by default. */
	log?: (line: string) => void;
	/** An n8n version other than the default one (installed into the cache on first use). */
	n8nVersion?: string;
}

export interface ExecutionOutcome {
	workflowId: string;
	/** success, or error / warning (n8n's batch runner calls some HTTP failures warnings). */
	status: 'success' | 'error' | 'warning';
	/** n8n's summary of a failed run: the error's description or message, then "on node <name>". */
	error?: string;
	/** The whole execution (runData etc.); present for successful runs. */
	run?: ExecutionRun;
	executionSeconds?: number;
}

export interface BatchOutcome {
	byId: Map<string, ExecutionOutcome>;
	/** Wall time of the whole command, n8n boot included. */
	ms: number;
	command: CommandResult;
}

export class N8nInstance {
	readonly timings: Array<{ command: string; ms: number }> = [];

	private constructor(
		readonly runtime: N8nRuntime,
		readonly userFolder: string,
		readonly port: number,
		readonly brokerPort: number,
		private readonly extraEnv: Record<string, string>,
		private readonly log: (line: string) => void,
	) {}

	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		const runtime = ensureN8n(options.n8nVersion);
		const userFolder = options.userFolder ?? (await freshUserFolder());
		await mkdir(path.join(userFolder, '.n8n'), { recursive: true });
		const port = options.port ?? (await freePort());
		const brokerPort = await freePort();
		return new N8nInstance(runtime, userFolder, port, brokerPort, options.extraEnv ?? {}, options.log ?? (() => {}));
	}

	get env(): NodeJS.ProcessEnv {
		return n8nEnv(this.runtime, {
			userFolder: this.userFolder,
			port: this.port,
			brokerPort: this.brokerPort,
			extra: this.extraEnv,
		});
	}

	get workDir(): string {
		return path.join(this.userFolder, 'e2e-work');
	}

	async installPackage(packed: PackedPackage): Promise<number> {
		const { ms } = await installPackageIntoUserFolder(this.runtime, this.userFolder, packed);
		this.record('install package', ms);
		return ms;
	}

	/** Runs an n8n CLI command; throws with n8n's output when it exits non-zero (unless allowed). */
	async command(
		args: string[],
		options: { allowFailure?: boolean; timeoutMs?: number; env?: Record<string, string> } = {},
	): Promise<CommandResult> {
		const result = await runN8nCommand(this.runtime, { ...this.env, ...options.env }, args, options.timeoutMs);
		this.record(`n8n ${args[0]}`, result.ms);
		// n8n 2.40 on Node 24 sometimes dies with SIGSEGV (exit 139) while shutting down, after its work
		// is done and its output written; callers that need output check it themselves.
		const crashedOnExit = result.code === 139 || result.signal === 'SIGSEGV';
		if (result.code !== 0 && !crashedOnExit && !options.allowFailure) {
			throw new Error(
				`n8n ${args.join(' ')} exited with ${result.code ?? result.signal}\n--- stdout\n${result.stdout.slice(-6000)}\n--- stderr\n${result.stderr.slice(-6000)}`,
			);
		}
		return result;
	}

	async importCredentials(credentials: CredentialFile[]): Promise<void> {
		await mkdir(this.workDir, { recursive: true });
		const file = path.join(this.workDir, 'credentials.json');
		await writeFile(file, JSON.stringify(credentials, null, 2));
		const result = await this.command(['import:credentials', `--input=${file}`], { env: INFO });
		if (!/Successfully imported/i.test(result.stdout + result.stderr)) {
			throw new Error(`credential import did not confirm:\n${result.stdout}\n${result.stderr}`);
		}
	}

	/** All workflows in one n8n boot (`import:workflow --separate --input=<folder>`). */
	async importWorkflows(workflows: WorkflowFile[]): Promise<void> {
		const dir = path.join(this.workDir, `workflows-${Date.now()}`);
		await mkdir(dir, { recursive: true });
		for (const wf of workflows) {
			await writeFile(path.join(dir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
		}
		const result = await this.command(['import:workflow', '--separate', `--input=${dir}`], { env: INFO });
		if (!new RegExp(`Successfully imported ${workflows.length} workflow`, 'i').test(result.stdout + result.stderr)) {
			throw new Error(`workflow import did not confirm:\n${result.stdout}\n${result.stderr}`);
		}
	}

	/** `n8n execute --id=<id> --rawOutput`: one boot, one workflow (`timeoutMs`: default 5 min). */
	async execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecutionOutcome & { ms: number; code: number | null; signal: NodeJS.Signals | null }> {
		const result = await this.command(['execute', `--id=${workflowId}`, '--rawOutput'], {
			allowFailure: true,
			timeoutMs: options.timeoutMs,
		});
		const exit = { code: result.code, signal: result.signal };
		if (result.code === 0 || result.code === 139) {
			try {
				const run = parseExecutionOutput(result.stdout);
				return { workflowId, status: run.data.resultData.error ? 'error' : 'success', run, ms: result.ms, ...exit };
			} catch (error) {
				if (result.code === 0) throw error;
			}
		}
		const error = /Execution error:[\s\S]*?=+\n([^\n]+)/.exec(result.stdout + result.stderr)?.[1];
		return {
			workflowId,
			status: 'error',
			error: error ?? (result.stderr.trim() || result.stdout.trim()).slice(-2000),
			ms: result.ms,
			...exit,
		};
	}

	/**
	 * `n8n execute-batch`: one boot for many workflows, run `concurrency` at a time. Each successful
	 * run's full JSON comes from the --snapshot folder (one file per workflow id); failures come with
	 * n8n's one-line summary. Retries are off: a fault injected for a test must not be retried away.
	 */
	async executeBatch(workflowIds: string[], options: { concurrency?: number } = {}): Promise<BatchOutcome> {
		const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
		const snapshotDir = path.join(this.workDir, `batch-${stamp}`);
		await mkdir(snapshotDir, { recursive: true });
		const summaryFile = path.join(this.workDir, `batch-${stamp}.json`);
		// Ids go in a file: n8n's flag parser turns a lone numeric `--ids=105` into a number and rejects it.
		const idsFile = path.join(this.workDir, `batch-${stamp}.ids`);
		await writeFile(idsFile, workflowIds.join(','));
		const command = await this.command(
			[
				'execute-batch',
				`--ids=${idsFile}`,
				`--concurrency=${options.concurrency ?? workflowIds.length}`,
				'--retries=0',
				`--snapshot=${snapshotDir}`,
				`--output=${summaryFile}`,
			],
			{ allowFailure: true, timeoutMs: 10 * 60_000 },
		);
		const summaryText = await readFile(summaryFile, 'utf8').catch(() => undefined);
		if (summaryText === undefined) {
			throw new Error(
				`n8n execute-batch wrote no summary (exit ${command.code ?? command.signal})\n--- stdout\n${command.stdout.slice(-6000)}\n--- stderr\n${command.stderr.slice(-6000)}`,
			);
		}
		const summary = JSON.parse(summaryText) as {
			executions: Array<{ workflowId: string; executionStatus: string; error?: string; executionTime?: number }>;
		};
		const byId = new Map<string, ExecutionOutcome>();
		for (const execution of summary.executions) {
			const outcome: ExecutionOutcome = {
				workflowId: String(execution.workflowId),
				status: execution.executionStatus as ExecutionOutcome['status'],
				error: execution.error,
				executionSeconds: execution.executionTime,
			};
			const snapshot = await readFile(path.join(snapshotDir, `${execution.workflowId}-snapshot.json`), 'utf8').catch(
				() => undefined,
			);
			if (snapshot !== undefined) outcome.run = JSON.parse(snapshot) as ExecutionRun;
			byId.set(outcome.workflowId, outcome);
		}
		return { byId, ms: command.ms, command };
	}

	/**
	 * Activates imported workflows (import:workflow deactivates them) so that their triggers, such as a
	 * Webhook, listen once `n8n start` runs: `publish:workflow` on n8n 2.x, `update:workflow
	 * --active=true` on 1.x. Only while no n8n server is running on this database.
	 */
	async activateWorkflows(workflowIds: string[]): Promise<void> {
		for (const id of workflowIds) {
			const args = Number(this.runtime.version.split('.')[0]) >= 2
				? ['publish:workflow', `--id=${id}`]
				: ['update:workflow', `--id=${id}`, '--active=true'];
			await this.command(args, { env: INFO });
		}
	}

	/** `n8n start`: the editor and REST API on `port`; resolves once /healthz answers. */
	async start(options: { inheritOutput?: boolean; timeoutMs?: number } = {}): Promise<RunningN8n> {
		const started = Date.now();
		const child = spawn(this.runtime.node24Bin, [this.runtime.n8nEntry, 'start'], {
			env: { ...this.env, N8N_LOG_LEVEL: this.extraEnv.N8N_LOG_LEVEL ?? 'info' },
			cwd: this.userFolder,
			stdio: options.inheritOutput ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
			detached: false,
		});
		let output = '';
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-20000)));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-20000)));
		const baseUrl = `http://127.0.0.1:${this.port}`;
		const deadline = Date.now() + (options.timeoutMs ?? 120_000);
		let exited = false;
		child.on('exit', () => (exited = true));
		for (;;) {
			if (exited) throw new Error(`n8n start exited early:\n${output}`);
			if (Date.now() > deadline) {
				child.kill('SIGKILL');
				throw new Error(`n8n start did not become healthy in time:\n${output}`);
			}
			try {
				const response = await fetch(`${baseUrl}/healthz/readiness`);
				if (response.ok) break;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		this.record('n8n start (until ready)', Date.now() - started);
		return new RunningN8n(child, baseUrl, () => output);
	}

	/**
	 * A second instance with a copy of this user folder (database, encryption key, installed package)
	 * and its own ports: two n8n processes can then run at once without sharing one SQLite file.
	 * Only while no n8n process is using this folder.
	 */
	async clone(): Promise<N8nInstance> {
		const userFolder = await freshUserFolder();
		await cp(path.join(this.userFolder, '.n8n'), path.join(userFolder, '.n8n'), { recursive: true });
		return new N8nInstance(this.runtime, userFolder, await freePort(), await freePort(), this.extraEnv, this.log);
	}

	/** Removes the user folder (only folders this class created under the temp dir are yours to remove). */
	async dispose(): Promise<void> {
		await rm(this.userFolder, { recursive: true, force: true, maxRetries: 3 });
	}

	private record(command: string, ms: number): void {
		this.timings.push({ command, ms });
		this.log(`${command}: ${(ms / 1000).toFixed(1)} s`);
	}
}

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/** An execution in n8n's REST answers (the fields the tools read). */
export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode?: string;
	startedAt?: string | null;
	stoppedAt?: string | null;
	waitTill?: string | null;
	finished?: boolean;
}

export class RunningN8n {
	private cookie = '';

	constructor(
		readonly child: ChildProcess,
		readonly baseUrl: string,
		readonly output: () => string,
	) {}

	/** REST call with the session cookie from `login`/`setupOwner`. */
	async rest<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; data: T }> {
		const response = await fetch(`${this.baseUrl}/rest${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				...(this.cookie ? { cookie: this.cookie } : {}),
				'browser-id': 'n8n-nodes-dialpad-tools',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await response.text();
		let data: unknown = text;
		try {
			data = JSON.parse(text);
		} catch {
			// not JSON
		}
		const unwrapped = data && typeof data === 'object' && 'data' in data ? (data as { data: unknown }).data : data;
		return { status: response.status, data: unwrapped as T };
	}

	/** Creates the owner account on a fresh instance (POST /rest/owner/setup), or logs in if it exists. */
	async ensureOwner(owner: OwnerAccount): Promise<'created' | 'existing'> {
		const setup = await this.rest('POST', '/owner/setup', owner);
		if (setup.status === 200) return 'created';
		const login = await this.login(owner.email, owner.password);
		if (login !== 200) {
			throw new Error(`owner setup answered ${setup.status} (${JSON.stringify(setup.data)}) and login ${login}`);
		}
		return 'existing';
	}

	/**
	 * Executions as the executions list shows them (GET /rest/executions), newest first, 100 at most;
	 * `filter` as the editor sends it, e.g. `{ workflowId: '1', status: ['running'] }`; `lastId`: the
	 * page of executions older than that one.
	 */
	async executions(filter: Record<string, unknown> = {}, page: { lastId?: string } = {}): Promise<ExecutionSummary[]> {
		const query = new URLSearchParams({ filter: JSON.stringify(filter), limit: '100', ...(page.lastId ? { lastId: page.lastId } : {}) });
		const response = await this.rest<{ results?: ExecutionSummary[] }>('GET', `/executions?${query.toString()}`);
		if (response.status !== 200) throw new Error(`GET /rest/executions answered ${response.status}: ${JSON.stringify(response.data)}`);
		return response.data.results ?? [];
	}

	/** One execution with its data (GET /rest/executions/:id); `data` is n8n's flatted text. */
	async execution(id: string): Promise<ExecutionSummary & { data?: string }> {
		const response = await this.rest<ExecutionSummary & { data?: string }>('GET', `/executions/${id}`);
		if (response.status !== 200) throw new Error(`GET /rest/executions/${id} answered ${response.status}: ${JSON.stringify(response.data)}`);
		return response.data;
	}

	/** Cancels an execution the way the editor's Stop button does (POST /rest/executions/:id/stop). */
	async stopExecution(id: string): Promise<{ status: number; data: unknown }> {
		return await this.rest('POST', `/executions/${id}/stop`);
	}

	async login(email: string, password: string): Promise<number> {
		const response = await this.rest('POST', '/login', { emailOrLdapLoginId: email, password });
		return response.status;
	}

	async stop(timeoutMs = 15_000): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		this.child.kill('SIGTERM');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
		await exited;
		clearTimeout(timer);
	}
}
