/**
 * Dialpad's answers to the pickers' list requests, in words: the dropdown shows the message and the
 * fix, and every fix also offers entering the ID by hand.
 */
import { describeNetworkFailure, dialpadMessage } from './dialpadAnswers';
import { ReportError } from './reportError';

/** Dialpad's refusal of a list request. */
export function listError(statusCode: number, body: unknown, noun: string): ReportError {
	const message = dialpadMessage(body, statusCode);
	const orById = 'Or switch to By ID and enter the ID.';
	switch (statusCode) {
		case 401:
			return new ReportError(
				'dialpadRejected',
				`Dialpad rejected the API key: ${message}`,
				`Open the Dialpad API credential and paste the key again (Dialpad admin settings, API keys); check Production or Sandbox. ${orById}`,
				401,
			);
		case 403:
			return new ReportError(
				'dialpadRejected',
				`This API key may not list Dialpad's ${noun}: ${message}`,
				`Lists and stats need a key made by a company admin: ask a Dialpad admin for one and update the credential. ${orById}`,
				403,
			);
		case 404:
			return new ReportError(
				'dialpadRejected',
				`Dialpad answered 404 Not Found for the list of ${noun}: ${message}`,
				"The credential's Environment or Base URL does not point at Dialpad's API: use Production or Sandbox, or a base URL such as https://dialpad.com (without /api/v2).",
				404,
			);
		case 429:
			return new ReportError(
				'rateLimited',
				`Dialpad's rate limit stopped the list of ${noun}: ${message}`,
				`Wait a minute and open the list again (Dialpad allows 1200 list requests per minute for the company). ${orById}`,
				429,
			);
		default:
			return new ReportError(
				'dialpadUnavailable',
				`Dialpad could not list the ${noun} (HTTP ${statusCode}): ${message}`,
				`Try again in a minute; if it persists, check Dialpad's status page. ${orById}`,
				statusCode,
			);
	}
}

export function unreadableListError(noun: string, statusCode: number): ReportError {
	return new ReportError(
		'dialpadRejected',
		`Dialpad's list of ${noun} could not be read (it is not the JSON Dialpad sends)`,
		"Check the Dialpad API credential's Environment and Base URL: they must point at Dialpad's API. Or switch to By ID and enter the ID.",
		statusCode,
	);
}

export function listUnreachableError(code: string | undefined): ReportError {
	return new ReportError(
		'dialpadUnavailable',
		`Could not reach Dialpad to list the choices: ${describeNetworkFailure(code)}`,
		"Check the Dialpad API credential's Environment and Base URL and that this n8n can reach that address (proxy, firewall). Or switch Target to By ID and enter the ID.",
	);
}
