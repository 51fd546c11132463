import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import type { Readable } from 'node:stream';

/** Past this, an upload is cut off at the door (multer's 413): no document is anywhere near it. */
export const UPLOAD_HARD_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Multer storage that keeps a file in memory up to `maxBytes` + 1 and only counts the rest, so the handler
 * still runs for a file over the limit (its `size` is the whole size, its buffer cut short) and can say
 * on the form page what the limit is. With multer's own size limit, a phone photo of 11 MB ended on a bare
 * "too large" error page, the form and its other answers gone. Pair with limits.fileSize =
 * UPLOAD_HARD_LIMIT_BYTES.
 */
export function boundedMemoryStorage(maxBytes: number): StorageEngine {
  return {
    _handleFile(_req: Request, file: Express.Multer.File & { stream: Readable }, callback) {
      const chunks: Buffer[] = [];
      let kept = 0;
      let size = 0;
      file.stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (kept > maxBytes) return;
        const part = chunk.subarray(0, maxBytes + 1 - kept);
        chunks.push(part);
        kept += part.length;
      });
      file.stream.on('error', (error: Error) => callback(error));
      file.stream.on('end', () => callback(null, { buffer: Buffer.concat(chunks), size }));
    },
    _removeFile(_req: Request, file: Express.Multer.File, callback) {
      (file as { buffer?: Buffer }).buffer = undefined;
      callback(null);
    },
  };
}
