/** Column lists, in file order, from shared/dialpad-csv-headers.md. Invented ones are marked. */

export const RECORDS_CALLS_HEADERS = [
	'date_started', 'call_id', 'category', 'direction', 'external_number', 'internal_number', 'date_first_rang',
	'date_queued', 'date_rang', 'date_connected', 'date_ended', 'target_id', 'target_kind', 'target_type', 'name', 'email',
	'was_recorded', 'entry_point_call_id', 'entry_point_target_id', 'entry_point_target_kind', 'proxy_target_id',
	'voicemail', 'transferred_to', 'transferred_to_contact_id', 'transferred_from_target_id', 'office_id',
	'company_id', 'device', 'salesforce_activity_id', 'timezone', 'availability', 'time_in_system', 'callback_type',
	'callback_id', 'master_call_id', 'time_to_answer', 'date_callback_connected', 'date_callback_ended',
	'date_anonymized', 'categories', 'ringing_duration', 'ringing_occurrences', 'hold_duration', 'hold_occurrences',
	'talk_duration', 'queued_duration', 'queued_occurrences', 'wrapup_duration', 'participant_type',
	'percent_ai_talk_time', 'percent_ai_listen_time', 'percent_ai_silent_time', 'campaign_id', 'is_internal',
] as const;

export const STATS_CALLS_DATE_HEADERS = [
	'date', 'all_calls', 'inbound_calls', 'outbound_calls', 'voicemails', 'missed', 'abandoned', 'forwarded', 'cancelled',
	'minutes', 'acd', 'aht', 'inbound_minutes', 'outbound_minutes', 'time_in_system', 'service_level',
	'callbacks_requested', 'callbacks_completed', 'callbacks_cancelled', 'open_inbound_calls', 'open_missed_calls',
	'open_abandoned_calls', 'callbacks_connected', 'callbacks_unconnected', 'missed_voicemails', 'other_voicemails',
	'missed_transferred', 'asa', 'open_transferred', 'short_abandoned', 'handled', 'answered', 'answered_transferred',
	'message', 'spam', 'in_queue_voicemail', 'dtmf_voicemail', 'direct_to_voicemail', 'transfer_voicemail',
	'outbound_connected', 'connected_transferred', 'transferred_out', 'transferred_in', 'dtmf_transfer',
	'auto_transfer', 'router_transfer', 'forward_transfer', 'timezone', 'ringing_duration', 'avg_ringing_duration',
	'hold_duration', 'avg_hold_duration', 'talk_duration', 'avg_talk_duration', 'queued_duration',
	'avg_queued_duration', 'wrapup_duration', 'avg_wrapup_duration', 'callback_agent_missed_rejected',
	'direct_callback_agent_missed_rejected', 'direct_callback_cancelled', 'scripted_ivr_transfer',
	'total_voicemails', 'unresolved_voicemails', 'resolved_voicemails', 'avg_voicemail_handle_time_minutes',
	'avg_voicemail_assignment_time_minutes', 'avg_time_open_minutes',
] as const;

/** The 17 columns known to be in group_by=user exports. */
const USER_KNOWN = [
	'date', 'user_id', 'name', 'email', 'type', 'all_calls', 'inbound_calls', 'outbound_calls', 'internal_calls',
	'answered', 'missed', 'abandoned', 'rejected', 'ring_no_answer', 'talk_duration', 'hold_duration', 'wrapup_duration',
] as const;

/**
 * group_by=user is 55 columns live but only 17 are known: the rest are filled (GUESS) with the
 * group_by=date metrics in their order, keeping `timezone`, until 55.
 */
export const STATS_CALLS_USER_HEADERS: readonly string[] = (() => {
	const headers: string[] = [...USER_KNOWN];
	const extra = STATS_CALLS_DATE_HEADERS.filter((h) => !headers.includes(h));
	const withTimezone = ['timezone', ...extra.filter((h) => h !== 'timezone')];
	for (const h of withTimezone) {
		if (headers.length >= 55) break;
		headers.push(h);
	}
	return headers;
})();

/** INVENTED: group_by=group has never been captured; group identity columns + the date metrics. */
export const STATS_CALLS_GROUP_HEADERS: readonly string[] = [
	'date', 'group_id', 'group_name', 'group_type', 'office_id',
	...STATS_CALLS_DATE_HEADERS.filter((h) => h !== 'date'),
];

/**
 * INVENTED: stats for non-call stat types were never captured either; a per-day count per target
 * keeps them plausible.
 */
export const STATS_OTHER_HEADERS = ['date', 'target_id', 'target_type', 'name', 'count', 'timezone'] as const;

export const RECORDS_ONDUTY_HEADERS = [
	'date', 'record_id', 'target_id', 'availability_status', 'on_duty_status', 'reason', 'name', 'email', 'target_type',
	'call_center_id', 'setter_name', 'setter_email', 'setter_role', 'timezone',
] as const;

export const RECORDS_DISPOSITIONS_HEADERS = [
	'call_id', 'disposition', 'operator_name', 'operator_email', 'direction', 'external_number', 'internal_number',
	'recording_url', 'date_started', 'date_connected', 'date_ended', 'timezone',
] as const;

/** call_id and response are observed; the columns after them are INVENTED. */
export const RECORDS_CSAT_HEADERS = ['call_id', 'response', 'question', 'date', 'target_id', 'name', 'email', 'timezone'] as const;

export const RECORDS_RECORDINGS_HEADERS = [
	'call_id', 'target_id', 'name', 'email', 'operator_id', 'operator_name', 'operator_email', 'external_number',
	'internal_number', 'date', 'recording_url', 'duration', 'timezone',
] as const;

/** The first 7 are observed; email .. timezone are INVENTED. */
export const RECORDS_TEXTS_HEADERS = [
	'message_id', 'direction', 'from_phone', 'to_phone', 'name', 'mms', 'date',
	'email', 'target_id', 'office_id', 'message_text', 'timezone',
] as const;

/** INVENTED apart from `date`: nothing public describes voicemail records. */
export const RECORDS_VOICEMAILS_HEADERS = [
	'date', 'call_id', 'target_id', 'target_type', 'name', 'email', 'external_number', 'internal_number', 'duration',
	'transcription', 'is_read', 'timezone',
] as const;

/** INVENTED entirely: nothing public describes screenshare records. */
export const RECORDS_SCREENSHARE_HEADERS = [
	'date', 'session_id', 'user_id', 'name', 'email', 'call_id', 'duration', 'participant_count', 'timezone',
] as const;
