import { listError, unreadableListError } from '../errors/listAnswers';

/** One entry of a Dialpad list, as Dialpad sent it (ids already turned into text). */
export type ListEntry = Record<string, unknown>;

export interface ListPage {
	items: ListEntry[];
	/** Dialpad's cursor for the next page; undefined on the last page. */
	cursor?: string;
}

/** One entry of a picker: what a person recognises, with the ID as the value. */
export interface PickerEntry {
	name: string;
	value: string;
	url?: string;
}

export interface PickerPage {
	results: PickerEntry[];
	/** Dialpad's cursor where the next call goes on; undefined when the list is complete. */
	paginationToken?: string;
}

/** How one Dialpad list is asked for, narrowed and labelled. */
export interface ListSpec {
	/** Below /api/v2, e.g. '/callcenters'. */
	path: string;
	/** Plural, in words: 'call centers'. */
	noun: string;
	/** Query for a plain listing (no search): only active entries where Dialpad has a filter. */
	listQuery?: Record<string, string>;
	/** Query when the user searches: Dialpad's own name filter where it has one. */
	searchQuery?: (filter: string) => Record<string, string>;
	/** Whether the entry counts as active; inactive ones are shown only when searching. */
	isActive?: (entry: ListEntry) => boolean;
	/** The words the search is matched against (case-insensitive). */
	searchText: (entry: ListEntry) => string[];
	/** Needs office names (call centers, departments). */
	withOfficeNames?: boolean;
	label: (entry: ListEntry, officeNames: ReadonlyMap<string, string>) => string;
}

export type FetchListPage = (path: string, query: Record<string, string | undefined>) => Promise<ListPage>;

/** Stop gathering after this many entries or pages in one call; n8n asks for more on scroll. */
const ENTRIES_PER_CALL = 50;
const PAGES_PER_CALL = 10;

const ID_KEY = /("(?:id|office_id|target_id|company_id)"\s*:\s*)(-?\d+)(?=\s*[,}\]])/g;

/** JSON.parse, with numeric ids turned into strings first so that no digit past 2^53 is lost. */
export function parseJsonKeepingIds(text: string): unknown {
	return JSON.parse(text.replace(ID_KEY, '$1"$2"'));
}

export function idText(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' ? String(value) : '';
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** Dialpad's answer to a list request: the page, or an error with Dialpad's message and what to do. */
export function parseListPage(statusCode: number, body: unknown, noun: string): ListPage {
	let parsed: unknown = body;
	if (typeof body === 'string') {
		try {
			parsed = body.trim() === '' ? null : parseJsonKeepingIds(body);
		} catch {
			parsed = body;
		}
	}
	if (statusCode !== 200) throw listError(statusCode, parsed, noun);
	const envelope = parsed as { items?: unknown; cursor?: unknown } | null;
	if (envelope === null || typeof envelope !== 'object' || (envelope.items !== undefined && !Array.isArray(envelope.items))) {
		throw unreadableListError(noun, statusCode);
	}
	const items = ((envelope.items as unknown[] | undefined) ?? []).filter(
		(item): item is ListEntry => typeof item === 'object' && item !== null,
	);
	const cursor = typeof envelope.cursor === 'string' && envelope.cursor !== '' ? envelope.cursor : undefined;
	return { items, cursor };
}

function matches(spec: ListSpec, entry: ListEntry, filter: string): boolean {
	const needle = filter.toLowerCase();
	return spec.searchText(entry).some((value) => value.toLowerCase().includes(needle));
}

/**
 * One call of an n8n list search: pages from `paginationToken` (Dialpad's cursor) on, until enough
 * entries are gathered or the list ends. A cursor seen before (Dialpad repeating itself) ends the list.
 */
export async function searchList(
	fetchPage: FetchListPage,
	spec: ListSpec,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<PickerPage> {
	const search = (filter ?? '').trim();
	const query = search === '' ? { ...spec.listQuery } : { ...spec.searchQuery?.(search) };
	const officeNames = spec.withOfficeNames ? await loadOfficeNames(fetchPage) : new Map<string, string>();
	// Where Dialpad filtered by name or email itself, its answer stands as it is.
	const filteredByDialpad = 'name_search' in query || 'email' in query;
	const seenCursors = new Set<string>(paginationToken ? [paginationToken] : []);
	const results: PickerEntry[] = [];
	let cursor = paginationToken;

	for (let pages = 0; pages < PAGES_PER_CALL; pages++) {
		const page = await fetchPage(spec.path, { ...query, cursor });
		for (const entry of page.items) {
			const id = idText(entry.id);
			if (id === '') continue;
			if (search === '' && spec.isActive && !spec.isActive(entry)) continue;
			if (search !== '' && !filteredByDialpad && !matches(spec, entry, search)) continue;
			results.push({ name: spec.label(entry, officeNames), value: id });
		}
		if (page.cursor === undefined || seenCursors.has(page.cursor)) return { results };
		seenCursors.add(page.cursor);
		cursor = page.cursor;
		if (results.length >= ENTRIES_PER_CALL) break;
	}
	return { results, paginationToken: cursor };
}

/** Every office's name by id (inactive ones too: a call center may sit in a closed office). */
async function loadOfficeNames(fetchPage: FetchListPage): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (let pages = 0; pages < PAGES_PER_CALL; pages++) {
		const page = await fetchPage('/offices', { cursor });
		for (const office of page.items) names.set(idText(office.id), text(office.name));
		if (page.cursor === undefined || seenCursors.has(page.cursor)) break;
		seenCursors.add(page.cursor);
		cursor = page.cursor;
	}
	return names;
}

function stateSuffix(entry: ListEntry): string {
	const state = text(entry.state);
	return state === '' || state === 'active' ? '' : ` (${state})`;
}

function withOffice(entry: ListEntry, officeNames: ReadonlyMap<string, string>): string {
	const office = officeNames.get(idText(entry.office_id));
	const name = text(entry.name) || `#${idText(entry.id)}`;
	return `${name}${office ? ` · ${office}` : ''}${stateSuffix(entry)}`;
}

const isActiveState = (entry: ListEntry) => text(entry.state) === '' || text(entry.state) === 'active';
const byName = (entry: ListEntry) => [text(entry.name)];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The lists behind the pickers (coaching groups and staff groups have no list endpoint). */
export type ListName = 'callCenters' | 'departments' | 'offices' | 'users' | 'coachingTeams' | 'rooms';

export const LIST_SPECS: Record<ListName, ListSpec> = {
	callCenters: {
		path: '/callcenters',
		noun: 'call centers',
		searchQuery: (filter) => ({ name_search: filter }),
		isActive: isActiveState,
		searchText: byName,
		withOfficeNames: true,
		label: withOffice,
	},
	departments: {
		path: '/departments',
		noun: 'departments',
		searchQuery: (filter) => ({ name_search: filter }),
		isActive: isActiveState,
		searchText: byName,
		withOfficeNames: true,
		label: withOffice,
	},
	offices: {
		path: '/offices',
		noun: 'offices',
		listQuery: { active_only: 'true' },
		isActive: isActiveState,
		searchText: byName,
		label: (entry) => `${text(entry.name) || `#${idText(entry.id)}`}${stateSuffix(entry)}`,
	},
	users: {
		path: '/users',
		noun: 'users',
		listQuery: { state: 'active' },
		// Dialpad filters users only by exact email or name: a whole email goes to Dialpad, anything else is matched here.
		searchQuery: (filter): Record<string, string> => (EMAIL.test(filter) ? { state: 'all', email: filter } : { state: 'all' }),
		isActive: isActiveState,
		searchText: (entry) => [
			text(entry.display_name),
			`${text(entry.first_name)} ${text(entry.last_name)}`,
			...(Array.isArray(entry.emails) ? entry.emails.map(text) : []),
		],
		label: (entry) => {
			const name = text(entry.display_name) || `${text(entry.first_name)} ${text(entry.last_name)}`.trim();
			const email = Array.isArray(entry.emails) ? text(entry.emails[0]) : '';
			return `${name || `#${idText(entry.id)}`}${email ? ` (${email})` : ''}${stateSuffix(entry)}`;
		},
	},
	coachingTeams: {
		path: '/coachingteams',
		noun: 'coaching teams',
		isActive: isActiveState,
		searchText: byName,
		label: (entry) => `${text(entry.name) || `#${idText(entry.id)}`}${stateSuffix(entry)}`,
	},
	rooms: {
		path: '/rooms',
		noun: 'rooms',
		isActive: isActiveState,
		searchText: byName,
		label: (entry) => `${text(entry.name) || `#${idText(entry.id)}`}${stateSuffix(entry)}`,
	},
};

