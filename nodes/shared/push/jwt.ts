/**
 * Dialpad signs each event as a compact HS256 JWT with the webhook's secret; the claims are the event.
 * Pure: no n8n, no clock of its own (the caller passes the time), never throws.
 */
import { createHmac, timingSafeEqual } from 'crypto';

export type JwtVerdict =
	| { valid: true; claims: Record<string, unknown> }
	| { valid: false; reason: 'malformed' | 'algorithm' | 'signature' | 'expired' };

/** Leeway for clocks that disagree a little, on `exp` only. */
const CLOCK_SKEW_SECONDS = 60;

function decodeJsonObject(part: string): Record<string, unknown> | undefined {
	if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
	try {
		const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

/** The token as sent: whitespace around it and JSON quotes (a JSON string body) are forgiven. */
export function cleanToken(text: string): string {
	const trimmed = text.trim();
	if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
		try {
			const inner: unknown = JSON.parse(trimmed);
			if (typeof inner === 'string') return inner.trim();
		} catch {
			return trimmed;
		}
	}
	return trimmed;
}

export function looksLikeJwt(text: string): boolean {
	return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(cleanToken(text));
}

/** HS256 only (never `none` or another algorithm), compared in constant time; `exp` honoured when present. */
export function verifyHs256(tokenText: string, secret: string, nowMs: number): JwtVerdict {
	const token = cleanToken(tokenText);
	const parts = token.split('.');
	if (parts.length !== 3) return { valid: false, reason: 'malformed' };
	const [headerPart, claimsPart, signaturePart] = parts;
	const header = decodeJsonObject(headerPart);
	if (header === undefined) return { valid: false, reason: 'malformed' };
	if (header.alg !== 'HS256') return { valid: false, reason: 'algorithm' };
	if (!/^[A-Za-z0-9_-]+$/.test(signaturePart)) return { valid: false, reason: 'signature' };
	const expected = createHmac('sha256', secret).update(`${headerPart}.${claimsPart}`).digest();
	const actual = Buffer.from(signaturePart, 'base64url');
	if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
		return { valid: false, reason: 'signature' };
	}
	const claims = decodeJsonObject(claimsPart);
	if (claims === undefined) return { valid: false, reason: 'malformed' };
	if (claims.exp !== undefined) {
		const expSeconds = Number(claims.exp);
		if (!Number.isFinite(expSeconds) || expSeconds * 1000 + CLOCK_SKEW_SECONDS * 1000 < nowMs) {
			return { valid: false, reason: 'expired' };
		}
	}
	return { valid: true, claims };
}
