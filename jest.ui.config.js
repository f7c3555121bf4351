/**
 * Browser suite: n8n's real editor in Debian's Chromium (playwright-core), against the packed
 * package in a real n8n and the simulator. One worker, generous timeouts: n8n boots and the editor
 * bundle is large. Screenshots of every step land in .tmp/ui/.
 */
module.exports = require('./test/support/jest-suite')({
	label: 'ui',
	folder: 'test/ui',
	testMatch: ['<rootDir>/test/ui/**/*.ui.test.ts'],
	maxWorkers: 1,
	testTimeout: 5 * 60_000,
	slowTestThreshold: 120,
});
