import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';

import { executeOperation } from './actions/router';
import { getColumns } from './methods/loadOptions';
import { MAIN_CONNECTION } from '../shared/hostCompat';
import { forOperations, getResultProperties, operationProperties } from './description/operation';
import { optionsProperties, toolOptionsProperties } from './description/options';
import { outputProperties } from './description/output';
import { periodProperties } from './description/period';
import { reportProperties } from './description/report';
import { listSearch } from '../shared/lists/listSearch';
import { TOOL_DESCRIPTION } from './toolUse';
import { CREDENTIAL_TYPE } from '../shared/transport';

export class DialpadStats implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dialpad Stats',
		name: 'dialpadStats',
		icon: { light: 'file:dialpad.svg', dark: 'file:dialpad.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "getResult" ? "Get Report Result" : ($parameter["operation"] === "start" ? "Start " : "") + $parameter["exportType"] + ": " + $parameter["statType"] }}',
		// n8n hands this text to an AI agent using the node as a tool, so it says what a model needs.
		description: TOOL_DESCRIPTION,
		defaults: { name: 'Dialpad Stats' },
		usableAsTool: {
			// The tool variant always runs the report and returns rows: no Operation or Output to choose,
			// and a description written for the model.
			replacements: {
				description: TOOL_DESCRIPTION,
				properties: [...reportProperties, ...periodProperties, ...toolOptionsProperties],
			} as Partial<INodeTypeBaseDescription>,
		},
		inputs: [MAIN_CONNECTION],
		outputs: [MAIN_CONNECTION],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			...operationProperties,
			...getResultProperties,
			...forOperations(['run', 'start'], reportProperties),
			...forOperations(['run', 'start'], periodProperties.filter((property) => property.name !== 'timezone')),
			...periodProperties.filter((property) => property.name === 'timezone'),
			...forOperations(['run', 'getResult'], outputProperties),
			...optionsProperties,
		],
	};

	methods = { listSearch, loadOptions: { getColumns } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperation.call(this);
	}
}
