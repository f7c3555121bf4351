/**
 * The list endpoints behind the node's pickers. Offices, departments and rooms render ids as JSON
 * numbers (all below 2^53); call centers, users, coaching teams and the company render strings,
 * because Dialpad does both and the node must accept both.
 */
import type { Company } from './company';

export type ListResult = { status: 200; body: unknown } | { status: 400 | 404; message: string };

type Item = Record<string, unknown>;

const num = (id: string): number => {
	const value = Number(id);
	if (!Number.isSafeInteger(value)) throw new Error(`id ${id} cannot be a JSON number`);
	return value;
};

function page(items: Item[], query: URLSearchParams): ListResult {
	let limit = 20;
	const rawLimit = query.get('limit');
	if (rawLimit !== null) {
		limit = Number(rawLimit);
		if (!/^\d+$/.test(rawLimit) || limit < 1 || limit > 1000) return { status: 400, message: `Invalid value for limit: "${rawLimit}". Must be an integer between 1 and 1000.` };
	}
	let offset = 0;
	const cursor = query.get('cursor');
	if (cursor) {
		const decoded = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (!decoded) return { status: 400, message: `Invalid cursor: "${cursor}".` };
		offset = Number(decoded[1]);
	}
	const slice = items.slice(offset, offset + limit);
	const next = offset + limit;
	const body: { items: Item[]; cursor?: string } = { items: slice };
	if (next < items.length) body.cursor = Buffer.from(`o:${next}`, 'utf8').toString('base64url');
	return { status: 200, body };
}

const includesFold = (text: string, search: string | null): boolean => search === null || text.toLowerCase().includes(search.toLowerCase());

function callCenters(company: Company, query: URLSearchParams, officeId: string | null): Item[] {
	return company.callCenters
		.filter((c) => officeId === null || c.officeId === officeId)
		.filter((c) => includesFold(c.name, query.get('name_search')))
		.map((c) => ({ id: c.id, name: c.name, office_id: c.officeId, state: c.state, phone_numbers: [c.number] }));
}

function departments(company: Company, query: URLSearchParams, officeId: string | null): Item[] {
	return company.departments
		.filter((d) => officeId === null || d.officeId === officeId)
		.filter((d) => includesFold(d.name, query.get('name_search')))
		.map((d) => ({ id: num(d.id), name: d.name, office_id: num(d.officeId), state: 'active', phone_numbers: [d.number] }));
}

/** `path` is below /api/v2 (e.g. '/offices'); undefined when the path is not a list route. */
export function listRoute(company: Company, path: string, query: URLSearchParams): ListResult | undefined {
	if (path === '/company') {
		return { status: 200, body: { id: company.id, name: company.name, domain: company.domain, country: 'us', state: 'active' } };
	}
	if (path === '/offices') {
		const activeOnly = query.get('active_only') === 'true';
		return page(
			company.offices
				.filter((o) => !activeOnly || o.state === 'active')
				.map((o) => ({ id: num(o.id), name: o.name, timezone: o.timezone, state: o.state, phone_numbers: [o.number], country: o.timezone.startsWith('Europe') ? 'gb' : 'us' })),
			query,
		);
	}
	if (path === '/callcenters') return page(callCenters(company, query, query.get('office_id')), query);
	if (path === '/departments') return page(departments(company, query, query.get('office_id')), query);
	const officeScoped = /^\/offices\/([^/]+)\/(callcenters|departments)$/.exec(path);
	if (officeScoped) {
		const officeId = officeScoped[1];
		if (!company.offices.some((o) => o.id === officeId)) return { status: 404, message: `Office ${officeId} not found.` };
		return page(officeScoped[2] === 'callcenters' ? callCenters(company, query, officeId) : departments(company, query, officeId), query);
	}
	if (path === '/users') {
		const state = query.get('state') ?? 'active';
		const email = query.get('email');
		const first = query.get('first_name');
		const last = query.get('last_name');
		return page(
			company.users
				.filter((u) => state === 'all' || u.state === state)
				.filter((u) => email === null || u.emails.some((e) => e.toLowerCase() === email.toLowerCase()))
				.filter((u) => first === null || u.firstName.toLowerCase() === first.toLowerCase())
				.filter((u) => last === null || u.lastName.toLowerCase() === last.toLowerCase())
				.map((u) => ({
					id: u.id,
					first_name: u.firstName,
					last_name: u.lastName,
					display_name: u.displayName,
					emails: u.emails,
					office_id: num(u.officeId),
					state: u.state,
					phone_numbers: [u.number],
					is_admin: u.id === company.users[3].id,
				})),
			query,
		);
	}
	if (path === '/coachingteams') {
		return page(company.coachingTeams.map((t) => ({ id: t.id, name: t.name, office_id: t.officeId })), query);
	}
	if (path === '/rooms') {
		const officeId = query.get('office_id');
		return page(
			company.rooms.filter((r) => officeId === null || r.officeId === officeId).map((r) => ({ id: num(r.id), name: r.name, office_id: num(r.officeId), phone_numbers: [r.number] })),
			query,
		);
	}
	return undefined;
}
