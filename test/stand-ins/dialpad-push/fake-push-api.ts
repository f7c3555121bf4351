/**
 * An in-memory Dialpad push API for the trigger's registration tests, to the contract
 * (/work/shared/dialpad-events-api.md): webhooks, subscriptions and scheduled reports with GET,
 * POST, DELETE, 404s, the 10 company-wide subscriptions cap, echoed secrets. Failures can be
 * scripted per request. Until the simulator (branch trigger-sim) has the push API, this stands in.
 */
import type { PushRequest, PushResponse } from '../../../nodes/DialpadTrigger/pushApi';

type Entity = Record<string, unknown> & { id: string };

const COLLECTIONS = ['/webhooks', '/subscriptions/call', '/subscriptions/sms', '/subscriptions/agent_status', '/schedulereports'];
const COMPANY_WIDE_CAP = 10;

export interface LoggedRequest {
	method: string;
	path: string;
	body?: Record<string, unknown>;
}

export class FakeDialpadPush {
	readonly entities = new Map<string, Map<string, Entity>>(COLLECTIONS.map((c) => [c, new Map()]));
	readonly log: LoggedRequest[] = [];
	/** Scripted answers: the first matching rule answers instead of the fake, once. */
	private failures: Array<{ method: string; pathPrefix: string; response: PushResponse }> = [];
	private nextId = 5212604609576960n;

	failNext(method: string, pathPrefix: string, response: PushResponse): void {
		this.failures.push({ method, pathPrefix, response });
	}

	count(collection: string): number {
		return this.entities.get(collection)?.size ?? 0;
	}

	/** Everything registered, for "nothing left behind" checks. */
	total(): number {
		let sum = 0;
		for (const collection of this.entities.values()) sum += collection.size;
		return sum;
	}

	readonly request: PushRequest = async (method, path, body) => {
		this.log.push({ method, path, ...(body === undefined ? {} : { body }) });
		const failure = this.failures.findIndex((f) => f.method === method && path.startsWith(f.pathPrefix));
		if (failure >= 0) return this.failures.splice(failure, 1)[0].response;
		const collectionPath = COLLECTIONS.find((c) => path === c || path.startsWith(`${c}/`));
		if (collectionPath === undefined) return { statusCode: 404, body: { error: { message: 'Not found' } } };
		const collection = this.entities.get(collectionPath)!;
		const id = path.slice(collectionPath.length + 1);
		if (method === 'POST' && id === '') return this.create(collectionPath, collection, body ?? {});
		const entity = collection.get(id);
		if (entity === undefined) return { statusCode: 404, body: { error: { message: `${collectionPath.slice(1)} ${id} not found` } } };
		if (method === 'GET') return { statusCode: 200, body: this.view(entity) };
		if (method === 'DELETE') {
			collection.delete(id);
			return { statusCode: 200, body: this.view(entity) };
		}
		return { statusCode: 405, body: null };
	};

	private create(collectionPath: string, collection: Map<string, Entity>, body: Record<string, unknown>): PushResponse {
		const id = String(this.nextId++);
		if (collectionPath === '/webhooks') {
			if (typeof body.hook_url !== 'string') return { statusCode: 400, body: { error: { message: 'hook_url is required' } } };
			const entity: Entity = { id, hook_url: body.hook_url, signature: { algo: 'HS256', secret: body.secret, type: 'jwt' } };
			collection.set(id, entity);
			return { statusCode: 200, body: entity };
		}
		const webhook = this.entities.get('/webhooks')!.get(String(body.endpoint_id));
		if (webhook === undefined) return { statusCode: 400, body: { error: { message: 'endpoint_id does not exist' } } };
		if (body.target_id === undefined && collectionPath !== '/schedulereports') {
			const companyWide = [...collection.values()].filter((e) => e.target_id === undefined).length;
			if (companyWide >= COMPANY_WIDE_CAP) {
				return { statusCode: 400, body: { error: { message: 'Maximum of 10 company-wide subscriptions of this type reached' } } };
			}
		}
		const entity: Entity = { ...body, id, webhook_id: webhook.id };
		delete entity.endpoint_id;
		collection.set(id, entity);
		return { statusCode: 200, body: this.view(entity) };
	}

	private view(entity: Entity): Record<string, unknown> {
		const { webhook_id: webhookId, ...rest } = entity;
		if (webhookId === undefined) return { ...rest };
		return { ...rest, webhook: this.entities.get('/webhooks')!.get(String(webhookId)) ?? { id: webhookId } };
	}
}

/** The fake on a loopback HTTP port, as the credential's Base URL: every request's path, method and auth header are kept. */
export async function serveOverHttp(dialpad: FakeDialpadPush): Promise<{ baseUrl: string; authHeaders: string[]; close: () => Promise<void> }> {
	const { createServer } = await import('http');
	const authHeaders: string[] = [];
	const server = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
		req.on('end', () => {
			authHeaders.push(String(req.headers.authorization ?? ''));
			const path = (req.url ?? '').replace(/^\/api\/v2/, '').split('?')[0];
			void dialpad.request(req.method as 'GET', path, raw === '' ? undefined : (JSON.parse(raw) as Record<string, unknown>)).then((answer) => {
				res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(answer.body === null ? '' : JSON.stringify(answer.body));
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		authHeaders,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
