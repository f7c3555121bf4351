/**
 * The panel's dropdowns and the core's rules name the same values: a choice the panel offers is one
 * the request builder accepts, and every value the core knows can be picked.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DialpadStats } from '../../nodes/DialpadStats/DialpadStats.node';
import { DialpadTrigger } from '../../nodes/DialpadTrigger/DialpadTrigger.node';
import { PERIOD_PRESETS, WEEK_STARTS } from '../../nodes/shared/report/request/period';
import { EXPORT_TYPES, GROUP_BY_VALUES, STAT_TYPES, TARGET_TYPES } from '../../nodes/shared/report/request/request';

const statsProperties = new DialpadStats().description.properties;

/** Every value any variant of the parameter offers (a parameter may appear once per display case). */
function offeredValues(properties: INodeProperties[], name: string): string[] {
	const variants = properties.filter((property) => property.name === name && property.type === 'options');
	expect(variants.length).toBeGreaterThan(0);
	const values = variants.flatMap((property) => (property.options ?? []).map((option) => String((option as { value: unknown }).value)));
	return [...new Set(values)].sort();
}

const sorted = (values: readonly string[]) => [...values].sort();

test.each([
	['exportType', EXPORT_TYPES],
	['statType', STAT_TYPES],
	['groupBy', GROUP_BY_VALUES],
	['period', PERIOD_PRESETS],
	['weekStartsOn', WEEK_STARTS],
])('Dialpad Stats: %s offers exactly the core values', (name, coreValues) => {
	expect(offeredValues(statsProperties, name)).toEqual(sorted(coreValues));
});

test('Dialpad Stats: Target Type offers every core target type, plus the whole company', () => {
	expect(offeredValues(statsProperties, 'targetType')).toEqual(sorted([...TARGET_TYPES, 'none']));
});

test('Dialpad Trigger: Target Type offers the same target types as Dialpad Stats', () => {
	const triggerTypes = offeredValues(new DialpadTrigger().description.properties, 'targetType').filter((value) => value !== 'none');
	expect(triggerTypes).toEqual(sorted(TARGET_TYPES));
});

test('every target type with a Dialpad list has a picker; the Target parameter exists once per type', () => {
	const targetIds = statsProperties.filter((property) => property.name === 'targetId');
	const shownFor = targetIds.flatMap((property) => (property.displayOptions?.show?.targetType ?? []) as string[]);
	expect(sorted(shownFor)).toEqual(sorted(TARGET_TYPES));
});
