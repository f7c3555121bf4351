import { NodeApiError, type ILoadOptionsFunctions, type INodeListSearchResult } from 'n8n-workflow';

import { ReportError } from '../errors/reportError';
import { toNodeApiError } from '../errors/toNodeError';
import { LIST_SPECS, searchList, type ListName } from './lists';
import { requestDialpadListPage } from '../transport';

/**
 * n8n shows a list method's error in the dropdown (message, HTTP code and description) only when it
 * is a NodeApiError: anything else reaches the editor without its description.
 */
function toListError(ctx: ILoadOptionsFunctions, error: unknown): NodeApiError {
	if (error instanceof NodeApiError) return error;
	const reportError =
		error instanceof ReportError
			? error
			: new ReportError('dialpadUnavailable', `Could not list the choices: ${String((error as Error)?.message ?? error)}`, 'Try again, or switch to By ID and enter the ID.');
	return toNodeApiError(ctx.getNode(), reportError);
}

function listSearchFor(list: ListName) {
	const spec = LIST_SPECS[list];
	return async function (
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		try {
			return await searchList(
				async (path, query) => await requestDialpadListPage(this, path, query, spec.noun),
				spec,
				filter,
				typeof paginationToken === 'string' && paginationToken !== '' ? paginationToken : undefined,
			);
		} catch (error) {
			throw toListError(this, error);
		}
	};
}

/** One picker per Dialpad list; coaching groups and staff groups have none (ID only). */
export const listSearch = {
	searchCallCenters: listSearchFor('callCenters'),
	searchDepartments: listSearchFor('departments'),
	searchOffices: listSearchFor('offices'),
	searchUsers: listSearchFor('users'),
	searchCoachingTeams: listSearchFor('coachingTeams'),
	searchRooms: listSearchFor('rooms'),
};
