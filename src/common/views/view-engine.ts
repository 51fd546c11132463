import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { HelperOptions } from 'handlebars';
import { PROJECT_ROOT } from '../project-root';
import { isLocale, translate } from '../i18n/i18n';

export const VIEWS_DIR = join(PROJECT_ROOT, 'views');

// hbs is CommonJS without types for its registerPartials callback.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hbs = require('hbs') as {
  registerHelper(name: string, fn: (...args: unknown[]) => unknown): void;
  registerPartials(dir: string, options: { rename: (name: string) => string }, done: (error?: Error) => void): void;
  handlebars: typeof import('handlebars');
};

let helpersRegistered: Promise<void> | undefined;

/** Registers helpers and partials once per process; partials are read asynchronously, so await it. */
export function registerViewHelpers(): Promise<void> {
  helpersRegistered ??= new Promise<void>((resolve, reject) => {
    hbs.registerHelper('t', (key: unknown, options: unknown) => {
      const { data, hash } = options as { data: { root?: { locale?: unknown } }; hash: Record<string, unknown> };
      const locale = data.root?.locale;
      return translate(isLocale(locale) ? locale : 'en', String(key), hash);
    });
    hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    hbs.registerHelper('not', (a: unknown) => !a);
    hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
    hbs.registerHelper('json', (value: unknown) => new hbs.handlebars.SafeString(JSON.stringify(value ?? null)));
    hbs.registerHelper('lookupError', (errors: unknown, field: unknown) =>
      errors && typeof errors === 'object' ? (errors as Record<string, string>)[String(field)] : undefined,
    );
    hbs.registerHelper('formatDate', (value: unknown, options: unknown) => {
      const locale = ((options as HelperOptions).data as { root?: { locale?: string } }).root?.locale;
      return value instanceof Date ? formatDateTime(value, locale === 'zh-CN' ? 'zh-CN' : 'en') : '';
    });
    // Keep file names as partial names (hbs would turn dashes into underscores).
    hbs.registerPartials(join(VIEWS_DIR, 'partials'), { rename: (name) => name }, (error) => (error ? reject(error) : resolve()));
  });
  return helpersRegistered;
}

// Building an Intl.DateTimeFormat costs ~100 times formatting with one (it loads locale data): the review
// queue and dashboards format a date per row, so one formatter per locale is made once and kept.
const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
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

/** "27 November 2026 14:05" / "2026年11月27日 14:05", in the authority's time zone. */
export function formatDateTime(date: Date, locale: 'en' | 'zh-CN'): string {
  return DATE_TIME_FORMATS[locale === 'zh-CN' ? 'zh-CN' : 'en'].format(date);
}

export async function configureViews(app: NestExpressApplication, production: boolean): Promise<void> {
  await registerViewHelpers();
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  // Express caches compiled templates only in production mode; rendering is ~2x slower without it.
  app.set('view cache', production);
}
