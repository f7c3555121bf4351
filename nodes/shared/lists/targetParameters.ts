/**
 * The Target parameters both Dialpad nodes show: the target types, one resource locator per type
 * (a searchable list where Dialpad has one, else By ID), and which list method serves each type.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export const TARGET_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Call Center', value: 'callcenter' },
	{ name: 'Coaching Group', value: 'coachinggroup' },
	{ name: 'Coaching Team', value: 'coachingteam' },
	{ name: 'Department', value: 'department' },
	{ name: 'Office', value: 'office' },
	{ name: 'Room', value: 'room' },
	{ name: 'Staff Group', value: 'staffgroup' },
	{ name: 'User', value: 'user' },
];

// No regex validation on the ID: n8n runs it under a 250 ms limit that busy hosts can miss, which would
// block the run; the node checks IDs itself with a message that says how to fix them.
export function locator(
	displayName: string,
	name: string,
	description: string,
	required: boolean,
	list?: { method: string; noun: string },
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: list ? 'list' : 'id', value: '' },
		required,
		description,
		modes: [
			...(list
				? [
						{
							displayName: 'From List',
							name: 'list',
							type: 'list' as const,
							placeholder: `Select ${/^[aeiou]/i.test(list.noun) ? 'an' : 'a'} ${list.noun}...`,
							typeOptions: { searchListMethod: list.method, searchable: true },
						},
					]
				: []),
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 5234567890123456',
				hint: 'The number in Dialpad, for example in the address of its admin page',
			},
		],
	};
}

/** Which picker each target type gets; coaching and staff groups have no Dialpad list: ID only. */
export const TARGET_PICKERS: Record<string, { method: string; noun: string } | undefined> = {
	callcenter: { method: 'searchCallCenters', noun: 'call center' },
	coachinggroup: undefined,
	coachingteam: { method: 'searchCoachingTeams', noun: 'coaching team' },
	department: { method: 'searchDepartments', noun: 'department' },
	office: { method: 'searchOffices', noun: 'office' },
	room: { method: 'searchRooms', noun: 'room' },
	staffgroup: undefined,
	user: { method: 'searchUsers', noun: 'user' },
};

