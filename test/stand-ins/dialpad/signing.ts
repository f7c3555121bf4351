/** Pre-signed download URLs, like a cloud storage bucket's: HMAC over path and expiry. */
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';

export class UrlSigner {
	private readonly secret = randomBytes(32);

	sign(path: string, expiresUnixSeconds: number): string {
		return createHmac('sha256', this.secret).update(`${path}\n${expiresUnixSeconds}`).digest('hex');
	}

	/** `path?expires=..&signature=..` */
	signedPath(path: string, expiresUnixSeconds: number): string {
		return `${path}?expires=${expiresUnixSeconds}&signature=${this.sign(path, expiresUnixSeconds)}`;
	}

	verify(path: string, query: URLSearchParams, nowUnixSeconds: number): 'ok' | 'invalid' | 'expired' {
		const expires = Number(query.get('expires'));
		const signature = query.get('signature') ?? '';
		if (!Number.isInteger(expires) || !/^[0-9a-f]{64}$/.test(signature)) return 'invalid';
		const expected = Buffer.from(this.sign(path, expires), 'hex');
		if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return 'invalid';
		return expires < nowUnixSeconds ? 'expired' : 'ok';
	}
}
