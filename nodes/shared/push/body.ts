/**
 * What Dialpad's POST carries, whichever way it is framed (the docs never say): a bare JWT (any
 * content type), a JSON-quoted JWT, or a plain JSON event (a webhook without a secret). Pure.
 */
import { cleanToken, looksLikeJwt } from './jwt';

export type EventBody =
	| { kind: 'token'; token: string }
	| { kind: 'json'; event: Record<string, unknown> }
	| { kind: 'unreadable' };

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `rawText` is the request's raw body as UTF-8 (may be empty when n8n did not keep it); `parsed` is
 * what n8n's body parser made of it (a string for text/plain, an object for JSON, `{}` otherwise).
 */
export function readEventBody(rawText: string, parsed: unknown): EventBody {
	const candidates: string[] = [];
	if (typeof parsed === 'string') candidates.push(parsed);
	if (rawText.trim() !== '') candidates.push(rawText);
	for (const text of candidates) {
		if (looksLikeJwt(text)) return { kind: 'token', token: cleanToken(text) };
	}
	for (const text of candidates) {
		try {
			const value: unknown = JSON.parse(text);
			if (isObject(value)) return { kind: 'json', event: value };
		} catch {
			// Not JSON either: fall through to what n8n parsed.
		}
	}
	if (isObject(parsed) && Object.keys(parsed).length > 0) return { kind: 'json', event: parsed };
	return { kind: 'unreadable' };
}
