/**
 * Queue-mode suite (`npm run test:queue`): the packed package in n8n's queue mode (main + 2 workers,
 * PostgreSQL and Redis of its own on 127.0.0.1, see test/support/n8n/queue.ts) against the in-process
 * simulator. PostgreSQL and Redis come from Debian's packages (test/queue/setup.sh installs them when
 * missing and run as root). One worker, generous timeouts: four n8n processes boot.
 */
module.exports = require('./test/support/jest-suite')({
	label: 'queue',
	folder: 'test/queue',
	testMatch: ['<rootDir>/test/queue/**/*.queue.test.ts'],
	maxWorkers: 1,
	testTimeout: 10 * 60_000,
	slowTestThreshold: 300,
});
