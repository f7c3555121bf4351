/**
 * The Dialpad Stats node in n8n's real editor, in a real browser, as a person clicks: Debian's
 * Chromium driven by playwright-core against n8n 2.40.7 with the packed package and the simulator.
 * Every step leaves a screenshot in .tmp/ui/ (UI_UPDATE_DOCS=1 also refreshes docs/ui-picker.png).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';

import { parseCsv } from '../e2e/harness';
import { exportPosts, repoRoot, requestIdOf } from '../support/n8n/index';
import { signIn } from './browser';
import {
	addNodeFromCreator,
	chooseCredential,
	chooseOption,
	executeStep,
	listPicture,
	openList,
	openNewWorkflow,
	openNode,
	openNodeCreator,
	openWorkflow,
	outputItemCount,
	pickListItem,
	readOutputTable,
	screenshot,
	searchList,
	searchNodes,
	step,
	STEP_TIMEOUT_MS,
} from './editor';
import { GOOD_CREDENTIAL, OWNER, PICKER_WORKFLOWS, WRONG_KEY_CREDENTIAL, startUiStack, type UiStack } from './harness';

let stack: UiStack;
let context: BrowserContext;

/** A Dialpad list as the simulator serves it to the right key, every page: the names of its active entries. */
async function activeNames(listPath: string, nameOf: (entry: Record<string, unknown>) => string): Promise<string[]> {
	const names: string[] = [];
	let cursor: string | undefined;
	do {
		const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
		const response = await fetch(`${stack.sim.baseUrl}/api/v2${listPath}${query}`, { headers: { authorization: `Bearer ${stack.sim.apiKey}` } });
		const page = (await response.json()) as { items: Array<Record<string, unknown>>; cursor?: string };
		names.push(...page.items.filter((entry) => entry.state === undefined || entry.state === 'active').map(nameOf));
		cursor = page.cursor;
	} while (cursor);
	return names;
}

/** "Support Queue · San Francisco HQ" -> "Support Queue", "Ava Martinez (ava@example.com)" -> "Ava Martinez" */
const nameOfItem = (item: string) => item.split(' · ')[0].replace(/\s*\([^()]*@[^()]*\)$/, '').trim();

/** The list requests Dialpad got since a point of the log (`listPath` alone, or any list). */
function listRequests(since: number, listPath?: string) {
	return stack.sim.log
		.slice(since)
		.filter(
			(entry) =>
				entry.server === 'api' &&
				entry.method === 'GET' &&
				(listPath ? entry.path === `/api/v2${listPath}` : entry.path.startsWith('/api/v2/') && !entry.path.startsWith('/api/v2/stats')),
		);
}

async function newSignedInPage(): Promise<Page> {
	const page = await context.newPage();
	page.setDefaultTimeout(STEP_TIMEOUT_MS);
	return page;
}

beforeAll(async () => {
	stack = await startUiStack();
	context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
	const page = await newSignedInPage();
	await step(page, 'signed-in', () => stack.timer.time('sign in (editor bundle loaded)', () => signIn(page, stack.baseUrl, OWNER.email, OWNER.password)));
	await page.close();
}, 10 * 60_000);

afterAll(async () => {
	await context?.close().catch(() => undefined);
	await stack?.stop();
	if (stack) console.log(`UI suite timings:\n${stack.timer.report()}`);
});

test('a person adds Dialpad Stats by typing "dialpad", picks a call center by typing part of its name, runs Last Week and sees every row of the CSV', async () => {
	const page = await newSignedInPage();
	const target = stack.callCenters.find((center) => center.name === 'Support Queue') ?? stack.callCenters[0];
	const fragment = target.name.split(/\s+/).pop()!.toLowerCase();

	await step(page, 'new-workflow', () => openNewWorkflow(page, stack.baseUrl));
	const results = await step(page, 'node-search-dialpad', async () => {
		await openNodeCreator(page);
		const names = await searchNodes(page, 'dialpad');
		await names.filter({ hasText: /^Dialpad Stats$/ }).first().waitFor();
		return (await names.allTextContents()).map((text) => text.trim());
	});
	expect(results).toContain('Dialpad Stats');

	await step(page, 'node-added', () => addNodeFromCreator(page, 'Dialpad Stats', 'Run a report and get its rows'));
	await step(page, 'credential-chosen', () => chooseCredential(page, GOOD_CREDENTIAL.name));
	await step(page, 'target-type-call-center', () => chooseOption(page, 'targetType', 'Call Center'));

	const listed = await step(page, 'target-picker', () => openList(page, 'targetId'));
	expect(listed.error).toBeUndefined();
	expect(listed.items.map(nameOfItem).sort()).toEqual((await activeNames('/callcenters', (entry) => String(entry.name))).sort());
	if (process.env.UI_UPDATE_DOCS === '1') {
		await mkdir(path.join(repoRoot, 'docs'), { recursive: true });
		await listPicture(page, 'targetId', path.join(repoRoot, 'docs', 'ui-picker.png'));
	}

	const found = await step(page, `target-search-${fragment}`, () => searchList(page, 'targetId', fragment));
	expect(found.items.map(nameOfItem)).toContain(target.name);
	expect(found.items.length).toBeLessThan(listed.items.length);
	const shown = await step(page, 'target-picked', () => pickListItem(page, 'targetId', target.name));
	expect(shown).toContain(target.name);

	await step(page, 'period-last-week', async () => {
		await chooseOption(page, 'period', 'Last Week');
		await page.getByTestId('parameter-input-weekStartsOn').waitFor();
	});

	const logBefore = stack.sim.log.length;
	const output = await step(page, 'executed', () => executeStep(page));

	// What the simulator served for this run: one export of the picked call center over 7 whole days.
	const posts = exportPosts(stack.sim.log.slice(logBefore), { target_type: 'callcenter', target_id: target.id });
	expect(posts).toHaveLength(1);
	const body = posts[0].body;
	expect(body).toMatchObject({ export_type: 'records', stat_type: 'calls' });
	expect(Number(body.days_ago_end) - Number(body.days_ago_start)).toBe(6);
	const csv = parseCsv(stack.sim.csvFor(requestIdOf(posts[0])));
	expect(csv.rows.length).toBeGreaterThan(0);

	expect(await outputItemCount(output)).toBe(csv.rows.length);
	const table = await readOutputTable(page, output, 'call_id', async (pageNumber) => {
		if (pageNumber === 1) await screenshot(page, 'output-table-page-1');
	});
	await screenshot(page, `output-table-page-${table.pages}`);
	expect(table.rows).toBe(csv.rows.length);
	expect(table.values).toEqual(csv.rows.map((row) => row.call_id));
	await page.close();
});

test('a wrong-key credential shows Dialpad\'s list error in the Target dropdown', async () => {
	const page = await newSignedInPage();
	const saved = PICKER_WORKFLOWS.wrongKey;
	await step(page, 'saved-workflow', () => openWorkflow(page, stack.baseUrl, stack.workflowIds[saved.name]));
	await step(page, 'saved-node-open', () => openNode(page, saved.node));

	// n8n may reload the list as soon as the credential changes: count Dialpad's answers from here.
	const logBefore = stack.sim.log.length;
	await step(page, 'wrong-key-credential', () => chooseCredential(page, WRONG_KEY_CREDENTIAL.name));
	const listed = await step(page, 'wrong-key-list-error', () => openList(page, 'targetId'));
	expect(listed.items).toEqual([]);
	expect(listed.error).toMatch(/Dialpad rejected the API key/);
	// Call centers are labelled with their office, so the offices list is the first to be refused.
	expect(listRequests(logBefore).map((entry) => entry.status)).toContain(401);
	expect(await page.getByTestId('resource-locator-targetId').getByText('Could not load list').isVisible()).toBe(true);
	await page.close();
});

test('switching Target Type lists the new type\'s entries', async () => {
	const page = await newSignedInPage();
	const saved = PICKER_WORKFLOWS.relist;
	await step(page, 'relist-saved-workflow', () => openWorkflow(page, stack.baseUrl, stack.workflowIds[saved.name]));
	await step(page, 'relist-node-open', () => openNode(page, saved.node));
	await chooseCredential(page, GOOD_CREDENTIAL.name);

	const callCenters = await step(page, 'relist-call-centers', () => openList(page, 'targetId'));
	expect(callCenters.error).toBeUndefined();
	expect(callCenters.items.map(nameOfItem).sort()).toEqual((await activeNames('/callcenters', (entry) => String(entry.name))).sort());
	await page.keyboard.press('Escape');

	for (const [label, listPath, nameOf] of [
		['Department', '/departments', (entry: Record<string, unknown>) => String(entry.name)],
		['User', '/users', (entry: Record<string, unknown>) => String(entry.display_name)],
	] as const) {
		const logBefore = stack.sim.log.length;
		await step(page, `relist-target-type-${label.toLowerCase()}`, () => chooseOption(page, 'targetType', label));
		const listed = await step(page, `relist-${label.toLowerCase()}-picker`, () => openList(page, 'targetId'));
		expect(listed.error).toBeUndefined();
		expect(listRequests(logBefore, listPath).length).toBeGreaterThan(0);
		expect(listed.items.map(nameOfItem).sort()).toEqual((await activeNames(listPath, nameOf)).sort());
		await page.keyboard.press('Escape');
	}
	await page.close();
});
