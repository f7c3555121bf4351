/** Everything a row generator needs for one export: the company, the scope and the clock cut-off. */
import { buildCompany, kindOfId, type Company, type User } from '../company';
import { ALL_SCOPE, callsForDay, type Call, type DayContext, type Scope } from './activity';
import type { ExportSpec } from './spec';

export interface GenContext {
	spec: ExportSpec;
	company: Company;
	seed: number;
	scope: Scope;
}

const NOTHING: Scope = { entryIds: new Set(), officeId: null, userIds: null };

export function scopeOf(spec: ExportSpec, company: Company): Scope {
	if (spec.targetId !== undefined) {
		const id = spec.targetId;
		const kind = spec.targetType === 'unknown' || spec.targetType === undefined ? kindOfId(company, id) : spec.targetType;
		const members = (groups: ReadonlyArray<{ id: string; memberIds: string[] }>): Scope => {
			const group = groups.find((g) => g.id === id);
			return group ? { ...ALL_SCOPE, userIds: new Set(group.memberIds) } : NOTHING;
		};
		switch (kind) {
			case 'office':
				return { ...ALL_SCOPE, officeId: id };
			case 'callcenter':
			case 'department':
			case 'room':
				return { ...ALL_SCOPE, entryIds: new Set([id]) };
			case 'user':
				return { ...ALL_SCOPE, userIds: new Set([id]) };
			case 'coachingteam':
				return members(company.coachingTeams);
			case 'coachinggroup':
				return members(company.coachingGroups);
			case 'staffgroup':
				return members(company.staffGroups);
			default:
				return NOTHING;
		}
	}
	if (spec.officeId !== undefined) return { ...ALL_SCOPE, officeId: spec.officeId };
	return ALL_SCOPE;
}

export function contextFor(spec: ExportSpec, seed: number): GenContext {
	const company = buildCompany(seed);
	return { spec, company, seed, scope: scopeOf(spec, company) };
}

/** Seconds of day before which rows of `date` exist (Infinity for full days). */
export function cutoffFor(ctx: GenContext, date: string): number {
	const cutoff = ctx.spec.cutoff;
	return cutoff && cutoff.date === date ? cutoff.secondsOfDay : Infinity;
}

export function dayCalls(ctx: GenContext, date: string, round: number): Call[] {
	const cutoff = cutoffFor(ctx, date);
	const dayCtx: DayContext = { company: ctx.company, seed: ctx.seed, scope: ctx.scope, cutoffSeconds: cutoff === Infinity ? undefined : cutoff };
	return callsForDay(dayCtx, date, round);
}

/** Users whose own activity (on-duty changes, texts, screenshares) is in scope. */
export function scopeUsers(ctx: GenContext): User[] {
	const { scope, company } = ctx;
	if (scope.userIds) {
		const ids = scope.userIds;
		return company.users.filter((u) => ids.has(u.id));
	}
	if (scope.entryIds) {
		const ids = scope.entryIds;
		const memberIds = new Set<string>();
		for (const c of company.callCenters) if (ids.has(c.id)) c.agentIds.forEach((a) => memberIds.add(a));
		for (const d of company.departments) if (ids.has(d.id)) d.memberIds.forEach((a) => memberIds.add(a));
		return company.users.filter((u) => memberIds.has(u.id));
	}
	if (scope.officeId) return company.users.filter((u) => u.officeId === scope.officeId);
	return company.users;
}
