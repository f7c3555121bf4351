/**
 * Suite plumbing: the packed package in a fresh n8n user folder, the simulator in-process, and the
 * CSV the simulator served for a request, parsed by papaparse (the oracle).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';

import Papa from 'papaparse';

import { listCallCenters, startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { localNow } from '../stand-ins/dialpad/csv/spec';
import {
	N8nInstance,
	buildPackage,
	ensureN8n,
	packPackage,
	type CallCenterRef,
	type CredentialFile,
	type PackedPackage,
} from '../support/n8n/index';

export interface Timing {
	step: string;
	ms: number;
}

export class StepTimer {
	readonly steps: Timing[] = [];
	private readonly t0 = Date.now();

	async time<T>(step: string, fn: () => Promise<T> | T): Promise<T> {
		const started = Date.now();
		try {
			return await fn();
		} finally {
			this.steps.push({ step, ms: Date.now() - started });
		}
	}

	report(): string {
		const total = Date.now() - this.t0;
		return [...this.steps, { step: 'total so far', ms: total }]
			.map(({ step, ms }) => `${(ms / 1000).toFixed(1).padStart(6)} s  ${step}`)
			.join('\n');
	}
}

/** The folder holding the tarball, for the suite to remove at the end. */
export async function removePackedTarball(): Promise<void> {
	const packed = await packedOnce?.catch(() => undefined);
	if (packed) await rm(path.dirname(packed.tarball), { recursive: true, force: true });
}

/** Builds and packs once per jest process (every e2e file shares it). */
let packedOnce: Promise<PackedPackage> | undefined;
export function buildAndPackOnce(timer: StepTimer): Promise<PackedPackage> {
	packedOnce ??= (async () => {
		await timer.time('npm run build', () => buildPackage());
		return await timer.time('npm pack', () => packPackage());
	})();
	return packedOnce;
}

/**
 * A fresh user folder with the package installed and the credentials imported, and the simulator.
 * The credential import (the first n8n boot, which also runs n8n's database migrations) overlaps
 * the build: it needs neither the package nor its types.
 */
export async function startSuite(
	timer: StepTimer,
	credentialsFor: (sim: Simulator) => CredentialFile[],
): Promise<{ sim: Simulator; n8n: N8nInstance; callCenters: CallCenterRef[] }> {
	await timer.time('ensure n8n (install-n8n.sh)', () => ensureN8n());
	// The many-call-centers example has Code nodes: n8n 2.x runs them only in a task runner, so let
	// n8n start its JavaScript runner ("internal" mode) instead of the default "external" mode.
	const n8n = await N8nInstance.create({ extraEnv: { N8N_RUNNERS_MODE: 'internal' } });
	const sim = await startSimulator({ processingSeconds: 1 });
	const callCenters = await listCallCenters(sim);
	const imported = timer.time('n8n import:credentials (during the build)', () => n8n.importCredentials(credentialsFor(sim)));
	imported.catch(() => undefined); // awaited below
	const packed = await buildAndPackOnce(timer);
	await imported;
	await timer.time('install the tarball', () => n8n.installPackage(packed));
	return { sim, n8n, callCenters };
}

export interface ParsedCsv {
	header: string[];
	rows: Array<Record<string, string>>;
}

export function parseCsv(text: string): ParsedCsv {
	const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
		header: true,
		skipEmptyLines: true,
	});
	if (parsed.errors.length > 0) throw new Error(`papaparse: ${parsed.errors.map((e) => e.message).join('; ')}`);
	return { header: parsed.meta.fields ?? [], rows: parsed.data };
}

/** `YYYY-MM-DD HH:MM:SS` of an instant as a wall clock in `timeZone`. */
export function wallClock(instant: Date, timeZone: string): string {
	const { date, secondsOfDay } = localNow(instant, timeZone);
	const twoDigits = (value: number) => String(Math.floor(value)).padStart(2, '0');
	return `${date} ${twoDigits(secondsOfDay / 3600)}:${twoDigits((secondsOfDay % 3600) / 60)}:${twoDigits(secondsOfDay % 60)}`;
}

export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:\d{2}|Z)$/;
export const NAIVE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

/**
 * Whether an item value is the typed form of a CSV cell, by the contract: empty -> null, ids and
 * phone numbers -> the same text, true/false -> boolean, naive timestamps -> ISO 8601 with the
 * offset of the report time zone (same wall clock), numbers -> numbers. Returns a reason or null.
 */
export function typingProblem(column: string, raw: string, value: unknown, timeZone: string): string | null {
	const fail = (why: string) => `${column}: CSV ${JSON.stringify(raw)} -> ${JSON.stringify(value)} (${why})`;
	if (raw === '') return value === null ? null : fail('empty cell should be null');
	if (column === 'id' || column.endsWith('_id') || /(^|_)(number|phone)$/.test(column)) {
		return value === raw ? null : fail('ids and phone numbers stay text');
	}
	if (/^(true|false)$/i.test(raw)) return value === (raw.toLowerCase() === 'true') ? null : fail('boolean');
	if (NAIVE_TIMESTAMP.test(raw)) {
		if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value)) return fail('ISO 8601 with offset');
		const expected = raw.replace('T', ' ').slice(0, 19);
		const actual = wallClock(new Date(value), timeZone);
		return actual === expected ? null : fail(`wall clock in ${timeZone} is ${actual}`);
	}
	if (/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(raw)) {
		return typeof value === 'number' && Math.abs(value - Number(raw)) < 1e-9 ? null : fail('number');
	}
	return null;
}
