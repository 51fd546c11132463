import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { canonicalLicencePayload, type LicenceData, type LicenceLocale } from './domain/licence-data';
import {
  extractLicenceSignature,
  findLicenceSignature,
  LICENCE_ATTACHMENT_NAME,
  licenceFontFiles,
  PDF_READ_LIMITS,
  renderLicencePdf,
} from './licence-pdf';
import { LicenceSigner } from './licence-signer';
import { verifyLicencePdf } from './licence-verification';

const SCOPE =
  '一般项目：供应链管理服务；国际货物运输代理；国内货物运输代理；报关业务；报检业务；进出口代理；货物进出口；技术进出口；' +
  '普通货物仓储服务（不含危险化学品等需许可审批的项目）；装卸搬运；国际船舶代理；无船承运业务；信息咨询服务（不含许可类信息咨询服务）；' +
  '软件开发；信息技术咨询服务；企业管理咨询；会议及展览服务；五金产品批发；电子产品销售；机械设备销售；化工产品销售（不含许可类化工产品）；' +
  '（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）';

function sampleLicence(overrides: Partial<LicenceData> = {}): LicenceData {
  return {
    code: '91210200MA0U5XKN3T',
    name: '大连保税区䶮洋国际供应链管理与跨境电子商务综合服务有限公司',
    entityTypeLabel: {
      zh: '有限责任公司（自然人投资或控股）',
      en: 'Limited liability company (invested or controlled by natural persons)',
    },
    representativeTitle: { zh: '法定代表人', en: 'Legal representative' },
    representative: '刘䶮',
    registeredCapitalFen: '100000000',
    capitalLabel: { zh: '注册资本', en: 'Registered capital' },
    establishedOn: '2026-11-27',
    businessTerm: 'long_term',
    domicile: '辽宁省大连保税区亮甲店街道保税路1号国际物流园区综合服务大楼A座1208室',
    businessScope: SCOPE,
    registrationAuthority: { zh: '大连保税区市场监督管理局', en: 'Dalian Bonded Area Market Supervision Administration' },
    issuedOn: '2026-11-27',
    version: 1,
    verifyUrl: 'https://portal.example.cn/licences/91210200MA0U5XKN3T/verify',
    ...overrides,
  };
}

const signer = new LicenceSigner(LicenceSigner.generatePrivateKeyPem());

async function render(locale: LicenceLocale, data = sampleLicence()): Promise<Buffer> {
  return renderLicencePdf(data, { value: signer.sign(canonicalLicencePayload(data)), keyId: signer.keyId }, locale);
}

/** Replaces the first occurrence of `from` in the raw file with `to` (same length, so offsets stay right). */
function patch(pdf: Buffer, from: string, to: string): Buffer {
  expect(to).toHaveLength(from.length);
  const at = pdf.indexOf(from, 0, 'latin1');
  expect(at).toBeGreaterThan(0);
  const copy = Buffer.from(pdf);
  copy.write(to, at, 'latin1');
  return copy;
}

describe('renderLicencePdf', () => {
  let zh: Buffer;
  let en: Buffer;
  let renderMs: number;
  beforeAll(async () => {
    const start = process.hrtime.bigint();
    zh = await render('zh-CN');
    renderMs = Number(process.hrtime.bigint() - start) / 1e6;
    en = await render('en');
    const previewDir = process.env.LICENCE_PREVIEW_DIR;
    if (previewDir) {
      mkdirSync(previewDir, { recursive: true });
      writeFileSync(join(previewDir, 'licence-zh.pdf'), zh);
      writeFileSync(join(previewDir, 'licence-en.pdf'), en);
      writeFileSync(
        join(previewDir, 'measurements.json'),
        JSON.stringify({ zhBytes: zh.length, enBytes: en.length, firstRenderMs: renderMs }),
      );
    }
  });

  it('finds the bundled font files', () => {
    const files = licenceFontFiles();
    expect(files.regular).toMatch(/NotoSansSC_400Regular\.ttf$/);
    expect(files.bold).toMatch(/NotoSansSC_700Bold\.ttf$/);
  });

  it.each(['zh-CN', 'en'] as const)('writes a small PDF with the font embedded (%s)', (locale) => {
    const pdf = locale === 'zh-CN' ? zh : en;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(200 * 1024);
    const text = pdf.toString('latin1');
    expect(text).toContain('/FontFile2');
    expect(text).toContain('NotoSansSC-Bold');
    expect(text).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    expect(text).toContain('/MediaBox [0 0 841.89 595.28]');
    expect(text).toContain(`/F (${LICENCE_ATTACHMENT_NAME})`);
  });

  it('renders the first licence quickly', () => {
    expect(renderMs).toBeLessThan(3000);
  });

  it.each(['zh-CN', 'en'] as const)('carries a signature that extracts and verifies (%s)', (locale) => {
    const pdf = locale === 'zh-CN' ? zh : en;
    const extracted = extractLicenceSignature(pdf);
    expect(extracted).toBeDefined();
    expect(extracted!.keyId).toBe(signer.keyId);
    expect(extracted!.payload.equals(canonicalLicencePayload(sampleLicence()))).toBe(true);
    expect(LicenceSigner.verify(signer.publicKeyPem(), extracted!.payload, extracted!.signature)).toBe(true);
    expect(verifyLicencePdf(pdf, signer.publicKeyPem())).toEqual({ valid: true, data: sampleLicence(), keyId: signer.keyId });
  });

  it('gives the same bytes for the same data, and the same payload in both languages', async () => {
    const again = await render('zh-CN');
    expect(again.equals(zh)).toBe(true);
    expect(extractLicenceSignature(again)!.payload.equals(extractLicenceSignature(en)!.payload)).toBe(true);
  });

  it('fails verification when one byte of the payload inside the PDF is changed', () => {
    const payload = extractLicenceSignature(zh)!.payload.toString('base64');
    // Change one character in the middle of the stored base64 (still valid base64, so the bytes differ).
    const middle = Math.floor(payload.length / 2);
    const original = payload.slice(middle, middle + 1);
    const tampered = patch(zh, payload, payload.slice(0, middle) + (original === 'A' ? 'B' : 'A') + payload.slice(middle + 1));
    expect(verifyLicencePdf(tampered, signer.publicKeyPem())).toEqual({ valid: false, reason: 'bad_signature' });
    // And a character that is not base64 at all.
    const broken = patch(zh, payload, payload.slice(0, middle) + '*' + payload.slice(middle + 1));
    expect(verifyLicencePdf(broken, signer.publicKeyPem())).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('fails verification with another key, or a changed signature', () => {
    const other = new LicenceSigner(LicenceSigner.generatePrivateKeyPem());
    expect(verifyLicencePdf(zh, other.publicKeyPem())).toEqual({ valid: false, reason: 'bad_signature' });
    const signature = extractLicenceSignature(zh)!.signature;
    const changed = patch(zh, signature, (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1));
    expect(verifyLicencePdf(changed, signer.publicKeyPem())).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('certifies the signed data, not the drawing: a page showing other text still verifies the original data', async () => {
    // A forger renders a licence for another name and transplants the genuine payload and signature into it.
    const forged = sampleLicence({ name: sampleLicence().name.replace('䶮洋', '海洋') });
    const forgedPdf = await render('zh-CN', forged);
    const genuine = extractLicenceSignature(zh)!;
    const theirs = extractLicenceSignature(forgedPdf)!;
    const transplanted = patch(
      patch(forgedPdf, theirs.payload.toString('base64'), genuine.payload.toString('base64')),
      theirs.signature,
      genuine.signature,
    );
    // It verifies, and what it certifies is the genuine data, which the verification page shows for comparison.
    const result = verifyLicencePdf(transplanted, signer.publicKeyPem());
    expect(result).toEqual({ valid: true, data: sampleLicence(), keyId: signer.keyId });
    expect(result.valid && result.data.name).not.toBe(forged.name);
  });

  it('reads the signature from the attachment when the information dictionary lost it', () => {
    const renamed = patch(
      patch(patch(zh, '/LicencePayload', '/XicencePayload'), '/LicenceSignature', '/XicenceSignature'),
      '/LicenceKeyId',
      '/XicenceKeyId',
    );
    expect(verifyLicencePdf(renamed, signer.publicKeyPem())).toMatchObject({ valid: true, data: sampleLicence() });
  });

  it('refuses what is not a signed licence', () => {
    expect(verifyLicencePdf(Buffer.from('hello'), signer.publicKeyPem())).toEqual({ valid: false, reason: 'not_a_pdf' });
    const plain = Buffer.from('%PDF-1.3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
    expect(verifyLicencePdf(plain, signer.publicKeyPem())).toEqual({ valid: false, reason: 'no_signature' });
    expect(extractLicenceSignature(plain)).toBeUndefined();
  });

  it('fits an individual household with a very long scope, and still signs the whole scope', async () => {
    const household = sampleLicence({
      name: '大连保税区刘䶮便利店',
      entityTypeLabel: { zh: '个体工商户', en: 'Individual industrial and commercial household' },
      representativeTitle: { zh: '经营者', en: 'Operator' },
      registeredCapitalFen: null,
      capitalLabel: null,
      businessScope: SCOPE.repeat(5),
    });
    const pdf = await render('zh-CN', household);
    if (process.env.LICENCE_PREVIEW_DIR) writeFileSync(join(process.env.LICENCE_PREVIEW_DIR, 'licence-household-zh.pdf'), pdf);
    expect(pdf.length).toBeLessThan(200 * 1024);
    expect(verifyLicencePdf(pdf, signer.publicKeyPem())).toEqual({ valid: true, data: household, keyId: signer.keyId });
  });

  it('reports a correctly signed payload that is not licence data', () => {
    const payload = Buffer.from('{"format":"registration-portal/licence/v1"}', 'utf8');
    const pdf = minimalPdf({
      LicencePayload: literal(payload.toString('base64')),
      LicenceSignature: literal(signer.sign(payload)),
      LicenceKeyId: literal(signer.keyId),
    });
    expect(verifyLicencePdf(pdf, signer.publicKeyPem())).toEqual({ valid: false, reason: 'malformed_payload' });
  });
});

describe('extractLicenceSignature', () => {
  const payload = Buffer.from('{"a":"(b)\\\\c"}', 'utf8');
  const expected = { payload, signature: 'sig_-1', keyId: 'kid-1' };

  it('reads hex strings, escaped literal strings, UTF-16 text, direct values and indirect ones', () => {
    const b64 = payload.toString('base64');
    const utf16 = (text: string) => `<FEFF${Buffer.from(text, 'utf16le').swap16().toString('hex')}>`;
    expect(
      extractLicenceSignature(
        minimalPdf({
          LicencePayload: `<${Buffer.from(b64).toString('hex')}>`,
          LicenceSignature: literal('sig_-1'),
          LicenceKeyId: utf16('kid-1'),
        }),
      ),
    ).toEqual(expected);
    // Escapes: a line continuation and an octal code.
    const escaped = `(${b64.slice(0, 4)}\\\n${b64.slice(4, 8)}\\${b64.charCodeAt(8).toString(8).padStart(3, '0')}${b64.slice(9)})`;
    expect(
      extractLicenceSignature(minimalPdf({ LicencePayload: escaped, LicenceSignature: '(sig_\\055\\61)', LicenceKeyId: '(kid-1)' })),
    ).toEqual(expected);
  });

  it('takes the newest information dictionary of an incrementally updated file', () => {
    const first = minimalPdf({ LicencePayload: literal('e30='), LicenceSignature: literal('old'), LicenceKeyId: literal('old') });
    const offset = first.length;
    const update =
      `3 0 obj\n<< /LicencePayload (${payload.toString('base64')}) /LicenceSignature (sig_-1) /LicenceKeyId (kid-1) >>\nendobj\n` +
      `xref\n3 1\n${String(offset).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R /Info 3 0 R /Prev ${first.toString('latin1').match(/startxref\n(\d+)/)![1]} >>\n`;
    const xrefAt = offset + update.indexOf('xref');
    const updated = Buffer.concat([first, Buffer.from(`${update}startxref\n${xrefAt}\n%%EOF\n`, 'latin1')]);
    expect(extractLicenceSignature(updated)).toEqual(expected);
  });

  it('reads an information dictionary kept in an object stream, indexed by a predicted cross-reference stream', () => {
    const info = `<< /LicencePayload (${payload.toString('base64')}) /LicenceSignature <${Buffer.from('sig_-1').toString('hex')}> /LicenceKeyId (kid-1) >>`;
    expect(extractLicenceSignature(objectStreamPdf(info))).toEqual(expected);
  });

  it('reads a compressed attachment', () => {
    const json = JSON.stringify({
      format: 'registration-portal/licence/v1',
      payload: payload.toString('base64'),
      signature: 'sig_-1',
      keyId: 'kid-1',
    });
    const stream = deflateSync(Buffer.from(json));
    const body =
      '%PDF-1.7\n' +
      '1 0 obj\n<< /Type /Catalog /Names 2 0 R >>\nendobj\n' +
      `2 0 obj\n<< /EmbeddedFiles << /Names [(${LICENCE_ATTACHMENT_NAME}) 3 0 R] >> >>\nendobj\n` +
      '3 0 obj\n<< /Type /Filespec /EF << /F 4 0 R >> >>\nendobj\n' +
      `4 0 obj\n<< /Type /EmbeddedFile /Length 5 0 R /Filter /FlateDecode >>\nstream\n`;
    const tail = `\nendstream\nendobj\n5 0 obj\n${stream.length}\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
    const pdf = Buffer.concat([Buffer.from(body, 'latin1'), stream, Buffer.from(tail, 'latin1')]);
    expect(extractLicenceSignature(pdf)).toEqual(expected);
  });
});

describe('reading crafted files (the public verification page must not be held up by one)', () => {
  const MB = 1024 * 1024;

  /** The lookup and how long it took; crafted files must be refused quickly, whatever they claim. */
  function timed(pdf: Buffer): { result: ReturnType<typeof findLicenceSignature>; ms: number } {
    const start = process.hrtime.bigint();
    const result = findLicenceSignature(pdf);
    return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
  }

  function expectRefused(pdf: Buffer, exceeded?: string): void {
    const { result, ms } = timed(pdf);
    expect(result).toEqual(
      exceeded === undefined ? { found: false, reason: 'no_signature' } : { found: false, reason: 'no_signature', exceeded },
    );
    expect(verifyLicencePdf(pdf, signer.publicKeyPem())).toEqual({ valid: false, reason: 'no_signature' });
    // Generous for a loaded machine: the read limits (checked through `exceeded`) are the guard; before
    // them these files took 8 to 30 s or never finished.
    expect(ms).toBeLessThan(5000);
  }

  /** A file whose startxref points at a cross-reference stream with these dictionary entries and data. */
  function xrefStreamPdf(entries: string, data: Buffer): Buffer {
    const head = '%PDF-1.7\n';
    return Buffer.concat([
      Buffer.from(`${head}1 0 obj\n<< /Type /XRef ${entries} /Length ${data.length} >>\nstream\n`, 'latin1'),
      data,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${head.length}\n%%EOF\n`, 'latin1'),
    ]);
  }

  /** A catalog whose embedded-files name tree has these /Kids, then `tail` (more objects, padding). */
  function nameTreePdf(kids: string, tail = ''): Buffer {
    return Buffer.from(
      '%PDF-1.7\n1 0 obj << /Names 2 0 R >> endobj\n2 0 obj << /EmbeddedFiles 3 0 R >> endobj\n' +
        `3 0 obj << /Kids [${kids}] >> endobj\n${tail}trailer << /Root 1 0 R >>\n%%EOF\n`,
      'latin1',
    );
  }

  it('refuses a cross-reference stream with rows of no bytes claiming a trillion entries (was: 30 s, 1.3 GB)', () => {
    const pdf = xrefStreamPdf('/Size 1 /W [0 0 0] /Index [0 999999999999]', Buffer.alloc(0));
    expect(pdf.length).toBe(131);
    expectRefused(pdf);
  });

  it('refuses /Index and /Size counts beyond what the stream holds or the limits allow', () => {
    // Rows of one byte, but more of them than /Size, than the data holds, or than any licence has.
    expectRefused(xrefStreamPdf('/Size 1 /W [1 0 0] /Index [0 999999999999]', Buffer.alloc(16)));
    expectRefused(xrefStreamPdf('/Size 1000 /W [1 0 0] /Index [0 1000]', Buffer.alloc(16)));
    expectRefused(xrefStreamPdf('/Size 1000 /W [1 0 0] /Index [0 10 0 10 0 10 0 10]', Buffer.alloc(16)));
    expectRefused(xrefStreamPdf(`/Size ${PDF_READ_LIMITS.indexEntries + 1} /W [1 0 0]`, Buffer.alloc(16)));
    expectRefused(xrefStreamPdf('/Size 10 /W [1 -1 1] /Index [0 1]', Buffer.alloc(16)));
    // A classic table whose count the file cannot hold.
    expectRefused(Buffer.from('%PDF-1.4\nxref\n0 999999999999\ntrailer\n<< >>\nstartxref\n9\n%%EOF\n', 'latin1'));
  });

  it('stops inflating a stream at the per-stream limit (a 2 MB upload claimed 2 GB and took 4.3 GB)', () => {
    const bomb = deflateSync(Buffer.alloc(64 * MB));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expectRefused(xrefStreamPdf('/Size 1 /W [1 1 1] /Index [0 1] /Filter /FlateDecode', bomb), 'streamBytes');
  });

  it('bounds the decoded data of a /Prev chain of cross-reference streams, each within the stream limit', () => {
    const rows = deflateSync(Buffer.alloc(PDF_READ_LIMITS.streamBytes - 1));
    const parts: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
    let size = parts[0].length;
    let prev: number | undefined;
    for (let n = 1; n <= 40; n += 1) {
      const at = size;
      const index = `/Index [0 ${PDF_READ_LIMITS.indexEntries - 1}]`;
      const dict = `<< /Type /XRef /Size ${PDF_READ_LIMITS.indexEntries} /W [1 0 0] ${index} /Filter /FlateDecode /Length ${rows.length}${prev === undefined ? '' : ` /Prev ${prev}`} >>`;
      const chunk = Buffer.concat([
        Buffer.from(`${n} 0 obj\n${dict}\nstream\n`, 'latin1'),
        rows,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ]);
      parts.push(chunk);
      size += chunk.length;
      prev = at;
    }
    parts.push(Buffer.from(`startxref\n${prev}\n%%EOF\n`, 'latin1'));
    expectRefused(Buffer.concat(parts), 'indexEntries');
  });

  it('looks up missing objects in one scan of the file, not one scan each (was: 6.6 s for 2,000 in 18 kB)', () => {
    const kids = (n: number) => Array.from({ length: n }, (_, i) => `${1000 + i} 0 R`).join(' ');
    // 2,000 references to objects that are not there, in a file padded to the 5 MB upload limit.
    const padded = nameTreePdf(kids(2000), `%${' '.repeat(5 * MB - 20000)}\n`);
    expect(padded.length).toBeLessThanOrEqual(5 * MB);
    expectRefused(padded);
    // More lookups than any licence needs end the reading.
    expectRefused(nameTreePdf(kids(PDF_READ_LIMITS.objects + 1)), 'objects');
    // And a 5 MB list of them is more parsing than any licence needs.
    expectRefused(nameTreePdf(kids(600_000)), 'parsedBytes');
  });

  it('bounds what is parsed when one object is referred to again and again, or refers to itself', () => {
    expectRefused(nameTreePdf('4 0 R '.repeat(100_000), `4 0 obj [${'1 '.repeat(MB)}] endobj\n`), 'parsedBytes');
    expectRefused(nameTreePdf('3 0 R '.repeat(2000)), 'parsedBytes');
    // Each reference to an unterminated string reads to the end of the file: that counts too.
    expectRefused(nameTreePdf('4 0 R '.repeat(10_000), `4 0 obj << /A <00${' '.repeat(4 * MB)}\n`), 'parsedBytes');
  });

  it('refuses nesting deeper than any real file, and a file of object headers', () => {
    expectRefused(Buffer.from(`%PDF-1.7\ntrailer << /Root ${'['.repeat(5 * MB - 100)}`, 'latin1'));
    const headers = Array.from({ length: 400_000 }, (_, i) => `${i + 10} 0 obj\n`).join('');
    expectRefused(
      Buffer.from(`%PDF-1.7\n1 0 obj << /Names 2 0 R >> endobj\n${headers}trailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1'),
      'indexEntries',
    );
  });
});

function literal(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A one-page-less PDF with a classic cross-reference table and the given entries in its info dictionary. */
function minimalPdf(info: Record<string, string>): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [] /Count 0 >>',
    `<< ${Object.entries(info)
      .map(([k, v]) => `/${k} ${v}`)
      .join(' ')} >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * A PDF 1.5 file as rewriting tools write it: the catalog as a plain object, the page tree and the info
 * dictionary inside a compressed object stream, and a cross-reference stream with the PNG "Up" predictor.
 */
function objectStreamPdf(info: string): Buffer {
  const members = ['<< /Type /Pages /Kids [] /Count 0 >>', info];
  let header = '';
  let bodies = '';
  members.forEach((body, i) => {
    header += `${i + 2} ${bodies.length} `;
    bodies += `${body}\n`;
  });
  const objstm = deflateSync(Buffer.from(header + bodies, 'latin1'));
  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n', 'latin1')];
  const offsets: number[] = [];
  const add = (chunk: Buffer | string) => parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  const size = () => parts.reduce((n, part) => n + part.length, 0);
  offsets[1] = size();
  add('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  offsets[4] = size();
  add(`4 0 obj\n<< /Type /ObjStm /N 2 /First ${header.length} /Length ${objstm.length} /Filter /FlateDecode >>\nstream\n`);
  add(objstm);
  add('\nendstream\nendobj\n');
  offsets[5] = size();
  // Rows of [type (1 byte), field 2 (4 bytes), field 3 (2 bytes)] for objects 0-5.
  const rows = [
    [0, 0, 65535],
    [1, offsets[1], 0],
    [2, 4, 0],
    [2, 4, 1],
    [1, offsets[4], 0],
    [1, offsets[5], 0],
  ].map(([type, two, three]) => {
    const row = Buffer.alloc(7);
    row.writeUInt8(type, 0);
    row.writeUInt32BE(two, 1);
    row.writeUInt16BE(three, 5);
    return row;
  });
  const predicted = Buffer.concat(
    rows.map((row, r) =>
      Buffer.concat([Buffer.from([2]), Buffer.from(row.map((byte, i) => (byte - (r > 0 ? rows[r - 1][i] : 0)) & 0xff))]),
    ),
  );
  const xref = deflateSync(predicted);
  add(
    `5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Info 3 0 R /Length ${xref.length} /Filter /FlateDecode ` +
      '/DecodeParms << /Columns 7 /Predictor 12 >> >>\nstream\n',
  );
  add(xref);
  add(`\nendstream\nendobj\nstartxref\n${offsets[5]}\n%%EOF\n`);
  return Buffer.concat(parts);
}
