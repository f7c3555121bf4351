/**
 * `npm run verify [-- --tarball <file.tgz>]`: what n8n checks before it verifies a community package,
 * as far as it can be checked offline, on the packed tarball (what `npm publish` would upload), not on
 * the source tree. Without --tarball it packs the built package (`npm run build` first) into a
 * temporary folder.
 *
 * Rules (a failure names its rule):
 * - lint:<rule id>        n8n's scanner (@n8n/scan-community-package) lints the tarball's JavaScript
 *                         and package.json with @n8n/eslint-plugin-community-nodes (recommended, the
 *                         n8n Cloud set), no-console and eslint-plugin-n8n-nodes-base's package.json
 *                         rules; the same config here, with the pinned plugins @n8n/node-cli brings.
 * - tarball-contents      only dist/, README.md, LICENSE and package.json (and the `main` file, which
 *                         npm always packs) are inside.
 * - no-runtime-dependencies  no dependencies, bundled or optional dependencies, no node_modules/.
 * - n8n-section           n8nNodesApiVersion 1, and every node and credential path the "n8n" section
 *                         lists is in the tarball.
 * - icons                 every listed node and credential names a light and a dark `file:` icon, and
 *                         both files are beside its JavaScript.
 * - creator-portal-fields the package.json fields n8n's Creator Portal shows: name (n8n-nodes-...),
 *                         keywords (with n8n-community-node-package), license, author (name and email),
 *                         repository (url), homepage.
 *
 * What stays for n8n's own scanner after publishing: the npm provenance check, the lint of the source
 * the provenance points at, and its YARA rules (they need yara and the published package).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

import { packPackage } from '../test/support/n8n/package';
import { repoRoot } from '../test/support/n8n/runtime';

const execFileAsync = promisify(execFile);

export interface Problem {
	rule: string;
	message: string;
}

type Manifest = Record<string, unknown>;

/** The scanner's lint config for a tarball (scan-community-package's buildScanConfig, tarball leg). */
function scanConfig(): Linter.Config[] {
	// No type declarations ship with it; it is CommonJS.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const n8nNodesBase = require('eslint-plugin-n8n-nodes-base') as { configs: { community: { rules: Linter.RulesRecord } } };
	return [
		n8nCommunityNodesPlugin.configs.recommended as Linter.Config,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesBase as unknown as NonNullable<Linter.Config['plugins']>[string] } },
		{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
		{ files: ['**/*.json'], languageOptions: { parser: tseslint.parser as Linter.Parser } },
	];
}

async function lint(packageDir: string, files: string[]): Promise<Problem[]> {
	const eslint = new ESLint({ cwd: packageDir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: scanConfig() });
	const targets = files.filter((file) => file.endsWith('.js') || file === 'package.json').map((file) => path.join(packageDir, file));
	const problems: Problem[] = [];
	for (const result of await eslint.lintFiles(targets)) {
		for (const message of result.messages) {
			if (message.severity !== 2) continue;
			problems.push({
				rule: `lint:${message.ruleId ?? 'parse-error'}`,
				message: `${path.relative(packageDir, result.filePath)}:${message.line}:${message.column} ${message.message}`,
			});
		}
	}
	return problems;
}

function contents(files: string[], manifest: Manifest): Problem[] {
	const main = typeof manifest.main === 'string' ? path.posix.normalize(manifest.main) : undefined;
	const allowed = (file: string) =>
		file.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE', 'LICENSE.md'].includes(file) || file === main;
	return files
		.filter((file) => !allowed(file))
		.map((file) => ({ rule: 'tarball-contents', message: `${file} is in the tarball: only dist/, README.md, LICENSE and package.json belong there (see "files" in package.json)` }));
}

function dependencies(files: string[], manifest: Manifest): Problem[] {
	const problems: Problem[] = [];
	for (const field of ['dependencies', 'bundleDependencies', 'bundledDependencies', 'optionalDependencies']) {
		const value = manifest[field];
		const names = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.keys(value) : [];
		if (names.length > 0) {
			problems.push({ rule: 'no-runtime-dependencies', message: `package.json "${field}" lists ${names.join(', ')}: verified packages have no runtime dependencies (n8n-workflow is a peer dependency)` });
		}
	}
	if (files.some((file) => file.split('/').includes('node_modules'))) {
		problems.push({ rule: 'no-runtime-dependencies', message: 'the tarball holds a node_modules/ folder' });
	}
	return problems;
}

function n8nPaths(manifest: Manifest): { nodes: string[]; credentials: string[] } {
	const section = (manifest.n8n ?? {}) as { nodes?: unknown; credentials?: unknown };
	const list = (value: unknown) => (Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []);
	return { nodes: list(section.nodes), credentials: list(section.credentials) };
}

function n8nSection(files: string[], manifest: Manifest): Problem[] {
	const problems: Problem[] = [];
	const section = manifest.n8n as Record<string, unknown> | undefined;
	if (!section) return [{ rule: 'n8n-section', message: 'package.json has no "n8n" section: n8n would find no nodes in the package' }];
	if (section.n8nNodesApiVersion !== 1) {
		problems.push({ rule: 'n8n-section', message: `n8n.n8nNodesApiVersion is ${JSON.stringify(section.n8nNodesApiVersion)}: n8n 2.40+ loads only packages that declare 1` });
	}
	const { nodes, credentials } = n8nPaths(manifest);
	if (nodes.length === 0) problems.push({ rule: 'n8n-section', message: 'n8n.nodes lists no node' });
	const present = new Set(files);
	for (const listed of [...nodes, ...credentials]) {
		if (!present.has(path.posix.normalize(listed))) {
			problems.push({ rule: 'n8n-section', message: `${listed} is listed in the "n8n" section of package.json but is not in the tarball (built? in "files"?)` });
		}
	}
	return problems;
}

async function icons(packageDir: string, files: string[], manifest: Manifest): Promise<Problem[]> {
	const problems: Problem[] = [];
	const present = new Set(files);
	const { nodes, credentials } = n8nPaths(manifest);
	for (const listed of [...nodes, ...credentials]) {
		const file = path.posix.normalize(listed);
		if (!present.has(file)) continue; // n8n-section names it
		const code = await readFile(path.join(packageDir, file), 'utf8');
		for (const theme of ['light', 'dark'] as const) {
			const icon = new RegExp(`\\b${theme}\\s*:\\s*['"\`]file:([^'"\`]+)['"\`]`).exec(code)?.[1];
			if (!icon) {
				problems.push({ rule: 'icons', message: `${file} names no ${theme} icon (icon: { light: 'file:x.svg', dark: 'file:x.dark.svg' })` });
				continue;
			}
			const iconFile = path.posix.join(path.posix.dirname(file), icon);
			if (!present.has(iconFile)) problems.push({ rule: 'icons', message: `${file}: its ${theme} icon ${iconFile} is not in the tarball (copied into dist by the build?)` });
		}
	}
	return problems;
}

function creatorPortalFields(manifest: Manifest): Problem[] {
	const problems: Problem[] = [];
	const missing = (field: string, why: string) => problems.push({ rule: 'creator-portal-fields', message: `package.json "${field}" ${why}` });
	const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';
	const name = manifest.name;
	if (!text(name)) missing('name', 'is empty');
	else if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?n8n-nodes-/.test(String(name))) missing('name', `is "${String(name)}": community packages are named n8n-nodes-<name> or @<scope>/n8n-nodes-<name>`);
	const keywords = Array.isArray(manifest.keywords) ? manifest.keywords : [];
	if (!keywords.includes('n8n-community-node-package')) missing('keywords', 'must include "n8n-community-node-package"');
	if (!text(manifest.license)) missing('license', 'is empty (verified packages are MIT)');
	const author = manifest.author;
	if (typeof author === 'string') {
		if (!/\S.*<[^@\s>]+@[^\s>]+>/.test(author)) missing('author', 'needs a name and an email ("Name <email>" or { "name", "email" })');
	} else if (!author || typeof author !== 'object' || !text((author as Manifest).name) || !text((author as Manifest).email)) {
		missing('author', 'needs a name and an email');
	}
	const repository = manifest.repository;
	const repositoryUrl = typeof repository === 'string' ? repository : (repository as Manifest | undefined)?.url;
	if (!text(repositoryUrl)) missing('repository', 'needs a url (n8n links to the source from the package page)');
	if (!text(manifest.homepage)) missing('homepage', 'is empty');
	return problems;
}

/** Every file in an unpacked package folder, as posix paths relative to it. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
	const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
	const files: string[] = [];
	for (const entry of entries) {
		const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
		if (entry.isDirectory()) files.push(...(await listFiles(dir, relative)));
		else files.push(relative);
	}
	return files.sort();
}

/** All rules over an unpacked package folder (the tarball's `package/`). */
export async function verifyPackageDir(packageDir: string): Promise<Problem[]> {
	const files = await listFiles(packageDir);
	if (!files.includes('package.json')) return [{ rule: 'tarball-contents', message: 'the tarball has no package.json' }];
	const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as Manifest;
	return [
		...(await lint(packageDir, files)),
		...contents(files, manifest),
		...dependencies(files, manifest),
		...n8nSection(files, manifest),
		...(await icons(packageDir, files, manifest)),
		...creatorPortalFields(manifest),
	];
}

/** Unpacks the tarball into a temporary folder, verifies it and removes the folder. */
export async function verifyTarball(tarball: string): Promise<Problem[]> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'n8n-nodes-dialpad-verify-'));
	try {
		await execFileAsync('tar', ['-xzf', path.resolve(tarball), '-C', dir]);
		const packageDir = path.join(dir, 'package');
		if (!existsSync(packageDir)) return [{ rule: 'tarball-contents', message: 'the tarball has no package/ folder (not made by npm pack?)' }];
		return await verifyPackageDir(packageDir);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/** `--tarball <file>` (repeatable): the tarballs to verify; none: pack the built package. */
function tarballArguments(): string[] {
	const tarballs: string[] = [];
	process.argv.forEach((arg, i) => {
		if (arg !== '--tarball') return;
		const file = process.argv[i + 1];
		if (!file || file.startsWith('--')) throw new Error('--tarball needs a .tgz file');
		tarballs.push(file);
	});
	return tarballs;
}

async function main(): Promise<void> {
	// --json: one JSON object { "<tarball>": [problems] } on stdout, for tests.
	const asJson = process.argv.includes('--json');
	let tarballs = tarballArguments();
	let packDir: string | undefined;
	if (tarballs.length === 0) {
		if (!existsSync(path.join(repoRoot, 'dist'))) {
			console.error('✗ [build] dist/ is missing: run npm run build first');
			process.exitCode = 1;
			return;
		}
		const packed = await packPackage();
		tarballs = [packed.tarball];
		packDir = path.dirname(packed.tarball);
	}
	try {
		const results: Record<string, Problem[]> = {};
		for (const tarball of tarballs) results[tarball] = await verifyTarball(tarball);
		if (Object.values(results).some((problems) => problems.length > 0)) process.exitCode = 1;
		if (asJson) {
			console.log(JSON.stringify(results));
			return;
		}
		for (const [tarball, problems] of Object.entries(results)) {
			if (problems.length === 0) {
				console.log(
					`✓ ${path.basename(tarball)}: n8n's community lint over its JavaScript and package.json, contents (dist/, README, LICENSE, package.json), ` +
						'no runtime dependencies, every n8n path present, light and dark icons, Creator Portal fields',
				);
				continue;
			}
			for (const problem of problems) console.error(`✗ [${problem.rule}] ${problem.message}`);
			console.error(`${problems.length} problem(s) in ${path.basename(tarball)}`);
		}
	} finally {
		if (packDir) await rm(packDir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
}
