/**
 * What every jest config of the project shares: ts-jest with the tests' tsconfig, the summary
 * reporter (its counts make .ci/run's closing line) and the suite's folder and file pattern.
 */
module.exports = function jestSuite({ label, folder, testMatch, ...rest }) {
	return {
		testEnvironment: 'node',
		reporters: ['default', ['<rootDir>/test/support/summary-reporter.js', { label }]],
		roots: [`<rootDir>/${folder}`],
		testMatch,
		transform: {
			'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
		},
		...rest,
	};
};
