/**
 * Records each jest run's counts in .tmp/test-results/<label>.json and prints them as the plain line
 * "<label>: N passed, N failed"; .ci/run sums the files into CI's closing line.
 */
const fs = require('fs');
const path = require('path');

class SummaryReporter {
	constructor(globalConfig, options = {}) {
		// TEST_SUMMARY_LABEL: a second run of one config (the n8n 1.x e2e run) keeps its own counts file.
		this.label = process.env.TEST_SUMMARY_LABEL || (options.label ?? 'tests');
		this.folder = path.join(globalConfig.rootDir, '.tmp', 'test-results');
	}

	onRunComplete(_contexts, results) {
		const counts = {
			passed: results.numPassedTests,
			failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
			skipped: results.numPendingTests + results.numTodoTests,
		};
		fs.mkdirSync(this.folder, { recursive: true });
		fs.writeFileSync(path.join(this.folder, `${this.label}.json`), JSON.stringify(counts));
		process.stderr.write(`\n${this.label}: ${counts.passed} passed, ${counts.failed} failed\n`);
	}
}

module.exports = SummaryReporter;
