import fc from 'fast-check';
import { sharedBuffersMb } from './embedded-postgres';

const GB = 2 ** 30;

describe('sharedBuffersMb', () => {
  it.each([
    [0.25 * GB, 128],
    [0.5 * GB, 128],
    [1 * GB, 256],
    [2 * GB, 512],
    [8 * GB, 2048],
    [16 * GB, 4096],
    [24 * GB, 4096],
    [256 * GB, 4096],
  ])('%d bytes of memory → %d MB', (bytes, mb) => {
    expect(sharedBuffersMb(bytes)).toBe(mb);
  });

  it('is a whole number of MB between 128 and 4096, never more than a quarter of a machine above 512 MB (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (bytes) => {
        const mb = sharedBuffersMb(bytes);
        expect(Number.isInteger(mb)).toBe(true);
        expect(mb).toBeGreaterThanOrEqual(128);
        expect(mb).toBeLessThanOrEqual(4096);
        if (bytes >= 512 * 2 ** 20) expect(mb * 2 ** 20).toBeLessThanOrEqual(bytes / 4);
      }),
    );
  });
});
