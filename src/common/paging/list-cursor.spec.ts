import fc from 'fast-check';
import { keysetPage, listCursorFromQuery, nextPageHref, parseListCursor } from './list-cursor';

const ID = '0b6f3c5e-7a1d-4c2b-9e8f-1a2b3c4d5e6f';

describe('parseListCursor', () => {
  it.each([
    ['2026-11-27T09:30:01.123456Z', ID, true],
    ['2026-11-27T09:30:01.123Z', ID, true],
    ['2026-11-27T09:30:01Z', ID, true],
    ['2024-02-29T23:59:59.999999Z', ID, true],
    ['0001-01-01T00:00:00Z', ID, true],
    ['2026-11-27T09:30:01.1234567Z', ID, false],
    ['2026-11-27T09:30:01.123456', ID, false],
    ['2026-11-27T09:30:01.123456+08:00', ID, false],
    ['2026-11-27 09:30:01.123456Z', ID, false],
    ['2026-02-30T00:00:00Z', ID, false],
    ['2025-02-29T00:00:00Z', ID, false],
    ['2026-13-01T00:00:00Z', ID, false],
    ['2026-11-27T24:00:00Z', ID, false],
    ['2026-11-27T23:59:60Z', ID, false],
    ['0000-01-01T00:00:00Z', ID, false],
    ['Fri Nov 27 2026', ID, false],
    ['', ID, false],
    ['2026-11-27T09:30:01.123456Z', '', false],
    ['2026-11-27T09:30:01.123456Z', '-'.repeat(36), false],
    // PostgreSQL reads a uuid in either case.
    ['2026-11-27T09:30:01.123456Z', ID.toUpperCase(), true],
    ['2026-11-27T09:30:01.123456Z', `${ID}x`, false],
  ])('%j, %j → %s', (afterAt, afterId, valid) => {
    expect(parseListCursor(afterAt, afterId)).toEqual(valid ? { at: afterAt, id: afterId } : undefined);
  });

  it('takes back, unchanged, every time PostgreSQL writes into a link (microseconds included)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (date, micros) => {
          const text = `${date.toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
          expect(parseListCursor(text, ID)).toEqual({ at: text, id: ID });
        },
      ),
    );
  });

  it('never throws, whatever the link says', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (afterAt, afterId) => {
        expect(() => parseListCursor(afterAt, afterId)).not.toThrow();
      }),
    );
  });
});

describe('keysetPage', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `id-${i}`, cursor: `2026-11-27T09:30:0${i}.000001Z` }));

  it.each([
    [0, 3, 0, undefined],
    [2, 3, 2, undefined],
    [3, 3, 3, undefined],
    [4, 3, 3, { at: '2026-11-27T09:30:02.000001Z', id: 'id-2' }],
  ])('%i rows for a page of %i: %i shown, next %j', (found, limit, shown, next) => {
    const page = keysetPage(rows(found), limit);
    expect(page.rows).toEqual(rows(found).slice(0, shown));
    expect(page.next).toEqual(next);
  });
});

describe('next-page links', () => {
  it('carry the cursor and the kept filter, and give the same cursor back', () => {
    const cursor = { at: '2026-11-27T09:30:01.123456Z', id: ID };
    const href = nextPageHref('/review', cursor, { status: 'submitted', q: 'a&b' });
    const query = Object.fromEntries(new URL(href, 'https://portal.example').searchParams);
    expect(href.startsWith('/review?')).toBe(true);
    expect(query).toEqual({ status: 'submitted', q: 'a&b', afterAt: cursor.at, afterId: ID });
    expect(listCursorFromQuery(query)).toEqual(cursor);
  });

  it('read as the first page when the query is not a cursor', () => {
    expect(listCursorFromQuery({})).toBeUndefined();
    expect(listCursorFromQuery({ afterAt: ['2026-11-27T09:30:01Z'], afterId: ID })).toBeUndefined();
  });
});
