import type { IncomingMessage } from 'node:http';
import connectPgSimple from 'connect-pg-simple';
import session, { type SessionData } from 'express-session';
import type { Pool } from 'pg';
import type { SessionUser } from '../common/http/request-context';
import { namedStatement, preparingPool } from '../database/prepared-statements';

const PgStore = connectPgSimple(session);

/** The signed-in person the session's read found, kept for the request until passport asks for them. */
const readWithSession = new WeakMap<IncomingMessage, { id: string; user: SessionUser | undefined }>();

/**
 * Reads a session and the active account it is signed in as in one statement. Every signed-in page needs
 * both, and on this machine a statement's round trip costs the portal and PostgreSQL more than the two
 * index lookups it runs (a socket write and read each side). Everything else is connect-pg-simple's.
 *
 * Why the account is read with the session rather than cached: disabling an account or changing its
 * role must take effect on the very next request, on every instance.
 */
export class SessionStore extends PgStore {
  private static readonly SQL = `
    SELECT s.sess, u.id, u.email, u.name, u.role, u.locale
      FROM session s
      LEFT JOIN user_account u
        ON u.id = CASE WHEN s.sess #>> '{passport,user}' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                       THEN (s.sess #>> '{passport,user}')::uuid END
       AND u.status = 'active'
     WHERE s.sid = $1 AND s.expire >= to_timestamp($2)`;

  constructor(
    private readonly sessionPool: Pool,
    options: Omit<ConstructorParameters<typeof PgStore>[0] & object, 'pool'>,
  ) {
    // connect-pg-simple's own statements (save, destroy, prune) run prepared too.
    super({ ...options, pool: preparingPool(sessionPool) as Pool });
  }

  override get(sid: string, done: (error: unknown, session?: SessionData | null) => void): void {
    type Row = { sess: (SessionData & { passport?: { user?: unknown } }) | string } & Partial<SessionUser>;
    this.sessionPool.query<Row>(namedStatement(SessionStore.SQL, [sid, Math.ceil(Date.now() / 1000)])).then(
      ({ rows: [row] }) => {
        if (!row) return done(null, null);
        let sess: SessionData & { passport?: { user?: unknown } };
        try {
          sess = typeof row.sess === 'string' ? (JSON.parse(row.sess) as typeof sess) : row.sess;
        } catch {
          // As connect-pg-simple does with a session it cannot read: it is ended.
          return this.destroy(sid, (error) => done(error));
        }
        const signedInAs = sess.passport?.user;
        const user = row.id ? { id: row.id, email: row.email!, name: row.name!, role: row.role!, locale: row.locale ?? null } : undefined;
        done(null, Object.assign(sess, { [SIGNED_IN_AS]: typeof signedInAs === 'string' ? { id: signedInAs, user } : undefined }));
      },
      (error: unknown) => done(error),
    );
  }

  override createSession(req: IncomingMessage, sess: SessionData): session.Session & Partial<SessionData> {
    const found = (sess as { [SIGNED_IN_AS]?: { id: string; user: SessionUser | undefined } })[SIGNED_IN_AS];
    if (found) readWithSession.set(req, found);
    delete (sess as { [SIGNED_IN_AS]?: unknown })[SIGNED_IN_AS];
    return super.createSession(req as Parameters<typeof PgStore.prototype.createSession>[0], sess);
  }
}

const SIGNED_IN_AS = Symbol('signed in as');

/**
 * The active account the request's session named when it was read (undefined inside: the account is
 * gone or disabled), or undefined when the session was not read with it (a session saved and read in this
 * request, or another id).
 */
export function accountReadWithSession(req: IncomingMessage, id: string): { user: SessionUser | undefined } | undefined {
  const found = readWithSession.get(req);
  return found?.id === id ? { user: found.user } : undefined;
}
