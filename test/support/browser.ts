import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where browser specs write their screenshots (gitignored). */
export const CONSOLE_ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts', 'console');
export const VIEWPORT = { width: 1366, height: 768 };

/** Debian's Chromium, headless (no sandbox: the test machines run as root in containers). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
}

/**
 * A browser context as a person's own browser: 1366×768, Traditional Chinese, Taipei time, and
 * the console's Content-Security-Policy enforced (never bypassed). Every CSP violation and page
 * error it reports is collected in `problems`, for the spec to expect none.
 */
export async function personIn(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-TW', timezoneId: 'Asia/Taipei' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

let axeSource: string | null = null;

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's findings of impact serious or critical on the page as it is now. axe is evaluated
 * through the DevTools protocol, which a page's CSP does not govern, so the page keeps its
 * policy (a <script> tag with axe inline would be refused by it, rightly).
 */
export async function seriousAccessibilityFaults(page: Page): Promise<AxeFinding[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource);
  // Only the page itself: a frame holds a PDF viewer, where axe cannot run (and would wait a minute for it).
  const results = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'], iframes: false })`)) as {
    violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
  };
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
}

/** Writes the page's screenshot at 1366×768 under test-artifacts/console/. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(CONSOLE_ARTIFACTS, { recursive: true });
  const path = join(CONSOLE_ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}
