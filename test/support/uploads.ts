import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request, type ClientRequest } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Real documents of any size, and a multipart upload over a raw socket whose body can be streamed slowly,
 * so a test knows exactly how much of it had left when something happened (e.g. the server was killed).
 */

/** A well-formed PDF 1.4: catalog, one page, an image XObject carrying `payload`, and a correct xref table. */
export function pdfDocument(payload: Buffer): Buffer {
  const header = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const parts: Buffer[] = [header];
  const offsets: number[] = [];
  let length = header.length;
  const object = (n: number, head: string, stream?: Buffer) => {
    offsets[n] = length;
    const chunk = stream
      ? Buffer.concat([Buffer.from(`${n} 0 obj\n${head}\nstream\n`, 'latin1'), stream, Buffer.from('\nendstream\nendobj\n', 'latin1')])
      : Buffer.from(`${n} 0 obj\n${head}\nendobj\n`, 'latin1');
    parts.push(chunk);
    length += chunk.length;
  };
  const side = Math.max(1, Math.floor(Math.sqrt(payload.length / 3)));
  const pixels = payload.subarray(0, side * side * 3);
  const content = Buffer.from(`q ${side} 0 0 ${side} 0 0 cm /Im1 Do Q`, 'latin1');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${side} ${side}] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>`);
  object(
    4,
    `<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length ${pixels.length} >>`,
    pixels,
  );
  object(5, `<< /Length ${content.length} >>`, content);
  const xref = length;
  const table = [
    'xref',
    `0 ${offsets.length}`,
    '0000000000 65535 f ',
    ...offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n `),
  ];
  parts.push(Buffer.from(`${table.join('\n')}\ntrailer\n<< /Size ${offsets.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** A well-formed PNG (8-bit RGB) of noise, about `bytes` long: noise does not compress. */
export function pngImage(bytes: number): Buffer {
  const width = 256;
  const height = Math.max(1, Math.ceil(bytes / (width * 3 + 1)));
  const raw = Buffer.alloc(height * (width * 3 + 1));
  randomBytes(raw.length).copy(raw);
  for (let y = 0; y < height; y += 1) raw[y * (width * 3 + 1)] = 0; // filter type "none" on every row
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface MultipartFile {
  field: string;
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** A multipart/form-data body as a browser sends it (file names in UTF-8). */
export function multipartBody(fields: Record<string, string>, file: MultipartFile): { body: Buffer; contentType: string } {
  const boundary = `----portal-test-${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8'));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.fileName}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      'utf8',
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface StreamedUpload {
  /** Bytes of the body written to the socket so far. */
  sent(): number;
  total: number;
  /** The response's status and Location, or the error that ended the request (e.g. ECONNRESET). */
  done: Promise<{ status: number; location: string | null } | { error: string }>;
  request: ClientRequest;
}

/**
 * POSTs `body` to `url`, written in `chunkBytes` pieces `delayMs` apart (0: all at once). Resolves with
 * the response, or with the error if the connection dies first; never rejects.
 */
export function streamUpload(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  pacing: { chunkBytes: number; delayMs: number },
): StreamedUpload {
  let sent = 0;
  let finished = false;
  const req = request(url, {
    method: 'POST',
    agent: false,
    headers: { ...headers, 'content-length': String(body.length) },
  });
  const done = new Promise<{ status: number; location: string | null } | { error: string }>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        finished = true;
        resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null });
      });
      res.on('error', (error) => {
        finished = true;
        resolve({ error: error.message });
      });
    });
    req.on('error', (error) => {
      finished = true;
      resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message });
    });
  });
  const write = (): void => {
    if (finished || req.destroyed) return;
    if (sent >= body.length) {
      req.end();
      return;
    }
    const piece = body.subarray(sent, pacing.delayMs === 0 ? body.length : sent + pacing.chunkBytes);
    req.write(piece, (error) => {
      if (error) return;
      sent += piece.length;
      if (pacing.delayMs === 0) write();
      else setTimeout(write, pacing.delayMs);
    });
  };
  write();
  return { sent: () => sent, total: body.length, done, request: req };
}
