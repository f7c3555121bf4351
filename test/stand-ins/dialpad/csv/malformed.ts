/** The malformedNextCsv fault: CSV files broken in the shapes a damaged export can take. */
import { csvField, csvLine, LINE_END } from './format';

/**
 * - `droppedField`: the first data row lacks its last field;
 * - `extraField`: the first data row has one field too many;
 * - `unclosedQuote`: the last field of the last data row opens a quote that never closes.
 * A header-only file gets one filler row broken the same way.
 */
export type MalformedShape = 'droppedField' | 'extraField' | 'unclosedQuote';
export const MALFORMED_SHAPES: readonly MalformedShape[] = ['droppedField', 'extraField', 'unclosedQuote'];

function brokenLine(row: readonly string[], shape: MalformedShape): string {
	switch (shape) {
		case 'droppedField':
			return csvLine(row.slice(0, -1));
		case 'extraField':
			return csvLine([...row, 'unexpected']);
		case 'unclosedQuote': {
			const last = row[row.length - 1] ?? '';
			const head = row.slice(0, -1).map(csvField);
			return [...head, `"${last.replace(/"/g, '')}`].join(',') + LINE_END;
		}
	}
}

/** The data rows as CSV lines, one of them broken; `headers` only sizes the filler row of an empty file. */
export function* malformedLines(rows: Iterable<string[]>, headers: readonly string[], shape: MalformedShape): Generator<string> {
	let previous: string[] | undefined;
	let broken = false;
	for (const row of rows) {
		if (shape === 'unclosedQuote') {
			if (previous) yield csvLine(previous);
			previous = row;
		} else if (!broken) {
			broken = true;
			yield brokenLine(row, shape);
		} else {
			yield csvLine(row);
		}
	}
	if (previous) yield brokenLine(previous, shape);
	else if (!broken) yield brokenLine(headers.map(() => 'filler'), shape);
}
