/**
 * Every page of the portal in Chromium, in English and in Chinese: axe-core finds no WCAG 2.1 A/AA
 * violation at 1280 px or at 375 px, and at 375 px nothing makes the page scroll sideways (WCAG 1.4.10,
 * which axe does not test). The pages are the catalogue the markup check walks (test/support/page-catalogue.ts):
 * each is fetched over real HTTP in the state that shows all its parts (with errors, returned, decided …),
 * then shown to Chromium at a same-origin address so its real style sheet and script load from the portal.
 */
import type { Page as BrowserPage } from 'playwright-core';
import type { Page } from '../support/browser-client';
import { axeViolations, formatViolations, TestBrowser } from '../support/browser';
import { horizontalOverflow, NARROW, WIDE } from '../support/journeys';
import { buildWorld, fetchAllPages, LOCALES, PAGES, type World } from '../support/page-catalogue';
import { startTestPortal } from '../support/test-portal';

jest.setTimeout(600_000);

let world: World;
let fetched: Map<string, Page>;
let web: TestBrowser;

beforeAll(async () => {
  world = await buildWorld(await startTestPortal({ LOGIN_ATTEMPTS_PER_MINUTE: '10000' }));
  fetched = await fetchAllPages(world);
  web = await TestBrowser.launch(world.test.baseUrl);
});

afterAll(async () => {
  await web?.close();
  await world?.test.close();
});

/** Opens the fetched page in Chromium at an address of the portal, with the headers the portal sent. */
async function show(fetchedPage: Page, locale: (typeof LOCALES)[number]): Promise<BrowserPage> {
  const page = await web.newPage(locale, WIDE);
  const address = `${world.test.baseUrl}/__page-under-check`;
  const headers = Object.fromEntries(
    [...fetchedPage.headers].filter(([name]) => !['set-cookie', 'content-length', 'content-encoding', 'transfer-encoding'].includes(name)),
  );
  await page.route(address, (route) => route.fulfill({ status: fetchedPage.status, headers, body: fetchedPage.html }));
  await page.goto(address);
  return page;
}

describe('the accessibility check', () => {
  it('finds a violation when there is one (an unlabelled field)', async () => {
    const home = fetched.get('en home')!;
    const page = await show({ ...home, html: home.html.replace('<main ', '<input type="text" name="unlabelled"><main ') }, 'en');
    expect((await axeViolations(page)).map((v) => v.id)).toContain('label');
    await page.context().close();
  });
});

describe.each(LOCALES)('pages in %s', (locale) => {
  it.each(PAGES.map((p) => p.name))('%s: no WCAG 2.1 A/AA violation at 1280 and 375 px, no sideways scrolling at 375 px', async (name) => {
    const page = await show(fetched.get(`${locale} ${name}`)!, locale);
    const reports: string[] = [];
    for (const width of [WIDE, NARROW]) {
      await page.setViewportSize({ width, height: 900 });
      const violations = await axeViolations(page);
      if (violations.length > 0) reports.push(formatViolations(`${name} (${locale}) at ${width}px`, violations));
    }
    const overflow = await horizontalOverflow(page);
    await page.context().close();
    expect({ page: name, reports }).toEqual({ page: name, reports: [] });
    expect({ page: name, overflow }).toEqual({ page: name, overflow: undefined });
  });
});
