/** records exports other than calls: on-duty changes, dispositions, csat, recordings, texts, voicemails, screenshares. */
import type { User } from '../company';
import { id16, intBetween, phone, pick, rngFor } from '../random';
import { bool, minutes, timestamp } from './format';
import { cutoffFor, dayCalls, scopeUsers, type GenContext } from './context';

export interface OnDutyEvent {
	user: User;
	callCenterId: string;
	at: number;
	withFraction: boolean;
	status: string;
	reason: string;
	recordId: string;
	setter: User | undefined;
}

const ON_DUTY = ['available', 'occupied', 'wrapup', 'unavailable', 'busy'];
const REASONS = ['', '', '', 'Lunch', 'Meeting, back at 3', 'Training "Q3 onboarding"', 'Break'];

export function onDutyEvents(ctx: GenContext, date: string, round: number): OnDutyEvent[] {
	const cutoff = cutoffFor(ctx, date);
	const targetCenters = ctx.scope.entryIds;
	const events: OnDutyEvent[] = [];
	for (const user of scopeUsers(ctx)) {
		const centers = ctx.company.callCenters.filter((c) => c.agentIds.includes(user.id) && (!targetCenters || targetCenters.has(c.id)));
		if (centers.length === 0) continue;
		const rng = rngFor(ctx.seed, date, 'onduty', user.id, round);
		const changes = intBetween(rng, 3, 6);
		let at = 7 * 3600 + rng() * 3600;
		for (let i = 0; i < changes; i++) {
			if (at >= cutoff || at >= 86400) break;
			const selfSet = rng() < 0.8;
			events.push({
				user,
				callCenterId: pick(rng, centers).id,
				at,
				withFraction: rng() < 0.8,
				status: i === 0 ? 'available' : pick(rng, ON_DUTY),
				reason: pick(rng, REASONS),
				recordId: id16(rng, false),
				setter: selfSet ? user : ctx.company.users[3],
			});
			at += 600 + rng() * 7200;
		}
	}
	return events.sort((a, b) => a.at - b.at);
}

export function onDutyRows(ctx: GenContext, date: string, round: number): string[][] {
	return onDutyEvents(ctx, date, round).map((e) => [
		timestamp(date, e.at, e.withFraction),
		e.recordId,
		e.user.id,
		e.status === 'unavailable' || e.status === 'busy' ? 'away' : 'online',
		e.status,
		e.reason,
		e.user.displayName,
		e.user.emails[0],
		'user',
		e.callCenterId,
		e.setter?.displayName ?? '',
		e.setter?.emails[0] ?? '',
		e.setter === e.user ? 'self' : 'admin',
		ctx.spec.timezone,
	]);
}

function recordingUrl(callId: string): string {
	return `https://dialpad.com/r/${callId}?type=call_recording`;
}

export function dispositionRows(ctx: GenContext, date: string, round: number): string[][] {
	const rows: string[][] = [];
	for (const call of dayCalls(ctx, date, round)) {
		for (const leg of call.legs) {
			if (leg.isEntry && call.entry.kind !== 'user') continue;
			if (leg.connectedAt === undefined) continue;
			const ts = (s: number | undefined): string => (s === undefined ? '' : timestamp(date, s, call.withFraction));
			rows.push([
				leg.callId,
				call.disposition,
				leg.name,
				leg.email,
				call.direction,
				call.external,
				call.internal,
				leg.wasRecorded ? recordingUrl(leg.callId) : '',
				ts(call.start),
				ts(leg.connectedAt),
				ts(leg.endedAt),
				ctx.spec.timezone,
			]);
		}
	}
	return rows;
}

const QUESTIONS = ['How satisfied were you with the call?', 'Was your issue resolved, in one call?', 'Would you recommend us?'];

export function csatRows(ctx: GenContext, date: string, round: number): string[][] {
	const rows: string[][] = [];
	for (const call of dayCalls(ctx, date, round)) {
		const agent = call.legs.find((l) => l.connectedAt !== undefined && l.userId !== undefined);
		if (!agent) continue;
		call.csatResponses.forEach((response, q) => {
			rows.push([
				call.entryLeg.callId,
				String(response),
				QUESTIONS[q],
				timestamp(date, agent.endedAt, call.withFraction),
				agent.targetId,
				agent.name,
				agent.email,
				ctx.spec.timezone,
			]);
		});
	}
	return rows;
}

export function recordingRows(ctx: GenContext, date: string, round: number): string[][] {
	const rows: string[][] = [];
	for (const call of dayCalls(ctx, date, round)) {
		for (const leg of call.legs) {
			if (!leg.wasRecorded || leg.connectedAt === undefined || leg.userId === undefined) continue;
			rows.push([
				leg.callId,
				call.entry.id,
				call.entry.name,
				call.entry.email,
				leg.userId,
				leg.name,
				leg.email,
				call.external,
				call.internal,
				timestamp(date, leg.connectedAt, call.withFraction),
				recordingUrl(leg.callId),
				minutes(leg.talk),
				ctx.spec.timezone,
			]);
		}
	}
	return rows;
}

export interface TextMessage {
	user: User;
	at: number;
	inbound: boolean;
	peer: string;
	mms: boolean;
	text: string;
	messageId: string;
}

const TEXTS = [
	'Thanks, see you tomorrow',
	'Can you call me back? It\'s about invoice #4411, the "urgent" one',
	'Running 5 min late',
	'Order confirmed: 2 items, $49.90',
	'Line one\nLine two of a multi-line text',
	'👍',
];

export function textsOfDay(ctx: GenContext, date: string, round: number): TextMessage[] {
	const cutoff = cutoffFor(ctx, date);
	const messages: TextMessage[] = [];
	for (const user of scopeUsers(ctx)) {
		const rng = rngFor(ctx.seed, date, 'texts', user.id, round);
		for (let i = 0; i < user.textsPerDay; i++) {
			const at = rng() * 86400;
			const message: TextMessage = { user, at, inbound: rng() < 0.5, peer: phone(rng), mms: rng() < 0.1, text: pick(rng, TEXTS), messageId: id16(rng, rng() < 0.5) };
			if (at < cutoff) messages.push(message);
		}
	}
	return messages.sort((a, b) => a.at - b.at);
}

export function textRows(ctx: GenContext, date: string, round: number): string[][] {
	return textsOfDay(ctx, date, round).map((t) => [
		t.messageId,
		t.inbound ? 'inbound' : 'outbound',
		t.inbound ? t.peer : t.user.number,
		t.inbound ? t.user.number : t.peer,
		t.user.displayName,
		bool(t.mms),
		timestamp(date, t.at, true),
		t.user.emails[0],
		t.user.id,
		t.user.officeId,
		t.text,
		ctx.spec.timezone,
	]);
}

const TRANSCRIPTS = [
	'Hi, this is Dana from Contoso, please call me back at your earliest convenience.',
	'Hello, "quick question" about my order, thanks',
	'Calling about the renewal.\nMy number is the one I called from.',
	'',
];

/** INVENTED columns (see headers.ts). */
export function voicemailRows(ctx: GenContext, date: string, round: number): string[][] {
	const rows: string[][] = [];
	for (const call of dayCalls(ctx, date, round)) {
		if (call.outcome !== 'voicemail') continue;
		const rng = rngFor(ctx.seed, call.entryLeg.callId, 'voicemail');
		rows.push([
			timestamp(date, call.entryLeg.endedAt, call.withFraction),
			call.entryLeg.callId,
			call.entry.id,
			call.entryLeg.targetType,
			call.entry.name,
			call.entry.email,
			call.external,
			call.internal,
			minutes(0.1 + rng() * 2),
			pick(rng, TRANSCRIPTS),
			bool(rng() < 0.5),
			ctx.spec.timezone,
		]);
	}
	return rows;
}

/** INVENTED columns (see headers.ts). */
export function screenshareRows(ctx: GenContext, date: string, round: number): string[][] {
	const cutoff = cutoffFor(ctx, date);
	const rows: Array<{ at: number; row: string[] }> = [];
	for (const user of scopeUsers(ctx)) {
		const rng = rngFor(ctx.seed, date, 'screenshare', user.id, round);
		for (let i = 0; i < user.screensharesPerDay; i++) {
			const at = 8 * 3600 + rng() * 10 * 3600;
			if (at >= cutoff) continue;
			rows.push({
				at,
				row: [timestamp(date, at, false), id16(rng, true), user.id, user.displayName, user.emails[0], id16(rng, false), minutes(1 + rng() * 40), String(intBetween(rng, 2, 6)), ctx.spec.timezone],
			});
		}
	}
	return rows.sort((a, b) => a.at - b.at).map((r) => r.row);
}
