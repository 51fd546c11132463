import { SYSTEM_ACTOR } from '../../src/audit/audit.service';
import { CreateAccountService } from '../../src/auth/create-account.service';
import type { Role } from '../../src/auth/domain/role';
import { BrowserClient } from './browser-client';
import type { TestPortal } from './test-portal';

export const PASSWORD = 'harbour lantern 1984 kite';

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${process.pid}.${Date.now()}.${counter}@example.cn`;
}

/** Creates an account through the same service the CLI uses. */
export async function createAccount(test: TestPortal, role: Role, email = uniqueEmail(role)): Promise<{ id: string; email: string }> {
  const account = await test.portal.app
    .get(CreateAccountService)
    .create(SYSTEM_ACTOR, { email, password: PASSWORD, role, name: `Test ${role}` });
  return { id: account.id, email: account.email };
}

/** A new account of the role, signed in; `headers` go with every request (behind TRUST_PROXY: X-Forwarded-Proto). */
export async function signedIn(
  test: TestPortal,
  role: Role,
  headers?: Record<string, string>,
): Promise<{ client: BrowserClient; id: string; email: string }> {
  const account = await createAccount(test, role);
  const client = new BrowserClient(test.baseUrl, headers);
  const page = await client.submit('/login', '/login', { email: account.email, password: PASSWORD });
  if (page.status !== 303) throw new Error(`Sign-in failed with ${page.status}`);
  return { client, ...account };
}
