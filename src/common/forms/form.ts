import { plainToInstance, Transform } from 'class-transformer';
import { validate } from 'class-validator';
import type { Translator } from '../http/request-context';

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
  const errors = problems.map((problem) => ({
    field: problem.property,
    message: translateProblem(Object.values(problem.constraints ?? {})[0] ?? 'validation.invalid', t),
  }));
  return { value, errors };
}

/** Messages are keys, optionally with parameters: "validation.identity.wrong_check_character?expected=X". */
export function translateProblem(message: string, t: Translator): string {
  const [key = message, query] = message.split('?');
  return t(key, query ? Object.fromEntries(new URLSearchParams(query)) : {});
}

/** field → message, for the message above each field. */
export function fieldErrors(errors: FieldError[]): Record<string, string> {
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}

/** Trims strings (and turns anything else into an empty string), as every text field should be. */
export const TrimmedString = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : ''));

/** Like TrimmedString but keeps the value as typed: passwords may begin or end with spaces. */
export const RawString = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value : ''));
