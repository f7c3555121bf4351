/**
 * The browser side shared by the UI suite (test/ui) and tools/screenshot.mjs: Debian's Chromium
 * (installed by ensure-chromium.sh when missing), driven by playwright-core, and n8n's sign-in page.
 * Plain CommonJS so that both a jest suite in TypeScript and a .mjs script can load it; browser.d.ts
 * beside it gives the types.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { chromium, selectors } = require('playwright-core');

const ENSURE_SCRIPT = path.join(__dirname, 'ensure-chromium.sh');

let chromiumPath;

/**
 * The Chromium binary to drive: `CHROMIUM`, else `chromium` on PATH, else Debian's package installed
 * now (root on Debian or Ubuntu). Throws with what to install otherwise. Never a Playwright download.
 */
function ensureChromium() {
	if (chromiumPath) return chromiumPath;
	let stdout;
	try {
		stdout = execFileSync('bash', [ENSURE_SCRIPT], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
			maxBuffer: 4 * 1024 * 1024,
		});
	} catch {
		// The script has already said on stderr what is missing and how to install it.
		throw new Error(`No Chromium for the browser tests: see the message of ${path.relative(process.cwd(), ENSURE_SCRIPT)} above`);
	}
	chromiumPath = stdout.trim().split('\n').pop();
	return chromiumPath;
}

/** Headless Chromium; n8n's markup names its controls with `data-test-id`, so getByTestId uses that. */
async function launchChromium(options = {}) {
	selectors.setTestIdAttribute('data-test-id');
	return await chromium.launch({
		executablePath: ensureChromium(),
		headless: true,
		// Containers often give /dev/shm little room; CI and root need no sandbox flags beyond
		// Playwright's own (--no-sandbox is its default when chromiumSandbox is off).
		args: ['--disable-dev-shm-usage', '--disable-gpu'],
		...options,
	});
}

/**
 * Signs in through n8n's sign-in page the way a person does (types email and password, presses
 * Sign in), so the app's own login code sets the session. Resolves once the app left /signin.
 */
async function signIn(page, baseUrl, email, password, timeoutMs = 90_000) {
	await page.goto(`${baseUrl}/signin`, { timeout: timeoutMs });
	const emailInput = page.locator('input[type=email], input[name=emailOrLdapLoginId], input[name=email]').first();
	await emailInput.waitFor({ timeout: timeoutMs });
	await emailInput.fill(email);
	await page.locator('input[type=password]').first().fill(password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: timeoutMs });
}

module.exports = { ensureChromium, launchChromium, signIn, ENSURE_SCRIPT };
