/**
 * Runs the Dialpad Stats node inside n8n-core's real WorkflowExecute: n8n's own parameter
 * resolution, helpers (httpRequest on axios), pairing, continueOnFail and cancellation.
 * Only the credential store is ours, and it applies the credential's `authenticate` block the
 * way n8n's CredentialsHelper does.
 */
import { createRequire } from 'node:module';

import {
	BinaryDataService,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	WorkflowExecute,
	type BinaryDataConfig,
} from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialsExpressionResolveValues,
	type IDataObject,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { DialpadApi } from '../../credentials/DialpadApi.credentials';
import { DialpadStats } from '../../nodes/DialpadStats/DialpadStats.node';

export const NODE_NAME = 'Dialpad Stats';
const NODE_TYPE = 'n8n-nodes-dialpad.dialpadStats';

class SingleNodeTypes implements INodeTypes {
	private readonly nodeType = new DialpadStats();

	getByName(): INodeType {
		return this.nodeType;
	}

	getByNameAndVersion(): INodeType {
		return this.nodeType;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

class TestCredentialsHelper extends ICredentialsHelper {
	private readonly credentialType = new DialpadApi();

	constructor(private readonly data: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		const headers = this.credentialType.authenticate.properties.headers ?? {};
		const resolved: Record<string, string> = {};
		for (const [name, template] of Object.entries(headers)) {
			resolved[name] =
				workflow && node
					? String(
							workflow.expression.getSimpleParameterValue(
								node,
								template as string,
								'internal',
								{ $credentials: credentials },
								undefined,
								'',
							),
						)
					: String(template);
		}
		options.headers = { ...options.headers, ...resolved };
		return options;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, _type: string): Promise<ICredentials> {
		throw new Error('not used by the node');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		_type: string,
		_mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		_raw?: boolean,
		_expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		return { ...this.data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return this.credentialType.properties;
	}
}

export interface EngineRunOptions {
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	inputItems?: IDataObject[];
	continueOnFail?: boolean;
	/** The workflow's timezone (Settings > Timezone in n8n). */
	timezone?: string;
	/** Cancels the execution this long after it starts, as the Stop button does. */
	cancelAfterMs?: number;
	/** Runs the node as n8n's AI-agent tool variant (node type `dialpadStatsTool`). */
	asTool?: boolean;
}

export interface EngineRunResult {
	items: INodeExecutionData[];
	/** The node's error as n8n recorded it, when the run failed. */
	error?: { message: string; description?: string | null; name?: string; httpCode?: string | null };
	status: IRun['status'];
	run: IRun;
}

let executionCounter = 0;

/** What n8n-core needs around a node: the credential store and the base URLs. */
export function engineAdditionalData(
	credentials: ICredentialDataDecryptedObject,
	hooks: ExecutionLifecycleHooks | undefined,
	executionId: string,
	currentNodeParameters?: INodeParameters,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		currentNodeParameters,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * The context n8n gives a list method while the editor shows the node (n8n-core's own
 * LoadOptionsContext): the node's current parameters, the credential, n8n's real HTTP helpers.
 */
export function loadOptionsContext(
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject,
	parameterPath = 'parameters.targetId',
): ILoadOptionsFunctions {
	const node: INode = {
		id: 'dialpad-stats-node',
		name: NODE_NAME,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { dialpadApi: { id: 'cred-1', name: 'Dialpad (simulator)' } },
	};
	const workflow = new Workflow({
		id: 'engine-test',
		name: 'engine test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new SingleNodeTypes(),
		settings: { timezone: 'UTC' },
	});
	const additionalData = engineAdditionalData(credentials, undefined, `load-options-${++executionCounter}`, parameters);
	return new LoadOptionsContext(workflow, node, additionalData, parameterPath);
}


export async function runDialpadStats(options: EngineRunOptions): Promise<EngineRunResult> {
	const node: INode = {
		id: 'dialpad-stats-node',
		name: NODE_NAME,
		type: options.asTool ? `${NODE_TYPE}Tool` : NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { dialpadApi: { id: 'cred-1', name: 'Dialpad (simulator)' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'engine-test',
		name: 'engine test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new SingleNodeTypes(),
		settings: { timezone: options.timezone ?? 'UTC' },
	});
	const executionId = `engine-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'engine-test',
		name: 'engine test',
		nodes: [node],
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	});
	const additionalData = engineAdditionalData(options.credentials, hooks, executionId);

	const inputItems = (options.inputItems ?? [{}]).map((json) => ({ json }));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node, data: { main: [inputItems] }, source: null }],
		},
	});
	let execution: ReturnType<WorkflowExecute['processRunExecutionData']>;
	try {
		execution = new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses to start a node whose parameters fail their own validation, as the editor does.
		if ((error as Error).name !== 'WorkflowHasIssuesError') throw error;
		return {
			items: [],
			error: { message: (error as Error).message, name: 'WorkflowHasIssuesError' },
			status: 'error',
			run: undefined as unknown as IRun,
		};
	}
	const cancelTimer =
		options.cancelAfterMs === undefined
			? undefined
			: setTimeout(() => execution.cancel(), options.cancelAfterMs);
	// A canceled execution resolves (n8n sets shouldReject = false) with status 'canceled'.
	const run = await execution;
	if (cancelTimer) clearTimeout(cancelTimer);

	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	const nodeError = taskData?.error ?? run.data.resultData.error;
	return {
		items: taskData?.data?.main?.[0] ?? [],
		error: nodeError
			? {
					message: nodeError.message,
					description: nodeError.description,
					name: nodeError.name,
					httpCode: (nodeError as { httpCode?: string | null }).httpCode,
				}
			: undefined,
		status: run.status,
		run,
	};
}

/**
 * Puts n8n-core's binary data service in `filesystem` mode (n8n 2.x's default) with its files under
 * `storagePath`, as n8n's start-up does; without this, the engine keeps binary data in memory.
 * Jest gives each test file its own module registry, so this lasts for the calling file only.
 */
export async function useFilesystemBinaryData(storagePath: string): Promise<BinaryDataService> {
	const config = { mode: 'filesystem', localStoragePath: storagePath, signingSecret: 'engine-tests' } as BinaryDataConfig;
	const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined } as never;
	const service = new BinaryDataService(config, quiet, quiet);
	await service.init();
	// n8n-core resolves its own copy of @n8n/di: register the service in that container.
	const { Container } = createRequire(require.resolve('n8n-core'))('@n8n/di') as typeof import('@n8n/di');
	Container.set(BinaryDataService, service);
	return service;
}

/**
 * The Columns picker as the editor fills it: the node's loadOptions method in n8n-core's own
 * LoadOptionsContext, with the parameters the editor currently holds. The credential points at a
 * closed port, so a request to Dialpad would fail the call.
 */
export async function loadColumnOptions(parameters: INodeParameters): Promise<INodePropertyOptions[]> {
	const context = loadOptionsContext(
		parameters,
		{ apiKey: 'unused', environment: 'custom', baseUrl: 'http://127.0.0.1:9' },
		'parameters.options.columns',
	);
	const method = new SingleNodeTypes().getByName().methods?.loadOptions?.getColumns;
	if (!method) throw new Error('the node has no getColumns loadOptions method');
	return await method.call(context);
}
