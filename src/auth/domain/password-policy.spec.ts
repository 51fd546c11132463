import fc from 'fast-check';
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';

const commonPasswords = new Set(['password', 'qwerty', 'iloveyou', 'passwordpassword']);
const check = (password: string, email?: string) => checkPassword(password, { commonPasswords, email });

describe('checkPassword', () => {
  it.each([
    ['', 'missing'],
    ['short', 'too_short'],
    ['elevenchars', 'too_short'],
    ['a'.repeat(PASSWORD_MAX_LENGTH + 1), 'too_long'],
    ['zzzzzzzzzzzzzz', 'one_character'],
    ['passwordpassword', 'common'],
    ['PasswordPassword', 'common'],
    ['1234password5678', 'common'],
    ['!!qwerty!!2024', 'common'],
    ['wang.wei-secret-2026', 'contains_email'],
  ])('refuses %j as %s', (password, problem) => {
    expect(check(password, 'wang.wei@example.cn')).toBe(problem);
  });

  it.each(['correct horse battery', 'Dalian-harbour-1984', '大连保税区的企业登记密码'])('accepts %j', (password) => {
    expect(check(password, 'someone@example.cn')).toBeUndefined();
  });

  it('counts characters, not UTF-16 units, for the minimum length', () => {
    expect(check('😀'.repeat(PASSWORD_MIN_LENGTH - 1))).toBe('too_short');
    expect(check('😀😁'.repeat(PASSWORD_MIN_LENGTH / 2))).toBeUndefined();
  });

  it('accepts every long enough password made of uncommon varied characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: PASSWORD_MIN_LENGTH, maxLength: 64, unit: 'grapheme-ascii' }), (password) => {
        fc.pre(new Set(password).size > 1 && /[a-z]{3,}/i.test(password) === false);
        return check(password) === undefined;
      }),
    );
  });
});
