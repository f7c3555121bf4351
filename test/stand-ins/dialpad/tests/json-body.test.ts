import { JsonSyntaxError, parseJsonKeepingBigInts } from '../json-body';

it.each([
	['{"target_id": 9123456789012345678}', { target_id: '9123456789012345678' }],
	['{"target_id": 9007199254740993}', { target_id: '9007199254740993' }],
	['{"a": -1234567890123456, "b": 123456789012345}', { a: '-1234567890123456', b: 123456789012345 }],
	['{"s": "9123456789012345 in a string \\" 1234567890123456789"}', { s: '9123456789012345 in a string " 1234567890123456789' }],
	['[1.5, 2e20, 1234567890123456.5]', [1.5, 2e20, 1234567890123456.5]],
])('%s keeps long integers exact', (raw, expected) => {
	expect(parseJsonKeepingBigInts(raw)).toEqual(expected);
});

it('rejects invalid JSON, even if quoting would have fixed it', () => {
	expect(() => parseJsonKeepingBigInts('{"a": 01234567890123456}')).toThrow(JsonSyntaxError);
	expect(() => parseJsonKeepingBigInts('{')).toThrow(JsonSyntaxError);
});
