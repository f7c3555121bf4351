/** `npm run simulator -- --port 8787 --api-key simulator-key --processing-seconds 15 --seed 1` */
import { startSimulator, type SimulatorOptions } from '../test/stand-ins/dialpad/index';

const USAGE = `Usage: npm run simulator -- [--port 8787] [--storage-port <port+1>] [--api-key simulator-key]
       [--processing-seconds 15] [--processing-spread-seconds 0] [--seed 1] [--request-expiry-seconds 3600] [--no-retry-after]`;

function parseArgs(argv: string[]): SimulatorOptions {
	const options: SimulatorOptions = { port: 8787, apiKey: 'simulator-key', processingSeconds: 15, seed: 1 };
	const number = (flag: string, value: string | undefined): number => {
		const parsed = Number(value);
		if (value === undefined || !Number.isFinite(parsed) || parsed < 0) throw new Error(`${flag} needs a number >= 0`);
		return parsed;
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		switch (flag) {
			case '--port':
				options.port = number(flag, argv[++i]);
				break;
			case '--storage-port':
				options.storagePort = number(flag, argv[++i]);
				break;
			case '--api-key': {
				const key = argv[++i];
				if (!key) throw new Error('--api-key needs a value');
				options.apiKey = key;
				break;
			}
			case '--processing-seconds':
				options.processingSeconds = number(flag, argv[++i]);
				break;
			case '--processing-spread-seconds':
				options.processingSpreadSeconds = number(flag, argv[++i]);
				break;
			case '--seed':
				options.seed = number(flag, argv[++i]);
				break;
			case '--request-expiry-seconds':
				options.requestExpirySeconds = number(flag, argv[++i]);
				break;
			case '--no-retry-after':
				options.retryAfterSeconds = null;
				break;
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`Unknown option ${flag}`);
		}
	}
	// Port 0 (ephemeral) for the API keeps storage ephemeral too.
	if (options.storagePort === undefined) options.storagePort = options.port ? options.port + 1 : 0;
	return options;
}

async function main(): Promise<void> {
	let options: SimulatorOptions;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error(`${(error as Error).message}\n${USAGE}`);
		process.exit(2);
	}
	const sim = await startSimulator(options);
	console.log(`Dialpad simulator: API ${sim.baseUrl}/api/v2 (base URL for the credential: ${sim.baseUrl}), storage ${sim.storageBaseUrl}, key "${sim.apiKey}"`);
	console.log(
		`Try: curl -s -X POST ${sim.baseUrl}/api/v2/stats -H 'Authorization: Bearer ${sim.apiKey}' -H 'Content-Type: application/json' -d '{"export_type":"records","stat_type":"calls","days_ago_start":1,"days_ago_end":1}'`,
	);
	const stop = (): void => {
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(`Dialpad simulator could not start: ${(error as Error).message}`);
	process.exit(1);
});
