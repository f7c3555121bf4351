import Papa from 'papaparse';
import type { INodeParameters } from 'n8n-workflow';

import { listCallCenters, type Simulator } from '../../stand-ins/dialpad/index';

export function credentialsFor(sim: Simulator, apiKey = sim.apiKey) {
	return { apiKey, environment: 'custom', baseUrl: sim.baseUrl, companyId: '' };
}

/** Quick options for tests: no initial delay, the fastest poll Dialpad allows, a bounded wait. */
export const FAST_OPTIONS = { initialDelay: 0, pollInterval: 5, maxWait: 120 };

export function reportParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		exportType: 'records',
		statType: 'calls',
		targetType: 'none',
		period: 'yesterday',
		timezone: 'America/New_York',
		options: FAST_OPTIONS,
		...overrides,
	};
}

export function idLocator(value: string) {
	return { __rl: true, mode: 'id', value };
}

/** Call center ids, with the log cleared so tests see only what the node sent. */
export async function callCenterIds(sim: Simulator): Promise<string[]> {
	const callCenters = await listCallCenters(sim);
	sim.log.length = 0;
	return callCenters.map((callCenter) => callCenter.id);
}

export function apiCalls(sim: Simulator) {
	return sim.log.filter((entry) => entry.server === 'api');
}

export function posts(sim: Simulator) {
	return sim.log.filter((entry) => entry.server === 'api' && entry.method === 'POST');
}

export function polls(sim: Simulator) {
	return sim.log.filter((entry) => entry.server === 'api' && entry.method === 'GET' && entry.path.startsWith('/api/v2/stats/'));
}

export function downloads(sim: Simulator) {
	return sim.log.filter((entry) => entry.server === 'storage');
}

/** The rows of the CSV the simulator served for a request, keyed by header name (papaparse reads it). */
export function servedRecords(sim: Simulator, requestId: string): Array<Record<string, string>> {
	return Papa.parse<Record<string, string>>(sim.csvFor(requestId).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
}
