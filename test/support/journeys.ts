/**
 * Helpers for the browser journeys (test/browser/journeys.browser-spec.ts): a person who finds things on
 * the page by the words the catalogues give them, a recorder of screenshots and axe results, and a quick
 * way to put submitted applications in the queue through the HTTP-level helpers.
 */
import type { Locator, Page } from 'playwright-core';
import type { Locale } from '../../src/config/app-config';
import { PASSWORD, signedIn } from './accounts';
import { applicationIdFrom, completeApplication } from './applications';
import { activeElement, axeCheck, clickAndLoad, screenshot, text, type FocusedElement } from './browser';
import type { BrowserClient } from './browser-client';
import type { TestPortal } from './test-portal';

export const WIDE = 1280;
export const NARROW = 375;

/** A file as a person picks it in the browser's file chooser. */
export interface PickedFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/**
 * Someone using the portal in one language, on one page. Every control is found by its accessible name
 * (label, legend, link or button text) as the catalogues word it, inside <main> unless said otherwise.
 */
export class Person {
  constructor(
    readonly page: Page,
    readonly locale: Locale,
  ) {}

  /** The catalogue's text; a key missing from the catalogue fails loudly instead of matching nothing. */
  t(key: string, params: Record<string, unknown> = {}): string {
    const value = text(this.locale, key, params);
    if (value === key) throw new Error(`The ${this.locale} catalogue has no text for ${key}`);
    return value;
  }

  get main(): Locator {
    return this.page.locator('main');
  }

  path(): string {
    return new URL(this.page.url()).pathname;
  }

  async heading(): Promise<string> {
    return (await this.page.locator('h1').first().innerText()).trim();
  }

  field(label: string): Locator {
    return this.main.getByLabel(label, { exact: true });
  }

  button(name: string): Locator {
    return this.main.getByRole('button', { name, exact: true });
  }

  link(name: string): Locator {
    return this.main.getByRole('link', { name, exact: true });
  }

  async fill(label: string, value: string): Promise<void> {
    await this.field(label).fill(value);
  }

  /** Ticks the option labelled `option` in the radios or checkboxes whose legend is `legend`. */
  async choose(legend: string, option: string): Promise<void> {
    await this.main.getByRole('group', { name: legend, exact: true }).getByLabel(option, { exact: true }).check();
  }

  async pick(label: string, file: PickedFile): Promise<void> {
    await this.field(label).setInputFiles(file);
  }

  /** Presses a button (or a link that looks like one) that loads a page; returns its HTTP status. */
  async press(name: string): Promise<number> {
    return clickAndLoad(this.page, this.button(name));
  }

  /** Follows a link in <main>; returns the HTTP status of the page it leads to. */
  async follow(name: string): Promise<number> {
    return clickAndLoad(this.page, this.link(name));
  }

  async menu(name: string): Promise<number> {
    return clickAndLoad(
      this.page,
      this.page.getByRole('navigation', { name: this.t('layout.menu'), exact: true }).getByRole('link', { name, exact: true }),
    );
  }

  /** The error summary's messages, [] when there is none. */
  async errors(): Promise<string[]> {
    return (await this.page.locator('.app-error-summary li').allInnerTexts()).map((item) => item.trim());
  }

  /**
   * The messages of the notification banners, in page order. Only for banners a page renders itself
   * (a 400 re-render, the name check): a flash set before a 303 is sometimes missing from the next page,
   * because express-session sends the redirect's headers before the session is saved and Chromium follows
   * them at once (saving the session before redirecting would fix it), so the journeys check what the
   * flash announces instead.
   */
  async banners(): Promise<string[]> {
    return (await this.main.locator('.app-notification-banner .app-notification-banner__content').allInnerTexts()).map((m) => m.trim());
  }

  async focused(): Promise<FocusedElement> {
    return activeElement(this.page);
  }

  /** The row of a table (or task list item) that mentions `content`. */
  row(content: string): Locator {
    return this.main.locator('tr, li.app-task-list__item').filter({ hasText: content });
  }

  /** The status shown next to a section of the task list. */
  async taskStatus(task: string): Promise<string> {
    const item = this.main.locator('li.app-task-list__item').filter({ has: this.page.getByText(task, { exact: true }) });
    return (await item.locator('.app-task-list__status').innerText()).trim();
  }

  /** From any page: the header's "Sign in" link, then the sign-in form. Returns the status of the page after it. */
  async signIn(email: string): Promise<number> {
    if (this.page.url() === 'about:blank') await this.page.goto('/');
    await clickAndLoad(this.page, this.page.locator('header').getByRole('link', { name: this.t('layout.signIn'), exact: true }));
    await this.fill(this.t('field.email'), email);
    await this.fill(this.t('field.password'), PASSWORD);
    return this.press(this.t('login.submit'));
  }

  async signOut(): Promise<void> {
    await clickAndLoad(this.page, this.page.locator('header').getByRole('button', { name: this.t('layout.signOut'), exact: true }));
  }
}

/**
 * Screenshots each page at both widths and runs axeCheck on it at both widths, remembering the
 * violations instead of stopping the journey at the first one: one test at the end asserts there were
 * none. At the narrow width it also notes whether the page needs horizontal scrolling (WCAG 1.4.10
 * Reflow, which axe does not test), and which elements stick out.
 */
export class PageAudit {
  readonly violations = new Map<string, string>();
  readonly overflow = new Map<string, string>();
  readonly pages: string[] = [];

  constructor(private readonly prefix: string) {}

  async check(page: Page, name: string): Promise<void> {
    const original = page.viewportSize() ?? { width: WIDE, height: 900 };
    await page.setViewportSize({ width: WIDE, height: original.height });
    await screenshot(page, `${this.prefix}-${name}-${WIDE}`);
    await page.setViewportSize({ width: NARROW, height: original.height });
    await screenshot(page, `${this.prefix}-${name}-${NARROW}`);
    const reflow = await horizontalOverflow(page);
    if (reflow) this.overflow.set(name, reflow);
    await page.setViewportSize({ width: WIDE, height: original.height });
    try {
      await axeCheck(page, { widths: [WIDE, NARROW] });
    } catch (error) {
      this.violations.set(name, error instanceof Error ? error.message : String(error));
    }
    await page.setViewportSize(original);
    this.pages.push(name);
  }
}

/** The few DOM members the overflow check reads (the project compiles without the DOM library). */
interface BoxElement {
  tagName: string;
  id: string;
  className: unknown;
  parentElement: BoxElement | null;
  getBoundingClientRect(): { right: number };
}

/**
 * Undefined when the page fits its viewport's width; otherwise how wide it is and the outermost
 * elements that stick out (not counting those inside a container that scrolls or clips them).
 */
export async function horizontalOverflow(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const win = globalThis as unknown as {
      document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelectorAll(s: string): ArrayLike<BoxElement> };
      getComputedStyle(el: BoxElement): { overflowX: string };
    };
    const { scrollWidth, clientWidth } = win.document.documentElement;
    if (scrollWidth <= clientWidth) return undefined;
    const sticksOut = (el: BoxElement) => el.getBoundingClientRect().right > clientWidth + 1;
    const clipped = (el: BoxElement): boolean => {
      for (let up = el.parentElement; up; up = up.parentElement) if (win.getComputedStyle(up).overflowX !== 'visible') return true;
      return false;
    };
    const culprits = Array.from(win.document.querySelectorAll('body *'))
      .filter((el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)) && !clipped(el))
      .map((el) => {
        const classes = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes} (right edge at ${Math.round(el.getBoundingClientRect().right)} px)`;
      });
    return `${scrollWidth} px wide in a ${clientWidth} px viewport: ${culprits.join(', ')}`;
  });
}

let tradeNames = 0;
/** A trade name no other application in this test database uses: 2 to 10 Chinese characters, no digits. */
export function uniqueTradeName(stem: string): string {
  tradeNames += 1;
  return `${stem}${String(tradeNames)
    .split('')
    .map((d) => '零一二三四五六七八九'[Number(d)])
    .join('')}`;
}

/** A complete, submitted application put in the queue over HTTP (not the journey under test). */
export async function submittedApplication(
  test: TestPortal,
  tradeName: string,
): Promise<{ id: string; reference: string; applicant: BrowserClient }> {
  const { client } = await signedIn(test, 'applicant');
  await client.get('/applications');
  const id = applicationIdFrom((await client.post('/applications', { _csrf: client.lastCsrf })).location);
  await completeApplication(client, id, tradeName);
  await client.get(`/applications/${id}/check-answers`);
  const done = await client.post(`/applications/${id}/submit`, { _csrf: client.lastCsrf, declaration: 'yes' });
  if (done.status !== 303 || !done.location) throw new Error(`submit answered ${done.status}`);
  const confirmation = await client.get(done.location);
  const reference = /class="app-panel__reference">([^<]+)</.exec(confirmation.html)?.[1];
  if (!reference) throw new Error('No reference on the confirmation page');
  return { id, reference, applicant: client };
}
