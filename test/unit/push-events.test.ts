/** Dialpad events as typed items, and the One Item per Call window. */
import { callDedupeKey, RecentKeys } from '../../nodes/shared/push/dedupe';
import { classifyEvent, typeEvent } from '../../nodes/shared/push/events';

describe('typeEvent', () => {
	const call = {
		call_id: '5212604609576960',
		master_call_id: 5212604609576961,
		entry_point_call_id: '5212604609576962',
		state: 'missed',
		direction: 'inbound',
		external_number: '+14155557777',
		date_started: '1764680400000',
		date_ended: 1764680460000,
		date_connected: null,
		event_timestamp: 1764680460500,
		duration: 60000.5,
		total_duration: '61000',
		target: { id: 2, type: 'callcenter', name: 'Support' },
		recording_details: [{ id: 77, start_time: 1764680400000, duration: 1000, url: 'https://x/r' }],
		labels: ['vip'],
	};

	it('keeps ids as text, timestamps as ISO in the timezone with raw ms, durations in ms', () => {
		const item = typeEvent(call, 'America/New_York');
		expect(item).toMatchObject({
			event_kind: 'call',
			event_state: 'missed',
			call_id: '5212604609576960',
			master_call_id: '5212604609576961',
			entry_point_call_id: '5212604609576962',
			external_number: '+14155557777',
			date_started: '2025-12-02T08:00:00.000-05:00',
			date_started_ms: 1764680400000,
			date_ended: '2025-12-02T08:01:00.000-05:00',
			date_ended_ms: 1764680460000,
			date_connected: null,
			event_timestamp: '2025-12-02T08:01:00.500-05:00',
			event_timestamp_ms: 1764680460500,
			duration_ms: 60000.5,
			total_duration_ms: 61000,
			target: { id: '2', type: 'callcenter', name: 'Support' },
			recording_details: [
				{ id: '77', start_time: '2025-12-02T08:00:00.000-05:00', start_time_ms: 1764680400000, duration_ms: 1000, url: 'https://x/r' },
			],
			labels: ['vip'],
		});
		expect(item).not.toHaveProperty('duration');
		expect(item).not.toHaveProperty('total_duration');
	});

	it('uses the offset of the date in the zone (summer time)', () => {
		expect(typeEvent({ ...call, date_started: Date.UTC(2026, 6, 1, 12) }, 'Europe/Berlin').date_started).toBe(
			'2026-07-01T14:00:00.000+02:00',
		);
		expect(typeEvent(call, 'UTC').date_started).toBe('2025-12-02T13:00:00.000+00:00');
	});

	it('reads an SMS created_date in seconds as the same instant in ms', () => {
		const item = typeEvent({ id: 9, created_date: 1764680400, direction: 'inbound', from_number: '+1', to_number: '+2' }, 'UTC');
		expect(item).toMatchObject({ event_kind: 'sms', event_state: 'inbound', id: '9', created_date: '2025-12-02T13:00:00.000+00:00', created_date_ms: 1764680400000 });
	});

	it('types agent status events', () => {
		const item = typeEvent(
			{ on_duty_status: 'unavailable', availability_status: 'available', call_center_ids: [1, '2'], date: 1764680400000 },
			'UTC',
		);
		expect(item).toMatchObject({ event_kind: 'agentStatus', event_state: 'unavailable', call_center_ids: ['1', '2'], date_ms: 1764680400000 });
	});

	it('classifies what it does not know as unknown and passes it through', () => {
		expect(classifyEvent({ hello: 'world' })).toBe('unknown');
		expect(typeEvent({ hello: 'world' }, 'UTC')).toEqual({ event_kind: 'unknown', event_state: null, hello: 'world' });
	});

	it('says which timezone is unknown', () => {
		expect(() => typeEvent(call, 'Mars/Base')).toThrow(/Mars\/Base/);
	});
});

describe('callDedupeKey', () => {
	it('keys the legs of one call on the entry point call, then the master call, then the leg', () => {
		expect(callDedupeKey({ call_id: '1', master_call_id: '2', entry_point_call_id: '3', state: 'missed' })).toBe('3:missed');
		expect(callDedupeKey({ call_id: '1', master_call_id: '2', state: 'missed' })).toBe('2:missed');
		expect(callDedupeKey({ call_id: '1', entry_point_call_id: null, state: 'hangup' })).toBe('1:hangup');
		expect(callDedupeKey({ on_duty_status: 'available' })).toBeUndefined();
	});
});

describe('RecentKeys', () => {
	it('lets a key through once within the window, again after it', () => {
		const keys = new RecentKeys({ maxKeys: 10, windowMs: 1000 });
		expect(keys.firstSeen('a', 0)).toBe(true);
		expect(keys.firstSeen('a', 999)).toBe(false);
		expect(keys.firstSeen('b', 999)).toBe(true);
		expect(keys.firstSeen('a', 1001)).toBe(true);
	});

	it('forgets expired keys and never holds more than maxKeys', () => {
		const keys = new RecentKeys({ maxKeys: 3, windowMs: 1000 });
		for (let i = 0; i < 10; i++) keys.firstSeen(`k${i}`, i);
		expect(keys.size).toBe(3);
		expect(keys.firstSeen('k9', 10)).toBe(false);
		expect(keys.firstSeen('k0', 10)).toBe(true);
		keys.firstSeen('late', 5000);
		expect(keys.size).toBe(1);
	});

	it('holds 100k calls in bounded memory', () => {
		const keys = new RecentKeys({ maxKeys: 100_000, windowMs: 3_600_000 });
		for (let i = 0; i < 150_000; i++) keys.firstSeen(`${5212604609576960 + i}:missed`, i);
		expect(keys.size).toBe(100_000);
	});
});
