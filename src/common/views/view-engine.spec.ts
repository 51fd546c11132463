import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { SUPPORTED_LOCALES } from '../../config/app-config';
import { translate } from '../i18n/i18n';
import { COMPILE_OPTIONS, DATE_TIME_OPTIONS, formatDateTime, inlineTranslations, VIEWS_DIR } from './view-engine';

function viewFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? viewFiles(join(dir, entry.name)) : entry.name.endsWith('.hbs') ? [join(dir, entry.name)] : [],
  );
}

/** An environment where `t` is a helper only, as hbs rendered before: the reference output. */
function referenceEnvironment(): typeof Handlebars {
  const environment = Handlebars.create();
  environment.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) =>
    translate((options.data as { root: { locale: 'en' | 'zh-CN' } }).root.locale, String(key), options.hash as Record<string, unknown>),
  );
  // Every other helper answers with its name, so the comparison sees where each is called.
  environment.registerHelper('helperMissing', (...args: unknown[]) => `[${(args.at(-1) as { name: string }).name}]`);
  environment.registerHelper('blockHelperMissing', () => '');
  environment.registerPartial('x', '');
  return environment;
}

describe('inlineTranslations', () => {
  it('writes a fixed key as its escaped text, and as a string literal where it is an argument', () => {
    const source = '<p>{{t "nav.signIn"}}</p>{{> button null text=(t "nav.signIn")}}';
    expect(inlineTranslations(source, 'en')).toBe(`<p>${translate('en', 'nav.signIn')}</p>{{> button null text="${translate('en', 'nav.signIn')}"}}`);
  });

  it('escapes the text as {{…}} would', () => {
    expect(inlineTranslations('{{t "no.such.key<&>"}}', 'en')).toBe('no.such.key&lt;&amp;&gt;');
  });

  it('leaves calls with parameters, dynamic keys and triple-stash calls to the helper', () => {
    for (const call of ['{{t "review.intro" days=slaDays}}', '{{t key}}', '{{{t "nav.signIn"}}}', '(t "review.intro" days=3)'])
      expect(inlineTranslations(call, 'zh-CN')).toBe(call);
  });

  it('leaves texts that could not be written into a template safely to the helper', () => {
    // A text with a placeholder is filled at render time; one with a quote would end the string literal.
    const withPlaceholder = 'review.sla.left';
    expect(translate('en', withPlaceholder)).toContain('{');
    expect(inlineTranslations(`{{t "${withPlaceholder}"}}`, 'en')).toBe(`{{t "${withPlaceholder}"}}`);
  });

  // Every template of the portal, in every language: the inlined template renders exactly what the
  // helper-only template renders (with no data, so the fixed texts are what the output holds).
  const files = viewFiles(VIEWS_DIR);
  it.each(files.flatMap((file) => SUPPORTED_LOCALES.map((locale) => [relative(VIEWS_DIR, file), locale] as const)))(
    '%s in %s renders the same text inlined as through the helper',
    (file, locale) => {
      const source = readFileSync(join(VIEWS_DIR, file), 'utf8').replace(/\{\{>\s*[\w-]+/g, '{{> x');
      const environment = referenceEnvironment();
      const render = (text: string) => environment.compile(text)({ locale }, { data: { root: { locale } } });
      expect(render(inlineTranslations(source, locale))).toBe(render(source));
    },
  );
});

describe('compiling with the known helpers only', () => {
  it.each(viewFiles(VIEWS_DIR).map((file) => relative(VIEWS_DIR, file)))('%s calls no helper the engine does not have', (file) => {
    for (const locale of SUPPORTED_LOCALES)
      expect(() => Handlebars.precompile(inlineTranslations(readFileSync(join(VIEWS_DIR, file), 'utf8'), locale), COMPILE_OPTIONS)).not.toThrow();
  });

  it('refuses a template that calls an unknown helper', () => {
    expect(() => Handlebars.precompile('{{shout name}}', COMPILE_OPTIONS)).toThrow(/unknown helper shout/);
    expect(() => Handlebars.precompile('{{> button text=(shout name)}}', COMPILE_OPTIONS)).toThrow(/unknown helper shout/);
  });

  it('still calls a function the page model holds (the CSRF token is one)', () => {
    const template = Handlebars.create().compile('<input value="{{csrfToken}}">', COMPILE_OPTIONS);
    expect(template({ csrfToken: () => 'a&b' })).toBe('<input value="a&amp;b">');
  });
});

describe('formatDateTime', () => {
  // Fresh formatters with the engine's options: what formatting answers without the engine's memory.
  const reference = { en: new Intl.DateTimeFormat('en-GB', DATE_TIME_OPTIONS), 'zh-CN': new Intl.DateTimeFormat('zh-CN', DATE_TIME_OPTIONS) };

  it.each([
    [new Date('2026-11-27T06:05:59.999Z'), 'en', '27 November 2026 at 14:05'],
    [new Date('2026-11-27T06:05:00.000Z'), 'zh-CN', '2026年11月27日 14:05'],
  ] as const)('%s in %s', (date, locale, expected) => {
    expect(formatDateTime(date, locale).replace(' at ', ' ')).toBe(expected.replace(' at ', ' '));
  });

  it('answers what a formatter answers, for any instant, first time and again (texts kept per minute)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom('en' as const, 'zh-CN' as const),
        (date, locale) => {
          const expected = reference[locale].format(date);
          expect(formatDateTime(date, locale)).toBe(expected);
          expect(formatDateTime(new Date(date.getTime()), locale)).toBe(expected);
        },
      ),
      { seed: 27, numRuns: 30_000 },
    );
  });
});
