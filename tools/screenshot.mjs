// Headless check of the editor `npm run dev` serves: logs in through the sign-in page, opens a
// workflow and saves a screenshot. Drives Debian's Chromium with playwright-core, the same code as the
// UI suite (test/ui/browser.js); a missing Chromium is installed by test/ui/ensure-chromium.sh (root
// on Debian or Ubuntu) or named. Any Node >= 20 runs it:
//
//   node tools/screenshot.mjs \
//     http://localhost:5678 dev@dialpad-n8n.local Dialpad-Dev-2026 /workflow/DialpadStatsSlack01 out.png
//   CLICK="Execute workflow" WAIT_MS=20000 before it: runs the workflow from the editor first.
//   CHROMIUM=/path/to/chrome: another Chromium binary.
import browserTools from '../test/ui/browser.js';

const { launchChromium, signIn } = browserTools;
const [baseUrl, email, password, route = '/home/workflows', out = 'n8n-editor.png'] = process.argv.slice(2);
if (!baseUrl || !email || !password) {
	console.error('usage: node tools/screenshot.mjs <base url> <email> <password> [route] [out.png]');
	process.exit(2);
}
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const browser = await launchChromium();
try {
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await signIn(page, baseUrl, email, password);
	await page.goto(`${baseUrl}${route}`, { timeout: 90_000 });
	// The editor bundle is large: wait until the canvas shows nodes (or a page other than a workflow renders).
	await page
		.locator('[data-test-id=canvas-node], .vue-flow__node, [data-test-id=resources-list-item]')
		.first()
		.waitFor({ timeout: 90_000 })
		.catch((error) => console.error(error.message.split('\n')[0]));
	await page.waitForTimeout(1500);
	// CLICK="Execute workflow" WAIT_MS=20000: press a button as a user would, then wait before the picture.
	if (process.env.CLICK) {
		const buttons = page.locator('button').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(process.env.CLICK)}`) });
		let clicked = false;
		// The first such button a person can reach (a canvas node's hover button may be covered).
		for (const button of await buttons.locator('visible=true').all()) {
			clicked = await button.click({ timeout: 5000 }).then(() => true, () => false);
			if (clicked) break;
		}
		if (!clicked && (await buttons.count())) {
			await buttons.first().dispatchEvent('click');
			clicked = true;
		}
		if (!clicked) console.error(`no button starting with "${process.env.CLICK}"`);
		await page.waitForTimeout(Number(process.env.WAIT_MS ?? 15000));
	}
	const canvasNodes = page.locator('[data-test-id=canvas-node]');
	const nodes = await ((await canvasNodes.count()) ? canvasNodes : page.locator('.vue-flow__node')).evaluateAll((elements) =>
		elements.map((node) => (node.textContent ?? '').trim().slice(0, 60)),
	);
	await page.screenshot({ path: out });
	console.log(JSON.stringify({ title: await page.title(), path: new URL(page.url()).pathname, nodes, screenshot: out }, null, 2));
} finally {
	await browser.close();
}
