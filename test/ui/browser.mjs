/**
 * The browser for the editor test: Debian's `chromium` (installed with apt-get when missing;
 * Playwright's own browser download does not work on these machines), driven by playwright-core.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.UI_CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling Google services, which on a
// closed network means a flood of failing connections.
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic',
];

/** Installs Debian's chromium (and a font, so text renders) when the binary is missing. */
export function ensureChromium(log = console.log) {
	if (existsSync(CHROMIUM)) return CHROMIUM;
	if (process.getuid?.() !== 0) {
		throw new Error(`${CHROMIUM} is missing; install it with: sudo apt-get install -y chromium fonts-dejavu-core (or set UI_CHROMIUM)`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	log(`${CHROMIUM} is missing: running apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core`);
	execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], { stdio: 'inherit', env });
	if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
	log(`installed ${execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim()}`);
	return CHROMIUM;
}

export async function launchChromium() {
	const { chromium } = require('playwright-core');
	return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
