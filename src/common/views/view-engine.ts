import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Handlebars, { type HelperOptions, type TemplateDelegate } from 'handlebars';
import { SUPPORTED_LOCALES, type Locale } from '../../config/app-config';
import { PROJECT_ROOT } from '../project-root';
import { isLocale, translate } from '../i18n/i18n';

export const VIEWS_DIR = join(PROJECT_ROOT, 'views');
const DEFAULT_LAYOUT = 'layouts/main';

/**
 * The pages' template engine: Handlebars, with each template compiled once per language.
 *
 * Why not hbs: most of a page's text is a fixed `{{t "key"}}` (or `(t "key")` passed to a partial), each
 * translated again on every render (Handlebars and the translations were about a tenth of a public page's
 * CPU in the bench's profile). Here those are replaced, before
 * compiling, by the language's text (escaped exactly as `{{…}}` would escape it), so a page in Chinese
 * is compiled from a Chinese template. What stays a helper call: keys that are not a literal, calls with
 * parameters, and texts that contain `{`, `"` or `\` (which could not be written safely into a template).
 * Each language has its own Handlebars environment, so its partials are translated the same way.
 */
class LocalisedTemplates {
  private readonly environments = new Map<Locale, typeof Handlebars>();
  private readonly compiled = new Map<string, TemplateDelegate>();

  constructor(private readonly viewsDir: string) {
    for (const locale of SUPPORTED_LOCALES) {
      const environment = Handlebars.create();
      registerHelpers(environment);
      const partialsDir = join(viewsDir, 'partials');
      for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
        const source = readFileSync(join(partialsDir, file), 'utf8');
        environment.registerPartial(basename(file, '.hbs'), environment.compile(inlineTranslations(source, locale), COMPILE_OPTIONS));
      }
      this.environments.set(locale, environment);
    }
  }

  /** The compiled template of a view file in a language; kept when `cache` (production), else re-read. */
  template(file: string, locale: Locale, cache: boolean): TemplateDelegate {
    const key = `${locale}\u0000${file}`;
    const known = cache ? this.compiled.get(key) : undefined;
    if (known) return known;
    const environment = this.environments.get(locale)!;
    const template = environment.compile(inlineTranslations(readFileSync(file, 'utf8'), locale), COMPILE_OPTIONS);
    if (cache) this.compiled.set(key, template);
    return template;
  }

  /** Express's engine signature: renders the view, then the layout around it (as hbs did). */
  render(file: string, options: RenderOptions, done: (error: unknown, html?: string) => void): void {
    try {
      const locale = isLocale(options.locale) ? options.locale : 'en';
      const cache = options.cache === true;
      const body = this.template(file, locale, cache)(options, RUNTIME_OPTIONS);
      const layout = options.layout === undefined ? (options.settings?.['view options']?.layout ?? DEFAULT_LAYOUT) : options.layout;
      if (!layout) {
        done(null, body);
        return;
      }
      const layoutFile = join(this.viewsDir, extname(layout) ? layout : `${layout}.hbs`);
      options.body = body;
      done(null, this.template(layoutFile, locale, cache)(options, RUNTIME_OPTIONS));
    } catch (error) {
      if (error instanceof Error) error.message = `${file}: ${error.message}`;
      done(error);
    }
  }
}

interface RenderOptions {
  locale?: unknown;
  cache?: boolean;
  layout?: string | false;
  body?: string;
  settings?: { 'view options'?: { layout?: string | false } };
  [key: string]: unknown;
}

/**
 * Templates are compiled knowing every helper there is (registerHelpers' and Handlebars' own): `{{name}}`
 * then compiles to a plain property read instead of "a helper of that name, else the property" on every
 * render, and a template that calls an unknown helper fails to compile (the view engine's spec compiles
 * every template) instead of rendering nothing. The names are read from an environment the helpers were
 * registered in, so the list cannot drift from them.
 */
export const COMPILE_OPTIONS: Parameters<typeof Handlebars.compile>[1] = {
  knownHelpers: Object.fromEntries(Object.keys(withHelpers(Handlebars.create()).helpers).map((name) => [name, true])),
  knownHelpersOnly: true,
  // A partial called on a line of its own would otherwise have every line of its output indented like
  // the call, values included: a several-line answer shown again in a textarea gained spaces at the start
  // of each line, and kept them when saved again (and it split and joined every such partial's output).
  preventIndent: true,
};

// As hbs rendered: view models may be class instances whose getters the templates read.
const RUNTIME_OPTIONS: Handlebars.RuntimeOptions = { allowProtoMethodsByDefault: true, allowProtoPropertiesByDefault: true };

const STATIC_MUSTACHE = /(?<!\{)\{\{t\s+"([^"\\]+)"\s*\}\}(?!\})/g;
const STATIC_SUBEXPRESSION = /\(t\s+"([^"\\]+)"\s*\)/g;

/** The template with its fixed translations written in (see LocalisedTemplates). */
export function inlineTranslations(source: string, locale: Locale): string {
  const writable = (text: string) => !/[{}"\\]/.test(text);
  return source
    .replace(STATIC_MUSTACHE, (call, key: string) => {
      const text = translate(locale, key);
      return writable(text) ? Handlebars.escapeExpression(text) : call;
    })
    .replace(STATIC_SUBEXPRESSION, (call, key: string) => {
      const text = translate(locale, key);
      return writable(text) ? `"${text}"` : call;
    });
}

function withHelpers(environment: typeof Handlebars): typeof Handlebars {
  registerHelpers(environment);
  return environment;
}

function registerHelpers(environment: typeof Handlebars): void {
  environment.registerHelper('t', (key: unknown, options: HelperOptions) => {
    const locale = (options.data as { root?: { locale?: unknown } }).root?.locale;
    return translate(isLocale(locale) ? locale : 'en', String(key), options.hash as Record<string, unknown>);
  });
  environment.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  environment.registerHelper('not', (a: unknown) => !a);
  environment.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  environment.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  environment.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  environment.registerHelper('json', (value: unknown) => new environment.SafeString(JSON.stringify(value ?? null)));
  environment.registerHelper('lookupError', (errors: unknown, field: unknown) =>
    errors && typeof errors === 'object' ? (errors as Record<string, string>)[String(field)] : undefined,
  );
  environment.registerHelper('formatDate', (value: unknown, options: HelperOptions) => {
    const locale = (options.data as { root?: { locale?: string } }).root?.locale;
    return value instanceof Date ? formatDateTime(value, locale === 'zh-CN' ? 'zh-CN' : 'en') : '';
  });
}

// Building an Intl.DateTimeFormat costs ~100 times formatting with one (it loads locale data): the review
// queue and dashboards format a date per row, so one formatter per locale is made once and kept.
export const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};
const DATE_TIME_FORMATS = {
  en: new Intl.DateTimeFormat('en-GB', DATE_TIME_OPTIONS),
  'zh-CN': new Intl.DateTimeFormat('zh-CN', DATE_TIME_OPTIONS),
};

// Formatting is still ~3 µs a date, and the review queue shows the same submissions' times on every view:
// the texts are kept per minute (the format shows no seconds), a bounded number of them.
const FORMATTED_MINUTES = { en: new Map<number, string>(), 'zh-CN': new Map<number, string>() };
const MAX_FORMATTED_MINUTES = 10_000;

/** "27 November 2026 14:05" / "2026年11月27日 14:05", in the authority's time zone. */
export function formatDateTime(date: Date, locale: 'en' | 'zh-CN'): string {
  const language = locale === 'zh-CN' ? 'zh-CN' : 'en';
  const minute = Math.floor(date.getTime() / 60_000);
  const known = FORMATTED_MINUTES[language];
  let text = known.get(minute);
  if (text === undefined) {
    text = DATE_TIME_FORMATS[language].format(date);
    if (Number.isNaN(minute)) return text;
    if (known.size >= MAX_FORMATTED_MINUTES) known.clear();
    known.set(minute, text);
  }
  return text;
}

export function configureViews(app: NestExpressApplication, production: boolean): void {
  const templates = new LocalisedTemplates(VIEWS_DIR);
  app.engine('hbs', (file: string, options: object, done: (error: unknown, html?: string) => void) =>
    templates.render(file, options as RenderOptions, done),
  );
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  app.set('view options', { layout: DEFAULT_LAYOUT });
  // Express caches the view lookups, and the engine the compiled templates, only in production mode.
  app.set('view cache', production);
}
