/**
 * The Dialpad Stats node as an AI agent's tool, in a real n8n (2.40.7): examples/dialpad-stats-ai-agent-tool.json
 * (Manual Trigger -> question -> AI Agent v3.1 with the OpenAI Chat Model and the Dialpad Stats tool,
 * `dialpadStatsTool`, whose Target and Period are `$fromAI(...)`), run headless with `n8n execute-batch`
 * against the simulator and a scripted OpenAI-compatible Chat Completions stand-in on 127.0.0.1
 * (test/stand-ins/llm). The example's OpenAI credential is retargeted to a credential whose Base URL is the
 * stand-in; nothing leaves the machine.
 *
 * The stand-in plays the model: it calls the tool with arguments of its choosing, then answers with
 * the count it read from the tool result. It records every request, so the test reads exactly what
 * the model received: the `tool` message of the next request.
 *
 * 1. "yesterday": one tool call; the simulator got the POST the model asked for (call center, days
 *    ago 1..1), the tool result is under the size budget and carries the CSV's count, the answer
 *    quotes it.
 * 2. "last fortnight": a period the node does not know comes back to the model as a message naming
 *    the allowed values, and no export is started for it; the model retries with last7Days.
 * 3. Without Options > Columns (all 68 Stats columns) for the last 30 days: the result is cut to the
 *    size budget and says so ({ truncated, totalRows, returnedRows }), the kept rows the CSV's first.
 */
import path from 'node:path';

import type { Simulator } from '../stand-ins/dialpad/index';
import {
	EXAMPLE_CREDENTIAL,
	dialpadNodes,
	exportPosts,
	loadExample,
	requestIdOf,
	retargetCredential,
	retargetExample,
	thirdPartyNodes,
	type BatchOutcome,
	type CallCenterRef,
	type CredentialFile,
	type ExecutionRun,
	type N8nInstance,
	type TaskData,
	type WorkflowFile,
} from '../support/n8n/index';
import {
	startChatCompletionsStandIn,
	toolResultsOf,
	type ChatCompletionsStandIn,
	type RecordedRequest,
	type ScriptedTurn,
	type ToolResult,
} from '../stand-ins/llm/chat-completions';
import { StepTimer, parseCsv, removePackedTarball, startSuite } from './harness';
import { credentials } from './workflows';

const EXAMPLE = {
	file: 'dialpad-stats-ai-agent-tool.json',
	question: 'Example question',
	agent: 'AI Agent',
	model: 'OpenAI Chat Model',
	tool: 'Dialpad Stats',
	/** The tool's name as n8n offers it to the model (nodeNameToToolName of the node's name). */
	toolName: 'Dialpad_Stats',
} as const;

const OPENAI_CREDENTIAL_TYPE = 'openAiApi';
const STAND_IN_CREDENTIAL = { id: 'OpenAiStandIn01', name: 'OpenAI (scripted stand-in on loopback)' };

/** The budget the node keeps a tool result under. */
const TOOL_RESULT_BUDGET_BYTES = 20_000;
const ALLOWED_PERIODS = ['yesterday', 'today', 'last7Days', 'last30Days', 'thisWeek', 'lastWeek', 'thisMonth', 'lastMonth'];

/** One workflow per conversation; each asks in its own time zone so its POSTs can be picked out. */
const CASE = {
	yesterday: { id: '301', script: 'yesterday', timezone: 'America/Anchorage' },
	badPeriod: { id: '302', script: 'last fortnight', timezone: 'Pacific/Honolulu' },
	allColumns: { id: '303', script: 'last 30 days, all columns', timezone: 'America/Halifax' },
} as const;

const timer = new StepTimer();
let sim: Simulator;
let n8n: N8nInstance;
let cc: CallCenterRef[];
let llm: ChatCompletionsStandIn;
let batch: BatchOutcome;

function openAiStandInCredential(standIn: ChatCompletionsStandIn): CredentialFile {
	return {
		...STAND_IN_CREDENTIAL,
		type: OPENAI_CREDENTIAL_TYPE,
		data: { apiKey: standIn.apiKey, organizationId: '', url: standIn.baseUrl, header: false },
	};
}

/** The example as shipped, its model retargeted to the stand-in, asking `question` in `timezone`. */
function agentCopy(id: string, timezone: string, question: string, options: { allColumns?: boolean } = {}): WorkflowFile {
	const copy = retargetCredential(retargetExample(loadExample(EXAMPLE.file), cc), OPENAI_CREDENTIAL_TYPE, STAND_IN_CREDENTIAL);
	copy.id = id;
	copy.name = `E2E agent: ${question}`;
	copy.settings = { ...(copy.settings ?? {}), timezone };
	const questionNode = copy.nodes.find((node) => node.name === EXAMPLE.question);
	const assignments = (questionNode?.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> } | undefined)?.assignments;
	const chatInput = assignments?.find((assignment) => assignment.name === 'chatInput');
	if (!chatInput) throw new Error(`examples/${EXAMPLE.file}: no chatInput in "${EXAMPLE.question}"`);
	chatInput.value = question;
	if (options.allColumns) for (const tool of dialpadNodes(copy)) tool.parameters.options = {};
	return copy;
}

function toolCall(callCenterId: string, period: string): ScriptedTurn {
	return { toolCall: { name: EXAMPLE.toolName, arguments: { callCenterId, period } } };
}

/** Rows the tool returned, as the model got them (JSON text); [] when it is not a list of rows. */
function rowsOf(result: ToolResult | undefined): Array<Record<string, unknown>> {
	try {
		const parsed = JSON.parse(result?.content ?? '') as unknown;
		return Array.isArray(parsed) ? (parsed as Array<Record<string, unknown>>) : [];
	} catch {
		return [];
	}
}

function missedIn(rows: Array<Record<string, unknown>>): number {
	return rows.reduce((sum, row) => sum + Number(row.missed ?? 0), 0);
}

function questionFor(kind: keyof typeof CASE, callCenter: CallCenterRef): string {
	const when = { yesterday: 'yesterday', badPeriod: 'in the last fortnight', allColumns: 'in the last 30 days' }[kind];
	return `How many calls did the call center ${callCenter.name} (ID ${callCenter.id}) miss ${when}?`;
}

function succeeded(id: string): ExecutionRun {
	const outcome = batch.byId.get(id);
	if (!outcome) throw new Error(`workflow ${id} was not executed`);
	if (outcome.status !== 'success' || !outcome.run) throw new Error(`workflow ${id} ended "${outcome.status}": ${outcome.error ?? '(no error text)'}`);
	return outcome.run;
}

/** Every run of a node (the agent runs once per model turn; the tool once per call). */
function runsOf(run: ExecutionRun, node: string): TaskData[] {
	return run.data.resultData.runData[node] ?? [];
}

/** The agent's final answer: `output` of its last run that put an item out. */
function agentAnswer(run: ExecutionRun): string {
	const outputs = runsOf(run, EXAMPLE.agent).flatMap((task) => task.data?.main?.[0] ?? []);
	const answer = outputs.at(-1)?.json.output;
	if (typeof answer !== 'string') throw new Error(`the agent gave no answer; its runs: ${JSON.stringify(runsOf(run, EXAMPLE.agent)).slice(0, 2000)}`);
	return answer;
}

/** How long the tool call took, seen from the model: from the tool-call answer to the next request. */
function toolCallMs(conversation: RecordedRequest[], turn: number): number {
	return conversation[turn + 1].receivedAtMs - conversation[turn].answeredAtMs;
}

function toolCallIdOf(request: RecordedRequest): string | undefined {
	const answer = request.answer as { choices?: Array<{ message?: { tool_calls?: Array<{ id: string }> } }> } | undefined;
	return answer?.choices?.[0]?.message?.tool_calls?.[0]?.id;
}

beforeAll(async () => {
	llm = await startChatCompletionsStandIn();
	({ sim, n8n, callCenters: cc } = await startSuite(timer, (s) => [...credentials(s.baseUrl, s.apiKey), openAiStandInCredential(llm)]));
	const [sales, support] = cc;

	llm.script({
		name: CASE.yesterday.script,
		match: questionFor('yesterday', sales),
		steps: [
			toolCall(sales.id, 'yesterday'),
			({ toolResults }) => {
				const rows = rowsOf(toolResults[0]);
				return { text: rows.length ? `${sales.name} missed ${missedIn(rows)} calls yesterday.` : `The tool returned no rows: ${toolResults[0]?.content}` };
			},
		],
	});
	llm.script({
		name: CASE.badPeriod.script,
		match: questionFor('badPeriod', support),
		steps: [
			toolCall(support.id, 'last fortnight'),
			// A model that reads the error picks an allowed value; this one takes last7Days if it is named.
			({ toolResults }) =>
				/last7Days/.test(toolResults[0]?.content ?? '')
					? toolCall(support.id, 'last7Days')
					: { text: `The tool refused and did not say what to use: ${toolResults[0]?.content}` },
			({ toolResults }) => ({ text: `I can only ask for whole presets, so here are the last 7 days: ${support.name} missed ${missedIn(rowsOf(toolResults[1]))} calls.` }),
		],
	});

	llm.script({
		name: CASE.allColumns.script,
		match: questionFor('allColumns', sales),
		steps: [
			toolCall(sales.id, 'last30Days'),
			({ toolResults }) => {
				const rows = rowsOf(toolResults[0]).filter((row) => row.truncated === undefined);
				return { text: `${sales.name} missed ${missedIn(rows)} calls on the ${rows.length} days the tool returned.` };
			},
		],
	});

	const workflows = [
		agentCopy(CASE.yesterday.id, CASE.yesterday.timezone, questionFor('yesterday', sales)),
		agentCopy(CASE.badPeriod.id, CASE.badPeriod.timezone, questionFor('badPeriod', support)),
		agentCopy(CASE.allColumns.id, CASE.allColumns.timezone, questionFor('allColumns', sales), { allColumns: true }),
	];
	await timer.time(`n8n import:workflow (${workflows.length})`, () => n8n.importWorkflows(workflows));
	batch = await timer.time('n8n execute-batch: the agent runs at once', () => n8n.executeBatch(workflows.map((wf) => wf.id)));
}, 15 * 60_000);

afterAll(async () => {
	console.log(`AI agent e2e timings (n8n ${n8n?.runtime.version}, user folder ${n8n?.userFolder}):\n${timer.report()}`);
	await llm?.close();
	await sim?.close();
	if (n8n && !process.env.KEEP_E2E) await n8n.dispose();
	await removePackedTarball();
});

describe('the stand-in, read by the OpenAI SDK that n8n\'s OpenAI Chat Model uses (@langchain/openai\'s openai)', () => {
	interface SdkCompletion {
		choices: Array<{ finish_reason: string; message: { content: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> } }>;
	}
	interface Sdk {
		chat: {
			completions: {
				create(body: Record<string, unknown>): Promise<SdkCompletion>;
				stream(body: Record<string, unknown>): { finalChatCompletion(): Promise<SdkCompletion> };
			};
		};
	}

	test('a tool call and a final text, plain and streamed (SSE)', async () => {
		const standIn = await startChatCompletionsStandIn({
			scripts: [{ name: 'sdk', match: 'count', steps: [toolCall('42', 'yesterday'), ({ toolResults }) => ({ text: `read ${toolResults[0].content}` })] }],
		});
		try {
			const sdkPath = path.join(n8n.runtime.dir, 'node_modules', '@langchain', 'openai', 'node_modules', 'openai');
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { OpenAI } = require(sdkPath) as { OpenAI: new (options: { apiKey: string; baseURL: string }) => Sdk };
			const client = new OpenAI({ apiKey: standIn.apiKey, baseURL: standIn.baseUrl });
			const tools = [{ type: 'function', function: { name: EXAMPLE.toolName, parameters: { type: 'object', properties: {} } } }];
			const first = [{ role: 'user', content: 'count them' }];
			for (const streamed of [false, true]) {
				const ask = (messages: unknown[]) =>
					streamed ? client.chat.completions.stream({ model: 'm', messages, tools }).finalChatCompletion() : client.chat.completions.create({ model: 'm', messages, tools });
				const call = await ask(first);
				expect(call.choices[0].finish_reason).toBe('tool_calls');
				const [toolCallMade] = call.choices[0].message.tool_calls ?? [];
				expect(toolCallMade.function).toEqual({ name: EXAMPLE.toolName, arguments: JSON.stringify({ callCenterId: '42', period: 'yesterday' }) });
				const answer = await ask([...first, call.choices[0].message, { role: 'tool', tool_call_id: toolCallMade.id, content: '[{"missed":3}]' }]);
				expect(answer.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'read [{"missed":3}]' } });
			}
			expect(standIn.requests.map((request) => [request.step, request.stream, request.status])).toEqual([
				[0, false, 200],
				[1, false, 200],
				[0, true, 200],
				[1, true, 200],
			]);
		} finally {
			await standIn.close();
		}
	});
});

describe('the example as shipped', () => {
	test('AI Agent v3 + OpenAI Chat Model (Chat Completions) + the Dialpad Stats tool with $fromAI target and period', () => {
		const wf = loadExample(EXAMPLE.file);
		const byName = new Map(wf.nodes.map((node) => [node.name, node]));
		expect(byName.get(EXAMPLE.agent)).toMatchObject({ type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 3.1 });
		expect(byName.get(EXAMPLE.model)).toMatchObject({
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			parameters: { responsesApiEnabled: false },
			credentials: { [OPENAI_CREDENTIAL_TYPE]: { id: 'OpenAiAccount01' } },
		});
		const [tool] = dialpadNodes(wf);
		expect(tool).toMatchObject({
			name: EXAMPLE.tool,
			type: 'n8n-nodes-dialpad.dialpadStatsTool',
			credentials: { dialpadApi: EXAMPLE_CREDENTIAL },
			parameters: {
				exportType: 'stats',
				statType: 'calls',
				groupBy: 'date',
				targetType: 'callcenter',
				targetId: { __rl: true, mode: 'id', value: "={{ $fromAI('callCenterId', 'The Dialpad ID of the call center', 'string') }}" },
				period: expect.stringMatching(/^=\{\{ \$fromAI\('period', '[^']*last7Days[^']*', 'string'\) \}\}$/),
				options: { columns: ['date', 'all_calls', 'missed', 'abandoned'] },
			},
		});
		expect(wf.connections[EXAMPLE.tool]).toEqual({ ai_tool: [[{ node: EXAMPLE.agent, type: 'ai_tool', index: 0 }]] });
		expect(wf.connections[EXAMPLE.model]).toEqual({ ai_languageModel: [[{ node: EXAMPLE.agent, type: 'ai_languageModel', index: 0 }]] });
		// Only the chat model leaves the machine.
		expect(thirdPartyNodes(wf).map((node) => node.name)).toEqual([EXAMPLE.model]);
	});
});

describe('1. the model asks for yesterday', () => {
	test('the tool ran with the model\'s arguments; the model got a small result with the CSV\'s count, and quoted it', () => {
		const run = succeeded(CASE.yesterday.id);
		const [sales] = cc;
		const conversation = llm.conversation(CASE.yesterday.script);
		expect(conversation.map((request) => [request.step, request.status])).toEqual([
			[0, 200],
			[1, 200],
		]);
		expect(conversation.every((request) => request.authorized)).toBe(true);

		// What the model was offered: the tool by its n8n name, with the two $fromAI arguments.
		const offered = conversation[0].body?.tools ?? [];
		expect(offered.map((tool) => tool.function.name)).toEqual([EXAMPLE.toolName]);
		const schema = offered[0].function.parameters as { properties?: Record<string, { type?: string; description?: string }>; required?: string[] };
		expect(Object.keys(schema.properties ?? {}).sort()).toEqual(['callCenterId', 'period']);
		expect(schema.properties?.callCenterId).toMatchObject({ type: 'string', description: 'The Dialpad ID of the call center' });
		expect(schema.properties?.period?.description).toContain('last7Days');
		expect(toolResultsOf(conversation[0].body)).toEqual([]);

		// The tool called Dialpad with them: one Stats export of the chosen call center, days ago 1..1.
		const posts = exportPosts(sim.log, { timezone: CASE.yesterday.timezone });
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toMatchObject({
			export_type: 'stats',
			stat_type: 'calls',
			group_by: 'date',
			target_type: 'callcenter',
			days_ago_start: 1,
			days_ago_end: 1,
		});
		expect(String(posts[0].body.target_id)).toBe(sales.id);
		const csv = parseCsv(sim.csvFor(requestIdOf(posts[0])));
		expect(csv.rows).toHaveLength(1);

		// What the model received: one tool message, answering its call, under the budget, with the CSV's count.
		const results = toolResultsOf(conversation[1].body);
		expect(results).toHaveLength(1);
		expect(results[0].toolCallId).toBe(toolCallIdOf(conversation[0]));
		expect(results[0].bytes).toBeLessThan(TOOL_RESULT_BUDGET_BYTES);
		const rows = rowsOf(results[0]);
		expect(rows).toHaveLength(csv.rows.length);
		expect(Object.keys(rows[0])).toEqual(['date', 'all_calls', 'missed', 'abandoned']);
		expect(rows[0]).toEqual({
			date: csv.rows[0].date,
			all_calls: Number(csv.rows[0].all_calls),
			missed: Number(csv.rows[0].missed),
			abandoned: Number(csv.rows[0].abandoned),
		});
		const missed = Number(csv.rows[0].missed);
		expect(agentAnswer(run)).toBe(`${sales.name} missed ${missed} calls yesterday.`);

		// The tool node ran once, as the agent's tool.
		const toolRuns = runsOf(run, EXAMPLE.tool);
		expect(toolRuns).toHaveLength(1);
		const ms = toolCallMs(conversation, 0);
		console.log(
			[
				`agent case 1 (yesterday): the tool call took ${(ms / 1000).toFixed(1)} s as the model saw it ` +
					`(tool node ${(toolRuns[0].executionTime / 1000).toFixed(1)} s); tool result ${results[0].bytes} bytes, ${rows.length} row(s), missed = ${missed}`,
				`  the tool as offered to the model: ${JSON.stringify(offered[0])}`,
				`  the tool result the model received: ${results[0].content}`,
				`  the agent's answer: ${agentAnswer(run)}`,
				`  n8n asked for streamed answers: ${conversation.map((request) => request.stream).join(', ')}`,
			].join('\n'),
		);
	});
});

describe('2. the model asks for "last fortnight"', () => {
	test('the error comes back to the model naming the allowed periods, nothing is exported for it, and the retry gets rows', () => {
		const run = succeeded(CASE.badPeriod.id);
		const [, support] = cc;
		const conversation = llm.conversation(CASE.badPeriod.script);
		expect(conversation.map((request) => request.step)).toEqual([0, 1, 2]);

		const [refusal] = toolResultsOf(conversation[1].body);
		expect(refusal.toolCallId).toBe(toolCallIdOf(conversation[0]));
		expect(refusal.bytes).toBeLessThan(2_000);
		// Actionable: it names the parameter, the value the model sent and every value it may send instead.
		expect(refusal.content).toMatch(/Period/);
		expect(refusal.content).toContain('last fortnight');
		for (const period of ALLOWED_PERIODS) expect(refusal.content).toContain(period);

		// Nothing was asked of Dialpad for the bad value: the only export is the retry's, the last 7 days.
		const posts = exportPosts(sim.log, { timezone: CASE.badPeriod.timezone });
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toMatchObject({ export_type: 'stats', group_by: 'date', target_type: 'callcenter', days_ago_start: 1, days_ago_end: 7 });
		expect(String(posts[0].body.target_id)).toBe(support.id);
		const csv = parseCsv(sim.csvFor(requestIdOf(posts[0])));
		expect(csv.rows).toHaveLength(7);

		const results = toolResultsOf(conversation[2].body);
		expect(results).toHaveLength(2);
		expect(results[0].content).toBe(refusal.content);
		expect(results[1].bytes).toBeLessThan(TOOL_RESULT_BUDGET_BYTES);
		const rows = rowsOf(results[1]);
		expect(rows.map((row) => row.date)).toEqual(csv.rows.map((row) => row.date));
		expect(rows.map((row) => row.missed)).toEqual(csv.rows.map((row) => Number(row.missed)));
		const missed = csv.rows.reduce((sum, row) => sum + Number(row.missed), 0);
		expect(agentAnswer(run)).toContain(`${support.name} missed ${missed} calls`);

		expect(runsOf(run, EXAMPLE.tool)).toHaveLength(2);
		console.log(
			[
				`agent case 2 (last fortnight): the refusal reached the model after ${(toolCallMs(conversation, 0) / 1000).toFixed(1)} s, ` +
					`the retry took ${(toolCallMs(conversation, 1) / 1000).toFixed(1)} s; retry result ${results[1].bytes} bytes, ${rows.length} rows, missed = ${missed}`,
				`  the tool result the model received for "last fortnight": ${refusal.content}`,
			].join('\n'),
		);
	});
});

describe('3. every column for the last 30 days (Options > Columns empty)', () => {
	test('the result is cut to the size budget and says so; the rows it keeps are the CSV\'s first', () => {
		const run = succeeded(CASE.allColumns.id);
		const [sales] = cc;
		const conversation = llm.conversation(CASE.allColumns.script);
		expect(conversation.map((request) => request.step)).toEqual([0, 1]);

		const posts = exportPosts(sim.log, { timezone: CASE.allColumns.timezone });
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toMatchObject({ export_type: 'stats', group_by: 'date', days_ago_start: 1, days_ago_end: 30 });
		expect(String(posts[0].body.target_id)).toBe(sales.id);
		const csv = parseCsv(sim.csvFor(requestIdOf(posts[0])));
		expect(csv.rows).toHaveLength(30);

		const [result] = toolResultsOf(conversation[1].body);
		expect(result.bytes).toBeLessThan(TOOL_RESULT_BUDGET_BYTES);
		const items = rowsOf(result);
		const marker = items.at(-1);
		const rows = items.slice(0, -1);
		// 30 rows of 68 columns are far more than the budget: some rows kept, and the marker says how many of how many.
		expect(marker).toEqual({ truncated: true, totalRows: csv.rows.length, returnedRows: rows.length });
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.length).toBeLessThan(csv.rows.length);
		for (const row of rows) expect(Object.keys(row)).toEqual(csv.header);
		expect(rows.map((row) => row.date)).toEqual(csv.rows.slice(0, rows.length).map((row) => row.date));
		expect(rows.map((row) => row.missed)).toEqual(csv.rows.slice(0, rows.length).map((row) => Number(row.missed)));
		const bytesPerRow = Math.round(JSON.stringify(rows).length / rows.length);
		expect(agentAnswer(run)).toBe(`${sales.name} missed ${missedIn(rows)} calls on the ${rows.length} days the tool returned.`);
		console.log(
			`agent case 3 (last 30 days, all ${csv.header.length} columns): the tool call took ${(toolCallMs(conversation, 0) / 1000).toFixed(1)} s; ` +
				`tool result ${result.bytes} bytes: ${rows.length} of ${csv.rows.length} rows (about ${bytesPerRow} bytes a row) and the marker ${JSON.stringify(marker)}`,
		);
	});
});
