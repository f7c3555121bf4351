/**
 * Whether the node in this tree has the Start Report / Get Report Result operations the
 * Start/Wait/Get example needs (read from the node's own description, so the example's test runs as
 * soon as they exist and is skipped, saying why, before).
 */
import { DialpadStats } from '../../nodes/DialpadStats/DialpadStats.node';

export function nodeHasStartWaitGet(): boolean {
	const operation = new DialpadStats().description.properties.find((property) => property.name === 'operation');
	const values = new Set((operation?.options ?? []).map((option) => ('value' in option ? option.value : undefined)));
	return values.has('start') && values.has('getResult');
}
