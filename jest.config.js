/** Unit, simulator and engine tests. The real-n8n end-to-end suite has its own config. */

// n8n-core logs every node error to the console; the tests assert on those errors themselves.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL ?? 'silent';

module.exports = {
	testEnvironment: 'node',
	reporters: ['default', ['<rootDir>/test/summary-reporter.js', { label: 'jest' }]],
	roots: ['<rootDir>/test'],
	testMatch: ['<rootDir>/test/{unit,simulator,engine}/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 60000,
};
