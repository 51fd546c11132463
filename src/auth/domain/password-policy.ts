export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase; bounded so hashing cost cannot be abused. */
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = 'missing' | 'too_short' | 'too_long' | 'common' | 'contains_email' | 'one_character';

export interface PasswordContext {
  email?: string;
  /** Lower-case common passwords. */
  commonPasswords: ReadonlySet<string>;
}

/**
 * NIST SP 800-63B style: length and a block-list, no composition rules. A common password padded with
 * digits or symbols ("password12345!") is as weak as the word itself, so it is refused too.
 */
export function checkPassword(password: string, context: PasswordContext): PasswordProblem | undefined {
  if (password.length === 0) return 'missing';
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (new Set(password).size === 1) return 'one_character';
  const lower = password.toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (context.commonPasswords.has(lower) || (core.length > 0 && context.commonPasswords.has(core))) return 'common';
  const localPart = context.email?.toLowerCase().split('@')[0] ?? '';
  if (localPart.length >= 4 && lower.includes(localPart)) return 'contains_email';
  return undefined;
}
