/**
 * JSON parsing that never rounds ids: integers of 16+ digits become strings before JSON.parse sees
 * them, because Dialpad ids can exceed 2^53 and the tests must see exactly what the node sent.
 */

export class JsonSyntaxError extends Error {}

export function parseJsonKeepingBigInts(raw: string): unknown {
	try {
		JSON.parse(raw);
	} catch (error) {
		throw new JsonSyntaxError((error as Error).message);
	}
	return JSON.parse(quoteLongIntegers(raw));
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function quoteLongIntegers(raw: string): string {
	let out = '';
	let i = 0;
	let inString = false;
	while (i < raw.length) {
		const ch = raw[i];
		if (inString) {
			out += ch;
			if (ch === '\\') {
				out += raw[i + 1] ?? '';
				i += 2;
				continue;
			}
			if (ch === '"') inString = false;
			i++;
			continue;
		}
		if (ch === '"') {
			inString = true;
			out += ch;
			i++;
			continue;
		}
		if (ch === '-' || (ch >= '0' && ch <= '9')) {
			NUMBER.lastIndex = i;
			const match = NUMBER.exec(raw);
			if (match) {
				const token = match[0];
				const isInteger = !/[.eE]/.test(token);
				const digits = token.replace('-', '').length;
				out += isInteger && digits >= 16 ? `"${token}"` : token;
				i += token.length;
				continue;
			}
		}
		out += ch;
		i++;
	}
	return out;
}
