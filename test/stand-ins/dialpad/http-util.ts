/** Body reading shared by the listeners. */
import type { IncomingMessage } from 'http';

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buffer = chunk as Buffer;
		size += buffer.length;
		if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}
