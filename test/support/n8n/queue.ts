/**
 * n8n in queue mode, the way larger installs run it, on this machine only: a PostgreSQL and a Redis
 * of its own (Debian's binaries, own data folder, own ports on 127.0.0.1), one `n8n start` (main:
 * editor, REST API, webhooks, the wait tracker) and N `n8n worker` processes that run the executions.
 * Every n8n process shares one user folder (the package installed there, as n8n's installer puts it),
 * one encryption key, the database and Redis; each has its own task-broker and health-check port.
 *
 * `QueueStack.start()` brings it all up; `stop()` takes it all down and removes the folders, and is
 * also run on process exit, so nothing keeps running after a failed test.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { N8nInstance, RunningN8n, type OwnerAccount } from './instance';
import { EDITOR_READY, untilOutput, untilWebhookRegistered } from './live';
import type { PackedPackage } from './package';
import { freePort, repoRoot } from './runtime';
import type { CredentialFile, WorkflowFile } from './workflows';

const execFileAsync = promisify(execFile);
const BOOT_TIMEOUT_MS = 5 * 60_000;

export interface QueueBinaries {
	/** Folder with initdb, postgres, pg_isready, createdb. */
	pgBin: string;
	redisServer: string;
}

/**
 * test/queue/setup.sh: finds PostgreSQL and Redis, installing Debian's packages first when they are
 * missing and we are root (otherwise it fails with what to install).
 */
export function ensureQueueBinaries(): QueueBinaries {
	const stdout = execFileSync('bash', [path.join(repoRoot, 'test', 'queue', 'setup.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const value = (key: string) => new RegExp(`^${key}=(.+)$`, 'm').exec(stdout)?.[1]?.trim();
	const pgBin = value('PG_BIN');
	const redisServer = value('REDIS_SERVER');
	if (!pgBin || !redisServer) throw new Error(`test/queue/setup.sh printed no PG_BIN/REDIS_SERVER:\n${stdout}`);
	return { pgBin, redisServer };
}

/** A child process that collects the tail of its output. */
class Service {
	private tail = '';
	readonly exited: Promise<void>;
	private done = false;

	constructor(
		readonly name: string,
		readonly child: ChildProcess,
	) {
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.append(chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.append(chunk));
		this.exited = new Promise((resolve) => child.once('exit', () => ((this.done = true), resolve())));
	}

	get running(): boolean {
		return !this.done;
	}

	output(): string {
		return this.tail;
	}

	private append(chunk: string): void {
		this.tail = (this.tail + chunk).slice(-40_000);
	}

	/** `signal` first, SIGKILL after `timeoutMs`. */
	async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<void> {
		if (!this.running) return;
		this.child.kill(signal);
		const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
		await this.exited;
		clearTimeout(timer);
	}
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, service?: Service): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (service && !service.running) throw new Error(`${service.name} exited while waiting for ${what}:\n${service.output()}`);
		if (await check().catch(() => false)) return;
		if (Date.now() > deadline) {
			throw new Error(`${what}: not within ${timeoutMs} ms${service ? `\n${service.output()}` : ''}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

export { EDITOR_READY, untilOutput, untilWebhookRegistered } from './live';

/** Sends one inline Redis command and resolves with the first reply line. */
function redisCommand(port: number, command: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		socket.setTimeout(2000, () => socket.destroy(new Error('redis timeout')));
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			reply += chunk.toString('utf8');
			if (reply.includes('\r\n')) {
				socket.end();
				resolve(reply.split('\r\n')[0]);
			}
		});
		socket.on('error', reject);
	});
}

/** The uid/gid PostgreSQL runs as: itself when not root (initdb refuses root), else the postgres user. */
function postgresUser(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	try {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		return { uid, gid };
	} catch {
		throw new Error('running as root, but there is no "postgres" user to run PostgreSQL as (install the postgresql package)');
	}
}

export interface QueueStackOptions {
	/** Default 2. */
	workers?: number;
	/** `n8n worker --concurrency` (n8n's default is 10; it warns below 5). Default 5. */
	workerConcurrency?: number;
	/**
	 * `n8n webhook` processes (default 0). With one or more, production webhooks are theirs: WEBHOOK_URL
	 * (what self-registering triggers give the provider) points at the first, and the main serves none.
	 */
	webhookProcesses?: number;
	/** An n8n version other than the default one. */
	n8nVersion?: string;
	/** Added to every n8n process's environment. */
	extraEnv?: Record<string, string>;
	/** Progress lines (what started, how long it took). */
	log?: (line: string) => void;
}

export interface QueueSetup {
	packed: PackedPackage;
	credentials: CredentialFile[];
	workflows: WorkflowFile[];
	/** Workflows to activate before the main starts (their webhooks then listen). */
	activate: string[];
	/** POST webhooks of the activated workflows: start() returns once the main serves every one. */
	webhookPaths?: string[];
	owner: OwnerAccount;
}

const liveStacks = new Set<QueueStack>();
process.once('exit', () => {
	// Last resort (a crashed test run): no process of a stack outlives the run.
	for (const stack of liveStacks) stack.killNow();
});

export class QueueStack {
	readonly timings: Array<{ step: string; ms: number }> = [];
	readonly workers: Array<{ name: string; server: RunningN8n; healthPort: number }> = [];
	/** The `n8n webhook` processes (see QueueStackOptions.webhookProcesses). */
	readonly webhookServers: RunningN8n[] = [];
	private webhookPorts: number[] = [];
	main?: RunningN8n;
	n8n?: N8nInstance;
	postgresPort = 0;
	redisPort = 0;
	private readonly services: Service[] = [];
	private readonly n8nServers: RunningN8n[] = [];
	private stopped = false;

	private constructor(
		readonly root: string,
		private readonly options: QueueStackOptions,
	) {}

	/**
	 * PostgreSQL, Redis, the package in a shared user folder, credentials and workflows imported
	 * (which also runs n8n's migrations on the fresh database), chosen workflows activated, then the
	 * main and the workers started together; the owner account is created on the main.
	 */
	static async start(setup: QueueSetup, options: QueueStackOptions = {}): Promise<QueueStack> {
		const root = await mkdtemp(path.join(os.tmpdir(), 'n8n-dialpad-queue-'));
		const stack = new QueueStack(root, options);
		liveStacks.add(stack);
		try {
			await stack.boot(setup);
			return stack;
		} catch (error) {
			await stack.stop().catch(() => undefined);
			throw error;
		}
	}

	private log(line: string): void {
		this.options.log?.(line);
	}

	private async time<T>(step: string, fn: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await fn();
		} finally {
			const ms = Date.now() - started;
			this.timings.push({ step, ms });
			this.log(`${step}: ${(ms / 1000).toFixed(1)} s`);
		}
	}

	private async boot(setup: QueueSetup): Promise<void> {
		const binaries = await this.time('PostgreSQL and Redis present (test/queue/setup.sh)', async () => ensureQueueBinaries());
		await Promise.all([
			this.time('PostgreSQL up (initdb, postgres on 127.0.0.1)', () => this.startPostgres(binaries.pgBin)),
			this.time('Redis up (127.0.0.1)', () => this.startRedis(binaries.redisServer)),
		]);

		this.webhookPorts = await Promise.all(Array.from({ length: this.options.webhookProcesses ?? 0 }, () => freePort()));
		const userFolder = path.join(this.root, 'n8n');
		await mkdir(userFolder, { recursive: true });
		const n8n = await N8nInstance.create({
			userFolder,
			n8nVersion: this.options.n8nVersion,
			extraEnv: this.n8nEnv(),
		});
		this.n8n = n8n;
		await this.time('install the tarball into the shared user folder', () => n8n.installPackage(setup.packed));
		await this.time('n8n import:credentials (migrations on the fresh database)', () =>
			n8n.importCredentials(setup.credentials),
		);
		if (setup.workflows.length > 0) {
			await this.time(`n8n import:workflow (${setup.workflows.length})`, () => n8n.importWorkflows(setup.workflows));
		}
		if (setup.activate.length > 0) {
			// One n8n boot per workflow; PostgreSQL takes them side by side.
			await this.time(`activate ${setup.activate.length} workflow(s)`, async () => {
				await Promise.all(setup.activate.map((id) => n8n.activateWorkflows([id])));
			});
		}

		const count = this.options.workers ?? 2;
		const [main] = await Promise.all([
			this.time('n8n main up (n8n start, queue mode)', async () => {
				// Generous: three n8n processes boot at once on a small machine.
				const server = await n8n.start({ timeoutMs: BOOT_TIMEOUT_MS });
				this.n8nServers.push(server);
				return server;
			}),
			...Array.from({ length: count }, (_, index) =>
				this.time(`n8n worker ${index + 1} up`, () => this.startWorker(index + 1)),
			),
			...this.webhookPorts.map((port, index) =>
				this.time(`n8n webhook process ${index + 1} up`, () => this.startWebhookProcess(index + 1, port)),
			),
		]);
		this.main = main;
		// /healthz answers before the main has activated the workflows (their webhooks).
		await this.time('main: workflows activated', async () => {
			await untilOutput(main, EDITOR_READY, BOOT_TIMEOUT_MS);
			for (const webhookPath of setup.webhookPaths ?? []) await untilWebhookRegistered(this.webhookBaseUrl, webhookPath);
		});
		await main.ensureOwner(setup.owner);
	}

	/** What every n8n process of the stack shares: database, Redis, key, queue mode. */
	private n8nEnv(): Record<string, string> {
		return {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redisPort),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.postgresPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: 'n8n',
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			// The main hands manual runs to the workers too, as recommended for queue mode.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			// Tests stop the stack right after their last run: no need to wait n8n's default 30 s.
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			N8N_LOG_LEVEL: 'info',
			...(this.webhookPorts.length > 0
				? { WEBHOOK_URL: `http://127.0.0.1:${this.webhookPorts[0]}/`, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' }
				: {}),
			...this.options.extraEnv,
		};
	}

	private readonly encryptionKey = randomBytes(24).toString('hex');

	private async startPostgres(pgBin: string): Promise<void> {
		const dataDir = path.join(this.root, 'pg', 'data');
		const socketDir = path.join(this.root, 'pg', 'run');
		await mkdir(dataDir, { recursive: true });
		await mkdir(socketDir, { recursive: true });
		const user = postgresUser();
		if (user) {
			// The postgres user must reach its folders inside ours (mkdtemp makes it 0700).
			await chmod(this.root, 0o755);
			for (const dir of [path.join(this.root, 'pg'), dataDir, socketDir]) await chown(dir, user.uid, user.gid);
		}
		await chmod(dataDir, 0o700);
		const asUser = user ? { uid: user.uid, gid: user.gid } : {};
		const pwFile = path.join(this.root, 'pg', 'pw');
		await writeFile(pwFile, 'n8n\n');
		if (user) await chown(pwFile, user.uid, user.gid);
		await execFileAsync(
			path.join(pgBin, 'initdb'),
			['-D', dataDir, '-U', 'n8n', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync', '--no-instructions'],
			{ ...asUser, cwd: '/', env: { ...process.env, LC_ALL: 'C' } },
		);
		this.postgresPort = await freePort();
		const child = spawn(
			path.join(pgBin, 'postgres'),
			[
				'-D', dataDir,
				'-p', String(this.postgresPort),
				'-k', socketDir,
				'-c', 'listen_addresses=127.0.0.1',
				// Test data only: nothing needs to survive a power cut.
				'-c', 'fsync=off',
				'-c', 'synchronous_commit=off',
				'-c', 'full_page_writes=off',
				'-c', 'max_connections=100',
			],
			{ ...asUser, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
		);
		const service = new Service('postgres', child);
		this.services.push(service);
		await until(
			'PostgreSQL accepting connections',
			async () => {
				await execFileAsync(path.join(pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.postgresPort), '-q']);
				return true;
			},
			30_000,
			service,
		);
		await execFileAsync(path.join(pgBin, 'createdb'), ['-h', '127.0.0.1', '-p', String(this.postgresPort), '-U', 'n8n', 'n8n'], {
			env: { ...process.env, PGPASSWORD: 'n8n' },
		});
	}

	private async startRedis(redisServer: string): Promise<void> {
		this.redisPort = await freePort();
		const dir = path.join(this.root, 'redis');
		await mkdir(dir, { recursive: true });
		const child = spawn(
			redisServer,
			['--bind', '127.0.0.1', '--port', String(this.redisPort), '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
			{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		const service = new Service('redis-server', child);
		this.services.push(service);
		await until('Redis answering PING', async () => (await redisCommand(this.redisPort, 'PING')) === '+PONG', 20_000, service);
	}

	private async startWorker(index: number): Promise<void> {
		const n8n = this.n8n as N8nInstance;
		const healthPort = await freePort();
		const env = {
			...n8n.env,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			// Workers serve no editor; the port only has to be free.
			N8N_PORT: String(await freePort()),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		};
		const concurrency = this.options.workerConcurrency ?? 5;
		const child = spawn(n8n.runtime.node24Bin, [n8n.runtime.n8nEntry, 'worker', `--concurrency=${concurrency}`], {
			env,
			cwd: n8n.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-200_000)));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-200_000)));
		const server = new RunningN8n(child, `http://127.0.0.1:${healthPort}`, () => output);
		this.n8nServers.push(server);
		let exited = false;
		child.once('exit', () => (exited = true));
		const deadline = Date.now() + BOOT_TIMEOUT_MS;
		for (;;) {
			if (exited) throw new Error(`n8n worker ${index} exited early:\n${output}`);
			if (Date.now() > deadline) throw new Error(`n8n worker ${index} did not become ready:\n${output}`);
			const ready = await fetch(`${server.baseUrl}/healthz/readiness`)
				.then((response) => response.ok)
				.catch(() => false);
			if (ready) break;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		this.workers.push({ name: `worker ${index}`, server, healthPort });
	}

	/** Where production webhooks are served: the first webhook process, else the main. */
	get webhookBaseUrl(): string {
		const port = this.webhookPorts[0];
		if (port !== undefined) return `http://127.0.0.1:${port}`;
		if (!this.main) throw new Error('the stack is not up');
		return this.main.baseUrl;
	}

	/** `n8n webhook` on its own port: it takes production webhook requests and queues their executions. */
	private async startWebhookProcess(index: number, port: number): Promise<void> {
		const n8n = this.n8n as N8nInstance;
		const env = { ...n8n.env, N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const child = spawn(n8n.runtime.node24Bin, [n8n.runtime.n8nEntry, 'webhook'], {
			env,
			cwd: n8n.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-200_000)));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-200_000)));
		const server = new RunningN8n(child, `http://127.0.0.1:${port}`, () => output);
		this.n8nServers.push(server);
		await untilOutput(server, /Webhook listener waiting for requests/, BOOT_TIMEOUT_MS).catch((error: Error) => {
			throw new Error(`n8n webhook process ${index}: ${error.message}`);
		});
		this.webhookServers.push(server);
	}

	/** Executions each worker says it started ("Worker started execution N"), by worker name. */
	executionsStartedByWorker(): Map<string, string[]> {
		const byWorker = new Map<string, string[]>();
		for (const worker of this.workers) {
			const ids = [...worker.server.output().matchAll(/Worker started execution (\S+)/g)].map((m) => m[1]);
			byWorker.set(worker.name, ids);
		}
		return byWorker;
	}

	/** Everything down (n8n first, then Redis and PostgreSQL) and the folders removed. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		const started = Date.now();
		await Promise.all(this.n8nServers.map((server) => server.stop(20_000).catch(() => undefined)));
		// PostgreSQL: SIGINT is its "fast" shutdown (rolls back open transactions, then exits).
		await Promise.all(
			this.services.map((service) => service.stop(service.name === 'postgres' ? 'SIGINT' : 'SIGTERM').catch(() => undefined)),
		);
		liveStacks.delete(this);
		if (!process.env.KEEP_QUEUE) await rm(this.root, { recursive: true, force: true, maxRetries: 3 });
		this.timings.push({ step: 'stack down', ms: Date.now() - started });
	}

	/** Synchronous kill of every process (process exit). */
	killNow(): void {
		for (const server of this.n8nServers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
		for (const service of this.services) if (service.running) service.child.kill('SIGKILL');
	}

	/** Everything the n8n processes printed, for a failing test's message. */
	outputs(): string {
		return [
			`--- main\n${this.main?.output().slice(-8000) ?? ''}`,
			...this.workers.map((worker) => `--- ${worker.name}\n${worker.server.output().slice(-8000)}`),
			...this.webhookServers.map((server, index) => `--- webhook process ${index + 1}\n${server.output().slice(-8000)}`),
		].join('\n');
	}
}
