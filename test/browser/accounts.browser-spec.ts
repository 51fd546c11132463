/**
 * Issue acceptance: "Signing up, logging in and out, and the admin creating a reviewer all work in a
 * browser, in both languages". Real Chromium against the real portal; the texts the tests look for are
 * read from the message catalogues, so the Chinese journey is checked against the Chinese wording.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { Locale } from '../../src/config/app-config';
import { createAccount, PASSWORD, uniqueEmail } from '../support/accounts';
import { activeElement, axeCheck, clickAndLoad, screenshot, TestBrowser, text } from '../support/browser';
import { startTestPortal, type TestPortal } from '../support/test-portal';

// jest-circus 30 reads testTimeout from the root config only; the browser project's own value is ignored.
jest.setTimeout(120_000);

const LOCALES: Locale[] = ['en', 'zh-CN'];
/** The language switch's links are written in their own language, the same on every page. */
const SWITCH_LINK: Record<Locale, string> = { en: 'English', 'zh-CN': '中文' };
const NAMES: Record<Locale, { applicant: string; reviewer: string }> = {
  en: { applicant: 'Li Na', reviewer: 'Zhao Min' },
  'zh-CN': { applicant: '王伟', reviewer: '赵敏' },
};
const WIDE = 1280;
const NARROW = 375;

let test: TestPortal;
let web: TestBrowser;

beforeAll(async () => {
  test = await startTestPortal({ LOGIN_ATTEMPTS_PER_MINUTE: '10000' });
  web = await TestBrowser.launch(test.baseUrl);
});

afterAll(async () => {
  await web?.close();
  await test?.close();
});

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function path(page: Page): string {
  return new URL(page.url()).pathname;
}

async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').innerText()).trim();
}

async function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

/** The error summary's messages, or [] when the page has none. */
async function errorSummary(page: Page): Promise<string[]> {
  return (await page.locator('.app-error-summary li').allInnerTexts()).map((item) => item.trim());
}

function mainButton(page: Page, name: string): Locator {
  return page.locator('main').getByRole('button', { name, exact: true });
}

function field(page: Page, label: string): Locator {
  return page.locator('main').getByLabel(label, { exact: true });
}

/** Fills in and sends the sign-in form of the page the browser is on. */
async function signInWithForm(page: Page, locale: Locale, email: string): Promise<void> {
  await field(page, text(locale, 'field.email')).fill(email);
  await field(page, text(locale, 'field.password')).fill(PASSWORD);
  await clickAndLoad(page, mainButton(page, text(locale, 'login.submit')));
}

async function signOutWithHeaderButton(page: Page, locale: Locale): Promise<void> {
  await clickAndLoad(page, page.locator('header').getByRole('button', { name: text(locale, 'layout.signOut'), exact: true }));
}

/** Screenshots at both widths, then axe at both widths: zero WCAG 2.1 A/AA violations. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-${WIDE}`);
  await page.setViewportSize({ width: NARROW, height: 900 });
  await screenshot(page, `${name}-${NARROW}`);
  await page.setViewportSize({ width: WIDE, height: 900 });
  await axeCheck(page, { widths: [WIDE, NARROW] });
}

describe.each(LOCALES)('accounts in a browser (%s)', (locale) => {
  const t = (key: string, params: Record<string, unknown> = {}): string => text(locale, key, params);
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en';

  it('signs up from the start page, signs in and signs out', async () => {
    const page = await web.newPage(locale);
    await page.goto('/');
    expect(await htmlLang(page)).toBe(locale);
    expect(await heading(page)).toBe(t('home.heading'));

    await clickAndLoad(page, page.locator('main').getByRole('button', { name: t('home.start'), exact: true }));
    expect(path(page)).toBe('/signup');
    expect(await heading(page)).toBe(t('signup.title'));

    // The empty form: the error summary is focused, the title says there is an error, each link goes to its field
    expect(await clickAndLoad(page, mainButton(page, t('signup.submit')))).toBe(400);
    expect(await page.title()).toMatch(new RegExp(`^${escapeRegExp(`${t('common.errorPrefix')} ${t('signup.title')} – `)}`));
    const focused = await activeElement(page);
    expect(focused.className).toContain('app-error-summary');
    const links = page.locator('.app-error-summary a');
    expect(await links.allInnerTexts()).toEqual([
      t('validation.name.missing'),
      t('validation.email.missing'),
      t('validation.password.missing'),
    ]);
    const targets: string[] = [];
    for (const link of await links.all()) {
      const href = (await link.getAttribute('href')) ?? '';
      await link.click();
      expect((await activeElement(page)).id).toBe(href.slice(1));
      targets.push(href);
    }
    expect(targets).toEqual(['#name', '#email', '#password']);

    const name = NAMES[locale].applicant;
    const email = uniqueEmail(`signup-${locale}`);
    await field(page, t('field.fullName')).fill(name);
    await field(page, t('field.email')).fill(email);
    await field(page, t('field.newPassword')).fill(PASSWORD);
    expect(await clickAndLoad(page, mainButton(page, t('signup.submit')))).toBe(200);
    expect(await heading(page)).toBe(t('signupDone.title'));
    expect(await page.locator('main').innerText()).toContain(t('signupDone.p1', { email }));

    await clickAndLoad(page, page.locator('header').getByRole('link', { name: t('layout.signIn'), exact: true }));
    expect(path(page)).toBe('/login');
    expect(await heading(page)).toBe(t('login.title'));
    await signInWithForm(page, locale, email);
    expect(path(page)).toBe('/applications');
    expect(await page.locator('header .app-header__user-name').innerText()).toBe(name);
    expect(await page.locator('header .app-header__role').innerText()).toBe(t('role.applicant'));

    await signOutWithHeaderButton(page, locale);
    expect(path(page)).toBe('/signed-out');
    expect(await heading(page)).toBe(t('signedOut.title'));
    expect(await page.locator('header .app-header__user-name').count()).toBe(0);
  });

  it(`switches to ${other} with the language switch, and back`, async () => {
    const page = await web.newPage(locale);
    await page.goto('/login');
    expect(await htmlLang(page)).toBe(locale);
    await clickAndLoad(
      page,
      page.getByRole('navigation', { name: t('layout.languageSwitch') }).getByRole('link', { name: SWITCH_LINK[other], exact: true }),
    );
    expect(path(page)).toBe('/login');
    expect(await htmlLang(page)).toBe(other);
    expect(await heading(page)).toBe(text(other, 'login.title'));
    expect(await page.title()).toBe(`${text(other, 'login.title')} – ${text(other, 'common.serviceName')}`);

    await clickAndLoad(
      page,
      page
        .getByRole('navigation', { name: text(other, 'layout.languageSwitch') })
        .getByRole('link', { name: SWITCH_LINK[locale], exact: true }),
    );
    expect(path(page)).toBe('/login');
    expect(await htmlLang(page)).toBe(locale);
    expect(await heading(page)).toBe(t('login.title'));
  });

  it('lets an admin create a reviewer, who can then sign in', async () => {
    const admin = await createAccount(test, 'admin');
    const page = await web.newPage(locale);
    await page.goto('/login');
    await signInWithForm(page, locale, admin.email);
    expect(path(page)).not.toBe('/login');
    expect(await page.locator('header .app-header__role').innerText()).toBe(t('role.admin'));

    await clickAndLoad(
      page,
      page.getByRole('navigation', { name: t('layout.menu') }).getByRole('link', { name: t('nav.accounts'), exact: true }),
    );
    expect(await heading(page)).toBe(t('adminAccounts.title'));
    await clickAndLoad(page, mainButton(page, t('adminAccounts.new')));
    expect(path(page)).toBe('/admin/accounts/new');
    expect(await heading(page)).toBe(t('adminAccounts.newTitle'));

    const email = uniqueEmail(`reviewer-${locale}`);
    await field(page, t('field.fullName')).fill(NAMES[locale].reviewer);
    await field(page, t('field.email')).fill(email);
    await field(page, t('role.reviewer')).check();
    await field(page, t('adminAccounts.initialPassword')).fill(PASSWORD);
    const created = await clickAndLoad(page, mainButton(page, t('adminAccounts.create')));
    expect({ status: created, path: path(page), errors: await errorSummary(page) }).toEqual({
      status: 200,
      path: '/admin/accounts',
      errors: [],
    });
    const banner = page.locator('main .app-notification-banner--success');
    expect(await banner.innerText()).toContain(t('adminAccounts.created', { email }));
    expect((await activeElement(page)).className).toContain('app-notification-banner');
    const row = page.locator('main table tbody tr').filter({ hasText: email });
    expect(await row.count()).toBe(1);
    expect(await row.locator('td').allInnerTexts()).toEqual(
      expect.arrayContaining([NAMES[locale].reviewer, email, t('role.reviewer'), t('accountStatus.active')]),
    );

    await signOutWithHeaderButton(page, locale);
    expect(await heading(page)).toBe(t('signedOut.title'));
    await clickAndLoad(page, page.locator('main').getByRole('link', { name: t('signedOut.again'), exact: true }));
    await signInWithForm(page, locale, email);
    expect(path(page)).toBe('/review');
    expect(await page.locator('header .app-header__user-name').innerText()).toBe(NAMES[locale].reviewer);
    await clickAndLoad(page, page.locator('header .app-header__account').getByRole('link', { name: t('layout.yourAccount'), exact: true }));
    expect(path(page)).toBe('/account');
    const summary = page.locator('main .app-summary-list');
    expect(await summary.innerText()).toContain(t('role.reviewer'));
  });

  it('makes the skip link the first Tab stop, and Enter on it moves focus to main', async () => {
    const page = await web.newPage(locale);
    await page.goto('/login');
    await page.keyboard.press('Tab');
    const first = await activeElement(page);
    expect(first.className).toContain('app-skip-link');
    expect(first.text).toBe(t('layout.skipLink'));
    const box = await page.locator('.app-skip-link').boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(20);
    await screenshot(page, `${locale}-skip-link-focused-${WIDE}`);
    await page.keyboard.press('Enter');
    expect((await activeElement(page)).id).toBe('main-content');
    expect(new URL(page.url()).hash).toBe('#main-content');
  });

  it('has an axe check that does find a violation (the check itself works)', async () => {
    const page = await web.newPage(locale);
    await page.goto('/login');
    await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { remove(): void } | null } }).document;
      doc.querySelector('label[for="email"]')?.remove();
    });
    await expect(axeCheck(page)).rejects.toThrow(/label \(critical\)[\s\S]*target: #email/);
  });

  describe('pages have no WCAG 2.1 A/AA violations', () => {
    let adminContext: BrowserContext;

    beforeAll(async () => {
      const admin = await createAccount(test, 'admin');
      adminContext = await web.newContext(locale, WIDE);
      const page = await adminContext.newPage();
      await page.goto('/login');
      await signInWithForm(page, locale, admin.email);
      await page.close();
    });

    const anonymousPages: { name: string; open: (page: Page) => Promise<void> }[] = [
      { name: 'home', open: (page) => page.goto('/').then(() => undefined) },
      { name: 'login', open: (page) => page.goto('/login').then(() => undefined) },
      { name: 'signup', open: (page) => page.goto('/signup').then(() => undefined) },
      {
        name: 'signup-errors',
        open: async (page) => {
          await page.goto('/signup');
          await field(page, t('field.email')).fill('not-an-email');
          await clickAndLoad(page, mainButton(page, t('signup.submit')));
          expect(await page.locator('.app-error-summary a').count()).toBe(3);
        },
      },
      {
        name: 'signup-done',
        open: async (page) => {
          await page.goto('/signup');
          await field(page, t('field.fullName')).fill(NAMES[locale].applicant);
          await field(page, t('field.email')).fill(uniqueEmail(`a11y-${locale}`));
          await field(page, t('field.newPassword')).fill(PASSWORD);
          await clickAndLoad(page, mainButton(page, t('signup.submit')));
          expect(await heading(page)).toBe(t('signupDone.title'));
        },
      },
      { name: 'signed-out', open: (page) => page.goto('/signed-out').then(() => undefined) },
      {
        name: 'not-found',
        open: async (page) => {
          const response = await page.goto('/no/such/page');
          expect(response?.status()).toBe(404);
          expect(await heading(page)).toBe(t('error.title.404'));
        },
      },
      { name: 'accessibility', open: (page) => page.goto('/accessibility').then(() => undefined) },
    ];

    it.each(anonymousPages)('$name, signed out', async ({ name, open }) => {
      const page = await web.newPage(locale, WIDE);
      await open(page);
      await expectAccessible(page, `${locale}-${name}`);
    });

    const adminPages: { name: string; open: (page: Page) => Promise<void> }[] = [
      { name: 'home-admin', open: (page) => page.goto('/').then(() => undefined) },
      { name: 'account', open: (page) => page.goto('/account').then(() => undefined) },
      { name: 'admin-accounts', open: (page) => page.goto('/admin/accounts').then(() => undefined) },
      {
        name: 'admin-account-new-errors',
        open: async (page) => {
          await page.goto('/admin/accounts/new');
          await clickAndLoad(page, mainButton(page, t('adminAccounts.create')));
          expect(await page.locator('.app-error-summary a').count()).toBe(4);
        },
      },
    ];

    it.each(adminPages)('$name, signed in as an admin', async ({ name, open }) => {
      const page = await adminContext.newPage();
      try {
        await open(page);
        expect(path(page)).not.toBe('/login');
        await expectAccessible(page, `${locale}-${name}`);
      } finally {
        await page.close();
      }
    });
  });
});
