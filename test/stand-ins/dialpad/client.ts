/** What tests, the demo and dev ask the simulator the way a user finds ids: over its HTTP API. */
import type { Simulator } from './index';

export interface CallCenterRef {
	id: string;
	name: string;
}

/** The fake company's call centers (ids as strings, whichever JSON type the list used). */
export async function listCallCenters(sim: Simulator): Promise<CallCenterRef[]> {
	const response = await fetch(`${sim.baseUrl}/api/v2/callcenters`, {
		headers: { authorization: `Bearer ${sim.apiKey}` },
	});
	if (!response.ok) throw new Error(`GET /api/v2/callcenters answered ${response.status}`);
	const { items } = (await response.json()) as { items: Array<{ id: string | number; name: string }> };
	return items.map((item) => ({ id: String(item.id), name: item.name }));
}
