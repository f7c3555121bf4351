/** Shared by the simulator's own tests: an HTTP client that never throws on status, and a movable clock. */
import axios, { type AxiosInstance } from 'axios';
import type { Simulator } from '../index';

export function apiClient(sim: Simulator, key: string | null = sim.apiKey): AxiosInstance {
	return axios.create({
		baseURL: `${sim.baseUrl}/api/v2`,
		validateStatus: () => true,
		headers: key === null ? { 'Content-Type': 'application/json' } : { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
		// Strings go out byte for byte, so tests can send broken JSON and raw big integers.
		transformRequest: [(data: unknown) => (data === undefined || typeof data === 'string' ? data : JSON.stringify(data))],
		transformResponse: (data: unknown) => data,
		responseType: 'text',
	});
}

/** GET without following redirects or adding auth: how a node must fetch download_url. */
export async function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
	const response = await fetch(url, { headers, redirect: 'manual' });
	return { status: response.status, headers: response.headers, text: await response.text() };
}

export function json<T = Record<string, unknown>>(data: unknown): T {
	return JSON.parse(String(data)) as T;
}

export class TestClock {
	constructor(private ms: number) {}
	now = (): Date => new Date(this.ms);
	advanceSeconds(seconds: number): void {
		this.ms += seconds * 1000;
	}
}

export const RECORDS_CALLS = { export_type: 'records', stat_type: 'calls', days_ago_start: 1, days_ago_end: 2 };
