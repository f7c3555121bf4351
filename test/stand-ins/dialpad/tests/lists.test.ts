import { buildCompany, startSimulator, type Simulator } from '../index';
import { apiClient } from './helpers';

let sim: Simulator;
const company = buildCompany(1);

beforeAll(async () => {
	sim = await startSimulator({ companyLimitPerSecond: 1000 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

interface Page {
	items: Array<Record<string, unknown>>;
	cursor?: string;
}

/** Raw JSON text, so we can see whether ids were numbers or strings on the wire. */
async function page(path: string): Promise<{ status: number; text: string; body: Page }> {
	const response = await apiClient(sim).get(path);
	return { status: response.status, text: String(response.data), body: JSON.parse(String(response.data)) as Page };
}

async function all(path: string): Promise<Array<Record<string, unknown>>> {
	const items: Array<Record<string, unknown>> = [];
	let cursor: string | undefined;
	const sep = path.includes('?') ? '&' : '?';
	do {
		const { body } = await page(cursor ? `${path}${sep}cursor=${cursor}` : path);
		items.push(...body.items);
		cursor = body.cursor;
	} while (cursor);
	return items;
}

it('company: a single object', async () => {
	const { body } = await page('/company');
	expect(body).toMatchObject({ id: company.id, name: company.name });
});

it('users: pages of 20, cursor absent on the last page, state defaults to active', async () => {
	const first = await page('/users');
	expect(first.body.items).toHaveLength(20);
	expect(first.body.cursor).toEqual(expect.any(String));
	const second = await page(`/users?cursor=${first.body.cursor}`);
	expect(second.body.items).toHaveLength(3);
	expect(second.body).not.toHaveProperty('cursor');
	expect((await all('/users?state=all')).length).toBe(25);
	expect((await all('/users?state=suspended')).map((u) => u.display_name)).toEqual(['Xavier Costa']);
});

it('limit sets the page size; bad limit or cursor -> 400', async () => {
	const { body } = await page('/callcenters?limit=2');
	expect(body.items).toHaveLength(2);
	expect((await all('/callcenters?limit=2')).length).toBe(company.callCenters.length);
	expect((await page('/callcenters?limit=0')).status).toBe(400);
	expect((await page('/callcenters?cursor=garbage')).status).toBe(400);
});

it('users filters: email (any of the emails), first_name, last_name', async () => {
	const ava = company.users[0];
	expect((await all(`/users?email=${encodeURIComponent(ava.emails[1])}`)).map((u) => u.id)).toEqual([ava.id]);
	expect((await all('/users?first_name=grace')).map((u) => u.display_name)).toEqual(['Grace Kim']);
	expect((await all("/users?last_name=O'Brien")).map((u) => u.display_name)).toEqual(["Hugo O'Brien"]);
	const user = (await all('/users?first_name=Ava'))[0];
	expect(user).toMatchObject({ display_name: 'Ava Martinez', emails: ava.emails, office_id: Number(ava.officeId) });
});

it('offices: active_only and IANA time zones; ids are JSON numbers', async () => {
	const offices = await all('/offices');
	expect(offices).toHaveLength(4);
	expect((await all('/offices?active_only=true')).map((o) => o.name)).toEqual(['San Francisco HQ', 'New York', 'London']);
	expect(offices.every((o) => Intl.DateTimeFormat('en-US', { timeZone: String(o.timezone) }) !== undefined)).toBe(true);
	expect((await page('/offices')).text).toContain(`"id":${company.offices[0].id}`);
});

it('call centers: ids are strings above 2^53; office_id and name_search filters; office-scoped route', async () => {
	const { text } = await page('/callcenters');
	for (const c of company.callCenters) {
		expect(text).toContain(`"id":"${c.id}"`);
		expect(BigInt(c.id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
	}
	const office = company.offices[0];
	const inOffice = company.callCenters.filter((c) => c.officeId === office.id).map((c) => c.id);
	expect((await all(`/callcenters?office_id=${office.id}`)).map((c) => c.id)).toEqual(inOffice);
	expect((await all(`/offices/${office.id}/callcenters`)).map((c) => c.id)).toEqual(inOffice);
	expect((await all('/callcenters?name_search=support')).map((c) => c.name)).toEqual(['Support Queue', 'EMEA Support']);
	expect((await page('/offices/1/callcenters')).status).toBe(404);
});

it('departments (numbers), coaching teams (strings), rooms (numbers, office_id filter)', async () => {
	expect((await all('/departments')).map((d) => d.name)).toEqual(company.departments.map((d) => d.name));
	expect((await all(`/offices/${company.offices[1].id}/departments`)).map((d) => d.name)).toEqual(['Finance', 'People Ops']);
	expect((await page('/departments')).text).toContain(`"id":${company.departments[0].id}`);
	expect((await page('/coachingteams')).text).toContain(`"id":"${company.coachingTeams[0].id}"`);
	expect((await all(`/rooms?office_id=${company.offices[2].id}`)).map((r) => r.name)).toEqual(['Focus Room 3']);
	expect((await page('/rooms')).text).toContain(`"id":${company.rooms[0].id}`);
});

it('users mix ids above and below 2^53, always as strings', async () => {
	const ids = (await all('/users?state=all')).map((u) => u.id);
	expect(ids.every((id) => typeof id === 'string' && /^\d{16}$/.test(id))).toBe(true);
	expect(ids.some((id) => BigInt(String(id)) > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
	expect(ids.some((id) => BigInt(String(id)) < BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
});

it('the company is deterministic for a seed and differs across seeds', () => {
	expect(buildCompany(1)).toBe(company);
	expect(buildCompany(2).users[0].id).not.toBe(company.users[0].id);
	expect(buildCompany(2).users.map((u) => u.displayName)).toEqual(company.users.map((u) => u.displayName));
});
