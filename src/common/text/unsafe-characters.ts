/**
 * Characters no answer, name or comment may contain: C0 and C1 control characters (NUL, BEL, ESC …) and DEL,
 * which a keyboard cannot type and which corrupt CSV exports, PDFs and terminals; and the Unicode
 * bidirectional overrides and isolates, which make stored text display differently from what it is
 * ("Trojan Source" style spoofing of a company name on a licence). Tab, line feed and carriage return are
 * ordinary text in a multi-line answer and stay allowed.
 */
const UNSAFE_CLASS = '[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]';
const UNSAFE = new RegExp(UNSAFE_CLASS, 'u');
const UNSAFE_ALL = new RegExp(UNSAFE_CLASS, 'gu');

export function containsUnsafeCharacters(text: string): boolean {
  return UNSAFE.test(text);
}

/** The text without them, to show back in the field so the person sees what can be kept. */
export function removeUnsafeCharacters(text: string): string {
  return text.replace(UNSAFE_ALL, '');
}
