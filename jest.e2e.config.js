/**
 * End-to-end suite: the packed package inside a real n8n (installed once per machine into a cache
 * by test/e2e/install-n8n.sh) against the in-process Dialpad simulator. Slow by nature (n8n boots),
 * so one worker and generous timeouts.
 */
module.exports = require('./test/support/jest-suite')({
	label: 'e2e',
	folder: 'test/e2e',
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	maxWorkers: 1,
	testTimeout: 10 * 60_000,
	slowTestThreshold: 120,
});
