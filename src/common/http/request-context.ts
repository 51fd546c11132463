import type { Locale } from '../../config/app-config';
import type { Role } from '../../auth/domain/role';

export type Translator = (key: string, params?: Record<string, unknown>) => string;

/** What the session remembers about the signed-in person, reloaded from the database on each request. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string | null;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      locale: Locale;
      t: Translator;
    }
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

declare module 'express-session' {
  interface SessionData {
    /** When the person signed in (ms since epoch): for the absolute session timeout. */
    signedInAt?: number;
    /** When the session row's expiry was last moved on (ms since epoch): see keepSessionAlive. */
    seenAt?: number;
    /** Set once a CSRF token was issued, so the anonymous session (and its id) is kept. */
    csrf?: true;
    flash?: { type: 'success' | 'important'; message: string };
  }
}
