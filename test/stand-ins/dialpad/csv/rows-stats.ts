/** stats exports: aggregates of the same calls the records exports list. */
import { minutes } from './format';
import { STATS_CALLS_DATE_HEADERS, STATS_CALLS_GROUP_HEADERS, STATS_CALLS_USER_HEADERS } from './headers';
import type { Call } from './activity';
import { dayCalls, scopeUsers, type GenContext } from './context';
import { onDutyEvents, textsOfDay } from './rows-records';

type Metrics = Record<string, string>;

function sum(values: number[]): number {
	return values.reduce((a, b) => a + b, 0);
}
function avg(values: number[]): number {
	return values.length === 0 ? 0 : sum(values) / values.length;
}

/**
 * How a call reads in a records export, judged only from the legs that export lists (a user scope
 * sees only that user's legs), so every count below can be re-counted from the records rows.
 */
export interface CallAsRecorded {
	inbound: boolean;
	connected: boolean;
	missed: boolean;
	voicemail: boolean;
	abandoned: boolean;
	cancelled: boolean;
	callbackRequested: boolean;
	transferred: boolean;
}

export function asRecorded(call: Call): CallAsRecorded {
	const anyLeg = (pred: (leg: Call['legs'][number]) => boolean): boolean => call.legs.some(pred);
	return {
		inbound: call.direction === 'inbound',
		connected: anyLeg((l) => l.connectedAt !== undefined),
		missed: anyLeg((l) => l.category === 'missed'),
		voicemail: anyLeg((l) => l.voicemail),
		abandoned: anyLeg((l) => l.category === 'abandoned'),
		cancelled: anyLeg((l) => l.category === 'cancelled'),
		callbackRequested: anyLeg((l) => l.category === 'callback_requested'),
		transferred: anyLeg((l) => l.categories.split(',').includes('transferred')),
	};
}

/** The group_by=date metric columns computed over `calls`; anything not modelled is 0. */
export function callMetrics(calls: Call[]): Metrics {
	const recorded = calls.map((call) => ({ call, seen: asRecorded(call) }));
	const count = (pred: (c: CallAsRecorded) => boolean): number => recorded.filter((r) => pred(r.seen)).length;
	const connected = recorded.filter((r) => r.seen.connected).map((r) => r.call);
	const legs = calls.flatMap((c) => c.legs);
	const talk = legs.map((l) => l.talk);
	const hold = legs.map((l) => l.hold);
	const wrap = legs.map((l) => l.wrapup);
	const ring = legs.map((l) => l.ringing);
	const queued = calls.map((c) => c.entryLeg.queued);
	const inbound = calls.filter((c) => c.direction === 'inbound');
	const voicemails = count((c) => c.voicemail);
	const callbacks = count((c) => c.callbackRequested);
	const transferred = count((c) => c.transferred);
	const m: Metrics = {
		all_calls: String(calls.length),
		inbound_calls: String(inbound.length),
		outbound_calls: String(calls.length - inbound.length),
		voicemails: String(voicemails),
		missed: String(count((c) => c.missed)),
		abandoned: String(count((c) => c.abandoned)),
		forwarded: '0',
		cancelled: String(count((c) => c.cancelled)),
		minutes: minutes(sum(talk)),
		acd: minutes(avg(connected.map((c) => sum(c.legs.map((l) => l.talk))))),
		aht: minutes(avg(connected.map((c) => sum(c.legs.map((l) => l.talk + l.hold + l.wrapup))))),
		inbound_minutes: minutes(sum(inbound.flatMap((c) => c.legs.map((l) => l.talk)))),
		outbound_minutes: minutes(sum(calls.filter((c) => c.direction === 'outbound').flatMap((c) => c.legs.map((l) => l.talk)))),
		time_in_system: minutes(sum(calls.map((c) => (c.entryLeg.endedAt - c.start) / 60))),
		service_level: String(connected.filter((c) => c.timeToAnswer < 1 / 3).length),
		callbacks_requested: String(callbacks),
		callbacks_completed: String(Math.floor(callbacks / 2)),
		callbacks_cancelled: String(callbacks - Math.floor(callbacks / 2)),
		callbacks_connected: String(Math.floor(callbacks / 2)),
		asa: minutes(avg(connected.map((c) => c.timeToAnswer))),
		handled: String(connected.length),
		answered: String(connected.filter((c) => c.direction === 'inbound').length),
		answered_transferred: String(transferred),
		outbound_connected: String(connected.filter((c) => c.direction === 'outbound').length),
		transferred_out: String(transferred),
		in_queue_voicemail: String(voicemails),
		ringing_duration: minutes(sum(ring)),
		avg_ringing_duration: minutes(avg(ring)),
		hold_duration: minutes(sum(hold)),
		avg_hold_duration: minutes(avg(hold)),
		talk_duration: minutes(sum(talk)),
		avg_talk_duration: minutes(avg(talk)),
		queued_duration: minutes(sum(queued)),
		avg_queued_duration: minutes(avg(queued)),
		wrapup_duration: minutes(sum(wrap)),
		avg_wrapup_duration: minutes(avg(wrap)),
		total_voicemails: String(voicemails),
		unresolved_voicemails: String(Math.ceil(voicemails / 2)),
		resolved_voicemails: String(voicemails - Math.ceil(voicemails / 2)),
		avg_voicemail_handle_time_minutes: voicemails > 0 ? '1.5' : '0',
		avg_voicemail_assignment_time_minutes: voicemails > 0 ? '0.75' : '0',
		avg_time_open_minutes: voicemails > 0 ? '42.25' : '0',
	};
	return m;
}

function row(headers: readonly string[], values: Metrics): string[] {
	return headers.map((h) => values[h] ?? '0');
}

export function statsByDateRows(ctx: GenContext, date: string, round: number): string[][] {
	const calls = dayCalls(ctx, date, round);
	return [row(STATS_CALLS_DATE_HEADERS, { ...callMetrics(calls), date, timezone: ctx.spec.timezone })];
}

export function statsByUserRows(ctx: GenContext, date: string, round: number): string[][] {
	const calls = dayCalls(ctx, date, round);
	const rows: string[][] = [];
	for (const user of scopeUsers(ctx)) {
		const mine = calls
			.filter((c) => c.legs.some((l) => l.userId === user.id))
			.map((c) => ({ ...c, legs: c.legs.filter((l) => l.userId === user.id) }));
		if (mine.length === 0) continue;
		const metrics = callMetrics(mine);
		rows.push(
			row(STATS_CALLS_USER_HEADERS, {
				...metrics,
				date,
				user_id: user.id,
				name: user.displayName,
				email: user.emails[0],
				type: 'user',
				internal_calls: '0',
				rejected: '0',
				ring_no_answer: String(mine.filter((c) => c.legs.some((l) => l.category === 'missed' && !l.isEntry)).length),
				timezone: ctx.spec.timezone,
			}),
		);
	}
	return rows;
}

/** INVENTED shape (group_by=group was never captured): one row per group entry point with calls. */
export function statsByGroupRows(ctx: GenContext, date: string, round: number): string[][] {
	const calls = dayCalls(ctx, date, round).filter((c) => c.entry.kind !== 'user');
	const byGroup = new Map<string, Call[]>();
	for (const call of calls) byGroup.set(call.entry.id, [...(byGroup.get(call.entry.id) ?? []), call]);
	return [...byGroup.values()].map((groupCalls) => {
		const entry = groupCalls[0].entry;
		return row(STATS_CALLS_GROUP_HEADERS, {
			...callMetrics(groupCalls),
			date,
			group_id: entry.id,
			group_name: entry.name,
			group_type: entry.kind === 'callcenter' ? 'call_center' : entry.kind,
			office_id: entry.officeId,
			timezone: ctx.spec.timezone,
		});
	});
}

/** INVENTED: stats for non-call stat types, a daily count per user in scope. */
export function statsOtherRows(ctx: GenContext, date: string, round: number): string[][] {
	const rows: string[][] = [];
	const counts = new Map<string, number>();
	const statType = ctx.spec.statType;
	if (statType === 'onduty') for (const e of onDutyEvents(ctx, date, round)) counts.set(e.user.id, (counts.get(e.user.id) ?? 0) + 1);
	else if (statType === 'texts') for (const t of textsOfDay(ctx, date, round)) counts.set(t.user.id, (counts.get(t.user.id) ?? 0) + 1);
	else {
		for (const call of dayCalls(ctx, date, round)) {
			const agent = call.legs.find((l) => l.userId !== undefined);
			if (!agent?.userId) continue;
			const relevant =
				statType === 'voicemails' ? call.outcome === 'voicemail' : statType === 'recordings' ? agent.wasRecorded : statType !== 'screenshare';
			if (relevant) counts.set(agent.userId, (counts.get(agent.userId) ?? 0) + 1);
		}
	}
	for (const user of scopeUsers(ctx)) {
		const count = counts.get(user.id);
		if (count) rows.push([date, user.id, 'user', user.displayName, String(count), ctx.spec.timezone]);
	}
	return rows;
}
