/**
 * The company's phone activity: every call of a local day, generated from (seed, date, entry point,
 * index), so any export over any scope sees the same calls and stats agree with records.
 */
import type { Company, User } from '../company';
import { id16, intBetween, phone, pick, rngFor, type Rng } from '../random';

export type EntryKind = 'callcenter' | 'department' | 'room' | 'user';

export interface EntryPoint {
	kind: EntryKind;
	id: string;
	name: string;
	email: string;
	officeId: string;
	number: string;
	agentIds: readonly string[];
	callsPerDay: number;
}

export type Outcome = 'answered' | 'transferred' | 'abandoned' | 'voicemail' | 'callback' | 'cancelled';

export interface Leg {
	callId: string;
	targetId: string;
	targetKind: 'CallCenter' | 'Department' | 'Room' | 'UserProfile';
	targetType: 'call_center' | 'department' | 'room' | 'user';
	name: string;
	email: string;
	userId?: string;
	isEntry: boolean;
	category: string;
	categories: string;
	/** Seconds from the start of the call's local day. */
	firstRang?: number;
	queuedAt?: number;
	rangAt?: number;
	connectedAt?: number;
	endedAt: number;
	/** Minutes. */
	ringing: number;
	hold: number;
	talk: number;
	queued: number;
	wrapup: number;
	holdOccurrences: number;
	transferredTo?: string;
	transferredFromTargetId?: string;
	wasRecorded: boolean;
	voicemail: boolean;
}

export interface Call {
	date: string;
	entry: EntryPoint;
	direction: 'inbound' | 'outbound';
	external: string;
	internal: string;
	start: number;
	withFraction: boolean;
	outcome: Outcome;
	legs: Leg[];
	/** The entry-point leg, kept even when a user scope filters it out of `legs`. */
	entryLeg: Leg;
	/** Minutes from start to answer; 0 when unanswered. */
	timeToAnswer: number;
	disposition: string;
	csatResponses: number[];
	rng: Rng;
}

const entryCache = new WeakMap<Company, EntryPoint[]>();

export function entryPoints(company: Company): EntryPoint[] {
	const cached = entryCache.get(company);
	if (cached) return cached;
	const entries: EntryPoint[] = [
		...company.callCenters.map((c): EntryPoint => ({ kind: 'callcenter', id: c.id, name: c.name, email: '', officeId: c.officeId, number: c.number, agentIds: c.agentIds, callsPerDay: c.callsPerDay })),
		...company.departments.map((d): EntryPoint => ({ kind: 'department', id: d.id, name: d.name, email: '', officeId: d.officeId, number: d.number, agentIds: d.memberIds, callsPerDay: d.callsPerDay })),
		...company.rooms.map((r): EntryPoint => ({ kind: 'room', id: r.id, name: r.name, email: '', officeId: r.officeId, number: r.number, agentIds: [], callsPerDay: r.callsPerDay })),
		...company.users.map((u): EntryPoint => ({ kind: 'user', id: u.id, name: u.displayName, email: u.emails[0], officeId: u.officeId, number: u.number, agentIds: [u.id], callsPerDay: u.directCallsPerDay })),
	];
	entryCache.set(company, entries);
	return entries;
}

const KIND_OF: Record<EntryKind, Pick<Leg, 'targetKind' | 'targetType'>> = {
	callcenter: { targetKind: 'CallCenter', targetType: 'call_center' },
	department: { targetKind: 'Department', targetType: 'department' },
	room: { targetKind: 'Room', targetType: 'room' },
	user: { targetKind: 'UserProfile', targetType: 'user' },
};

const DISPOSITIONS = ['Sales~Follow up', 'Sales~Closed won', 'Support~Resolved', 'Support~Escalated, needs "callback"', 'Billing~Refund', ''];

function userById(company: Company, id: string): User {
	const user = company.users.find((u) => u.id === id);
	if (!user) throw new Error(`no user ${id}`);
	return user;
}

function between(rng: Rng, min: number, max: number): number {
	return min + rng() * (max - min);
}

function makeCall(company: Company, seed: number, date: string, entry: EntryPoint, index: number, round: number): Call {
	const rng = rngFor(seed, date, entry.id, index, round);
	const isGroup = entry.kind !== 'user';
	const start = rng() * 86400;
	const withFraction = rng() < 0.8;
	const direction = rng() < (isGroup ? 0.85 : 0.5) ? 'inbound' : 'outbound';
	const external = phone(rng);
	let outcome: Outcome;
	const u = rng();
	if (direction === 'outbound') outcome = u < 0.8 ? 'answered' : 'cancelled';
	else if (!isGroup) outcome = u < 0.75 ? 'answered' : 'voicemail';
	else if (u < 0.55) outcome = 'answered';
	else if (u < 0.65 && entry.agentIds.length > 1) outcome = 'transferred';
	else if (u < 0.77) outcome = 'abandoned';
	else if (u < 0.9) outcome = 'voicemail';
	else outcome = 'callback';

	const queued = isGroup && direction === 'inbound' ? between(rng, 0.05, 3) : 0;
	const ringing = between(rng, 0.05, 0.6);
	const connected = outcome === 'answered' || outcome === 'transferred';
	const talk = connected ? between(rng, 0.5, 25) : 0;
	const hold = connected && rng() < 0.3 ? between(rng, 0.2, 3) : 0;
	const wrapup = connected ? between(rng, 0, 1.5) : 0;
	const timeToAnswer = connected ? queued + ringing : 0;
	const connectedAt = start + timeToAnswer * 60;
	const endedAt = connected ? connectedAt + (talk + hold) * 60 : start + (queued + (outcome === 'abandoned' ? 0 : ringing)) * 60 + (outcome === 'voicemail' ? between(rng, 10, 90) : 0);
	const wasRecorded = connected && rng() < 0.6;

	const entryCategory: Record<Outcome, string> = {
		answered: direction === 'inbound' ? 'incoming' : 'outgoing',
		transferred: 'incoming',
		abandoned: 'abandoned',
		voicemail: 'missed',
		callback: 'callback_requested',
		cancelled: 'cancelled',
	};
	const categoriesOf: Record<Outcome, string> = {
		answered: direction === 'inbound' ? 'answered,inbound' : 'answered,outbound',
		transferred: 'answered,transferred,inbound',
		abandoned: 'unanswered,abandoned,inbound',
		voicemail: 'unanswered,missed,voicemail,inbound',
		callback: 'unanswered,callback_requested,inbound',
		cancelled: 'unanswered,cancelled,outbound',
	};
	const entryLeg: Leg = {
		callId: id16(rng, rng() < 0.3),
		...KIND_OF[entry.kind],
		targetId: entry.id,
		name: entry.name,
		email: entry.email,
		userId: entry.kind === 'user' ? entry.id : undefined,
		isEntry: true,
		category: entryCategory[outcome],
		categories: categoriesOf[outcome],
		firstRang: start + 0.4,
		queuedAt: queued > 0 ? start + 1.1 : undefined,
		rangAt: start + queued * 60,
		connectedAt: connected ? connectedAt : undefined,
		endedAt,
		ringing,
		hold: entry.kind === 'user' || entry.kind === 'room' ? hold : 0,
		talk,
		queued,
		wrapup: entry.kind === 'user' ? wrapup : 0,
		holdOccurrences: hold > 0 ? intBetween(rng, 1, 2) : 0,
		wasRecorded,
		voicemail: outcome === 'voicemail',
	};
	const legs: Leg[] = [entryLeg];
	const agentLeg = (userId: string, overrides: Partial<Leg>): Leg => {
		const user = userById(company, userId);
		return {
			...entryLeg,
			callId: id16(rng, rng() < 0.3),
			targetId: user.id,
			targetKind: 'UserProfile',
			targetType: 'user',
			name: user.displayName,
			email: user.emails[0],
			userId: user.id,
			isEntry: false,
			queuedAt: undefined,
			queued: 0,
			hold,
			wrapup,
			voicemail: false,
			...overrides,
		};
	};
	if (isGroup && entry.agentIds.length > 0) {
		const agent = pick(rng, entry.agentIds);
		if (outcome === 'answered') {
			legs.push(agentLeg(agent, {}));
		} else if (outcome === 'cancelled') {
			legs.push(agentLeg(agent, { talk: 0, hold: 0, wrapup: 0 }));
		} else if (outcome === 'transferred') {
			const others = entry.agentIds.filter((a) => a !== agent);
			const second = pick(rng, others);
			const split = talk * between(rng, 0.2, 0.6);
			const transferAt = connectedAt + split * 60;
			legs.push(agentLeg(agent, { talk: split, endedAt: transferAt, transferredTo: userById(company, second).displayName, categories: 'answered,transferred,inbound' }));
			legs.push(agentLeg(second, { talk: talk - split, rangAt: transferAt, connectedAt: transferAt + 6, firstRang: transferAt, transferredFromTargetId: agent, categories: 'answered,inbound' }));
		} else if (outcome === 'voicemail') {
			legs.push(agentLeg(agent, { category: 'missed', categories: 'unanswered,missed,inbound', connectedAt: undefined, talk: 0, hold: 0, wrapup: 0, endedAt: start + (queued + ringing) * 60 }));
		}
	}
	const csatResponses: number[] = [];
	if (connected && direction === 'inbound' && rng() < 0.35) {
		const questions = intBetween(rng, 1, 3);
		for (let q = 0; q < questions; q++) csatResponses.push(intBetween(rng, 1, 5));
	}
	return {
		date,
		entry,
		direction,
		external,
		internal: entry.number,
		start,
		withFraction,
		outcome,
		legs,
		entryLeg,
		timeToAnswer,
		disposition: connected ? pick(rng, DISPOSITIONS) : '',
		csatResponses,
		rng,
	};
}

export interface Scope {
	/** Only calls entering through these entry points (a group target). */
	entryIds: ReadonlySet<string> | null;
	/** Only calls entering through this office. */
	officeId: string | null;
	/** Only the legs of these users (user, coaching team/group, staff group targets). */
	userIds: ReadonlySet<string> | null;
}

export const ALL_SCOPE: Scope = { entryIds: null, officeId: null, userIds: null };

export function applyScope(call: Call, scope: Scope): Call | undefined {
	if (scope.entryIds && !scope.entryIds.has(call.entry.id)) return undefined;
	if (scope.officeId && call.entry.officeId !== scope.officeId) return undefined;
	if (scope.userIds) {
		const ids = scope.userIds;
		const legs = call.legs.filter((leg) => leg.userId !== undefined && ids.has(leg.userId));
		return legs.length > 0 ? { ...call, legs } : undefined;
	}
	return call;
}

export interface DayContext {
	company: Company;
	seed: number;
	scope: Scope;
	/** Exclusive upper bound in seconds of day, for today's partial day. */
	cutoffSeconds?: number;
}

/** The calls of one local day in scope, ordered by start time. */
export function callsForDay(ctx: DayContext, date: string, round: number): Call[] {
	const calls: Call[] = [];
	for (const entry of entryPoints(ctx.company)) {
		if (ctx.scope.entryIds && !ctx.scope.entryIds.has(entry.id)) continue;
		if (ctx.scope.officeId && entry.officeId !== ctx.scope.officeId) continue;
		for (let i = 0; i < entry.callsPerDay; i++) {
			const call = makeCall(ctx.company, ctx.seed, date, entry, i, round);
			if (ctx.cutoffSeconds !== undefined && call.start >= ctx.cutoffSeconds) continue;
			const scoped = applyScope(call, ctx.scope);
			if (scoped) calls.push(scoped);
		}
	}
	return calls.sort((a, b) => a.start - b.start);
}
