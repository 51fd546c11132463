import { plainToInstance, Transform } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import type { Translator } from '../http/request-context';
import { normaliseLineBreaks } from '../text/line-breaks';
import { containsUnsafeCharacters, removeUnsafeCharacters } from '../text/unsafe-characters';

export interface FieldError {
  /** The input's id, so the error summary can link to it. */
  field: string;
  message: string;
}

export interface FormResult<T> {
  value: T;
  errors: FieldError[];
}

/**
 * Validates a submitted form against its DTO. Validation messages are translation keys, so the page
 * speaks the reader's language; only the first problem of each field is reported, in the DTO's order.
 */
export async function validateForm<T extends object>(dto: new () => T, body: unknown, t: Translator): Promise<FormResult<T>> {
  // Forms are flat: only primitive values are read, so a crafted object ({"constructor": …}) never reaches
  // class-transformer.
  const plain =
    body !== null && typeof body === 'object' && !Array.isArray(body)
      ? Object.fromEntries(Object.entries(body).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v)))
      : {};
  const value = plainToInstance(dto, plain);
  const problems = await validate(value, { stopAtFirstError: true, forbidUnknownValues: false });
  // Control characters are refused for every text field, in one place, so no form can store them; that
  // problem replaces whatever else the field's own rules said, since it is the one to fix first.
  // Only the form's own fields count: anything else posted is ignored, as it always was.
  const fields = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((m) => m.propertyName),
  );
  const unsafe = new Set(
    Object.entries(plain).flatMap(([field, v]) =>
      fields.has(field) && typeof v === 'string' && containsUnsafeCharacters(v) ? [field] : [],
    ),
  );
  const errors = [
    ...problems
      .filter((problem) => !unsafe.has(problem.property))
      .map((problem) => ({
        field: problem.property,
        message: translateProblem(Object.values(problem.constraints ?? {})[0] ?? 'validation.invalid', t),
      })),
    ...[...unsafe].map((field) => ({ field, message: t('validation.unsafe_characters') })),
  ];
  if (unsafe.size === 0) return { value, errors };
  // The field comes back without them: the message says so, and the person checks what is left.
  const answers = value as Record<string, unknown>;
  for (const field of unsafe) {
    const typed = answers[field];
    if (typeof typed === 'string') answers[field] = removeUnsafeCharacters(typed);
  }
  // Browsers post fields in the page's order; the summary follows it (fields never posted keep the DTO's order, last).
  const position = (field: string) => {
    const i = Object.keys(plain).indexOf(field);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  errors.sort((a, b) => position(a.field) - position(b.field));
  return { value, errors };
}

/** Messages are keys, optionally with parameters: "validation.identity.wrong_check_character?expected=X". */
export function translateProblem(message: string, t: Translator): string {
  const [key = message, query] = message.split('?');
  return t(key, query ? Object.fromEntries(new URLSearchParams(query)) : {});
}

/** field → message, for the message above each field. */
/**
 * The message to show at each field: all of its problems, in the summary's order (the summary lists each;
 * showing only one at the field, as before, left the others unexplained where the reader looks).
 */
export function fieldErrors(errors: FieldError[]): Record<string, string> {
  const byField = new Map<string, string[]>();
  for (const { field, message } of errors) {
    const messages = byField.get(field) ?? [];
    if (!messages.includes(message)) messages.push(message);
    byField.set(field, messages);
  }
  return Object.fromEntries(
    [...byField].map(([field, messages]) => [field, messages.join(/\p{Script=Han}/u.test(messages[0]) ? '；' : '; ')]),
  );
}

/**
 * Trims strings (and turns anything else into an empty string), as every text field should be; a
 * textarea's line breaks become one line feed each (see normaliseLineBreaks).
 */
export const TrimmedString = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseLineBreaks(value).trim() : ''));

/** Like TrimmedString but keeps the value as typed: passwords may begin or end with spaces. */
export const RawString = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value : ''));
