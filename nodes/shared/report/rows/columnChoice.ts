/**
 * The Columns option: which CSV columns become item keys, in the order the user chose them.
 * Checked against the file's own header as soon as it arrives: Dialpad adds and renames columns,
 * and a silently empty column is worse than an error that says what the file has.
 */
import { columnKeys } from './typing';
import { invalidParameter, type ReportError } from '../../errors/reportError';

export interface ColumnChoice {
	/** Header names of the kept columns, in the chosen order (what the row typer types by). */
	header: string[];
	/** The kept cells of one row, in the chosen order. */
	pick(values: readonly string[]): string[];
}

/**
 * The chosen names as a clean list: an expression may give an array or a comma-separated text.
 * Blank entries are dropped, repeats kept once.
 */
export function normalizeColumnNames(value: unknown): string[] {
	const raw: unknown[] = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',')
			: value === undefined || value === null
				? []
				: [value];
	const names: string[] = [];
	for (const entry of raw) {
		const name = String(entry ?? '').trim();
		if (name !== '' && !names.includes(name)) names.push(name);
	}
	return names;
}

/**
 * The error for chosen columns the file does not have (naming them and listing the file's columns),
 * or undefined when all are there. Names are matched against the item keys the file gives (a second
 * `x` is `x_2`, see columns.ts).
 */
export function missingColumnsError(header: readonly string[], chosen: readonly string[]): ReportError | undefined {
	const keys = columnKeys(header);
	const missing = chosen.filter((name) => !keys.includes(name));
	if (missing.length === 0) return undefined;
	const quoted = missing.map((name) => `"${name}"`).join(', ');
	return invalidParameter(
		'Columns',
		`${missing.length === 1 ? 'column' : 'columns'} ${quoted} ${missing.length === 1 ? 'is' : 'are'} not in this report file. Its columns are: ${keys.join(', ')}`,
		'Dialpad may have renamed or dropped the column, or it belongs to another export type. Pick columns the file has (the list above), or clear Columns to keep them all.',
		'Pick columns the file has, or clear Columns to keep them all.',
	);
}

/**
 * Undefined when every column is kept (nothing chosen). Every chosen name must be in the file
 * (check with {@link missingColumnsError} first).
 */
export function chooseColumns(header: readonly string[], chosen: readonly string[]): ColumnChoice | undefined {
	if (chosen.length === 0) return undefined;
	const keys = columnKeys(header);
	const indexes = chosen.map((name) => keys.indexOf(name));
	if (indexes.includes(-1)) throw new Error('chooseColumns: a chosen column is not in the file');
	const width = indexes.length;
	return {
		header: indexes.map((index) => keys[index]),
		pick: (values) => {
			const kept = new Array<string>(width);
			for (let i = 0; i < width; i++) kept[i] = detached(values[indexes[i]]);
			return kept;
		},
	};
}

/** V8 keeps a cut of 13 characters or more as a view into the text it was cut from (a "sliced string"). */
const SHORTEST_SLICE = 13;

/**
 * The same text in memory of its own. The parser cuts cells out of each downloaded chunk's text, and
 * a kept cell would otherwise hold its whole chunk alive, dropped columns included: with 8 of 54
 * columns kept, items then cost almost as much as with all of them. A JSON round trip is exact for
 * any string (lone surrogates too) and the cheapest copy V8 offers without Buffer.
 */
function detached(value: string): string {
	return value.length < SHORTEST_SLICE ? value : (JSON.parse(JSON.stringify(value)) as string);
}
