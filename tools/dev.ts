/**
 * `npm run dev`: the package in a real n8n editor, talking to the Dialpad simulator.
 *
 * Builds and packs the package, installs the tarball into a persistent user folder (.tmp/dev-n8n),
 * starts the simulator (API :8787, storage :8788) and `n8n start` (:5678), imports the
 * "Dialpad (simulator)" credential and the example workflows, creates the owner account and prints
 * the login. Ctrl-C stops everything it started.
 *
 * Environment: DEV_N8N_PORT (5678), DEV_SIM_PORT (8787), DEV_SIM_PROCESSING_SECONDS (10),
 * DEV_N8N_FOLDER (.tmp/dev-n8n), DEV_EMAIL, DEV_PASSWORD.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';

import { listCallCenters, startSimulator, type Simulator } from '../test/stand-ins/dialpad/index';
import {
	EXAMPLE_CREDENTIAL,
	N8nInstance,
	buildPackage,
	dialpadCredential,
	exampleFiles,
	loadExample,
	packPackage,
	repoRoot,
	retargetExample,
	type RunningN8n,
} from '../test/support/n8n/index';

const n8nPort = Number(process.env.DEV_N8N_PORT ?? 5678);
const simPort = Number(process.env.DEV_SIM_PORT ?? 8787);
const processingSeconds = Math.min(15, Number(process.env.DEV_SIM_PROCESSING_SECONDS ?? 10));
const userFolder = path.resolve(process.env.DEV_N8N_FOLDER ?? path.join(repoRoot, '.tmp', 'dev-n8n'));
const owner = {
	email: process.env.DEV_EMAIL ?? 'dev@dialpad-n8n.local',
	password: process.env.DEV_PASSWORD ?? 'Dialpad-Dev-2026',
	firstName: 'Dialpad',
	lastName: 'Developer',
};

function step(text: string): void {
	console.log(`\u001b[2m[dev]\u001b[0m ${text}`);
}

async function main(): Promise<void> {
	const started = Date.now();
	let sim: Simulator | undefined;
	let server: RunningN8n | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		step('stopping n8n and the simulator...');
		await server?.stop().catch(() => undefined);
		await sim?.close().catch(() => undefined);
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		const n8n = await N8nInstance.create({
			userFolder,
			port: n8nPort,
			// The editor may run Code nodes: let n8n start its JavaScript task runner.
			extraEnv: { N8N_RUNNERS_MODE: 'internal' },
			log: (line) => step(line),
		});
		step(`n8n ${n8n.runtime.version} (cached in ${n8n.runtime.dir})`);
		step(`build: ${((await buildPackage()) / 1000).toFixed(1)} s`);
		const packed = await packPackage();
		step(`packed ${path.basename(packed.tarball)}`);
		// A clean reinstall, as n8n does on an update: nothing stale from an earlier build survives.
		await rm(path.join(userFolder, '.n8n', 'nodes', 'node_modules', packed.name), { recursive: true, force: true });
		await n8n.installPackage(packed);
		await rm(path.dirname(packed.tarball), { recursive: true, force: true });

		sim = await startSimulator({ port: simPort, storagePort: simPort + 1, processingSeconds });
		step(`simulator on ${sim.baseUrl} (storage ${sim.storageBaseUrl}), exports take ${processingSeconds} s`);
		const callCenters = await listCallCenters(sim);

		await n8n.importCredentials([
			dialpadCredential(EXAMPLE_CREDENTIAL.id, EXAMPLE_CREDENTIAL.name, {
				apiKey: sim.apiKey,
				environment: 'custom',
				baseUrl: sim.baseUrl,
			}),
		]);
		const examples = exampleFiles().map((file) => retargetExample(loadExample(file), callCenters));
		await n8n.importWorkflows(examples);

		server = await n8n.start();
		const account = await server.ensureOwner(owner);
		const workflows = await server.rest<Array<{ id: string; name: string }>>('GET', '/workflows');
		const listed = Array.isArray(workflows.data) ? workflows.data : [];

		const url = `http://localhost:${n8nPort}`;
		console.log(`
  n8n with n8n-nodes-dialpad is ready (${((Date.now() - started) / 1000).toFixed(0)} s)

    URL        ${url}
    email      ${owner.email}
    password   ${owner.password}   (owner account ${account === 'created' ? 'created now' : 'from an earlier run'})

    credential "${EXAMPLE_CREDENTIAL.name}" -> ${sim.baseUrl} (key ${sim.apiKey})
    workflows  ${listed.map((wf) => `${wf.name} (${url}/workflow/${wf.id})`).join('\n               ') || '(none listed)'}
    call centers in the simulator: ${callCenters.map((c) => `${c.name} ${c.id}`).join(', ')}

    user folder ${userFolder}
    simulator log: curl ${sim.baseUrl}/_simulator/log

  Ctrl-C stops n8n and the simulator.
`);
		server.child.on('exit', (code) => {
			if (!stopping) {
				console.error(`n8n exited on its own (code ${code}); last output:\n${server?.output().slice(-4000)}`);
				void stop(1);
			}
		});
	} catch (error) {
		console.error(error);
		if (server) console.error(server.output().slice(-4000));
		await stop(1);
	}
}

void main();
