/**
 * The columns Dialpad's Stats exports are known to have, in file order, from exports captured on the
 * live API (shared/dialpad-csv-headers.md). Only some lists are complete captures; the others are
 * the columns public parsers read, so a real file has those and possibly more. This list feeds the
 * Columns picker; the file itself always decides (a chosen column it lacks is an error).
 */

export interface KnownColumns {
	/** In file order. */
	columns: readonly string[];
	/** Whether this is the whole header of a captured file (false: the file has more columns). */
	complete: boolean;
}

const RECORDS_CALLS = [
	'date_started', 'call_id', 'category', 'direction', 'external_number', 'internal_number', 'date_first_rang',
	'date_queued', 'date_rang', 'date_connected', 'date_ended', 'target_id', 'target_kind', 'target_type', 'name',
	'email', 'was_recorded', 'entry_point_call_id', 'entry_point_target_id', 'entry_point_target_kind',
	'proxy_target_id', 'voicemail', 'transferred_to', 'transferred_to_contact_id', 'transferred_from_target_id',
	'office_id', 'company_id', 'device', 'salesforce_activity_id', 'timezone', 'availability', 'time_in_system',
	'callback_type', 'callback_id', 'master_call_id', 'time_to_answer', 'date_callback_connected',
	'date_callback_ended', 'date_anonymized', 'categories', 'ringing_duration', 'ringing_occurrences',
	'hold_duration', 'hold_occurrences', 'talk_duration', 'queued_duration', 'queued_occurrences',
	'wrapup_duration', 'participant_type', 'percent_ai_talk_time', 'percent_ai_listen_time',
	'percent_ai_silent_time', 'campaign_id', 'is_internal',
];

const STATS_CALLS_BY_DATE = [
	'date', 'all_calls', 'inbound_calls', 'outbound_calls', 'voicemails', 'missed', 'abandoned', 'forwarded',
	'cancelled', 'minutes', 'acd', 'aht', 'inbound_minutes', 'outbound_minutes', 'time_in_system', 'service_level',
	'callbacks_requested', 'callbacks_completed', 'callbacks_cancelled', 'open_inbound_calls', 'open_missed_calls',
	'open_abandoned_calls', 'callbacks_connected', 'callbacks_unconnected', 'missed_voicemails', 'other_voicemails',
	'missed_transferred', 'asa', 'open_transferred', 'short_abandoned', 'handled', 'answered',
	'answered_transferred', 'message', 'spam', 'in_queue_voicemail', 'dtmf_voicemail', 'direct_to_voicemail',
	'transfer_voicemail', 'outbound_connected', 'connected_transferred', 'transferred_out', 'transferred_in',
	'dtmf_transfer', 'auto_transfer', 'router_transfer', 'forward_transfer', 'timezone', 'ringing_duration',
	'avg_ringing_duration', 'hold_duration', 'avg_hold_duration', 'talk_duration', 'avg_talk_duration',
	'queued_duration', 'avg_queued_duration', 'wrapup_duration', 'avg_wrapup_duration',
	'callback_agent_missed_rejected', 'direct_callback_agent_missed_rejected', 'direct_callback_cancelled',
	'scripted_ivr_transfer', 'total_voicemails', 'unresolved_voicemails', 'resolved_voicemails',
	'avg_voicemail_handle_time_minutes', 'avg_voicemail_assignment_time_minutes', 'avg_time_open_minutes',
];

/** 17 of the 55 columns; the rest are most of the by-date metrics, in an order nobody has published. */
const STATS_CALLS_BY_USER = [
	'date', 'user_id', 'name', 'email', 'type', 'all_calls', 'inbound_calls', 'outbound_calls', 'internal_calls',
	'answered', 'missed', 'abandoned', 'rejected', 'ring_no_answer', 'talk_duration', 'hold_duration',
	'wrapup_duration',
];

const RECORDS_ONDUTY = [
	'date', 'record_id', 'target_id', 'availability_status', 'on_duty_status', 'reason', 'name', 'email',
	'target_type', 'call_center_id', 'setter_name', 'setter_email', 'setter_role', 'timezone',
];

const RECORDS_DISPOSITIONS = [
	'call_id', 'disposition', 'operator_name', 'operator_email', 'direction', 'external_number', 'internal_number',
	'recording_url', 'date_started', 'date_connected', 'date_ended', 'timezone',
];

const RECORDS_RECORDINGS = [
	'call_id', 'target_id', 'name', 'email', 'operator_id', 'operator_name', 'operator_email', 'external_number',
	'internal_number', 'date', 'recording_url', 'duration', 'timezone',
];

const RECORDS_TEXTS = ['message_id', 'direction', 'from_phone', 'to_phone', 'name', 'mms', 'date'];

const CATALOG: Record<string, KnownColumns> = {
	'records/calls': { columns: RECORDS_CALLS, complete: true },
	'records/onduty': { columns: RECORDS_ONDUTY, complete: true },
	'records/dispositions': { columns: RECORDS_DISPOSITIONS, complete: false },
	'records/csat': { columns: ['call_id', 'response'], complete: false },
	'records/recordings': { columns: RECORDS_RECORDINGS, complete: false },
	'records/texts': { columns: RECORDS_TEXTS, complete: false },
	'records/voicemails': { columns: ['date'], complete: false },
	'stats/calls/date': { columns: STATS_CALLS_BY_DATE, complete: true },
	'stats/calls/user': { columns: STATS_CALLS_BY_USER, complete: false },
};

const NOTHING_KNOWN: KnownColumns = { columns: [], complete: false };

/** Known columns of one export shape; group-by only matters for Stats of Calls (default: user). */
export function knownColumns(exportType: string, statType: string, groupBy = ''): KnownColumns {
	const key =
		exportType === 'stats' && statType === 'calls'
			? `stats/calls/${groupBy === '' ? 'user' : groupBy}`
			: `${exportType}/${statType}`;
	return CATALOG[key] ?? NOTHING_KNOWN;
}
