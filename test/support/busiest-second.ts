/** The largest number of requests made within any one second, from their times in milliseconds. */
export function mostRequestsInOneSecond(timesMs: number[]): number {
	const times = [...timesMs].sort((a, b) => a - b);
	let most = 0;
	for (let first = 0; first < times.length; first++) {
		let count = 0;
		while (first + count < times.length && times[first + count] < times[first] + 1000) count++;
		most = Math.max(most, count);
	}
	return most;
}
