import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readOperation } from '../parameters';
import { executeGetReportResult } from './getReportResult';
import { executeRunReport } from './runReport';
import { executeStartReport } from './startReport';

export async function executeOperation(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	switch (readOperation(this)) {
		case 'start':
			return await executeStartReport.call(this);
		case 'getResult':
			return await executeGetReportResult.call(this);
		case 'run':
			return await executeRunReport.call(this);
	}
}
