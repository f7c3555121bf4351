/**
 * tools/verify.ts (`npm run verify`) on tarballs made here: a small package shaped like this one
 * (compiled node and credential, both icons, the n8n section, the Creator Portal fields) passes;
 * each broken variant fails naming its rule. The tool runs as its own process, as npm runs it (n8n's
 * lint plugin is an ES module, which jest's module system cannot load); one run checks every
 * tarball, so n8n's lint loads once.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { repoRoot } from '../support/n8n/runtime';

import type { Problem } from '../../tools/verify';

const execFileAsync = promisify(execFile);

const NODE_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Fake = void 0;
const n8n_workflow_1 = require("n8n-workflow");
class Fake {
    description = {
        displayName: 'Fake',
        name: 'fake',
        icon: { light: 'file:fake.svg', dark: 'file:fake.dark.svg' },
        group: ['transform'],
        version: 1,
        subtitle: '={{ $parameter["mode"] }}',
        description: 'Returns its input',
        defaults: { name: 'Fake' },
        usableAsTool: true,
        inputs: [n8n_workflow_1.NodeConnectionTypes.Main],
        outputs: [n8n_workflow_1.NodeConnectionTypes.Main],
        properties: [],
    };
    async execute() {
        return [this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } }))];
    }
}
exports.Fake = Fake;
`;

const CREDENTIAL_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FakeApi = void 0;
class FakeApi {
    name = 'fakeApi';
    displayName = 'Fake API';
    icon = { light: 'file:fake.svg', dark: 'file:fake.dark.svg' };
    documentationUrl = 'https://example.com/docs';
    properties = [{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' }];
    authenticate = { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } } };
    test = { request: { baseURL: 'https://example.com', url: '/me' } };
}
exports.FakeApi = FakeApi;
`;

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10"/></svg>\n';

function manifest(): Record<string, unknown> {
	return {
		name: 'n8n-nodes-fake',
		version: '1.0.0',
		description: 'A fake package for the verify tests',
		license: 'MIT',
		keywords: ['n8n-community-node-package'],
		author: { name: 'Fake Author', email: 'fake@example.com' },
		homepage: 'https://example.com/n8n-nodes-fake',
		repository: { type: 'git', url: 'https://github.com/example/n8n-nodes-fake.git' },
		files: ['dist'],
		n8n: {
			n8nNodesApiVersion: 1,
			strict: true,
			nodes: ['dist/nodes/Fake/Fake.node.js'],
			credentials: ['dist/credentials/FakeApi.credentials.js'],
		},
		peerDependencies: { 'n8n-workflow': '*' },
	};
}

type Files = Record<string, string>;

function goodFiles(): Files {
	return {
		'package.json': JSON.stringify(manifest(), null, 2),
		'README.md': '# n8n-nodes-fake\n',
		LICENSE: 'MIT License\n',
		'dist/nodes/Fake/Fake.node.js': NODE_JS,
		'dist/nodes/Fake/fake.svg': SVG,
		'dist/nodes/Fake/fake.dark.svg': SVG,
		'dist/credentials/FakeApi.credentials.js': CREDENTIAL_JS,
		'dist/credentials/fake.svg': SVG,
		'dist/credentials/fake.dark.svg': SVG,
	};
}

let work: string;
afterAll(async () => {
	if (work) await rm(work, { recursive: true, force: true });
});

/** A tarball laid out as npm pack makes it (everything under package/). */
async function tarball(name: string, files: Files): Promise<string> {
	const staging = path.join(work, name);
	for (const [file, text] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(staging, 'package', file)), { recursive: true });
		await writeFile(path.join(staging, 'package', file), text);
	}
	const tgz = path.join(work, `${name}.tgz`);
	await execFileAsync('tar', ['-czf', tgz, '-C', staging, 'package']);
	return tgz;
}

const rules = (problems: Problem[]) => [...new Set(problems.map((problem) => problem.rule))].sort();

const withManifest = (change: (m: Record<string, unknown>) => void): Files => {
	const m = manifest();
	change(m);
	return { ...goodFiles(), 'package.json': JSON.stringify(m, null, 2) };
};

const BROKEN: Array<[string, () => Files, string[]]> = [
	[
		'a timer in the compiled node',
		() => ({ ...goodFiles(), 'dist/nodes/Fake/Fake.node.js': NODE_JS.replace('async execute() {', 'async execute() {\n        setTimeout(() => undefined, 10);') }),
		['lint:@n8n/community-nodes/no-restricted-globals'],
	],
	[
		'a runtime dependency',
		() => withManifest((m) => (m.dependencies = { 'left-pad': '1.3.0' })),
		['lint:@n8n/community-nodes/no-runtime-dependencies', 'no-runtime-dependencies'],
	],
	['a source file packed by mistake', () => ({ ...goodFiles(), 'nodes/Fake/Fake.node.ts': 'export {};\n' }), ['tarball-contents']],
	[
		'a node path the tarball lacks',
		() => withManifest((m) => ((m.n8n as { nodes: string[] }).nodes = ['dist/nodes/Fake/Fake.node.js', 'dist/nodes/Gone/Gone.node.js'])),
		['n8n-section'],
	],
	[
		'the dark icon missing',
		() => {
			const files = goodFiles();
			delete files['dist/nodes/Fake/fake.dark.svg'];
			return files;
		},
		['icons'],
	],
	['no homepage', () => withManifest((m) => delete m.homepage), ['creator-portal-fields']],
	[
		'an author without email',
		() => withManifest((m) => (m.author = { name: 'Fake Author' })),
		['creator-portal-fields', 'lint:@n8n/community-nodes/valid-author'],
	],
	['no community keyword', () => withManifest((m) => (m.keywords = ['n8n'])), ['creator-portal-fields']],
];

const results = new Map<string, Problem[]>();
let exitCode: number | undefined;

beforeAll(async () => {
	work = await mkdtemp(path.join(os.tmpdir(), 'verify-test-'));
	const tarballs = new Map<string, string>([['good', await tarball('good', goodFiles())]]);
	for (const [name, files] of BROKEN) tarballs.set(name, await tarball(name.replace(/\W+/g, '-'), files()));
	const args = ['-r', 'ts-node/register/transpile-only', path.join(repoRoot, 'tools', 'verify.ts'), '--json'];
	for (const file of tarballs.values()) args.push('--tarball', file);
	const run = await execFileAsync(process.execPath, args, { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 }).then(
		(done) => ({ ...done, code: 0 }),
		(failed: { stdout: string; stderr: string; code: number }) => failed,
	);
	exitCode = run.code;
	const byTarball = JSON.parse(run.stdout) as Record<string, Problem[]>;
	for (const [name, file] of tarballs) results.set(name, byTarball[file]);
}, 120_000);

test('a package like this one passes every rule', () => {
	expect(results.get('good')).toEqual([]);
});

test('the tool exits non-zero when a tarball fails', () => {
	expect(exitCode).toBe(1);
});

test.each(BROKEN)('%s fails naming the rule', (name, _files, expected) => {
	const problems = results.get(name) ?? [];
	// The lint's own warnings about the same field (e.g. require-homepage) are warnings, not failures.
	expect(rules(problems)).toEqual([...expected].sort());
	for (const problem of problems) expect(problem.message.length).toBeGreaterThan(10);
});
