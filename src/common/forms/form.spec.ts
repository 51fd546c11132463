import { fieldErrors } from './form';

describe('fieldErrors', () => {
  it.each([
    [
      'one problem a field',
      [
        { field: 'a', message: 'Enter a' },
        { field: 'b', message: 'Enter b' },
      ],
      { a: 'Enter a', b: 'Enter b' },
    ],
    [
      'every problem of a field, in order, once',
      [
        { field: 'tradeName', message: 'Too short' },
        { field: 'tradeName', message: 'No digits' },
        { field: 'tradeName', message: 'Too short' },
      ],
      { tradeName: 'Too short; No digits' },
    ],
    [
      'Chinese messages joined the Chinese way',
      [
        { field: 'tradeName', message: '字号至少应有2个汉字' },
        { field: 'tradeName', message: '字号不得含有数字' },
      ],
      { tradeName: '字号至少应有2个汉字；字号不得含有数字' },
    ],
    ['none', [], {}],
  ])('%s', (_name, errors, expected) => {
    expect(fieldErrors(errors)).toEqual(expected);
  });
});
