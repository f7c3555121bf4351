/** The list core behind the pickers: paging rules and Dialpad's answers, with a scripted Dialpad. */
import { ReportError } from '../../nodes/shared/errors/reportError';
import { LIST_SPECS, parseListPage, searchList, type ListPage } from '../../nodes/shared/lists/lists';

function scripted(pages: Record<string, ListPage>) {
	const asked: Array<string | undefined> = [];
	const fetchPage = async (_path: string, query: Record<string, string | undefined>) => {
		asked.push(query.cursor);
		return pages[query.cursor ?? 'first'];
	};
	return { asked, fetchPage };
}

const room = (id: string, name: string) => ({ id, name });

test('a cursor Dialpad repeats ends the list instead of looping', async () => {
	const { asked, fetchPage } = scripted({
		first: { items: [room('1', 'A')], cursor: 'c1' },
		c1: { items: [room('2', 'B')], cursor: 'c2' },
		c2: { items: [room('3', 'C')], cursor: 'c1' },
	});
	const page = await searchList(fetchPage, LIST_SPECS.rooms, undefined, undefined);
	expect(page).toEqual({ results: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'C', value: '3' }] });
	expect(asked).toEqual([undefined, 'c1', 'c2']);
});

test('a cursor equal to the token n8n passed back ends the list too', async () => {
	const { fetchPage } = scripted({ c1: { items: [room('2', 'B')], cursor: 'c1' } });
	expect(await searchList(fetchPage, LIST_SPECS.rooms, undefined, 'c1')).toEqual({ results: [{ name: 'B', value: '2' }] });
});

test('a long list stops after 50 entries and hands n8n the cursor to go on', async () => {
	const pages: Record<string, ListPage> = {};
	for (let index = 0; index < 6; index++) {
		pages[index === 0 ? 'first' : `c${index}`] = {
			items: Array.from({ length: 20 }, (_, n) => room(String(index * 20 + n + 1), `Room ${index * 20 + n + 1}`)),
			cursor: `c${index + 1}`,
		};
	}
	const { asked, fetchPage } = scripted(pages);
	const page = await searchList(fetchPage, LIST_SPECS.rooms, undefined, undefined);
	expect(page.results).toHaveLength(60);
	expect(page.paginationToken).toBe('c3');
	expect(asked).toEqual([undefined, 'c1', 'c2']);
});

test('ids past 2^53 sent as JSON numbers keep every digit; string ids stay as they are', () => {
	const page = parseListPage(200, '{"items":[{"id":9223372036854775807,"name":"Big","office_id":5234567890123456789},{"id":"12","name":"Small"}],"cursor":""}', 'rooms');
	expect(page.items.map((item) => [item.id, item.office_id])).toEqual([['9223372036854775807', '5234567890123456789'], ['12', undefined]]);
	expect(page.cursor).toBeUndefined();
});

test.each([
	[401, /^Dialpad rejected the API key: Invalid API key$/, /paste the key again/],
	[403, /^This API key may not list Dialpad's rooms: Invalid API key$/, /company admin/],
	[429, /^Dialpad's rate limit stopped the list of rooms: Invalid API key$/, /Wait a minute/],
	[500, /^Dialpad could not list the rooms \(HTTP 500\): Invalid API key$/, /Try again/],
])('HTTP %d: an error with Dialpad\'s message and what to do, never an empty list', (status, message, fix) => {
	const body = JSON.stringify({ error: { code: status, message: 'Invalid API key' } });
	let error: unknown;
	try {
		parseListPage(status, body, 'rooms');
	} catch (caught) {
		error = caught;
	}
	expect(error).toBeInstanceOf(ReportError);
	expect((error as ReportError).message).toMatch(message);
	expect((error as ReportError).description).toMatch(fix);
	expect((error as ReportError).description).toMatch(/By ID/);
	expect((error as ReportError).httpCode).toBe(status);
});

test('an answer that is not Dialpad JSON says to check the address', () => {
	expect(() => parseListPage(200, '<html>login</html>', 'offices')).toThrow("Dialpad's list of offices could not be read");
});
