/** HS256 verification of Dialpad's signed events, and reading the body whichever way it is framed. */
import { createHmac } from 'crypto';

import { readEventBody } from '../../nodes/shared/push/body';
import { verifyHs256 } from '../../nodes/shared/push/jwt';

const SECRET = 'a-secret-of-the-webhook';
const NOW_MS = Date.UTC(2026, 11, 2, 12, 0, 0);

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function sign(header: unknown, claims: unknown, secret = SECRET, algorithm = 'sha256'): string {
	const head = `${b64(header)}.${b64(claims)}`;
	return `${head}.${createHmac(algorithm, secret).update(head).digest('base64url')}`;
}

const CLAIMS = { call_id: '5212604609576960', state: 'missed' };
const VALID = sign({ alg: 'HS256', typ: 'JWT' }, CLAIMS);

describe('verifyHs256', () => {
	const tampered = (() => {
		const [h, , s] = VALID.split('.');
		return `${h}.${b64({ ...CLAIMS, state: 'connected' })}.${s}`;
	})();
	const cases: Array<[string, string, string, boolean | string]> = [
		['a valid token', VALID, SECRET, true],
		['a tampered payload', tampered, SECRET, 'signature'],
		['the wrong secret', VALID, 'another-secret', 'signature'],
		['alg none with no signature', `${b64({ alg: 'none' })}.${b64(CLAIMS)}.`, SECRET, 'algorithm'],
		['alg none carrying a valid HS256 signature', sign({ alg: 'none' }, CLAIMS), SECRET, 'algorithm'],
		['HS512', sign({ alg: 'HS512' }, CLAIMS, SECRET, 'sha512'), SECRET, 'algorithm'],
		['an expired token', sign({ alg: 'HS256' }, { ...CLAIMS, exp: NOW_MS / 1000 - 3600 }), SECRET, 'expired'],
		['a token not yet expired', sign({ alg: 'HS256' }, { ...CLAIMS, exp: NOW_MS / 1000 + 3600 }), SECRET, true],
		['two parts only', VALID.split('.').slice(0, 2).join('.'), SECRET, 'malformed'],
		['a header that is not JSON', `${b64('nope')}.${VALID.split('.')[1]}.${VALID.split('.')[2]}`, SECRET, 'malformed'],
		['plain text', 'hello world', SECRET, 'malformed'],
		['an empty body', '', SECRET, 'malformed'],
		['a JSON-quoted token', JSON.stringify(VALID), SECRET, true],
		['whitespace around the token', `\r\n  ${VALID}\n`, SECRET, true],
		['a quoted token with a tampered payload', JSON.stringify(tampered), SECRET, 'signature'],
	];

	it.each(cases)('%s', (_name, token, secret, expected) => {
		const verdict = verifyHs256(token, secret, NOW_MS);
		if (expected === true) {
			expect(verdict).toEqual({ valid: true, claims: expect.objectContaining(CLAIMS) });
		} else {
			expect(verdict).toEqual({ valid: false, reason: expected });
		}
	});
});

describe('readEventBody', () => {
	it.each([
		['a bare token in the raw body (application/jwt, n8n parsed nothing)', VALID, {}],
		['a bare token as text/plain', VALID, VALID],
		['a JSON-quoted token', JSON.stringify(VALID), VALID],
		['a token with a trailing newline', `${VALID}\n`, {}],
	])('%s is read as a token', (_name, raw, parsed) => {
		expect(readEventBody(raw, parsed)).toEqual({ kind: 'token', token: VALID });
	});

	it('reads an unsigned JSON event', () => {
		const raw = JSON.stringify(CLAIMS);
		expect(readEventBody(raw, CLAIMS)).toEqual({ kind: 'json', event: CLAIMS });
		expect(readEventBody('', CLAIMS)).toEqual({ kind: 'json', event: CLAIMS });
	});

	it('says when there is nothing to read', () => {
		expect(readEventBody('', {})).toEqual({ kind: 'unreadable' });
		expect(readEventBody('not an event', {})).toEqual({ kind: 'unreadable' });
	});
});
