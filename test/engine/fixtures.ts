import axios from 'axios';
import type { INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../simulator';

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

export async function callCenterIds(sim: Simulator): Promise<string[]> {
	const response = await axios.get(`${sim.baseUrl}/api/v2/callcenters`, {
		headers: { Authorization: `Bearer ${sim.apiKey}` },
	});
	sim.log.length = 0;
	return (response.data.items as Array<{ id: string | number }>).map((item) => String(item.id));
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
