/** Seeded randomness: every generated value is a pure function of (seed, parameters), so tests can compare. */

/** FNV-1a over the joined parts: a stable 32-bit salt for a (seed, day, entity, index) tuple. */
export function hashParts(...parts: ReadonlyArray<string | number>): number {
	let hash = 0x811c9dc5;
	const text = parts.join('\u0001');
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

export type Rng = () => number;

/** mulberry32: small, fast and good enough for fake data. */
export function mulberry32(seed: number): Rng {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function rngFor(...parts: ReadonlyArray<string | number>): Rng {
	return mulberry32(hashParts(...parts));
}

export function intBetween(rng: Rng, min: number, max: number): number {
	return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, values: readonly T[]): T {
	return values[Math.floor(rng() * values.length)];
}

/** A 16-digit id. `big` ids start with 91..99 so they exceed 2^53 (9007199254740992) and break naive JSON parsing. */
export function id16(rng: Rng, big: boolean): string {
	const first = big ? `9${intBetween(rng, 1, 9)}` : `${intBetween(rng, 4, 6)}${intBetween(rng, 0, 9)}`;
	let rest = '';
	for (let i = 0; i < 14; i++) rest += String(Math.floor(rng() * 10));
	return first + rest;
}

/** +1415555xxxx style E.164 number. */
export function phone(rng: Rng, area = '415'): string {
	return `+1${area}555${String(intBetween(rng, 0, 9999)).padStart(4, '0')}`;
}
