/** Unit, simulator and engine tests. The real-n8n end-to-end suites have their own configs. */
const jestSuite = require('./test/support/jest-suite');

// n8n-core logs every node error to the console; the tests assert on those errors themselves.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL ?? 'silent';

module.exports = jestSuite({
	label: 'jest',
	folder: 'test',
	testMatch: ['<rootDir>/test/{unit,stand-ins,engine}/**/*.test.ts'],
	testTimeout: 60000,
});
