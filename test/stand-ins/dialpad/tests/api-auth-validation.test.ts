import { buildCompany, startSimulator, type Simulator } from '../index';
import { apiClient, json, RECORDS_CALLS } from './helpers';

let sim: Simulator;
const company = buildCompany(1);
const callCenter = company.callCenters[0];

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

interface Envelope {
	error: { code: number; errors: Array<{ domain: string; message: string; reason: string }>; message: string };
}

describe('auth', () => {
	it.each([
		['missing', null, /Missing API key/],
		['wrong', 'nope', /Invalid API key/],
	])('%s key -> 401 in the envelope', async (_label, key, message) => {
		for (const request of [
			() => apiClient(sim, key).post('/stats', RECORDS_CALLS),
			() => apiClient(sim, key).get('/stats/123'),
			() => apiClient(sim, key).get('/offices'),
			() => apiClient(sim, key).get('/company'),
		]) {
			const response = await request();
			expect(response.status).toBe(401);
			const body = json<Envelope>(response.data);
			expect(body.error.code).toBe(401);
			expect(body.error.message).toMatch(message);
			expect(body.error.errors[0]).toMatchObject({ domain: 'global', reason: 'unauthorized' });
		}
	});

	it('accepts ?apikey= and logs it as query', async () => {
		const response = await apiClient(sim, null).get(`/company?apikey=${sim.apiKey}`);
		expect(response.status).toBe(200);
		expect(sim.log[0].query).toEqual({ apikey: sim.apiKey });
	});

	it('redacts the Authorization value in the log', async () => {
		await apiClient(sim).get('/company');
		expect(sim.log[0]).toMatchObject({ server: 'api', method: 'GET', path: '/api/v2/company', hasAuthorization: true, status: 200 });
		expect(sim.log[0].headers.authorization).toBe('[redacted]');
		expect(JSON.stringify(sim.log)).not.toContain(sim.apiKey);
	});

	it('unknown routes -> 404 envelope', async () => {
		const response = await apiClient(sim).get('/nope');
		expect(response.status).toBe(404);
		expect(json<Envelope>(response.data).error.code).toBe(404);
	});
});

describe('POST /stats validation', () => {
	const cases: Array<[string, unknown, RegExp]> = [
		['missing export_type', { stat_type: 'calls' }, /export_type is required/],
		['missing stat_type', { export_type: 'records' }, /stat_type is required/],
		['bad export_type', { export_type: 'rows', stat_type: 'calls' }, /export_type.*records, stats/],
		['bad stat_type', { export_type: 'records', stat_type: 'call' }, /stat_type.*calls, csat/],
		['negative days_ago_start', { ...RECORDS_CALLS, days_ago_start: -1 }, /days_ago_start.*integer >= 0/],
		['fractional days_ago_end', { ...RECORDS_CALLS, days_ago_end: 1.5 }, /days_ago_end.*integer >= 0/],
		['string days_ago_end', { ...RECORDS_CALLS, days_ago_end: '3' }, /days_ago_end/],
		['start after end', { ...RECORDS_CALLS, days_ago_start: 5, days_ago_end: 2 }, /days_ago_start \(5\).*days_ago_end \(2\)/],
		['bad timezone', { ...RECORDS_CALLS, timezone: 'Mars/Olympus' }, /timezone.*IANA/],
		['offset timezone', { ...RECORDS_CALLS, timezone: '+02:00' }, /timezone/],
		['non-boolean is_today', { ...RECORDS_CALLS, is_today: 'yes' }, /is_today.*boolean/],
		['target_id without type', { ...RECORDS_CALLS, target_id: callCenter.id }, /target_type is required/],
		['target_type without id', { ...RECORDS_CALLS, target_type: 'callcenter' }, /target_id is required/],
		['bad target_type', { ...RECORDS_CALLS, target_type: 'team', target_id: callCenter.id }, /target_type.*callcenter/],
		['unknown target id', { ...RECORDS_CALLS, target_type: 'callcenter', target_id: 1234567890123456 }, /1234567890123456/],
		['target of another type', { ...RECORDS_CALLS, target_type: 'user', target_id: callCenter.id }, new RegExp(callCenter.id)],
		['unknown office_id', { ...RECORDS_CALLS, office_id: 5555555555555555 }, /5555555555555555.*office_id/],
		['csat without target', { export_type: 'records', stat_type: 'csat' }, /csat requires target_id and target_type/],
		['dispositions without target', { export_type: 'records', stat_type: 'dispositions' }, /dispositions requires target_id/],
		['dispositions as stats', { export_type: 'stats', stat_type: 'dispositions', target_type: 'callcenter', target_id: callCenter.id }, /only supports export_type records/],
		['bad group_by', { export_type: 'stats', stat_type: 'calls', group_by: 'week' }, /group_by.*date, group, user/],
		['group_by on records', { ...RECORDS_CALLS, group_by: 'date' }, /group_by is only supported/],
		['group_by on stats/texts', { export_type: 'stats', stat_type: 'texts', group_by: 'date' }, /group_by is only supported/],
		['body not an object', [1, 2], /JSON object/],
	];
	it.each(cases)('%s -> 400 naming the problem', async (_label, body, message) => {
		const response = await apiClient(sim).post('/stats', body);
		expect(response.status).toBe(400);
		const envelope = json<Envelope>(response.data);
		expect(envelope.error.code).toBe(400);
		expect(envelope.error.message).toMatch(message);
		expect(envelope.error.errors[0].message).toBe(envelope.error.message);
		expect(sim.log[0].status).toBe(400);
	});

	it('bad JSON -> 400', async () => {
		const response = await apiClient(sim).post('/stats', '{"export_type": "records",', { headers: { 'content-type': 'application/json' } });
		expect(response.status).toBe(400);
		expect(json<Envelope>(response.data).error.message).toMatch(/not valid JSON/);
		expect(sim.log[0].rawBody).toBe('{"export_type": "records",');
	});

	it.each([
		['defaults only', { export_type: 'records', stat_type: 'calls' }],
		['is_today ignores days_ago', { export_type: 'records', stat_type: 'calls', is_today: true, days_ago_start: 9, days_ago_end: 1 }],
		['a timezone', { ...RECORDS_CALLS, timezone: 'America/New_York' }],
		['csat with target', { export_type: 'records', stat_type: 'csat', target_type: 'callcenter', target_id: callCenter.id }],
		['group_by on stats/calls', { export_type: 'stats', stat_type: 'calls', group_by: 'date' }],
		['office_id', { ...RECORDS_CALLS, office_id: Number(company.offices[0].id) }],
		['office_id is ignored with a target', { ...RECORDS_CALLS, office_id: 1, target_type: 'callcenter', target_id: callCenter.id }],
		['unknown target_type with any id', { ...RECORDS_CALLS, target_type: 'unknown', target_id: company.users[1].id }],
		['coaching_team', { export_type: 'stats', stat_type: 'calls', coaching_team: true, target_type: 'coachingteam', target_id: company.coachingTeams[0].id }],
	])('%s -> 200', async (_label, body) => {
		const response = await apiClient(sim).post('/stats', body);
		expect(response.status).toBe(200);
		const reply = json<{ request_id: unknown; already_started: unknown }>(response.data);
		expect(typeof reply.request_id).toBe('string');
		expect(reply.already_started).toBe(false);
	});

	it('keeps ids above 2^53 exact: raw JSON number in, same digits in the log body and the export', async () => {
		const raw = `{"export_type":"records","stat_type":"calls","target_type":"callcenter","target_id":${callCenter.id}}`;
		expect(BigInt(callCenter.id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		const response = await apiClient(sim).post('/stats', raw, { headers: { 'content-type': 'application/json' } });
		expect(response.status).toBe(200);
		expect(sim.log[0].rawBody).toBe(raw);
		expect((sim.log[0].body as Record<string, unknown>).target_id).toBe(callCenter.id);
		expect(sim.log[0].requestId).toBe(json<{ request_id: string }>(response.data).request_id);
	});
});
