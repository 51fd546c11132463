import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUPPORTED_LOCALES, type Locale } from '../../config/app-config';
import { PROJECT_ROOT } from '../project-root';

export type Catalogue = Readonly<Record<string, string>>;

const CATALOGUE_DIR = join(PROJECT_ROOT, 'src', 'common', 'i18n', 'catalog');

/** Every JSON file of a locale's folder merged; each module keeps its own strings in its own file. */
function loadCatalogue(locale: Locale): Catalogue {
  const dir = join(CATALOGUE_DIR, locale);
  const merged: Record<string, string> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const entries = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>;
    for (const [key, value] of Object.entries(entries)) {
      if (key in merged) throw new Error(`Translation key ${key} is defined twice (${locale}/${file})`);
      merged[key] = value;
    }
  }
  return merged;
}

const catalogues = new Map<Locale, Catalogue>(SUPPORTED_LOCALES.map((l) => [l, loadCatalogue(l)]));

export function catalogue(locale: Locale): Catalogue {
  return catalogues.get(locale) ?? {};
}

/**
 * Translates a key, substituting `{name}` parameters. A missing key falls back to English and then to
 * the key itself, so a gap shows up on the page (and in the catalogue test) instead of an empty string.
 */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = catalogue(locale)[key] ?? catalogue('en')[key] ?? key;
  // Most strings have no parameters: skip the scan (translate runs dozens of times per page).
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : match;
  });
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

// Browsers send a handful of distinct Accept-Language headers, each on every request: remember the answer
// for the last few hundred (cleared when full, so varied headers cannot grow it without bound).
const KNOWN_HEADERS_MAX = 500;
const knownHeaders = new Map<string, Locale | undefined>();

/** Picks the best supported locale from an Accept-Language header (q-values honoured). */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  if (knownHeaders.has(header)) return knownHeaders.get(header);
  const locale = parseAcceptLanguage(header);
  if (knownHeaders.size >= KNOWN_HEADERS_MAX) knownHeaders.clear();
  knownHeaders.set(header, locale);
  return locale;
}

function parseAcceptLanguage(header: string): Locale | undefined {
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return undefined;
}

/**
 * The page's language: the language switch's choice (its cookie), then the account's preference, then
 * the browser's Accept-Language, then the portal's default.
 */
export function resolveLocale(chosen: unknown, accountLocale: unknown, acceptLanguage: string | undefined, fallback: Locale): Locale {
  if (isLocale(chosen)) return chosen;
  if (isLocale(accountLocale)) return accountLocale;
  return localeFromAcceptLanguage(acceptLanguage) ?? fallback;
}
