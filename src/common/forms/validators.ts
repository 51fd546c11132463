import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { parseYuan } from '../../applications/domain/money';
import {
  ageOn,
  identifierProblemParams,
  normaliseIdentifier,
  validateCreditCode,
  validateResidentIdNumber,
} from '../../credit-codes/domain';

const ADULT_AGE = 18;

/**
 * Composed validators for the portal's own formats. Each failure message is a translation key, with
 * parameters after '?' in query-string form (validateForm translates it), so the page can say exactly what
 * is wrong: "The identity number's check character should be X".
 */
function rule(
  name: string,
  check: (value: unknown, args: ValidationArguments) => string | undefined,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    let lastProblem: string | undefined;
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          lastProblem = check(value, args);
          return lastProblem === undefined;
        },
        defaultMessage(args: ValidationArguments) {
          return check(args.value, args) ?? lastProblem ?? 'validation.invalid';
        },
      },
    });
  };
}

const withParams = (key: string, params: Record<string, string | number | undefined>): string => {
  const defined = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  return defined.length ? `${key}?${new URLSearchParams(defined.map(([k, v]): [string, string] => [k, String(v)])).toString()}` : key;
};

/**
 * A GB 11643 resident identity number, when the sibling document-type field says it is one; with `adult`,
 * of someone 18 or older (a legal representative or an officer must have full civil capacity: Civil Code
 * art. 17, Company Law art. 178), judged by the date of birth in the number.
 */
export function IsIdentityNumberFor(documentTypeProperty: string, options?: ValidationOptions & { adult?: boolean }): PropertyDecorator {
  const { adult = false, ...validationOptions } = options ?? {};
  return rule(
    'isIdentityNumberFor',
    (value, args) => {
      const text = typeof value === 'string' ? value : '';
      if (text === '') return 'validation.identity.missing';
      const type = (args.object as Record<string, unknown>)[documentTypeProperty];
      if (type !== 'resident_id') {
        if (text.length > 30) return 'validation.identity.tooLong';
        // Passports and the travel permits: letters and digits as printed (spaces and dashes aside).
        return /^[A-Za-z0-9]{5,20}$/.test(normaliseIdentifier(text)) ? undefined : 'validation.identity.otherFormat';
      }
      const result = validateResidentIdNumber(text);
      if (!result.valid) return withParams(`validation.identity.${result.reason}`, identifierProblemParams(result.number, result));
      const age = ageOn(result.birthDate);
      return adult && age < ADULT_AGE ? withParams('validation.identity.minor', { age }) : undefined;
    },
    validationOptions,
  );
}

export function IsCreditCode(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isCreditCode',
    (value) => {
      const text = typeof value === 'string' ? value : '';
      if (text === '') return 'validation.creditCode.missing';
      const result = validateCreditCode(text);
      return result.valid ? undefined : withParams(`validation.creditCode.${result.reason}`, identifierProblemParams(result.code, result));
    },
    options,
  );
}

/** An amount of yuan as people type it ("1,000,000", "¥250 000.50"). */
export function IsYuan(options?: ValidationOptions & { allowZero?: boolean }): PropertyDecorator {
  return rule(
    'isYuan',
    (value) => {
      const result = parseYuan(typeof value === 'string' ? value : '');
      if (!result.ok) return `validation.money.${result.reason}`;
      return result.fen === 0n && !options?.allowZero ? 'validation.money.zero' : undefined;
    },
    options,
  );
}

/**
 * A mainland mobile number, a landline with its area code, or a number abroad in international form
 * (+44 20 7946 0958: a foreign legal representative's). `whose`, on a form with several phone
 * numbers, names whose it is in the messages (`validation.phone.missing.<whose>`), so that four problems
 * on one page do not read as the same one four times.
 */
export function IsChinesePhone(options?: ValidationOptions & { whose?: string }): PropertyDecorator {
  const { whose, ...validationOptions } = options ?? {};
  const suffix = whose === undefined ? '' : `.${whose}`;
  return rule(
    'isChinesePhone',
    (value) => {
      const text = typeof value === 'string' ? value.replace(/[\s-]/g, '').replace(/^\+?86/, '') : '';
      if (text === '') return `validation.phone.missing${suffix}`;
      const international = typeof value === 'string' && /^\+(?!86)\d{8,15}$/.test(value.replace(/[\s-]/g, ''));
      return /^1[3-9]\d{9}$/.test(text) || /^0\d{9,11}$/.test(text) || international ? undefined : `validation.phone.format${suffix}`;
    },
    validationOptions,
  );
}
