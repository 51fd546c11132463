/**
 * About 49,000 passwords seen most often in breaches, from zxcvbn-ts's common-language dictionary.
 * Loaded once, lazily: the list is only needed when someone chooses a password.
 */
let cache: ReadonlySet<string> | undefined;

export function commonPasswords(): ReadonlySet<string> {
  if (!cache) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a data package without types, loaded on first use
    const { dictionary } = require('@zxcvbn-ts/language-common') as { dictionary: Record<string, string[]> };
    cache = new Set((dictionary['passwords-common'] ?? []).map((p) => p.toLowerCase()));
  }
  return cache;
}
