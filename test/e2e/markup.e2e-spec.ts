/**
 * Every page of the portal is valid HTML, in English and in Chinese: each page is fetched over real HTTP
 * from the real portal (signed in as the role that sees it, in the state that shows its parts: empty,
 * filled in, with validation errors, returned, decided) and checked with html-validate's recommended
 * rules (test/support/html-validate.ts). A failure names the page, the language, the rule and the line.
 */
import { catalogue } from '../../src/common/i18n/i18n';
import type { Page } from '../support/browser-client';
import { describeProblem, markupProblems } from '../support/html-validate';
import { buildWorld, fetchAllPages, LOCALES, PAGES, type World } from '../support/page-catalogue';
import { startTestPortal } from '../support/test-portal';

jest.setTimeout(180_000);

let world: World;
let fetched: Map<string, Page>;

beforeAll(async () => {
  world = await buildWorld(await startTestPortal({ LOGIN_ATTEMPTS_PER_MINUTE: '10000' }));
  fetched = await fetchAllPages(world);
});

afterAll(async () => {
  await world?.test.close();
});

describe('the markup check', () => {
  it('finds what makes a page invalid: a duplicate id, a block inside a list, an unlabelled field', async () => {
    const html = fetched
      .get('en home')!
      .html.replace('<main ', '<ul><div>block</div></ul><input type="text" name="unlabelled" id="main-content"><main ');
    const rules = (await markupProblems(html, 'tampered home')).map((p) => p.rule);
    expect(rules).toEqual(expect.arrayContaining(['no-dup-id', 'element-permitted-content', 'input-missing-label']));
  });
});

describe.each(LOCALES)('pages in %s', (locale) => {
  it.each(PAGES.map((p) => [p.name, p.status] as const))('%s (HTTP %d) is valid HTML', async (name, status) => {
    const page = fetched.get(`${locale} ${name}`)!;
    expect({ page: name, status: page.status }).toEqual({ page: name, status });
    expect({ page: name, lang: /<html lang="([^"]+)"/.exec(page.html)?.[1] }).toEqual({ page: name, lang: locale });
    const problems = await markupProblems(page.html, `${locale} ${name}`);
    expect(problems.map((p) => describeProblem(`${name} (${locale})`, p))).toEqual([]);
    expect({ page: name, unfilled: unfilledTexts(page.html) }).toEqual({ page: name, unfilled: [] });
  });
});

describe('the unfilled-text check', () => {
  it("finds a parameter left in a text and a key shown instead of its text, not a script's own template", () => {
    expect(unfilledTexts('<p class="app-footer__version">Version {version}</p><a aria-label="nav.review">x</a>')).toEqual([
      '{version}',
      'nav.review',
    ]);
    expect(unfilledTexts('<div data-i18n-over="You have {count} characters too many">')).toEqual([]);
  });
});

const KEYS = new Set(Object.keys(catalogue('en')));

/**
 * What a page shows that the catalogue did not fill in: a `{parameter}` the render was not given (translate
 * leaves it as it is), or a key with no text (translate shows the key). The pages' data has no braces, and
 * no text or attribute is meant to be a key.
 */
function unfilledTexts(page: string): string[] {
  // The character count's texts for its script keep their `{count}` on purpose: the script fills it in.
  const html = page.replace(/ data-i18n-[\w-]+="[^"]*"/g, '');
  const parameters = [...html.matchAll(/\{[a-zA-Z]\w*\}/g)].map((m) => m[0]);
  const keys = [...html.matchAll(/(?:>|=")\s*([a-zA-Z][\w-]*(?:\.[\w-]+)+)\s*(?:<|")/g)].map((m) => m[1]).filter((text) => KEYS.has(text));
  return [...parameters, ...keys];
}
