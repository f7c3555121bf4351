/** records/calls: one row per call leg, in RECORDS_CALLS_HEADERS order. */
import { minutes, bool, timestamp } from './format';
import type { Call, Leg } from './activity';
import type { GenContext } from './context';
import { dayCalls } from './context';

function legRow(ctx: GenContext, call: Call, leg: Leg, entryLeg: Leg): string[] {
	const ts = (seconds: number | undefined): string => (seconds === undefined ? '' : timestamp(call.date, seconds, call.withFraction));
	const r = call.rng;
	const connected = leg.connectedAt !== undefined;
	const timeInSystem = (leg.endedAt - call.start) / 60;
	const ai = connected && r() < 0.5;
	const aiTalk = ai ? Math.round(r() * 600) / 10 : 0;
	const aiListen = ai ? Math.round(r() * (1000 - aiTalk * 10)) / 10 : 0;
	return [
		ts(call.start),
		leg.callId,
		leg.category,
		call.direction,
		call.external,
		call.internal,
		ts(leg.firstRang),
		ts(leg.queuedAt),
		ts(leg.rangAt),
		ts(leg.connectedAt),
		ts(leg.endedAt),
		leg.targetId,
		leg.targetKind,
		leg.targetType,
		leg.name,
		leg.email,
		bool(leg.wasRecorded),
		entryLeg.callId,
		entryLeg.targetId,
		entryLeg.targetKind,
		'',
		bool(leg.voicemail),
		leg.transferredTo ?? '',
		'',
		leg.transferredFromTargetId ?? '',
		call.entry.officeId,
		ctx.company.id,
		leg.targetKind === 'UserProfile' ? (r() < 0.7 ? 'desktop' : 'mobile') : '',
		'',
		ctx.spec.timezone,
		leg.targetKind === 'UserProfile' ? 'available' : '',
		minutes(timeInSystem),
		call.outcome === 'callback' ? 'queue' : '',
		call.outcome === 'callback' ? String(Number(entryLeg.callId.slice(-6)) + 1) : '',
		entryLeg.callId,
		connected ? minutes(call.timeToAnswer) : '',
		'',
		'',
		'',
		leg.categories,
		minutes(leg.ringing),
		String(leg.rangAt === undefined ? 0 : 1),
		minutes(leg.hold),
		String(leg.holdOccurrences),
		minutes(leg.talk),
		minutes(leg.queued),
		String(leg.queued > 0 ? 1 : 0),
		minutes(leg.wrapup),
		leg.isEntry ? 'entry_point' : 'agent',
		ai ? String(aiTalk) : '',
		ai ? String(aiListen) : '',
		ai ? String(Math.round((100 - aiTalk - aiListen) * 10) / 10) : '',
		'',
		bool(false),
	];
}

export function recordsCallsRows(ctx: GenContext, date: string, round: number): string[][] {
	const rows: string[][] = [];
	for (const call of dayCalls(ctx, date, round)) {
		for (const leg of call.legs) rows.push(legRow(ctx, call, leg, call.entryLeg));
	}
	return rows;
}
