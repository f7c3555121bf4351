/**
 * A report file with bytes that are not valid UTF-8, inside n8n's engine: the rows still come out
 * (the bad bytes read as U+FFFD), and an execution hint naming the lines reaches n8n's run data
 * (taskData.hints, what the editor shows above the output).
 */
import type { INodeParameters, NodeExecutionHint } from 'n8n-workflow';

import { CsvReader } from '../../nodes/shared/report/csv/table';
import { startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { callCenterIds, credentialsFor, downloads, idLocator, polls, reportParameters } from '../support/engine/fixtures';
import { NODE_NAME, runDialpadStats, type EngineRunResult } from '../support/engine/harness';

let sim: Simulator;
let target: INodeParameters;

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
	const [callCenter] = await callCenterIds(sim);
	target = { targetType: 'callcenter', targetId: idLocator(callCenter) };
});
afterAll(async () => await sim.close());
beforeEach(() => {
	sim.reset();
	sim.faults.setRowCount(5);
});

function hintsOf(result: EngineRunResult): NodeExecutionHint[] {
	return result.run.data.resultData.runData[NODE_NAME]?.[0]?.hints ?? [];
}

function requestIdOfRun(): string {
	const id = polls(sim)[0]?.requestId ?? downloads(sim)[0]?.requestId;
	if (!id) throw new Error('no request id in the simulator log');
	return id;
}

/** The physical lines of data rows 1 and 3 (where the fault puts its bytes), from the clean CSV. */
function linesOfRows1And3(requestId: string): [number, number] {
	const reader = new CsvReader();
	const rows = [...reader.push(sim.csvFor(requestId)), ...reader.end()];
	return [rows[1].line, rows[3].line];
}

test('One Item per Row: every row comes out, and a warning hint names the first bad line and how many there are', async () => {
	sim.faults.invalidUtf8NextCsv();
	const result = await runDialpadStats({ parameters: reportParameters(target), credentials: credentialsFor(sim) });
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(5);
	const requestId = requestIdOfRun();
	const [first] = linesOfRows1And3(requestId);
	expect(JSON.stringify(result.items[0].json)).toContain('\uFFFD');
	expect(JSON.stringify(result.items[1].json)).not.toContain('\uFFFD');
	expect(hintsOf(result)).toEqual([
		{
			message: `Dialpad's report file (request ${requestId}) has bytes that are not valid UTF-8 on 2 lines (the first: line ${first}): they were read as "�" (U+FFFD), so a name or other text there shows "�" instead of the characters Dialpad meant`,
			type: 'warning',
			location: 'outputPane',
		},
	]);
});

test('one bad line: the hint names it', async () => {
	sim.faults.invalidUtf8NextCsv([3]);
	const result = await runDialpadStats({ parameters: reportParameters(target), credentials: credentialsFor(sim) });
	const [, third] = linesOfRows1And3(requestIdOfRun());
	expect(hintsOf(result).map((hint) => hint.message)).toEqual([expect.stringContaining(`not valid UTF-8 on line ${third}: they were read as`)]);
});

test('two input items asking for the same report: one download, one hint', async () => {
	sim.faults.invalidUtf8NextCsv();
	const result = await runDialpadStats({ parameters: reportParameters(target), credentials: credentialsFor(sim), inputItems: [{}, {}] });
	expect(result.error).toBeUndefined();
	expect(downloads(sim)).toHaveLength(1);
	expect(result.items).toHaveLength(10);
	expect(hintsOf(result)).toHaveLength(1);
});

test('CSV File: the file is stored as sent, and the hint says whatever reads it will show U+FFFD', async () => {
	sim.faults.invalidUtf8NextCsv();
	const result = await runDialpadStats({ parameters: reportParameters({ ...target, output: 'file' }), credentials: credentialsFor(sim) });
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(1);
	const [first] = linesOfRows1And3(requestIdOfRun());
	expect(hintsOf(result).map((hint) => hint.message)).toEqual([
		expect.stringContaining(`not valid UTF-8 on 2 lines (the first: line ${first}): the file is stored as Dialpad sent it`),
	]);
});

test('a valid file gives no hint', async () => {
	const result = await runDialpadStats({ parameters: reportParameters(target), credentials: credentialsFor(sim) });
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(5);
	expect(hintsOf(result)).toEqual([]);
});

test('Get Report Result: the same hint for a report started earlier', async () => {
	const started = await runDialpadStats({ parameters: reportParameters({ ...target, operation: 'start' }), credentials: credentialsFor(sim) });
	expect(started.error).toBeUndefined();
	const requestId = started.items[0].json.request_id as string;
	sim.faults.invalidUtf8NextCsv();
	const result = await runDialpadStats({
		parameters: { operation: 'getResult', requestId, timezone: 'America/New_York', options: { initialDelay: 0, pollInterval: 5, maxWait: 60 } },
		credentials: credentialsFor(sim),
	});
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(5);
	const [first] = linesOfRows1And3(requestId);
	expect(hintsOf(result).map((hint) => hint.message)).toEqual([
		expect.stringContaining(`(request ${requestId}) has bytes that are not valid UTF-8 on 2 lines (the first: line ${first}): they were read as`),
	]);
});
