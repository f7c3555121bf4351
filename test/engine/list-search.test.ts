/**
 * The pickers' list methods, each run in n8n-core's own LoadOptionsContext (the context the editor's
 * dropdowns use) with n8n's real HTTP helpers and the credential, against the simulator.
 */
import type { INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import { DialpadStats } from '../../nodes/DialpadStats/DialpadStats.node';
import { buildCompany, startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { credentialsFor, reportParameters } from '../support/engine/fixtures';
import { loadOptionsContext } from '../support/engine/harness';

let sim: Simulator;
const company = buildCompany(1);
const node = new DialpadStats();
type Method = keyof typeof node.methods.listSearch;

beforeAll(async () => {
	sim = await startSimulator({ companyLimitPerSecond: 1000 });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

async function search(
	method: Method,
	filter?: string,
	paginationToken?: string,
	options: { apiKey?: string; baseUrl?: string; parameters?: INodeParameters } = {},
): Promise<INodeListSearchResult> {
	const credentials = { ...credentialsFor(sim, options.apiKey), ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) };
	const context = loadOptionsContext(options.parameters ?? reportParameters({ targetType: 'callcenter' }), credentials);
	return await node.methods.listSearch[method].call(context, filter, paginationToken);
}

function listRequests() {
	return sim.log
		.filter((entry) => entry.server === 'api')
		.map((entry) => {
			const query = new URLSearchParams(entry.query).toString();
			return `${entry.method} ${entry.path}${query ? `?${query}` : ''}`;
		});
}

const officeName = (officeId: string) => company.offices.find((office) => office.id === officeId)?.name;

test('call centers: every one, named with its office, the ID as the value, through the credential', async () => {
	const { results, paginationToken } = await search('searchCallCenters');
	expect(results).toEqual(
		company.callCenters.map((callCenter) => ({ name: `${callCenter.name} · ${officeName(callCenter.officeId)}`, value: callCenter.id })),
	);
	expect(paginationToken).toBeUndefined();
	const apiCalls = sim.log.filter((entry) => entry.server === 'api');
	expect(apiCalls.every((entry) => entry.headers.authorization === '[redacted]')).toBe(true);
});

test("call centers: typing part of a name asks Dialpad's own name filter", async () => {
	const { results } = await search('searchCallCenters', 'support');
	expect(results.map((entry) => entry.name)).toEqual(['Support Queue · San Francisco HQ', 'EMEA Support · London']);
	expect(listRequests()).toContain('GET /api/v2/callcenters?name_search=support');
});

test('departments: named with their office; IDs sent as JSON numbers come back as exact text', async () => {
	const { results } = await search('searchDepartments', 'ops');
	expect(results).toEqual([{ name: 'People Ops · New York', value: company.departments[2].id }]);
});

test('offices: only active ones unless searching; a search finds the closed one, marked', async () => {
	const listed = await search('searchOffices');
	expect(listed.results.map((entry) => entry.name)).toEqual(['San Francisco HQ', 'New York', 'London']);
	expect(listRequests()).toEqual(['GET /api/v2/offices?active_only=true']);
	const searched = await search('searchOffices', 'austin');
	expect(searched.results).toEqual([{ name: 'Austin (closed) (inactive)', value: company.offices[3].id }]);
});

test('users: name and email, active only, over both pages of 20; a search includes suspended users', async () => {
	const listed = await search('searchUsers');
	const active = company.users.filter((user) => user.state === 'active');
	expect(listed.results).toHaveLength(active.length);
	expect(listed.results[0]).toEqual({ name: `Ava Martinez (${company.users[0].emails[0]})`, value: company.users[0].id });
	expect(listed.paginationToken).toBeUndefined();
	expect(listRequests()).toEqual([expect.stringMatching(/^GET \/api\/v2\/users\?state=active$/), expect.stringMatching(/cursor=/)]);

	const searched = await search('searchUsers', 'xav');
	expect(searched.results).toEqual([{ name: 'Xavier Costa (xavier.costa@example.com) (suspended)', value: company.users[23].id }]);
});

test('users: a whole email address goes to Dialpad as its email filter', async () => {
	const { results } = await search('searchUsers', 'grace.kim@example.com');
	expect(results.map((entry) => entry.value)).toEqual([company.users[6].id]);
	expect(listRequests()).toEqual(['GET /api/v2/users?state=all&email=grace.kim%40example.com']);
});

test('coaching teams and rooms: listed by name, searched over the pages', async () => {
	expect((await search('searchCoachingTeams')).results.map((entry) => entry.name)).toEqual(['New Hires', 'EMEA Coaching']);
	expect((await search('searchRooms', 'room')).results).toEqual([
		{ name: 'Boardroom', value: company.rooms[0].id },
		{ name: 'Focus Room 3', value: company.rooms[2].id },
	]);
});

test("a wrong key: the dropdown gets Dialpad's message and what to do, with the HTTP code, never the key", async () => {
	const error = await search('searchCallCenters', undefined, undefined, { apiKey: 'wrong-key-123' }).catch((e: unknown) => e);
	expect(error).toMatchObject({
		name: 'NodeApiError',
		httpCode: '401',
		message: expect.stringMatching(/^Dialpad rejected the API key: .+/),
		description: expect.stringContaining('paste the key again'),
	});
	expect(JSON.stringify(error)).not.toContain('wrong-key-123');
});

test('a rate limit is an error that says to wait, not an empty list', async () => {
	sim.faults.failNext({ status: 429, route: 'list', count: 5, retryAfterSeconds: null });
	const error = await search('searchRooms').catch((e: unknown) => e);
	expect(error).toMatchObject({ httpCode: '429', message: expect.stringContaining("Dialpad's rate limit stopped the list of rooms") });
	expect((error as { description: string }).description).toMatch(/Wait a minute/);
});

test('Dialpad unreachable: says so and what to check', async () => {
	const closed = await startSimulator();
	const baseUrl = closed.baseUrl;
	await closed.close();
	const error = await search('searchOffices', undefined, undefined, { baseUrl }).catch((e: unknown) => e);
	expect(error).toMatchObject({
		message: 'Could not reach Dialpad to list the choices: the connection was refused',
		description: expect.stringContaining('Environment and Base URL'),
	});
});

test("paging: n8n's paginationToken carries Dialpad's cursor to the next page", async () => {
	// Searching users is matched over the pages; a filter that matches nothing walks them all.
	const none = await search('searchUsers', 'nobody-has-this-name');
	expect(none).toEqual({ results: [] });
	expect(listRequests()).toHaveLength(2);
	sim.log.length = 0;
	const firstPage = await fetch(`${sim.baseUrl}/api/v2/users?state=active`, { headers: { authorization: `Bearer ${sim.apiKey}` } });
	const { cursor } = (await firstPage.json()) as { cursor: string };
	sim.log.length = 0;
	const rest = await search('searchUsers', undefined, cursor);
	expect(rest.results.map((entry) => entry.value)).toEqual(
		company.users.slice(20).filter((user) => user.state === 'active').map((user) => user.id),
	);
	expect(listRequests()).toEqual([`GET /api/v2/users?state=active&cursor=${cursor}`]);
});
