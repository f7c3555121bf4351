import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { knownColumns } from '../../shared/report/rows/knownColumns';

/** A parameter as the editor holds it now; the node's default when it is not set. */
function currentText(ctx: ILoadOptionsFunctions, name: string, fallback: string): string {
	const value = ctx.getCurrentNodeParameter(name);
	return typeof value === 'string' && value !== '' ? value : fallback;
}

/** The Columns picker: the columns known for the chosen export, from the package's catalog (no request). */
export async function getColumns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const exportType = currentText(this, 'exportType', 'records');
	const statType = currentText(this, 'statType', 'calls');
	const groupBy = exportType === 'stats' && statType === 'calls' ? currentText(this, 'groupBy', 'user') : '';
	const known = knownColumns(exportType, statType, groupBy);
	const note = known.complete
		? 'Column of this export, in file order'
		: 'Column known to be in this export (the file has others too: add them with an expression)';
	return known.columns.map((column) => ({ name: column, value: column, description: note }));
}
