/** Number cells: which texts are numbers, and which must stay text so that no digit is lost. */

/**
 * `-?digits(.digits)?([eE][+-]?digits)?` -> number, or undefined when the text is not such a number
 * or must stay text (leading zero, too many significant digits; see the module comment).
 */
export function parseNumber(value: string): number | undefined {
	const len = value.length;
	let i = 0;
	const negative = value.charCodeAt(0) === 45;
	if (negative) i = 1;
	const intStart = i;
	// Digits read as an integer: exact while there are at most 15 of them.
	let mantissa = 0;
	let code = 0;
	while (i < len && (code = value.charCodeAt(i) - 48) >= 0 && code <= 9) {
		mantissa = mantissa * 10 + code;
		i++;
	}
	const intEnd = i;
	if (intEnd === intStart) return undefined;
	if (intEnd - intStart > 1 && value.charCodeAt(intStart) === 48) return undefined;
	let fractionDigits = 0;
	if (i < len && value.charCodeAt(i) === 46) {
		i++;
		const fracStart = i;
		while (i < len && (code = value.charCodeAt(i) - 48) >= 0 && code <= 9) {
			mantissa = mantissa * 10 + code;
			i++;
		}
		fractionDigits = i - fracStart;
		if (fractionDigits === 0) return undefined;
	}
	const digitCount = intEnd - intStart + fractionDigits;
	if (i === len && digitCount <= 15) {
		// Both operands exact and 10^k (k <= 15) exact: one division is correctly rounded, so this
		// equals Number(value) without the slow string conversion (Clinger's fast path).
		const number = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits];
		return negative ? -number : number;
	}
	let exponent = false;
	let exponentValue = 0;
	if (i < len && (value.charCodeAt(i) | 32) === 101) {
		i++;
		const sign = value.charCodeAt(i);
		if (i < len && (sign === 43 || sign === 45)) i++;
		const expStart = i;
		while (i < len && isDigit((code = value.charCodeAt(i)))) {
			// Capped: past a few hundred the number is text or zero either way.
			if (exponentValue < 100_000) exponentValue = exponentValue * 10 + code - 48;
			i++;
		}
		if (i === expStart) return undefined;
		if (sign === 45) exponentValue = -exponentValue;
		exponent = true;
	}
	if (i !== len) return undefined;
	// A number with more than 15 digits before the point is an id or a code, whatever the notation
	// (`9007199254740993`, `9007199254740993.0`, `9007199254740993e0`): text, so that it keeps every
	// digit and its column does not change type above 2^53.
	if (integerDigits(value, intStart, intEnd, fractionDigits, exponentValue) > 15) return undefined;
	const number = Number(value);
	if (!Number.isFinite(number)) return undefined;
	if (digitCount <= 15) return number;
	const digits = significantDigits(value, intStart, exponent ? value.search(/[eE]/) : len);
	if (digits.length <= 17) return number;
	const printed = String(Math.abs(number));
	const printedEnd = printed.search(/e/);
	return significantDigits(printed, 0, printedEnd === -1 ? printed.length : printedEnd) === digits
		? number
		: undefined;
}

/**
 * How many digits the number's integer part has once the exponent is applied (0 for zero and for
 * magnitudes below 1): the digits before the point, counted from the first significant one.
 */
function integerDigits(value: string, intStart: number, intEnd: number, fractionDigits: number, exponent: number): number {
	if (value.charCodeAt(intStart) !== 48) return intEnd - intStart + exponent;
	// `0.000123e10`: the first significant digit is the k-th after the point (k from 1).
	const fracStart = intEnd + 1;
	for (let k = 0; k < fractionDigits; k++) {
		if (value.charCodeAt(fracStart + k) !== 48) return exponent - k;
	}
	return 0;
}

const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

/** The mantissa's digits without the point, leading zeros and trailing zeros. */
function significantDigits(text: string, start: number, end: number): string {
	const digits = text.slice(start, end).replace('.', '');
	let from = 0;
	while (from < digits.length && digits.charCodeAt(from) === 48) from++;
	let to = digits.length;
	while (to > from && digits.charCodeAt(to - 1) === 48) to--;
	return digits.slice(from, to);
}
