/**
 * A scripted stand-in for OpenAI's Chat Completions API on 127.0.0.1, for running n8n's AI Agent
 * with the OpenAI Chat Model node (credential Base URL pointed here) without a real model.
 *
 * What n8n 2.40's OpenAI Chat Model (lmChatOpenAi, "Use Responses API" off) calls:
 * - POST /v1/chat/completions with `messages`, `tools` (one function per connected tool, named as
 *   n8n's nodeNameToToolName makes it: the node name with every run of other characters than
 *   letters, digits, `_` and `-` turned into `_`) and, when streaming, `stream: true`;
 * - GET /v1/models only from the editor's model list (answered too).
 *
 * A script is picked by the user message of the conversation (the last `user` message); its step
 * is the number of assistant messages after that user message (0 = first answer). A step is a tool
 * call (`tool_calls`, JSON arguments) or a final text, or a function of what the model has been
 * sent so far (the `tool` messages: the tool results the agent passed back). Every request body is
 * recorded, so a test can read exactly what the model received. Non-streaming and SSE streaming
 * answers are both supported. Anything unscripted answers 400 with an OpenAI-style error whose
 * message says what was missing, so n8n's error names the problem.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
	role: 'system' | 'developer' | 'user' | 'assistant' | 'tool' | string;
	content?: string | Array<{ type?: string; text?: string }> | null;
	tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
	name?: string;
}

export interface ChatTool {
	type: 'function';
	function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ChatRequestBody {
	model?: string;
	messages?: ChatMessage[];
	tools?: ChatTool[];
	stream?: boolean;
	stream_options?: { include_usage?: boolean };
	[key: string]: unknown;
}

/** A tool result as the model received it: the `tool` message, its text and its size in bytes (UTF-8). */
export interface ToolResult {
	toolCallId: string;
	content: string;
	bytes: number;
}

export type ScriptedTurn =
	| { toolCall: { name: string; arguments: Record<string, unknown> } }
	| { text: string };

export interface TurnContext {
	/** 0 for the first answer of the conversation, 1 after the first tool round, ... */
	step: number;
	body: ChatRequestBody;
	/** The tool results of this conversation so far, oldest first. */
	toolResults: ToolResult[];
	userMessage: string;
}

export type ScriptStep = ScriptedTurn | ((context: TurnContext) => ScriptedTurn);

export interface Script {
	name: string;
	/** Which conversations this script answers: a substring or pattern of the user message. */
	match: string | RegExp;
	steps: ScriptStep[];
}

export interface RecordedRequest {
	index: number;
	method: string;
	path: string;
	/** Whether `Authorization: Bearer <apiKey>` was sent with the right key. */
	authorized: boolean;
	body?: ChatRequestBody;
	/** The script that answered, and its step; undefined when none did. */
	script?: string;
	step?: number;
	stream: boolean;
	status: number;
	/** What the stand-in answered (the non-streamed form, also for streamed answers). */
	answer?: unknown;
	receivedAtMs: number;
	answeredAtMs: number;
}

export interface ChatCompletionsStandIn {
	/** `http://127.0.0.1:<port>/v1`: what the OpenAI credential's Base URL holds. */
	baseUrl: string;
	apiKey: string;
	model: string;
	/** Live list, one entry per request (any path). */
	requests: RecordedRequest[];
	script(script: Script): void;
	/** The chat-completion requests one script answered, in order. */
	conversation(scriptName: string): RecordedRequest[];
	close(): Promise<void>;
}

export interface StandInOptions {
	/** Default 0: any free port. Always on 127.0.0.1. */
	port?: number;
	/** Default 'stand-in-key'. */
	apiKey?: string;
	/** The model id GET /v1/models lists and answers name. Default 'stand-in-model'. */
	model?: string;
	scripts?: Script[];
}

/** The text of a message's content (a string, or the text parts of a content array). */
export function messageText(message: ChatMessage): string {
	if (typeof message.content === 'string') return message.content;
	if (Array.isArray(message.content)) return message.content.map((part) => part.text ?? '').join('');
	return '';
}

/** The conversation since the last user message: that message, and what followed it. */
function currentExchange(messages: ChatMessage[]): { userMessage: string; after: ChatMessage[] } {
	let last = -1;
	messages.forEach((message, index) => {
		if (message.role === 'user') last = index;
	});
	return { userMessage: last === -1 ? '' : messageText(messages[last]), after: messages.slice(last + 1) };
}

/** The `tool` messages of a request (what the model is sent back after calling tools). */
export function toolResultsOf(body: ChatRequestBody | undefined): ToolResult[] {
	return (body?.messages ?? [])
		.filter((message) => message.role === 'tool')
		.map((message) => {
			const content = messageText(message);
			return { toolCallId: message.tool_call_id ?? '', content, bytes: Buffer.byteLength(content, 'utf8') };
		});
}

class StandInError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly type = 'invalid_request_error',
	) {
		super(message);
	}
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		throw new StandInError(400, 'stand-in: the request body is not JSON');
	}
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

/** Rough token count (4 characters a token), only so that `usage` looks like OpenAI's. */
function tokens(text: string): number {
	return Math.max(1, Math.ceil(text.length / 4));
}

export async function startChatCompletionsStandIn(options: StandInOptions = {}): Promise<ChatCompletionsStandIn> {
	const apiKey = options.apiKey ?? 'stand-in-key';
	const model = options.model ?? 'stand-in-model';
	const scripts: Script[] = [...(options.scripts ?? [])];
	const requests: RecordedRequest[] = [];
	let toolCallCounter = 0;
	let completionCounter = 0;

	function pickScript(userMessage: string): Script {
		const script = scripts.find((candidate) =>
			typeof candidate.match === 'string' ? userMessage.includes(candidate.match) : candidate.match.test(userMessage),
		);
		if (!script) {
			throw new StandInError(400, `stand-in: no script answers the user message ${JSON.stringify(userMessage.slice(0, 200))}`);
		}
		return script;
	}

	function completion(body: ChatRequestBody, recorded: RecordedRequest): Record<string, unknown> {
		const messages = body.messages ?? [];
		if (messages.length === 0) throw new StandInError(400, 'stand-in: the request has no messages');
		const { userMessage, after } = currentExchange(messages);
		const script = pickScript(userMessage);
		const step = after.filter((message) => message.role === 'assistant').length;
		recorded.script = script.name;
		recorded.step = step;
		const scripted = script.steps[step];
		if (!scripted) {
			throw new StandInError(400, `stand-in: script "${script.name}" has no step ${step} (it has ${script.steps.length})`);
		}
		const turn =
			typeof scripted === 'function'
				? scripted({ step, body, toolResults: toolResultsOf({ messages: after }), userMessage })
				: scripted;
		const promptTokens = tokens(JSON.stringify(messages)) + tokens(JSON.stringify(body.tools ?? []));
		const base = {
			id: `chatcmpl-standin-${++completionCounter}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model ?? model,
			system_fingerprint: 'fp_stand_in',
		};
		if ('toolCall' in turn) {
			const offered = (body.tools ?? []).map((tool) => tool.function?.name);
			if (!offered.includes(turn.toolCall.name)) {
				throw new StandInError(
					400,
					`stand-in: script "${script.name}" calls the tool "${turn.toolCall.name}", but the request offers ${offered.length ? offered.map((name) => `"${name}"`).join(', ') : 'no tools'}`,
				);
			}
			const args = JSON.stringify(turn.toolCall.arguments);
			return {
				...base,
				choices: [
					{
						index: 0,
						message: {
							role: 'assistant',
							content: null,
							refusal: null,
							tool_calls: [
								{ id: `call_standin_${++toolCallCounter}`, type: 'function', function: { name: turn.toolCall.name, arguments: args } },
							],
						},
						logprobs: null,
						finish_reason: 'tool_calls',
					},
				],
				usage: { prompt_tokens: promptTokens, completion_tokens: tokens(args), total_tokens: promptTokens + tokens(args) },
			};
		}
		return {
			...base,
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: turn.text, refusal: null },
					logprobs: null,
					finish_reason: 'stop',
				},
			],
			usage: { prompt_tokens: promptTokens, completion_tokens: tokens(turn.text), total_tokens: promptTokens + tokens(turn.text) },
		};
	}

	/** The same answer as Server-Sent Events of `chat.completion.chunk`s, then `[DONE]`. */
	function stream(res: ServerResponse, answer: Record<string, unknown>, includeUsage: boolean): void {
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
		const { choices, usage, ...base } = answer as {
			choices: Array<{ message: { content: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> }; finish_reason: string }>;
			usage: unknown;
		} & Record<string, unknown>;
		const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
			`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`;
		const [{ message, finish_reason: finishReason }] = choices;
		if (message.tool_calls) {
			res.write(chunk({ role: 'assistant', content: null }, null));
			message.tool_calls.forEach((call, index) => {
				res.write(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, null));
				res.write(chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] }, null));
			});
		} else {
			res.write(chunk({ role: 'assistant', content: '' }, null));
			const text = message.content ?? '';
			for (let at = 0; at < text.length; at += 16) res.write(chunk({ content: text.slice(at, at + 16) }, null));
		}
		res.write(chunk({}, finishReason));
		if (includeUsage) res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
		res.end('data: [DONE]\n\n');
	}

	async function handle(req: IncomingMessage, res: ServerResponse, recorded: RecordedRequest): Promise<void> {
		const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
		if (!recorded.authorized) {
			throw new StandInError(401, 'stand-in: Incorrect API key provided (send Authorization: Bearer <the stand-in key>)', 'invalid_api_key');
		}
		if (req.method === 'GET' && path === '/v1/models') {
			recorded.status = 200;
			return sendJson(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 1767225600, owned_by: 'stand-in' }] });
		}
		const modelMatch = /^\/v1\/models\/([^/]+)$/.exec(path);
		if (req.method === 'GET' && modelMatch) {
			recorded.status = 200;
			return sendJson(res, 200, { id: decodeURIComponent(modelMatch[1]), object: 'model', created: 1767225600, owned_by: 'stand-in' });
		}
		if (req.method === 'POST' && path === '/v1/chat/completions') {
			const body = (await readJson(req)) as ChatRequestBody | undefined;
			if (!body || typeof body !== 'object') throw new StandInError(400, 'stand-in: expected a JSON object');
			recorded.body = body;
			recorded.stream = body.stream === true;
			const answer = completion(body, recorded);
			recorded.answer = answer;
			recorded.status = 200;
			if (recorded.stream) return stream(res, answer, body.stream_options?.include_usage === true);
			return sendJson(res, 200, answer);
		}
		if (req.method === 'POST' && path === '/v1/responses') {
			throw new StandInError(404, 'stand-in: only Chat Completions is scripted; turn "Use Responses API" off in the OpenAI Chat Model node');
		}
		throw new StandInError(404, `stand-in: no route ${req.method} ${path}`);
	}

	const server: Server = createServer((req, res) => {
		const recorded: RecordedRequest = {
			index: requests.length,
			method: req.method ?? '',
			path: req.url ?? '',
			authorized: req.headers.authorization === `Bearer ${apiKey}`,
			stream: false,
			status: 0,
			receivedAtMs: Date.now(),
			answeredAtMs: 0,
		};
		requests.push(recorded);
		res.on('finish', () => (recorded.answeredAtMs = Date.now()));
		handle(req, res, recorded).catch((error: unknown) => {
			const status = error instanceof StandInError ? error.status : 500;
			const type = error instanceof StandInError ? error.type : 'server_error';
			const message = error instanceof Error ? error.message : String(error);
			recorded.status = status;
			recorded.answer = { error: { message, type } };
			if (res.headersSent) res.end();
			else sendJson(res, status, { error: { message, type, param: null, code: null } });
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		apiKey,
		model,
		requests,
		script(script: Script) {
			scripts.push(script);
		},
		conversation(scriptName: string) {
			return requests.filter((request) => request.script === scriptName && request.path.includes('/chat/completions'));
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
