import type { IDataObject } from 'n8n-workflow';

/**
 * The rows of several exports of one report as one table: rows in export order, the columns of the
 * first file in its order, a column only a later file has appended, missing values null.
 */
export function mergeReportRows(parts: IDataObject[][]): IDataObject[] {
	const columns: string[] = [];
	const known = new Set<string>();
	for (const rows of parts) {
		for (const row of rows) {
			for (const column of Object.keys(row)) {
				if (!known.has(column)) {
					known.add(column);
					columns.push(column);
				}
			}
		}
	}
	const merged: IDataObject[] = [];
	for (const rows of parts) {
		for (const row of rows) {
			const complete: IDataObject = {};
			for (const column of columns) complete[column] = column in row ? row[column] : null;
			merged.push(complete);
		}
	}
	return merged;
}
