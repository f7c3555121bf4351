/**
 * The check both real-n8n suites (2.x and 1.x) make of the records/calls -> IF workflow: one export
 * for the call center, one item per served CSV row in file order and column order, every value typed
 * by the rules (ids text, times ISO with offset, numbers and booleans), IF branches as in the CSV.
 */
import type { Simulator } from '../stand-ins/dialpad/index';
import { exportPosts, nodeJson, requestIdOf, type ExecutionRun, type Json } from '../support/n8n/index';
import { ISO_WITH_OFFSET, parseCsv, typingProblem } from './harness';

export function expectTypedRecordsWithIf(
	run: ExecutionRun,
	sim: Simulator,
	callCenterId: string,
	timezone: string,
): { requestId: string; items: Json[] } {
	const posts = exportPosts(sim.log, { timezone });
	expect(posts).toHaveLength(1);
	expect(posts[0].body).toMatchObject({ export_type: 'records', stat_type: 'calls', target_type: 'callcenter' });
	expect(String(posts[0].body.target_id)).toBe(callCenterId);
	expect(posts[0].body).toMatchObject({ days_ago_start: 1, days_ago_end: 1 });

	const requestId = requestIdOf(posts[0]);
	const { header, rows } = parseCsv(sim.csvFor(requestId));
	expect(rows.length).toBeGreaterThan(0);
	const items = nodeJson(run, 'Dialpad Stats');
	expect(items).toHaveLength(rows.length);
	expect(nodeJson(run, 'Incoming')).toHaveLength(rows.filter((row) => row.category === 'incoming').length);
	expect(nodeJson(run, 'Not incoming')).toHaveLength(rows.filter((row) => row.category !== 'incoming').length);

	const problems: string[] = [];
	items.forEach((item, i) => {
		expect(Object.keys(item)).toEqual(header);
		for (const column of header) {
			const problem = typingProblem(column, rows[i][column], item[column], timezone);
			if (problem) problems.push(`row ${i + 1}: ${problem}`);
		}
	});
	expect(problems.slice(0, 10)).toEqual([]);

	// A few columns spelled out, so a reader sees what "typed" means.
	const answered = items.find((item) => item.date_connected !== null) ?? items[0];
	expect(typeof answered.call_id).toBe('string');
	expect(answered.call_id).toMatch(/^\d+$/);
	expect(typeof answered.target_id).toBe('string');
	expect(answered.date_started).toMatch(ISO_WITH_OFFSET);
	expect(typeof answered.was_recorded).toBe('boolean');
	expect(typeof answered.talk_duration).toBe('number');
	return { requestId, items };
}
