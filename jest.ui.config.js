/**
 * Browser suite: n8n's real editor in Debian's Chromium (playwright-core), against the packed
 * package in a real n8n and the simulator. One worker, generous timeouts: n8n boots and the editor
 * bundle is large. Screenshots of every step land in .tmp/ui/.
 */
module.exports = {
	testEnvironment: 'node',
	reporters: ['default', ['<rootDir>/test/summary-reporter.js', { label: 'ui' }]],
	roots: ['<rootDir>/test/ui'],
	testMatch: ['<rootDir>/test/ui/**/*.ui.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 5 * 60_000,
	slowTestThreshold: 120,
};
