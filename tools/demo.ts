/**
 * `npm run demo`: headless. Runs the main example workflow (examples/dialpad-stats-to-slack.json,
 * Slack node disabled so nothing leaves the machine) in real n8n against the simulator, then prints
 * the items the Dialpad node produced as a table and the request timeline from the simulator's log.
 *
 * Environment: DEMO_PROCESSING_SECONDS (6), DEMO_MAX_ROWS (15), KEEP_DEMO=1 keeps the user folder.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';

import { listCallCenters, startSimulator } from '../test/stand-ins/dialpad/index';
import {
	EXAMPLE_CREDENTIAL,
	MAIN_EXAMPLE,
	N8nInstance,
	buildPackage,
	dialpadCredential,
	dialpadNodes,
	entriesFor,
	exportPosts,
	loadExample,
	nodeItems,
	offlineCopy,
	packPackage,
	retargetExample,
	thirdPartyNodes,
	timeline,
	type Json,
} from '../test/support/n8n/index';

const processingSeconds = Number(process.env.DEMO_PROCESSING_SECONDS ?? 6);
const maxRows = Number(process.env.DEMO_MAX_ROWS ?? 15);
const COLUMNS = ['date_started', 'category', 'direction', 'external_number', 'name', 'time_to_answer', 'talk_duration', 'was_recorded'];

function cell(value: unknown): string {
	if (value === null) return '·';
	if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
	return String(value);
}

function table(rows: Json[], columns: string[]): string {
	const widths = columns.map((column) => Math.min(32, Math.max(column.length, ...rows.map((row) => cell(row[column]).length))));
	const line = (values: string[]) => values.map((value, i) => value.slice(0, widths[i]).padEnd(widths[i])).join('  ');
	return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((row) => line(columns.map((c) => cell(row[c]))))]
		.map((text) => `  ${text}`)
		.join('\n');
}

async function main(): Promise<void> {
	const started = Date.now();
	const say = (text: string) => console.log(`\u001b[2m[demo ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s]\u001b[0m ${text}`);
	const n8n = await N8nInstance.create({ log: say });
	const sim = await startSimulator({ processingSeconds });
	try {
		say(`n8n ${n8n.runtime.version}; simulator on ${sim.baseUrl}, exports take ${processingSeconds} s`);
		say(`build: ${((await buildPackage()) / 1000).toFixed(1)} s`);
		const packed = await packPackage();
		await n8n.installPackage(packed);
		await rm(path.dirname(packed.tarball), { recursive: true, force: true });

		const callCenters = await listCallCenters(sim);
		// Check after 2 s, then every 5 s: the timeline shows a "processing" answer before "complete".
		const wf = offlineCopy(retargetExample(loadExample(MAIN_EXAMPLE), callCenters), {
			timezone: 'America/New_York',
			dialpadOptions: { initialDelay: 2, pollInterval: 5 },
		});
		const dialpad = dialpadNodes(wf)[0];
		await n8n.importCredentials([
			dialpadCredential(EXAMPLE_CREDENTIAL.id, EXAMPLE_CREDENTIAL.name, { apiKey: sim.apiKey, environment: 'custom', baseUrl: sim.baseUrl }),
		]);
		await n8n.importWorkflows([wf]);
		say(`running "${wf.name}" with n8n execute (${thirdPartyNodes(wf).map((node) => node.name).join(', ')} disabled)...`);
		const result = await n8n.execute(wf.id);
		if (result.status !== 'success' || !result.run) {
			const nodeError = result.run?.data.resultData.error;
			throw new Error(`the workflow failed: ${nodeError?.message ?? result.error ?? 'unknown error'}`);
		}
		const run = result.run;
		const rows = nodeItems(run, dialpad.name).map((item) => item.json);
		const ifNode = wf.nodes.find((node) => node.type === 'n8n-nodes-base.if');
		const flagged = ifNode ? nodeItems(run, ifNode.name, 0).length : 0;
		const columns = Object.keys(rows[0] ?? {});

		const target = callCenters.find((c) => c.id === (dialpad.parameters.targetId as { value: string }).value);
		console.log(`\n${dialpad.name}: ${rows.length} items (one per CSV row, ${columns.length} columns each) for the call center ${target?.name ?? '?'}`);
		console.log(table(rows.slice(0, maxRows), COLUMNS.filter((c) => columns.includes(c))));
		if (rows.length > maxRows) console.log(`  ... and ${rows.length - maxRows} more`);
		console.log(`  (· = empty cell -> null; times are ISO 8601 in the workflow's time zone; durations in minutes)`);
		if (rows[0]) {
			console.log(`\nOne item in full (typed: ${[...new Set(Object.values(rows[0]).map((v) => (v === null ? 'null' : typeof v)))].join(', ')}):`);
			console.log(JSON.stringify(rows[0], null, 2).replace(/^/gm, '  '));
		}
		if (ifNode) console.log(`\n${ifNode.name}: ${flagged} of ${rows.length} would go to Slack.`);

		const posts = exportPosts(sim.log);
		const related = entriesFor(sim.log, posts.map((post) => post.requestId ?? ''));
		console.log('\nRequests n8n made to the simulator:');
		console.log(timeline(related).map((line) => `  ${line}`).join('\n'));
		console.log(`\nn8n boot + run: ${(result.ms / 1000).toFixed(1)} s; whole demo ${((Date.now() - started) / 1000).toFixed(1)} s`);
	} finally {
		await sim.close();
		if (!process.env.KEEP_DEMO) await n8n.dispose();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
