import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Locale } from '../../src/config/app-config';
import { translate } from '../../src/common/i18n/i18n';

/** Debian's Chromium (a test tool's own browser download does not work here); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const SCREENSHOT_DIR = join(__dirname, '..', 'browser', 'screenshots');

const ACCEPT_LANGUAGE: Record<Locale, string> = { en: 'en-GB,en;q=0.9', 'zh-CN': 'zh-CN,zh;q=0.9' };

/** The text a page shows for a catalogue key, read from src/common/i18n/catalog/<locale>/*.json. */
export function text(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  return translate(locale, key, params);
}

/**
 * One Chromium per test file (launch it in beforeAll, close it in afterAll). Each page gets its own
 * context, so cookies (session, language) never leak from one test into another unless asked to.
 */
export class TestBrowser {
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly browser: Browser,
    private readonly baseURL: string,
  ) {}

  static async launch(baseURL: string): Promise<TestBrowser> {
    // playwright's launch gives Chromium a fresh, temporary --user-data-dir and removes it on close.
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
    return new TestBrowser(browser, baseURL);
  }

  /** A page in a new context that speaks `locale` (navigator.language and Accept-Language). */
  async newPage(locale: Locale, width = 1280): Promise<Page> {
    const context = await this.newContext(locale, width);
    return context.newPage();
  }

  /** A new context, for tests that open several pages sharing one session. */
  async newContext(locale: Locale, width = 1280): Promise<BrowserContext> {
    const context = await this.browser.newContext({
      baseURL: this.baseURL,
      locale,
      extraHTTPHeaders: { 'Accept-Language': ACCEPT_LANGUAGE[locale] },
      viewport: { width, height: 900 },
    });
    // Pages render on the server in well under a second: a missing element fails in 10 s, not 30.
    context.setDefaultTimeout(10_000);
    this.contexts.push(context);
    return context;
  }

  async close(): Promise<void> {
    for (const context of this.contexts.splice(0)) await context.close().catch(() => undefined);
    await this.browser.close();
  }
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: { target: string; html: string; summary: string }[];
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe (WCAG 2.0 and 2.1, A and AA) on the page as it is now and returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? 'unknown',
    help: violation.help,
    helpUrl: violation.helpUrl,
    targets: violation.nodes.map((node) => ({
      target: node.target.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' >>> '),
      html: node.html,
      summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
    })),
  }));
}

export function formatViolations(url: string, violations: AxeViolation[]): string {
  const lines = [`${violations.length} accessibility violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact}): ${v.help} <${v.helpUrl}>`);
    for (const t of v.targets) lines.push(`    target: ${t.target}\n      html: ${t.html}\n      ${t.summary}`);
  }
  return lines.join('\n');
}

/**
 * Fails, listing each violation's id, impact, target and help, unless axe finds nothing. With `widths`,
 * axe runs once at each viewport width (the narrow layout hides and moves things) and the page is put
 * back to its own width afterwards.
 */
export async function axeCheck(page: Page, options: { widths?: number[] } = {}): Promise<void> {
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  const reports: string[] = [];
  for (const width of options.widths ?? [original.width]) {
    if (width !== page.viewportSize()?.width) await page.setViewportSize({ width, height: original.height });
    const violations = await axeViolations(page);
    if (violations.length > 0) reports.push(formatViolations(`${page.url()} at ${width}px`, violations));
  }
  if (original.width !== page.viewportSize()?.width) await page.setViewportSize(original);
  if (reports.length > 0) throw new Error(reports.join('\n\n'));
}

/** Writes a full-page PNG to test/browser/screenshots/<name>.png (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Clicks something that loads a new document (a link, or a form's submit button, whether the answer is
 * a redirect or a re-rendered page at the same address), waits until that document has loaded, so
 * app.js has run, and returns the HTTP status of the document shown (after any redirect).
 */
export async function clickAndLoad(page: Page, target: Locator): Promise<number> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  try {
    await target.click();
  } catch (error) {
    navigated.catch(() => undefined);
    throw error;
  }
  await navigated;
  await page.waitForLoadState('load');
  return documentStatus(page);
}

/** The HTTP status of the document the page shows (Navigation Timing's responseStatus). */
export async function documentStatus(page: Page): Promise<number> {
  return page.evaluate(() => {
    const timing = (
      globalThis as unknown as { performance: { getEntriesByType(type: string): { responseStatus?: number }[] } }
    ).performance.getEntriesByType('navigation')[0];
    return timing?.responseStatus ?? 0;
  });
}

/** The few DOM members the tests read inside the page (the project compiles without the DOM library). */
interface PageElement {
  tagName: string;
  id: string;
  className: unknown;
  textContent: string | null;
}

export interface FocusedElement {
  tag: string;
  id: string;
  className: string;
  text: string;
}

/** What document.activeElement is, described well enough to assert on. */
export async function activeElement(page: Page): Promise<FocusedElement> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: PageElement | null } }).document.activeElement;
    return {
      tag: el ? el.tagName.toLowerCase() : '',
      id: el?.id ?? '',
      className: typeof el?.className === 'string' ? el.className : '',
      text: (el?.textContent ?? '').trim(),
    };
  });
}
