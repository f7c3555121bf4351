/**
 * The workflows the end-to-end suite imports into real n8n. Each Dialpad node asks for a time zone
 * nobody else uses, so its POSTs can be told apart in the simulator's log even when execute-batch
 * runs all workflows at the same time.
 */
import {
	EXAMPLE_CREDENTIAL,
	byId,
	dialpadCredential,
	dialpadStats,
	exampleFiles,
	ifEquals,
	isTriggerExample,
	loadExample,
	manualTrigger,
	noOp,
	offlineCopy,
	retargetExample,
	setJson,
	splitOut,
	workflow,
	type CallCenterRef,
	type CredentialFile,
	type WorkflowFile,
} from '../support/n8n/index';

export const GOOD_CREDENTIAL = EXAMPLE_CREDENTIAL;
export const WRONG_KEY_CREDENTIAL = { id: 'DialpadWrongKey01', name: 'Dialpad (wrong key)' };
export const WRONG_KEY = 'definitely-not-the-simulator-key';

/** Quick polling for a simulator that finishes in about a second. */
export const FAST = { initialDelay: 0, pollInterval: 5, maxWait: 120 };
/** First check after 2 s: the export is complete by then, so one poll suffices. */
export const QUICK = { initialDelay: 2, pollInterval: 5, maxWait: 120 };

export const WF = {
	recordsWithIf: '101',
	statsByDate: '102',
	today: '103',
	daysAgo: '104',
	failsOnce: '105',
	expires: '106',
	wrongKey: '107',
	wrongKeyContinue: '108',
	twoItems: '109',
	exampleSlack: '110',
	exampleSheets: '111',
	exampleManyCallCenters: '112',
	exampleCsvFile: '113',
} as const;

export const TZ = {
	recordsWithIf: 'America/Los_Angeles',
	statsByDate: 'Europe/London',
	today: 'Asia/Tokyo',
	daysAgo: 'Australia/Sydney',
	failsOnce: 'America/Chicago',
	expires: 'America/Denver',
	wrongKey: 'Africa/Nairobi',
	twoItems: 'Europe/Berlin',
	exampleSlack: 'Pacific/Auckland',
	exampleSheets: 'Asia/Kolkata',
	exampleManyCallCenters: 'America/Sao_Paulo',
	exampleCsvFile: 'America/Toronto',
} as const;

/** example file -> [workflow id, time zone] of its test copy */
export const EXAMPLE_COPIES: Record<string, { id: string; timezone: string }> = {
	'dialpad-stats-to-slack.json': { id: WF.exampleSlack, timezone: TZ.exampleSlack },
	'dialpad-stats-to-google-sheets.json': { id: WF.exampleSheets, timezone: TZ.exampleSheets },
	'dialpad-stats-many-call-centers-to-slack.json': { id: WF.exampleManyCallCenters, timezone: TZ.exampleManyCallCenters },
	'dialpad-stats-last-month-csv-to-slack.json': { id: WF.exampleCsvFile, timezone: TZ.exampleCsvFile },
};

/**
 * The scheduled-run recipes (`examples/*-recipe.json`) run more than once, or only in production
 * mode (an Error Trigger), so recipes.e2e.test.ts runs them, not the batch of this suite.
 */
export function isRecipe(file: string): boolean {
	return /-recipe\.json$/.test(file);
}

/** The example that runs one report per call center; its node names, as the file has them. */
export const MANY_CALL_CENTERS = {
	file: 'dialpad-stats-many-call-centers-to-slack.json',
	list: 'Call centers',
	dialpad: "Yesterday's calls",
	totals: 'Totals per call center',
} as const;

/**
 * Examples `n8n execute` cannot run to the end (a Wait of 65 s or more parks the execution until n8n's
 * server resumes it): the queue-mode suite (test/queue) runs them in a real n8n server instead.
 */
export const EXAMPLES_RUN_ELSEWHERE = new Set([
	'dialpad-stats-start-wait-get.json',
	// Needs a chat model: ai-agent.e2e.test.ts runs it against a scripted stand-in on loopback.
	'dialpad-stats-ai-agent-tool.json',
]);

export const DAYS_AGO = { start: 3, end: 5 };

export function credentials(baseUrl: string, apiKey: string): CredentialFile[] {
	return [
		dialpadCredential(GOOD_CREDENTIAL.id, GOOD_CREDENTIAL.name, { apiKey, environment: 'custom', baseUrl }),
		dialpadCredential(WRONG_KEY_CREDENTIAL.id, WRONG_KEY_CREDENTIAL.name, {
			apiKey: WRONG_KEY,
			environment: 'custom',
			baseUrl,
		}),
	];
}

/** Yesterday's call records of one call center, with `extra` parameters over these. */
export function callRecords(callCenterId: string, timezone: string, extra: Record<string, unknown> = {}) {
	return {
		exportType: 'records',
		statType: 'calls',
		targetType: 'callcenter',
		targetId: byId(callCenterId),
		period: 'yesterday',
		timezone,
		options: QUICK,
		...extra,
	};
}

/**
 * @param cc call centers from the simulator's company; at least four with calls.
 */
export function testWorkflows(cc: CallCenterRef[]): WorkflowFile[] {
	const [a, b, c, d] = cc;
	const wfs: WorkflowFile[] = [
		workflow(
			WF.recordsWithIf,
			'E2E 1: records -> IF category = incoming',
			[
				manualTrigger(),
				dialpadStats('Dialpad Stats', callRecords(a.id, TZ.recordsWithIf, { options: FAST }), GOOD_CREDENTIAL),
				ifEquals('Incoming?', 'category', 'incoming'),
				noOp('Incoming'),
				noOp('Not incoming'),
			],
			[
				['Start', 'Dialpad Stats'],
				['Dialpad Stats', 'Incoming?'],
				['Incoming?', 'Incoming', 0],
				['Incoming?', 'Not incoming', 1],
			],
		),
		workflow(
			WF.statsByDate,
			'E2E 2: stats by date, last 7 days',
			[
				manualTrigger(),
				dialpadStats(
					'Dialpad Stats',
					{
						exportType: 'stats',
						statType: 'calls',
						groupBy: 'date',
						targetType: 'callcenter',
						targetId: byId(b.id),
						period: 'last7Days',
						timezone: TZ.statsByDate,
						options: QUICK,
					},
					GOOD_CREDENTIAL,
				),
			],
			[['Start', 'Dialpad Stats']],
		),
		workflow(
			WF.today,
			'E2E 3a: today',
			[manualTrigger(), dialpadStats('Dialpad Stats', callRecords(a.id, TZ.today, { period: 'today' }), GOOD_CREDENTIAL)],
			[['Start', 'Dialpad Stats']],
		),
		workflow(
			WF.daysAgo,
			'E2E 3b: days ago',
			[
				manualTrigger(),
				dialpadStats(
					'Dialpad Stats',
					callRecords(a.id, TZ.daysAgo, { period: 'daysAgo', daysAgoStart: DAYS_AGO.start, daysAgoEnd: DAYS_AGO.end }),
					GOOD_CREDENTIAL,
				),
			],
			[['Start', 'Dialpad Stats']],
		),
		workflow(
			WF.failsOnce,
			'E2E 4a: export fails once',
			[manualTrigger(), dialpadStats('Dialpad Stats', callRecords(c.id, TZ.failsOnce), GOOD_CREDENTIAL)],
			[['Start', 'Dialpad Stats']],
		),
		workflow(
			WF.expires,
			'E2E 4b: request id expires',
			[
				manualTrigger(),
				// First check after 3 s: time for the suite to expire the id before n8n asks about it.
				dialpadStats(
					'Dialpad Stats',
					callRecords(d.id, TZ.expires, { options: { ...QUICK, initialDelay: 3 } }),
					GOOD_CREDENTIAL,
				),
			],
			[['Start', 'Dialpad Stats']],
		),
		workflow(
			WF.wrongKey,
			'E2E 5a: wrong key',
			[manualTrigger(), dialpadStats('Dialpad Stats', callRecords(a.id, TZ.wrongKey), WRONG_KEY_CREDENTIAL), noOp('After')],
			[
				['Start', 'Dialpad Stats'],
				['Dialpad Stats', 'After'],
			],
		),
		workflow(
			WF.wrongKeyContinue,
			'E2E 5b: wrong key, continue on fail',
			[
				manualTrigger(),
				dialpadStats('Dialpad Stats', callRecords(a.id, TZ.wrongKey), WRONG_KEY_CREDENTIAL, {
					onError: 'continueRegularOutput',
				}),
				noOp('After'),
			],
			[
				['Start', 'Dialpad Stats'],
				['Dialpad Stats', 'After'],
			],
		),
		workflow(
			WF.twoItems,
			'E2E 6: two input items',
			[
				manualTrigger(),
				setJson('Call centers', {
					centers: [
						{ callCenterId: c.id, label: c.name },
						{ callCenterId: d.id, label: d.name },
					],
				}),
				splitOut('One item per call center', 'centers'),
				dialpadStats(
					'Dialpad Stats',
					{ ...callRecords('', TZ.twoItems), targetId: byId('={{ $json.callCenterId }}') },
					GOOD_CREDENTIAL,
				),
				noOp('Done'),
			],
			[
				['Start', 'Call centers'],
				['Call centers', 'One item per call center'],
				['One item per call center', 'Dialpad Stats'],
				['Dialpad Stats', 'Done'],
			],
		),
	];
	for (const file of exampleFiles()) {
		if (isRecipe(file)) continue;
		if (EXAMPLES_RUN_ELSEWHERE.has(file)) continue;
		// Started by pushed events: dialpad-trigger.e2e.test.ts publishes them and fires the events.
		if (isTriggerExample(file)) continue;
		const copy = EXAMPLE_COPIES[file];
		if (!copy) throw new Error(`examples/${file} has no test copy: add it to EXAMPLE_COPIES`);
		wfs.push(
			offlineCopy(retargetExample(loadExample(file), cc), {
				id: copy.id,
				timezone: copy.timezone,
				dialpadOptions: QUICK,
			}),
		);
	}
	return wfs;
}
