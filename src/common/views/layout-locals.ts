import type { AppConfig, Locale } from '../../config/app-config';
import { APP_VERSION } from '../project-root';

/**
 * What the layout needs on every page, signed in or not: the language, the page's own address (for the
 * language switch to come back to), the version and the authority's name. Set by the request pipeline as
 * soon as it knows the language (or by its early error answers), and by the public lane alike.
 */
export function layoutLocals(locale: Locale, pageAddress: string, config: AppConfig) {
  return {
    locale,
    currentPath: encodeURIComponent(pageAddress),
    appVersion: APP_VERSION,
    authorityName: locale === 'zh-CN' ? config.authority.nameZh : config.authority.name,
  };
}
