/**
 * The package as users get it: built, packed to a tarball, and unpacked into an n8n user folder the
 * way n8n's own community-package installer does it.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { repoRoot, type N8nRuntime } from './runtime';

const execFileAsync = promisify(execFile);

export interface PackedPackage {
	tarball: string;
	name: string;
	version: string;
}

/** `npm run build` in the repository (tsc + icons). */
export async function buildPackage(): Promise<number> {
	const started = Date.now();
	await execFileAsync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, maxBuffer: 32 * 1024 * 1024 });
	return Date.now() - started;
}

/** `npm pack` into a fresh temporary folder; the repository stays clean. */
export async function packPackage(destination?: string): Promise<PackedPackage> {
	const dir = destination ?? (await mkdtemp(path.join(os.tmpdir(), 'n8n-nodes-dialpad-pack-')));
	await mkdir(dir, { recursive: true });
	const { stdout } = await execFileAsync(
		'npm',
		['pack', '--json', '--pack-destination', dir, '--ignore-scripts'],
		{ cwd: repoRoot, maxBuffer: 32 * 1024 * 1024 },
	);
	const [info] = JSON.parse(stdout) as Array<{ filename: string; name: string; version: string }>;
	return { tarball: path.join(dir, info.filename), name: info.name, version: info.version };
}

/** A new, empty n8n user folder under the system's temporary folder. */
export async function freshUserFolder(prefix = 'n8n-dialpad-e2e-'): Promise<string> {
	return await mkdtemp(path.join(os.tmpdir(), prefix));
}

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` the way n8n 2.40's installer does
 * (CommunityPackagesService.downloadPackage): unpack into `node_modules/<name>`, strip dev, peer and
 * optional dependencies from its package.json, `npm install` there with scripts, bin links and the
 * lock file off, and record the package in the folder's package.json ledger. Only the download
 * differs: n8n runs `npm pack <name>@<version>` against the registry, here the tarball is local.
 * With no runtime dependencies the install fetches nothing.
 */
export async function installPackageIntoUserFolder(
	runtime: N8nRuntime,
	userFolder: string,
	packed: PackedPackage,
): Promise<{ packageDirectory: string; ms: number }> {
	const started = Date.now();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDirectory = path.join(nodesDir, 'node_modules', ...packed.name.split('/'));
	await mkdir(packageDirectory, { recursive: true });
	await execFileAsync('tar', ['-xzf', packed.tarball, '-C', packageDirectory, '--strip-components=1']);

	const packageJsonPath = path.join(packageDirectory, 'package.json');
	const manifest = JSON.parse(await readFile(packageJsonPath, 'utf8')) as Record<string, unknown>;
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	await writeFile(packageJsonPath, JSON.stringify(manifest, null, 2), 'utf8');

	const env = { ...process.env, PATH: `${runtime.node24BinDir}${path.delimiter}${process.env.PATH ?? ''}` };
	await execFileAsync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--loglevel=error',
		],
		{ cwd: packageDirectory, env, maxBuffer: 16 * 1024 * 1024 },
	);

	const ledgerPath = path.join(nodesDir, 'package.json');
	const ledger = await readFile(ledgerPath, 'utf8')
		.then((text) => JSON.parse(text) as { dependencies?: Record<string, string> })
		.catch(() => ({ name: 'installed-nodes', private: true, dependencies: {} as Record<string, string> }));
	ledger.dependencies = { ...(ledger.dependencies ?? {}), [packed.name]: packed.version };
	await writeFile(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');
	return { packageDirectory, ms: Date.now() - started };
}
