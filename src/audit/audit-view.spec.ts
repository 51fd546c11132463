import { csvCell, csvNumber } from './audit-view';

describe('csvCell', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+86 411')).toBe("'+86 411");
    expect(csvCell('-25')).toBe("'-25");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('quotes text with a comma, a quote or a line break, and leaves other text alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('批发和零售业')).toBe('批发和零售业');
    expect(csvCell('2016-09-30')).toBe('2016-09-30');
    expect(csvCell(null)).toBe('');
  });

  it('writes a number as a number, a negative one included', () => {
    expect(csvCell(-25)).toBe('-25');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(14592)).toBe('14592');
    expect(csvCell(-0.5)).toBe('-0.5');
  });
});

describe('csvNumber', () => {
  it('writes the number, to the decimals asked for', () => {
    expect(csvNumber(71, 1)).toBe('71.0');
    expect(csvNumber(-25, 1)).toBe('-25.0');
    expect(csvNumber(26.333333333333332, 1)).toBe('26.3');
    expect(csvNumber(47.96, 1)).toBe('48.0');
    expect(csvNumber(7310)).toBe('7310');
    expect(csvNumber(-3)).toBe('-3');
  });

  it('leaves a missing figure empty and refuses what is not a number', () => {
    expect(csvNumber(null)).toBe('');
    expect(csvNumber(null, 1)).toBe('');
    expect(() => csvNumber(Number.NaN)).toThrow(RangeError);
    expect(() => csvNumber(Number.POSITIVE_INFINITY, 1)).toThrow(RangeError);
  });
});
