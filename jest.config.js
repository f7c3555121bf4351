/** Unit, simulator and engine tests. The real-n8n end-to-end suite has its own config. */
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
