/**
 * The seeded fake company every list, validation and CSV draws from. Structure (names, sizes,
 * volumes) is fixed so tests can reason about it; ids come from the seed. Id "kinds" differ on
 * purpose: offices, departments and rooms have ids below 2^53 (their lists render numbers), call
 * centers and coaching teams have ids above 2^53 (their lists render strings), users are mixed.
 */
import { id16, phone, rngFor } from './random';

export interface Office {
	id: string;
	name: string;
	timezone: string;
	state: 'active' | 'inactive';
	number: string;
}
export interface CallCenter {
	id: string;
	name: string;
	officeId: string;
	state: 'active';
	number: string;
	/** Calls entering this call center every local day (constant so tests can count). */
	callsPerDay: number;
	agentIds: string[];
}
export interface Department {
	id: string;
	name: string;
	officeId: string;
	number: string;
	callsPerDay: number;
	memberIds: string[];
}
export interface User {
	id: string;
	firstName: string;
	lastName: string;
	displayName: string;
	emails: string[];
	officeId: string;
	state: 'active' | 'suspended' | 'deleted';
	number: string;
	/** Calls placed or received directly (not through a group) every local day. */
	directCallsPerDay: number;
	textsPerDay: number;
	screensharesPerDay: number;
}
export interface CoachingTeam {
	id: string;
	name: string;
	officeId: string;
	memberIds: string[];
}
export interface Room {
	id: string;
	name: string;
	officeId: string;
	number: string;
	callsPerDay: number;
}
/** Coaching groups and staff groups have no list endpoint at Dialpad: id only. */
export interface MemberGroup {
	id: string;
	name: string;
	memberIds: string[];
}
export interface Company {
	id: string;
	name: string;
	domain: string;
	offices: Office[];
	callCenters: CallCenter[];
	departments: Department[];
	users: User[];
	coachingTeams: CoachingTeam[];
	rooms: Room[];
	coachingGroups: MemberGroup[];
	staffGroups: MemberGroup[];
}

const USER_NAMES: Array<[string, string]> = [
	['Ava', 'Martinez'], ['Ben', 'Okafor'], ['Chloé', 'Dubois'], ['Dev', 'Patel'], ['Elena', 'Rossi'],
	['Farid', 'Haddad'], ['Grace', 'Kim'], ['Hugo', "O'Brien"], ['Isla', 'Nguyen'], ['Jonas', 'Berg'],
	['Kira', 'Tanaka'], ['Liam', 'Walsh'], ['Maya', 'Cohen'], ['Noah', 'Schmidt'], ['Olivia', 'Brown'],
	['Pablo', 'García'], ['Quinn', 'Idle'], ['Rosa', 'Lopez'], ['Sam', 'Taylor'], ['Tess', 'Moreau'],
	['Uma', 'Singh'], ['Victor', 'Ivanov'], ['Wen', 'Li'], ['Xavier', 'Costa'], ['Yara', 'Silva'],
];

/** Index of the user with no activity at all (no group, no direct calls, no texts). */
export const IDLE_USER_INDEX = 16;

const companies = new Map<number, Company>();

export function buildCompany(seed: number): Company {
	const cached = companies.get(seed);
	if (cached) return cached;
	const rng = rngFor('company', seed);
	const used = new Set<string>();
	const newId = (big: boolean): string => {
		for (;;) {
			const id = id16(rng, big);
			if (!used.has(id)) {
				used.add(id);
				return id;
			}
		}
	};

	const offices: Office[] = [
		{ id: newId(false), name: 'San Francisco HQ', timezone: 'America/Los_Angeles', state: 'active', number: phone(rng) },
		{ id: newId(false), name: 'New York', timezone: 'America/New_York', state: 'active', number: phone(rng, '212') },
		{ id: newId(false), name: 'London', timezone: 'Europe/London', state: 'active', number: phone(rng, '415') },
		{ id: newId(false), name: 'Austin (closed)', timezone: 'America/Chicago', state: 'inactive', number: phone(rng, '512') },
	];

	const users: User[] = USER_NAMES.map(([firstName, lastName], index) => {
		const slug = `${firstName}.${lastName}`
			.normalize('NFD')
			.replace(/[\u0300-\u036f']/g, '')
			.toLowerCase();
		const idle = index === IDLE_USER_INDEX;
		return {
			// Every third user gets an id above 2^53.
			id: newId(index % 3 === 0),
			firstName,
			lastName,
			displayName: `${firstName} ${lastName}`,
			emails: index % 4 === 0 ? [`${slug}@example.com`, `${slug}@alt.example.com`] : [`${slug}@example.com`],
			officeId: offices[index % 3].id,
			state: index === 23 ? 'suspended' : index === 24 ? 'deleted' : 'active',
			number: phone(rng),
			directCallsPerDay: idle ? 0 : index % 3,
			textsPerDay: idle ? 0 : index % 4,
			screensharesPerDay: idle ? 0 : index % 5 === 0 ? 1 : 0,
		};
	});
	const members = (...indexes: number[]): string[] => indexes.map((i) => users[i].id);

	const callCenters: CallCenter[] = [
		{ id: newId(true), name: 'Sales Line', officeId: offices[0].id, state: 'active', number: phone(rng), callsPerDay: 6, agentIds: members(0, 3, 6, 9) },
		{ id: newId(true), name: 'Support Queue', officeId: offices[0].id, state: 'active', number: phone(rng), callsPerDay: 8, agentIds: members(12, 15, 18, 21, 0) },
		{ id: newId(true), name: 'Billing & Payments', officeId: offices[1].id, state: 'active', number: phone(rng, '212'), callsPerDay: 4, agentIds: members(1, 4, 7) },
		{ id: newId(true), name: 'EMEA Support', officeId: offices[2].id, state: 'active', number: phone(rng), callsPerDay: 5, agentIds: members(2, 5, 8, 11) },
		{ id: newId(true), name: 'After Hours', officeId: offices[1].id, state: 'active', number: phone(rng, '212'), callsPerDay: 0, agentIds: members(10, 13) },
	];
	const departments: Department[] = [
		{ id: newId(false), name: 'Engineering', officeId: offices[0].id, number: phone(rng), callsPerDay: 1, memberIds: members(3, 6, 9, 12) },
		{ id: newId(false), name: 'Finance', officeId: offices[1].id, number: phone(rng, '212'), callsPerDay: 1, memberIds: members(1, 4, 19) },
		{ id: newId(false), name: 'People Ops', officeId: offices[1].id, number: phone(rng, '212'), callsPerDay: 0, memberIds: members(22) },
		{ id: newId(false), name: 'Operations', officeId: offices[2].id, number: phone(rng), callsPerDay: 2, memberIds: members(2, 5, 14, 17) },
	];
	const coachingTeams: CoachingTeam[] = [
		{ id: newId(true), name: 'New Hires', officeId: offices[0].id, memberIds: members(0, 12, 15) },
		{ id: newId(true), name: 'EMEA Coaching', officeId: offices[2].id, memberIds: members(2, 8) },
	];
	const rooms: Room[] = [
		{ id: newId(false), name: 'Boardroom', officeId: offices[0].id, number: phone(rng), callsPerDay: 1 },
		{ id: newId(false), name: 'Lobby Phone', officeId: offices[1].id, number: phone(rng, '212'), callsPerDay: 2 },
		{ id: newId(false), name: 'Focus Room 3', officeId: offices[2].id, number: phone(rng), callsPerDay: 0 },
	];
	const coachingGroups: MemberGroup[] = [{ id: newId(true), name: 'Q3 Trainees', memberIds: members(15, 18) }];
	const staffGroups: MemberGroup[] = [{ id: newId(false), name: 'Supervisors', memberIds: members(3, 4, 5) }];

	const company: Company = {
		id: newId(false),
		name: 'Acme Analytics Inc.',
		domain: 'example.com',
		offices,
		callCenters,
		departments,
		users,
		coachingTeams,
		rooms,
		coachingGroups,
		staffGroups,
	};
	companies.set(seed, company);
	return company;
}

export type TargetType =
	| 'callcenter'
	| 'coachinggroup'
	| 'coachingteam'
	| 'department'
	| 'office'
	| 'room'
	| 'staffgroup'
	| 'unknown'
	| 'user';

/** The concrete kind of an id in this company, or undefined when it does not exist. */
export function kindOfId(company: Company, id: string): Exclude<TargetType, 'unknown'> | undefined {
	if (company.offices.some((o) => o.id === id)) return 'office';
	if (company.callCenters.some((c) => c.id === id)) return 'callcenter';
	if (company.departments.some((d) => d.id === id)) return 'department';
	if (company.users.some((u) => u.id === id)) return 'user';
	if (company.coachingTeams.some((t) => t.id === id)) return 'coachingteam';
	if (company.rooms.some((r) => r.id === id)) return 'room';
	if (company.coachingGroups.some((g) => g.id === id)) return 'coachinggroup';
	if (company.staffGroups.some((g) => g.id === id)) return 'staffgroup';
	return undefined;
}
