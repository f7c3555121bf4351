/**
 * n8n's workflow editor as a person uses it, one helper per gesture. Controls are found by the
 * `data-test-id` names n8n's own tests use, and by the text a person reads.
 */
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { SCREENSHOT_DIR } from './harness';

/** The editor's bundle is large and this machine small: any single step may take this long. */
export const STEP_TIMEOUT_MS = 60_000;
/** Execute step: the node's default First Check After (15 s) plus the download, with room to spare. */
export const EXECUTION_TIMEOUT_MS = 120_000;

let shotNumber = 0;

/** A full-window picture into .tmp/ui/, numbered in the order taken. */
export async function screenshot(page: Page, name: string): Promise<string> {
	shotNumber += 1;
	const file = path.join(SCREENSHOT_DIR, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
	await page.screenshot({ path: file });
	return file;
}

/** Runs a step; on failure saves what the page looked like beside the other pictures. */
export async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
	try {
		const result = await fn();
		await screenshot(page, name);
		return result;
	} catch (error) {
		const file = await screenshot(page, `FAILED-${name}`).catch(() => undefined);
		if (file && error instanceof Error) error.message = `${name}: ${error.message}\n(screenshot: ${file})`;
		throw error;
	}
}

export async function openNewWorkflow(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/new`, { timeout: STEP_TIMEOUT_MS });
	await page.getByTestId('canvas-add-button').waitFor({ timeout: STEP_TIMEOUT_MS });
}

export async function openWorkflow(page: Page, baseUrl: string, workflowId: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}`, { timeout: STEP_TIMEOUT_MS });
	await page.getByTestId('canvas-node').first().waitFor({ timeout: STEP_TIMEOUT_MS });
}

/** The node creator, from the empty canvas's "Add first step" or the canvas's "+" button. */
export async function openNodeCreator(page: Page): Promise<Locator> {
	const addFirst = page.getByTestId('canvas-add-button');
	if (await addFirst.isVisible()) await addFirst.click();
	else await page.getByTestId('node-creator-plus-button').click();
	const search = page.getByTestId('node-creator-search-bar');
	await search.waitFor({ timeout: STEP_TIMEOUT_MS });
	return search;
}

/** Types into the node creator's search the way a person does, key by key. */
export async function searchNodes(page: Page, text: string): Promise<Locator> {
	const search = page.getByTestId('node-creator-search-bar');
	await search.click();
	await search.pressSequentially(text, { delay: 60 });
	return page.getByTestId('node-creator').getByTestId('node-creator-item-name');
}

/**
 * Clicks a node in the creator's results, then what n8n shows next: a node with operations lists
 * them as actions (`action`, e.g. "Run a report and get its rows"); a community node with a single
 * operation shows its details with "Add to workflow". n8n then adds the node (after a Manual
 * Trigger on an empty canvas) and opens its parameter panel.
 */
export async function addNodeFromCreator(page: Page, displayName: string, action?: string): Promise<Locator> {
	const creator = page.getByTestId('node-creator');
	await creator
		.getByTestId('node-creator-item-name')
		.filter({ hasText: new RegExp(`^${escapeRegExp(displayName)}$`) })
		.first()
		.click();
	const parameters = page.getByTestId('node-parameters');
	const addToWorkflow = creator.getByText('Add to workflow', { exact: true });
	const actionItem = action
		? creator.getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^${escapeRegExp(action)}$`) }).first()
		: addToWorkflow;
	await parameters.or(addToWorkflow).or(actionItem).first().waitFor({ timeout: STEP_TIMEOUT_MS });
	if (!(await parameters.isVisible())) {
		if (await actionItem.isVisible()) await actionItem.click();
		else await addToWorkflow.click();
	}
	await parameters.waitFor({ timeout: STEP_TIMEOUT_MS });
	return page.getByTestId('ndv');
}

/** Opens a node's parameter panel by double-clicking it on the canvas. */
export async function openNode(page: Page, nodeName: string): Promise<Locator> {
	await page.getByTestId('canvas-node').filter({ hasText: nodeName }).first().dblclick();
	const ndv = page.getByTestId('ndv');
	await page.getByTestId('node-parameters').waitFor({ timeout: STEP_TIMEOUT_MS });
	return ndv;
}

/** The open dropdown's choice whose text starts with `label` (a choice may carry a description). */
function dropdownChoice(page: Page, label: string): Locator {
	return page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^${escapeRegExp(label)}`) }).first();
}

/** What an options dropdown offers once opened (each choice's label and description as one text). */
export async function dropdownChoices(page: Page, parameter: string): Promise<string[]> {
	await page.getByTestId(`parameter-input-${parameter}`).click();
	const choices = page.locator('.el-select-dropdown__item:visible');
	await choices.first().waitFor({ timeout: STEP_TIMEOUT_MS });
	const texts = await choices.allTextContents();
	await page.keyboard.press('Escape');
	await choices.first().waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
	return texts.map((text) => text.trim());
}

/** Picks a choice of an options parameter (Target Type, Period...) by its label. */
export async function chooseOption(page: Page, parameter: string, label: string): Promise<void> {
	await page.getByTestId(`parameter-input-${parameter}`).click();
	const choice = dropdownChoice(page, label);
	await choice.click({ timeout: STEP_TIMEOUT_MS });
	await choice.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
	await waitForValue(page.getByTestId(`parameter-input-${parameter}`).locator('input').first(), label);
}

export async function chooseCredential(page: Page, credentialName: string): Promise<void> {
	const select = page.getByTestId('node-credentials-select');
	await select.click();
	const choice = dropdownChoice(page, credentialName);
	await choice.click({ timeout: STEP_TIMEOUT_MS });
	await choice.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
	await waitForValue(select.locator('input').first(), credentialName);
}

async function waitForValue(input: Locator, expected: string): Promise<void> {
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	for (;;) {
		const value = await input.inputValue().catch(() => '');
		if (value.trim() === expected) return;
		if (Date.now() > deadline) throw new Error(`the field shows "${value}", not "${expected}"`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

export interface ListOutcome {
	/** The entries the dropdown shows (empty when it shows an error). */
	items: string[];
	/** The error the dropdown shows instead of entries. */
	error?: string;
}

/**
 * Opens a resource locator's From List dropdown (Target, Office) and waits until it shows
 * entries, "no results" or an error.
 */
export async function openList(page: Page, parameter: string): Promise<ListOutcome> {
	const locator = page.getByTestId(`resource-locator-${parameter}`);
	await locator.getByTestId('rlc-input').click();
	return await listOutcome(locator);
}

async function listOutcome(locator: Locator): Promise<ListOutcome> {
	// The dropdown is rendered inside the resource locator: entries, an error, or "no results".
	const items = locator.getByTestId('rlc-item').locator('visible=true');
	const error = locator.getByTestId('rlc-error-container').locator('visible=true');
	const empty = locator.getByText(/no results/i).locator('visible=true');
	await items.first().or(error).or(empty.first()).first().waitFor({ timeout: STEP_TIMEOUT_MS });
	if (await error.isVisible()) {
		return { items: [], error: (await locator.getByTestId('rlc-error-message').textContent())?.trim() ?? '' };
	}
	return { items: (await items.allTextContents()).map((text) => text.trim()) };
}

/**
 * A picture of the parameter panel down to the open dropdown's last entry (the README's picture
 * of the picker), rather than the whole window.
 */
export async function listPicture(page: Page, parameter: string, file: string): Promise<void> {
	const panel = await page.getByTestId('node-parameters').boundingBox();
	const ndv = await page.getByTestId('ndv').boundingBox();
	const last = await page.getByTestId(`resource-locator-${parameter}`).getByTestId('rlc-item').locator('visible=true').last().boundingBox();
	if (!panel || !ndv || !last) throw new Error('the parameter panel or the open list is not on screen');
	const x = Math.max(0, panel.x - 16);
	const y = Math.max(0, ndv.y);
	await page.screenshot({ path: file, clip: { x, y, width: panel.width + 32, height: last.y + last.height + 24 - y } });
}

/** Types into the open dropdown's search box key by key; resolves once the list shows only matches. */
export async function searchList(page: Page, parameter: string, text: string): Promise<ListOutcome> {
	const search = page.getByTestId(`resource-locator-${parameter}`).getByTestId('rlc-search').locator('visible=true');
	await search.pressSequentially(text, { delay: 80 });
	const needle = text.toLowerCase();
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	for (;;) {
		const outcome = await listOutcome(page.getByTestId(`resource-locator-${parameter}`));
		if (outcome.error !== undefined || outcome.items.every((item) => item.toLowerCase().includes(needle))) return outcome;
		if (Date.now() > deadline) throw new Error(`the list still shows entries without "${text}": ${outcome.items.join(', ')}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Clicks an entry of the open dropdown; resolves once the field shows it. */
export async function pickListItem(page: Page, parameter: string, startsWith: string): Promise<string> {
	await page.getByTestId(`resource-locator-${parameter}`).getByTestId('rlc-item').locator('visible=true').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(startsWith)}`) }).first().click();
	const input = page.getByTestId(`resource-locator-${parameter}`).getByTestId('rlc-input');
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	for (;;) {
		const value = await input.inputValue();
		if (value.startsWith(startsWith)) return value;
		if (Date.now() > deadline) throw new Error(`the field shows "${value}" after picking "${startsWith}"`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** Presses the parameter panel's Execute step and waits for the node's output (or its error). */
export async function executeStep(page: Page): Promise<Locator> {
	await page.getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	await output
		.getByTestId('ndv-items-count')
		.or(output.getByTestId('node-run-status-success'))
		.or(page.getByTestId('node-error-message'))
		.first()
		.waitFor({ timeout: EXECUTION_TIMEOUT_MS });
	const error = page.getByTestId('node-error-message').locator('visible=true');
	if (await error.count()) throw new Error(`the node failed: ${(await error.first().textContent())?.trim()}`);
	await output.getByTestId('ndv-items-count').waitFor({ timeout: STEP_TIMEOUT_MS });
	return output;
}

/** The output panel's "N items" as a number. */
export async function outputItemCount(output: Locator): Promise<number> {
	const text = (await output.getByTestId('ndv-items-count').textContent()) ?? '';
	const match = /([\d,]+)\s+items?/.exec(text);
	if (!match) throw new Error(`unexpected item count text "${text}"`);
	return Number(match[1].replace(/,/g, ''));
}

/**
 * Every row of the output table, page after page (n8n shows 25 rows a page): the number of rows,
 * and the values of one column in table order.
 */
export async function readOutputTable(
	page: Page,
	output: Locator,
	column: string,
	onPage?: (pageNumber: number) => Promise<void>,
): Promise<{ rows: number; values: string[]; pages: number }> {
	await output.getByTestId('radio-button-table').click();
	const table = output.locator('table').first();
	await table.locator('tbody tr').first().waitFor({ timeout: STEP_TIMEOUT_MS });
	const headers = (await table.locator('thead th').allTextContents()).map((text) => text.trim());
	const columnIndex = headers.findIndex((text) => text === column || text.startsWith(`${column} `));
	if (columnIndex < 0) throw new Error(`the output table has no column "${column}": ${headers.join(', ')}`);
	const values: string[] = [];
	let rows = 0;
	const firstRow = table.locator('tbody tr').first();
	for (let pageNumber = 1; ; pageNumber += 1) {
		const firstRowText = (await firstRow.textContent()) ?? '';
		const cells = await table.locator('tbody tr').evaluateAll(
			(trs, index) => trs.map((tr) => (tr.querySelectorAll('td')[index as number]?.textContent ?? '').trim()),
			columnIndex,
		);
		rows += cells.length;
		values.push(...cells);
		await onPage?.(pageNumber);
		const next = output.getByTestId('pagination-next');
		if (!(await next.isVisible()) || (await next.isDisabled())) return { rows, values, pages: pageNumber };
		await next.click();
		// The next page is shown once the pager marks it and its first row is another row.
		await output.locator(`[data-test-id=pagination-item][aria-current=page][value="${pageNumber + 1}"]`).waitFor({ timeout: STEP_TIMEOUT_MS });
		const deadline = Date.now() + STEP_TIMEOUT_MS;
		while (((await firstRow.textContent()) ?? '') === firstRowText) {
			if (Date.now() > deadline) throw new Error(`page ${pageNumber + 1} of the output table did not render`);
			await page.waitForTimeout(100);
		}
	}
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
