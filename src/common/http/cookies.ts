/** The language switch's choice. */
export const LOCALE_COOKIE = 'lang';
/** The session's id (signed); whoever sends it may be signed in. */
export const SESSION_COOKIE = 'portal.sid';
