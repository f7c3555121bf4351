/**
 * Proves the real-n8n plumbing without the simulator: build, pack, install into a fresh user folder,
 * import a trivial workflow (Manual Trigger -> NoOp) and run it with `n8n execute` and
 * `n8n execute-batch`, printing how long each step took.
 *
 *   npx ts-node --transpile-only tools/n8n-smoke.ts
 */
import { readFileSync } from 'node:fs';

import { N8nInstance, buildPackage, manualTrigger, nodeJson, noOp, packPackage, workflow } from '../test/support/n8n';

async function main(): Promise<void> {
	const t0 = Date.now();
	const n8n = await N8nInstance.create({ log: (line) => console.log(`  ${line}`) });
	console.log(`n8n ${n8n.runtime.version} from ${n8n.runtime.dir} (${Date.now() - t0} ms to check the cache)`);
	console.log(`user folder ${n8n.userFolder}`);
	console.log(`build: ${((await buildPackage()) / 1000).toFixed(1)} s`);
	const packStarted = Date.now();
	const packed = await packPackage();
	console.log(`pack: ${((Date.now() - packStarted) / 1000).toFixed(1)} s -> ${packed.tarball}`);
	await n8n.installPackage(packed);

	const trivial = workflow('9001', 'Smoke: trivial', [manualTrigger(), noOp('Done')], [['Start', 'Done']]);
	const second = workflow('9002', 'Smoke: trivial 2', [manualTrigger(), noOp('Done')], [['Start', 'Done']]);
	await n8n.importWorkflows([trivial, second]);

	const single = await n8n.execute('9001');
	console.log(`execute: ${single.status}, ${nodeJson(single.run!, 'Done').length} item(s), ${(single.ms / 1000).toFixed(1)} s`);
	const batch = await n8n.executeBatch(['9001', '9002']);
	console.log(
		`execute-batch (2 workflows): ${[...batch.byId.values()].map((o) => `${o.workflowId}=${o.status}`).join(' ')}, ${(batch.ms / 1000).toFixed(1)} s`,
	);
	// Which node types this n8n knows: the package's must be among them (as n8n-nodes-dialpad.*).
	await n8n.command(['export:nodes', `--output=${n8n.workDir}/nodes.json`]);
	const types = (JSON.parse(readFileSync(`${n8n.workDir}/nodes.json`, 'utf8')) as Array<{ name: string }>)
		.map((node) => node.name)
		.filter((name) => name.startsWith(`${packed.name}.`));
	console.log(`node types loaded from the package: ${types.join(', ') || 'NONE'}`);
	if (types.length === 0) process.exitCode = 1;
	console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	if (!process.env.KEEP) await n8n.dispose();
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
