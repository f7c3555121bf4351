/**
 * The storage host behind download_url: pre-signed GETs only, like a cloud bucket. A request with
 * an Authorization header is refused, so a node leaking the Dialpad key to it fails loudly.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { Readable } from 'stream';
import { applyFailure } from './api-server';
import { generateCsv } from './csv/generate';
import { newEntry, type RequestLogEntry } from './request-log';
import { downloadLinkTtlSeconds, nowUnixSeconds, type SimState } from './state';

function sendText(res: ServerResponse, entry: RequestLogEntry, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
	entry.status = status;
	const body = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
	res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers });
	res.end(body);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function throttled(stream: Readable, res: ServerResponse, bytesPerSecond: number): Promise<void> {
	const sliceBytes = Math.max(1, Math.floor(bytesPerSecond / 10));
	for await (const chunk of stream) {
		const buffer = chunk as Buffer;
		for (let offset = 0; offset < buffer.length; offset += sliceBytes) {
			if (res.destroyed) {
				stream.destroy();
				return;
			}
			res.write(buffer.subarray(offset, offset + sliceBytes));
			await sleep(100);
		}
	}
	res.end();
}

/** Headers and part of the body, then a dead socket: a download cut off mid-file. */
async function broken(stream: Readable, res: ServerResponse): Promise<void> {
	for await (const chunk of stream) {
		const buffer = chunk as Buffer;
		res.write(buffer.subarray(0, Math.max(1, Math.min(4096, Math.floor(buffer.length / 2)))));
		break;
	}
	stream.destroy();
	await sleep(20);
	res.socket?.destroy();
}

async function handle(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const arrivalMs = Date.now();
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const path = url.pathname;
	const entry = newEntry('storage', req, path, {}, arrivalMs);
	state.log.push(entry);
	req.resume();

	if (req.headers.authorization !== undefined) {
		return sendText(res, entry, 400, 'InvalidArgument', 'Signed URLs must not carry an Authorization header.');
	}
	const match = /^\/(?:redirected\/)?exports\/([^/]+)\.csv$/.exec(path);
	if (match) entry.requestId = decodeURIComponent(match[1]);
	const failure = state.faults.takeFailure('download');
	if (failure) return applyFailure(state, failure, req, res, entry);
	if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return sendText(res, entry, 404, 'NoSuchKey', 'The specified key does not exist.');

	const verdict = state.signer.verify(path, url.searchParams, nowUnixSeconds(state));
	if (verdict === 'invalid') return sendText(res, entry, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
	if (verdict === 'expired' || state.faults.takeExpireDownload()) return sendText(res, entry, 403, 'ExpiredToken', 'The provided token has expired.');
	const record = state.store.get(decodeURIComponent(match[1]));
	if (!record) return sendText(res, entry, 404, 'NoSuchKey', 'The specified key does not exist.');

	if (state.faults.redirect && !path.startsWith('/redirected/')) {
		const target = state.storageBaseUrl + state.signer.signedPath(`/redirected${path}`, nowUnixSeconds(state) + downloadLinkTtlSeconds(state));
		return sendText(res, entry, 302, 'Found', 'Moved.', { location: target });
	}

	entry.status = 200;
	res.writeHead(200, {
		'content-type': 'text/csv; charset=utf-8',
		'content-disposition': `attachment; filename="${record.id}.csv"`,
		'cache-control': 'private, max-age=0',
	});
	if (req.method === 'HEAD') {
		res.end();
		return;
	}
	const stream = generateCsv(record.spec, state.options.seed, {
		malformed: state.faults.takeMalformedCsv(),
		invalidUtf8Rows: state.faults.takeInvalidUtf8Rows(),
	});
	res.on('close', () => stream.destroy());
	if (state.faults.takeBreakDownload()) return broken(stream, res);
	if (state.faults.bytesPerSecond !== null) return throttled(stream, res, state.faults.bytesPerSecond);
	stream.pipe(res);
}

export function createStorageServer(state: SimState): Server {
	return createServer((req, res) => {
		handle(state, req, res).catch(() => {
			if (!res.headersSent) res.writeHead(500).end();
			else res.destroy();
		});
	});
}
