import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
} from 'n8n-workflow';

import { getColumns } from './methods/loadOptions';
import { MAIN_CONNECTION } from './hostCompat';
import { optionsProperties } from './description/options';
import { outputProperties } from './description/output';
import { periodProperties } from './description/period';
import { reportProperties } from './description/report';
import { listSearch } from './methods/listSearch';
import { readOutputMode, readReportOptions, readReportParameters } from './parameters';
import { itemsSink, reportRows, runReport, type ReportDependencies } from './report';
import { fileSink } from './report/csvFile';
import { ReportError } from './report/errors';
import {
	CREDENTIAL_TYPE,
	createBinaryStore,
	createCsvDownloader,
	createStatsApi,
	createWaitClock,
} from './transport';

export class DialpadStats implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dialpad Stats',
		name: 'dialpadStats',
		icon: { light: 'file:dialpad.svg', dark: 'file:dialpad.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["exportType"] + ": " + $parameter["statType"]}}',
		description: 'Export Dialpad call-center analytics as one item per report row, or as a CSV file',
		defaults: { name: 'Dialpad Stats' },
		usableAsTool: true,
		inputs: [MAIN_CONNECTION],
		outputs: [MAIN_CONNECTION],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [...reportProperties, ...periodProperties, ...outputProperties, ...optionsProperties],
	};

	methods = { listSearch, loadOptions: { getColumns } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		let dependencies: ReportDependencies | undefined;

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				dependencies ??= {
					api: createStatsApi(this, await this.getCredentials(CREDENTIAL_TYPE, itemIndex)),
					downloader: createCsvDownloader(this),
					clock: createWaitClock(this),
				};
				const parameters = readReportParameters(this, itemIndex);
				const options = readReportOptions(this, itemIndex);
				if (readOutputMode(this, itemIndex) === 'file') {
					const files = await runReport(dependencies, parameters, options, fileSink(createBinaryStore(this)));
					for (const { result } of files) {
						output.push({ json: result.json, binary: { data: result.binary }, pairedItem: { item: itemIndex } });
					}
				} else {
					const parts = await runReport(dependencies, parameters, options, itemsSink(options));
					for (const row of reportRows(parts)) output.push({ json: row, pairedItem: { item: itemIndex } });
				}
			} catch (error) {
				const nodeError = toNodeError(this, error, itemIndex);
				const cancelled = error instanceof ReportError && error.kind === 'cancelled';
				if (!cancelled && this.continueOnFail()) {
					output.push({
						json: { error: nodeError.message, description: nodeError.description ?? null },
						pairedItem: { item: itemIndex },
					});
					continue;
				}
				throw nodeError;
			}
		}
		return [output];
	}
}

function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ReportError) {
		const details = { message: error.message, description: error.description, itemIndex };
		if (error.httpCode !== undefined && error.kind !== 'invalidParameter') {
			const apiError = { message: error.message, httpCode: String(error.httpCode) } as JsonObject;
			return new NodeApiError(ctx.getNode(), apiError, { ...details, httpCode: String(error.httpCode) });
		}
		return new NodeOperationError(ctx.getNode(), error.message, details);
	}
	// A plain message: errors from other realms (or non-Errors) would otherwise lose their text.
	const message = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)
		? String((error as { message: unknown }).message)
		: String(error);
	return new NodeOperationError(ctx.getNode(), `Dialpad Stats failed: ${message}`, { itemIndex });
}
