import { Readable } from 'node:stream';
import type { Request } from 'express';
import { boundedMemoryStorage } from './bounded-memory-storage';

function store(maxBytes: number, chunks: Buffer[]): Promise<{ buffer: Buffer; size: number }> {
  const file = { stream: Readable.from(chunks) } as unknown as Express.Multer.File;
  return new Promise((resolve, reject) =>
    boundedMemoryStorage(maxBytes)._handleFile({} as Request, file, (error, info) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(info as { buffer: Buffer; size: number }),
    ),
  );
}

describe('boundedMemoryStorage', () => {
  it.each([
    ['under the limit', 10, [3, 4], 7, 7],
    ['at the limit', 10, [10], 10, 10],
    ['one over', 10, [11], 11, 11],
    ['far over, in many chunks: keeps max + 1, counts all', 10, [4, 4, 4, 4, 100], 11, 116],
    ['empty', 10, [], 0, 0],
  ])('%s', async (_name, max, sizes, kept, counted) => {
    const chunks = sizes.map((n, i) => Buffer.alloc(n, 65 + i));
    const { buffer, size } = await store(max, chunks);
    expect(buffer.length).toBe(kept);
    expect(size).toBe(counted);
    expect(buffer.equals(Buffer.concat(chunks).subarray(0, kept))).toBe(true);
  });
});
