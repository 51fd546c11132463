import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { create as createQrCode } from 'qrcode';
import { PROJECT_ROOT } from '../common/project-root';
import {
  canonicalLicencePayload,
  LICENCE_PAYLOAD_FORMAT,
  type LicenceData,
  type LicenceField,
  licenceDataProblems,
  licenceFields,
  licenceFooter,
  type LicenceLocale,
} from './domain/licence-data';

/*
 * The electronic business licence as a PDF: A4 landscape, laid out like the paper licence (title at the top
 * centre, the credit code top left, the QR code top right, the fields in two columns, the authority, the date
 * of issue and the seal bottom right), with the signed payload carried inside the file.
 *
 * Where the signature lives (all ASCII, so any tool that keeps the document information keeps it):
 *   - the document information dictionary: /LicenceFormat, /LicencePayload (standard base64 of the canonical
 *     payload bytes), /LicenceSignature (base64url Ed25519 signature), /LicenceKeyId;
 *   - and an attached file `licence-signature.json` ({ format, payload, signature, keyId }), which survives
 *     tools that rewrite the information dictionary but keep attachments.
 * extractLicenceSignature reads the dictionary and falls back to the attachment.
 */

const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';
const FONT_FILES = { regular: '400Regular/NotoSansSC_400Regular.ttf', bold: '700Bold/NotoSansSC_700Bold.ttf' } as const;

export const LICENCE_ATTACHMENT_NAME = 'licence-signature.json';

/**
 * Absolute paths of the Noto Sans SC TrueType files (SIL OFL 1.1) the licence is set in. The package's
 * entry point is for React Native, so it is never required: its package.json is resolved (the package has no
 * "exports" map), with node_modules under the project root as a fallback.
 */
export function licenceFontFiles(): { regular: string; bold: string } {
  let dir: string;
  try {
    dir = dirname(require.resolve(`${FONT_PACKAGE}/package.json`));
  } catch {
    dir = join(PROJECT_ROOT, 'node_modules', FONT_PACKAGE);
  }
  const files = { regular: join(dir, FONT_FILES.regular), bold: join(dir, FONT_FILES.bold) };
  for (const file of Object.values(files)) {
    if (!existsSync(file)) throw new Error(`Licence font missing: ${file} (npm install ${FONT_PACKAGE})`);
  }
  return files;
}

// 21 MB for the two weights; read once, then pdfkit subsets the glyphs each licence uses.
let fontData: { regular: Buffer; bold: Buffer } | undefined;
function fonts(): { regular: Buffer; bold: Buffer } {
  if (fontData === undefined) {
    const files = licenceFontFiles();
    fontData = { regular: readFileSync(files.regular), bold: readFileSync(files.bold) };
  }
  return fontData;
}

const PAGE = { width: 841.89, height: 595.28 };
const COLOURS = {
  paper: '#fffdf7',
  frame: '#b3202a',
  frameLight: '#c9434b',
  title: '#1c1917',
  text: '#1c1917',
  muted: '#5b5550',
  seal: '#d41c24',
};

export interface LicenceSignatureRef {
  value: string;
  keyId: string;
}

/**
 * Renders the licence. The same data, signature and locale give the same bytes: the creation date is the
 * date of issue, the file identifier is derived from the document information, and nothing random is
 * written (see licence-pdf.spec.ts).
 */
export async function renderLicencePdf(data: LicenceData, signature: LicenceSignatureRef, locale: LicenceLocale): Promise<Buffer> {
  const problems = licenceDataProblems(data);
  if (problems.length > 0) throw new Error(`Cannot render the licence: ${problems.join('; ')}`);
  if (!/^[A-Za-z0-9_-]+$/.test(signature.value) || !/^[A-Za-z0-9_-]+$/.test(signature.keyId)) {
    throw new Error('Cannot render the licence: the signature and key id must be base64url');
  }
  const zh = locale === 'zh-CN';
  const payload = canonicalLicencePayload(data).toString('base64');
  const issued = new Date(`${data.issuedOn}T00:00:00+08:00`);
  const info: PDFKit.DocumentInfo & Record<string, string | Date> = {
    Title: zh ? `营业执照 ${data.name}` : `Business Licence – ${data.name}`,
    Author: zh ? data.registrationAuthority.zh : data.registrationAuthority.en,
    Subject: data.code,
    Keywords: zh ? '营业执照, 统一社会信用代码' : 'business licence, unified social credit code',
    Creator: 'Registration portal',
    CreationDate: issued,
    ModDate: issued,
    LicenceFormat: LICENCE_PAYLOAD_FORMAT,
    LicencePayload: payload,
    LicenceSignature: signature.value,
    LicenceKeyId: signature.keyId,
  };
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, pdfVersion: '1.7', lang: locale, displayTitle: true, info });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const { regular, bold } = fonts();
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);

  doc.rect(0, 0, PAGE.width, PAGE.height).fill(COLOURS.paper);
  drawFrame(doc);
  drawHeader(doc, data, locale);
  drawFields(doc, licenceFields(data, locale), locale);
  drawFooter(doc, data, signature.keyId, locale);

  doc.file(
    Buffer.from(JSON.stringify({ format: LICENCE_PAYLOAD_FORMAT, payload, signature: signature.value, keyId: signature.keyId }), 'utf8'),
    {
      name: LICENCE_ATTACHMENT_NAME,
      type: 'application/json',
      description: zh ? '电子营业执照签名数据' : 'Signed data of the electronic business licence',
      creationDate: issued,
      modifiedDate: issued,
    },
  );
  doc.end();
  return done;
}

// ---------------------------------------------------------------------------------------------------------
// Drawing

const FRAME = { outer: 20, band: 27, bandDepth: 10, inner: 42 };

/** A heavy outer rule, a band of 回纹 (key fret) and a fine inner rule, with square corner pieces. */
function drawFrame(doc: PDFKit.PDFDocument): void {
  const { width: w, height: h } = PAGE;
  doc.save();
  doc
    .lineWidth(2.4)
    .rect(FRAME.outer, FRAME.outer, w - 2 * FRAME.outer, h - 2 * FRAME.outer)
    .stroke(COLOURS.frame);
  doc
    .lineWidth(0.6)
    .rect(FRAME.outer + 3.2, FRAME.outer + 3.2, w - 2 * (FRAME.outer + 3.2), h - 2 * (FRAME.outer + 3.2))
    .stroke(COLOURS.frame);
  doc
    .lineWidth(1.1)
    .rect(FRAME.inner, FRAME.inner, w - 2 * FRAME.inner, h - 2 * FRAME.inner)
    .stroke(COLOURS.frame);
  doc
    .lineWidth(0.5)
    .rect(FRAME.inner + 3, FRAME.inner + 3, w - 2 * (FRAME.inner + 3), h - 2 * (FRAME.inner + 3))
    .stroke(COLOURS.frame);

  const b = FRAME.band;
  const depth = FRAME.bandDepth;
  const corner = depth + 4;
  const [x0, y0, x1, y1] = [b, b, w - b, h - b];
  // Each edge as an origin, a direction along it and a direction inwards; the band runs between the corners.
  const edges: [number, number, number, number, number, number, number][] = [
    [x0 + corner, y0, 1, 0, 0, 1, x1 - x0 - 2 * corner],
    [x1, y0 + corner, 0, 1, -1, 0, y1 - y0 - 2 * corner],
    [x1 - corner, y1, -1, 0, 0, -1, x1 - x0 - 2 * corner],
    [x0, y1 - corner, 0, -1, 1, 0, y1 - y0 - 2 * corner],
  ];
  // One unit of the fret on a 5 × 4 grid: up the side, along the top, and a spiral back to the base line.
  const unit: [number, number][] = [
    [0, 4],
    [0, 0],
    [4, 0],
    [4, 3],
    [2, 3],
    [2, 2],
    [3, 2],
    [3, 1],
    [1, 1],
    [1, 4],
    [5, 4],
  ];
  doc.lineWidth(0.9).strokeColor(COLOURS.frameLight);
  for (const [ox, oy, dx, dy, nx, ny, length] of edges) {
    const units = Math.max(1, Math.round(length / 12.5));
    const along = length / units / 5;
    const inwards = depth / 4;
    const point = (s: number, t: number): [number, number] => [
      ox + dx * s * along + nx * t * inwards,
      oy + dy * s * along + ny * t * inwards,
    ];
    for (let u = 0; u < units; u += 1) {
      const points = unit.map(([s, t]) => point(u * 5 + s, t));
      doc.moveTo(...points[0]);
      for (const p of points.slice(1)) doc.lineTo(...p);
    }
    doc.stroke();
  }
  // Corner pieces: a square with a lozenge, where two bands meet.
  doc.lineWidth(0.9);
  for (const [cx, cy] of [
    [x0, y0],
    [x1 - corner, y0],
    [x1 - corner, y1 - corner],
    [x0, y1 - corner],
  ]) {
    const c = corner;
    doc.rect(cx + 1, cy + 1, c - 2, c - 2).stroke(COLOURS.frameLight);
    doc.polygon([cx + c / 2, cy + 3], [cx + c - 3, cy + c / 2], [cx + c / 2, cy + c - 3], [cx + 3, cy + c / 2]).fill(COLOURS.frameLight);
  }
  doc.restore();
}

const CONTENT = { left: 78, right: PAGE.width - 78, top: 66 };

function drawHeader(doc: PDFKit.PDFDocument, data: LicenceData, locale: LicenceLocale): void {
  const zh = locale === 'zh-CN';
  const [codeField] = licenceFields(data, locale);

  // Top left: the unified social credit code.
  doc
    .font('regular')
    .fontSize(zh ? 11 : 9.5)
    .fillColor(COLOURS.text);
  doc.text(codeField.label, CONTENT.left, CONTENT.top + 14, { lineBreak: false });
  doc
    .font('bold')
    .fontSize(15)
    .text(data.code, CONTENT.left, CONTENT.top + 32, { lineBreak: false, characterSpacing: 1.2 });

  // Centre: the title, letter-spaced as printed on the paper licence.
  const titleSize = 50;
  const spacing = 22;
  doc.font('bold').fontSize(titleSize).fillColor(COLOURS.title);
  const titleWidth = doc.widthOfString('营业执照', { characterSpacing: spacing }) - spacing;
  doc.text('营业执照', (PAGE.width - titleWidth) / 2, CONTENT.top + 4, { lineBreak: false, characterSpacing: spacing });
  const ruleY = CONTENT.top + 78;
  if (zh) {
    doc
      .lineWidth(0.8)
      .moveTo(PAGE.width / 2 - 110, ruleY)
      .lineTo(PAGE.width / 2 + 110, ruleY)
      .stroke(COLOURS.frame);
  } else {
    doc.font('regular').fontSize(15).fillColor(COLOURS.title);
    const subtitle = 'BUSINESS LICENCE';
    const subtitleWidth = doc.widthOfString(subtitle, { characterSpacing: 4 }) - 4;
    doc.text(subtitle, (PAGE.width - subtitleWidth) / 2, ruleY - 6, { lineBreak: false, characterSpacing: 4 });
  }

  // Top right: the QR code of the verification address, drawn as vector squares.
  const qrSize = 76;
  const qrX = CONTENT.right - qrSize;
  const qrY = CONTENT.top - 4;
  drawQrCode(doc, data.verifyUrl, qrX, qrY, qrSize);
  doc.link(qrX, qrY, qrSize, qrSize, data.verifyUrl);
  doc
    .font('regular')
    .fontSize(zh ? 8.5 : 8)
    .fillColor(COLOURS.muted);
  const caption = zh ? '扫描二维码查询' : 'Scan to verify';
  doc.text(caption, qrX + (qrSize - doc.widthOfString(caption)) / 2, qrY + qrSize + 6, { lineBreak: false });
}

function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = createQrCode(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cell = size / (modules.size + 2 * quiet);
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < modules.size; row += 1) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      // A hair of overlap keeps viewers from drawing seams between rows.
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell + 0.05);
    }
  }
  doc.fill('#000000');
}

const FIELDS_AREA = { top: 188, bottom: 460, gutter: 34, leftShare: 0.56 };

function drawFields(doc: PDFKit.PDFDocument, fields: LicenceField[], locale: LicenceLocale): void {
  const zh = locale === 'zh-CN';
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const present = (keys: LicenceField['key'][]): LicenceField[] => keys.flatMap((k) => byKey.get(k) ?? []);
  // As on the paper licence: name, type, representative and the scope on the left; capital, dates and domicile on the right.
  const left = present(['name', 'type', 'representative', 'businessScope']);
  const right = present(['registeredCapital', 'establishedOn', 'businessTerm', 'domicile']);

  const labelSize = zh ? 12.5 : 9.5;
  const valueSize = zh ? 12.5 : 11.5;
  doc.font('bold').fontSize(labelSize);
  const zhLabelChars = Math.max(5, ...[...left, ...right].map((f) => [...f.label].length));
  const labelWidth = zh ? zhLabelChars * labelSize : Math.max(...[...left, ...right].map((f) => doc.widthOfString(f.label))) + 2;
  const inner = CONTENT.right - CONTENT.left - 16;
  const leftWidth = (inner - FIELDS_AREA.gutter) * FIELDS_AREA.leftShare;
  const columns: [LicenceField[], number, number][] = [
    [left, CONTENT.left + 8, leftWidth],
    [right, CONTENT.left + 8 + leftWidth + FIELDS_AREA.gutter, inner - FIELDS_AREA.gutter - leftWidth],
  ];
  for (const [column, x, width] of columns) {
    let y = FIELDS_AREA.top;
    const valueX = x + labelWidth + (zh ? 16 : 12);
    const valueWidth = x + width - valueX;
    column.forEach((field, index) => {
      const last = index === column.length - 1;
      // The last field of a column (the scope, the domicile) takes the room that is left, in a smaller size if
      // need be; what still does not fit ends with a pointer to the verification page, which shows it all.
      let size = valueSize;
      let box: PDFKit.Mixins.TextOptions = {};
      if (last) {
        const height = FIELDS_AREA.bottom - y;
        doc.font('regular');
        while (size > 7 && doc.fontSize(size).heightOfString(field.value, { width: valueWidth, lineGap: size * 0.4 }) > height)
          size -= 0.25;
        box = { height, ellipsis: zh ? '……（全文见核验页面）' : '… (in full on the verification page)' };
      }
      drawLabel(doc, field.label, x, y + (zh ? 0 : (valueSize - labelSize) * 0.6), labelWidth, labelSize, zh);
      doc.font('regular').fontSize(size).fillColor(COLOURS.text);
      doc.text(field.value, valueX, y, { width: valueWidth, lineGap: size * 0.4, ...box });
      y = doc.y + (zh ? 14 : 12);
    });
  }
}

/** Chinese labels are spread over the width of the longest (名 称 as wide as 法定代表人), English ones set flush left. */
function drawLabel(doc: PDFKit.PDFDocument, label: string, x: number, y: number, width: number, size: number, zh: boolean): void {
  doc.font('bold').fontSize(size).fillColor(COLOURS.text);
  const chars = [...label];
  if (!zh || chars.length < 2) {
    doc.text(label, x, y, { width, lineBreak: !zh });
    return;
  }
  const step = (width - size) / (chars.length - 1);
  chars.forEach((char, i) => doc.text(char, x + i * step, y, { lineBreak: false }));
}

function drawFooter(doc: PDFKit.PDFDocument, data: LicenceData, keyId: string, locale: LicenceLocale): void {
  const zh = locale === 'zh-CN';
  const footer = licenceFooter(data, locale);

  // Bottom right: the authority and the date of issue, the seal stamped across them. The seal goes down
  // first, so the words stay legible on top of it.
  const top = 444;
  const seal = { x: CONTENT.right - 62, y: top + 32, r: 56 };
  const centre = seal.x - 66;
  const blockWidth = 210;
  const blockX = centre - blockWidth / 2;
  // The seal itself reads as the authority stamps it, in Chinese; the English view adds a caption under it.
  drawSeal(doc, seal.x, seal.y, seal.r, data.registrationAuthority.zh, '电子印章');
  if (!zh) {
    doc.font('regular').fontSize(7.5).fillColor(COLOURS.seal);
    const caption = 'Electronic seal';
    doc.text(caption, seal.x - doc.widthOfString(caption) / 2, seal.y + seal.r + 3, { lineBreak: false });
  }
  doc.fillColor(COLOURS.text);
  if (zh) {
    drawLabel(doc, footer.registrationAuthority.label, centre - 40, top, 80, 13, true);
    doc
      .font('regular')
      .fontSize(12)
      .text(footer.registrationAuthority.value, blockX - 20, top + 25, { width: blockWidth + 40, align: 'center' });
    doc.fontSize(13).text(footer.issuedOn.value, blockX, top + 49, { width: blockWidth, align: 'center' });
  } else {
    doc.font('bold').fontSize(9.5).text(footer.registrationAuthority.label, blockX, top, { width: blockWidth, align: 'center' });
    doc
      .font('regular')
      .fontSize(10.5)
      .text(footer.registrationAuthority.value, blockX, top + 15, { width: blockWidth, align: 'center' });
    doc
      .font('bold')
      .fontSize(9.5)
      .text(footer.issuedOn.label, blockX, doc.y + 6, { width: blockWidth, align: 'center' });
    doc
      .font('regular')
      .fontSize(10.5)
      .text(footer.issuedOn.value, blockX, doc.y + 1, { width: blockWidth, align: 'center' });
  }

  // Bottom left: where to verify, the annual report duty printed on every licence, and the signing key.
  const noteX = CONTENT.left + 8;
  const noteWidth = blockX - 30 - noteX;
  doc
    .font('regular')
    .fontSize(zh ? 8.5 : 8)
    .fillColor(COLOURS.muted);
  const verifyLine = zh ? `可在 ${data.verifyUrl} 核验本执照` : `This licence can be verified at ${data.verifyUrl}`;
  doc.text(verifyLine, noteX, 482, { width: noteWidth, link: data.verifyUrl });
  doc.moveDown(0.35);
  doc.text(
    zh
      ? '市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送公示年度报告。'
      : 'The annual report is due between 1 January and 30 June each year, through the National Enterprise Credit Information Publicity System.',
    { width: noteWidth },
  );
  doc.moveDown(0.35);
  doc.text(zh ? `电子签名 Ed25519 · 密钥标识 ${keyId}` : `Electronic signature Ed25519 · key ${keyId}`, { width: noteWidth });
}

/**
 * The seal-style mark, as vector graphics: a red ring, a five-pointed star, the authority's name along the
 * upper arc and a label across the lower half. Slightly translucent so the date under it stays legible.
 */
function drawSeal(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number, authority: string, label: string): void {
  doc.save();
  doc.fillOpacity(0.85).strokeOpacity(0.85).fillColor(COLOURS.seal).strokeColor(COLOURS.seal);
  doc
    .lineWidth(r * 0.055)
    .circle(cx, cy, r)
    .stroke();

  const outer = r * 0.3;
  const inner = outer * 0.382;
  const star: number[][] = [];
  for (let i = 0; i < 10; i += 1) {
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    const radius = i % 2 === 0 ? outer : inner;
    star.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  doc.polygon(...star).fill();

  const chars = [...authority];
  const size = Math.min(r * 0.24, (r * 3.6) / Math.max(chars.length, 1));
  const arcRadius = r - r * 0.055 - size * 0.72;
  const span = Math.min(250, chars.length * 21);
  doc.font('bold').fontSize(size);
  chars.forEach((char, i) => {
    const degrees = chars.length === 1 ? -90 : -90 - span / 2 + (i * span) / (chars.length - 1);
    const angle = (degrees * Math.PI) / 180;
    const px = cx + arcRadius * Math.cos(angle);
    const py = cy + arcRadius * Math.sin(angle);
    doc.save();
    doc.rotate(degrees + 90, { origin: [px, py] });
    doc.text(char, px - doc.widthOfString(char) / 2, py - size * 0.5, { lineBreak: false });
    doc.restore();
  });

  const labelSize = r * 0.17;
  doc.font('bold').fontSize(labelSize);
  const labelWidth = doc.widthOfString(label, { characterSpacing: labelSize * 0.15 }) - labelSize * 0.15;
  doc.text(label, cx - labelWidth / 2, cy + r * 0.42, { lineBreak: false, characterSpacing: labelSize * 0.15 });
  doc.restore();
}

// ---------------------------------------------------------------------------------------------------------
// Reading the signature back

export interface ExtractedLicenceSignature {
  payload: Buffer;
  signature: string;
  keyId: string;
}

export type LicenceSignatureLookup =
  | { found: true; payloadBase64: string; signature: string; keyId: string }
  | { found: false; reason: 'not_a_pdf' | 'no_signature'; exceeded?: PdfReadLimit };

/**
 * What reading one file may cost. The verification page is public and the upload limit is 5 MB, so a file is
 * read within these bounds or not at all: a file that needs more (a cross-reference stream claiming a billion
 * entries, a stream that inflates to gigabytes, thousands of references to objects that are not there) is
 * refused as a PDF without a readable licence signature, in well under a second.
 *
 * A licence as renderLicencePdf writes it costs under 10 object lookups, about 40 cross-reference entries,
 * 4 kB parsed and its own bytes scanned once or twice (the attachment, under 1 kB, is the one stream decoded);
 * the limits are hundreds of times that, and what they allow takes well under a second.
 */
export const PDF_READ_LIMITS = {
  /** The decoded size of any one stream (what inflateSync may produce). */
  streamBytes: 4 * 1024 * 1024,
  /** Bytes decoded from streams or scanned in the file (its text, cross-reference tables, the search for objects), in all. */
  scannedBytes: 24 * 1024 * 1024,
  /** Bytes gone over by the object parser, in all: the slow part, about 10 MB a second. */
  parsedBytes: 2 * 1024 * 1024,
  /** Objects looked up, found or not. */
  objects: 10_000,
  /** Entries of cross-reference sections and object stream headers, and objects found by scanning; also the largest /Size. */
  indexEntries: 200_000,
} as const;
export type PdfReadLimit = keyof typeof PDF_READ_LIMITS;
/** The limits that add up over the whole reading (streamBytes holds for each stream). */
type CumulativeLimit = Exclude<PdfReadLimit, 'streamBytes'>;

/** Thrown when a file would cost more than PDF_READ_LIMITS allow; it ends the whole reading. */
class PdfReadLimitExceeded extends Error {
  constructor(readonly limit: PdfReadLimit) {
    super(`PDF read limit exceeded: ${limit}`);
  }
}

/**
 * The signed payload, the signature and the key id carried in a licence PDF; undefined when the bytes are
 * not a PDF, carry no licence signature, or carry a payload that is not valid base64.
 */
export function extractLicenceSignature(pdf: Buffer): ExtractedLicenceSignature | undefined {
  const found = findLicenceSignature(pdf);
  if (!found.found) return undefined;
  const payload = decodeStrictBase64(found.payloadBase64);
  return payload === undefined ? undefined : { payload, signature: found.signature, keyId: found.keyId };
}

/** Standard base64 with padding, in its one canonical spelling; undefined otherwise. */
export function decodeStrictBase64(text: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/**
 * Finds the signature fields as stored, without decoding the payload: first in the document information
 * dictionary (literal or hex strings, escapes, UTF-16 text), then in the attached licence-signature.json.
 * The reader understands classic cross-reference tables (what pdfkit writes, and incremental updates of
 * them), cross-reference and object streams, and falls back to scanning for objects; it does not read
 * encrypted files. It never throws: a file it cannot read, or that would cost more than PDF_READ_LIMITS
 * (then `exceeded` names the limit), is reported as no_signature.
 */
export function findLicenceSignature(pdf: Buffer): LicenceSignatureLookup {
  if (!pdf.subarray(0, 1024).toString('latin1').includes('%PDF-')) return { found: false, reason: 'not_a_pdf' };
  try {
    const reader = new PdfReader(pdf);
    const fromInfo = safely(() => reader.signatureFromInfo());
    if (fromInfo !== undefined) return { found: true, ...fromInfo };
    const fromAttachment = safely(() => reader.signatureFromAttachment());
    if (fromAttachment !== undefined) return { found: true, ...fromAttachment };
    return { found: false, reason: 'no_signature' };
  } catch (error) {
    // Whatever the bytes, the caller gets an answer, never an exception.
    return { found: false, reason: 'no_signature', ...(error instanceof PdfReadLimitExceeded ? { exceeded: error.limit } : {}) };
  }
}

/** Undefined where a damaged part of the file cannot be read; a read limit, once exceeded, ends the reading. */
function safely<T>(read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof PdfReadLimitExceeded) throw error;
    return undefined;
  }
}

type StoredSignature = { payloadBase64: string; signature: string; keyId: string };

class PdfName {
  constructor(readonly name: string) {}
}
class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
class PdfString {
  constructor(readonly bytes: Buffer) {}
  text(): string {
    if (this.bytes.length >= 2 && this.bytes[0] === 0xfe && this.bytes[1] === 0xff) {
      const swapped = Buffer.from(this.bytes.subarray(2));
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    if (this.bytes.length >= 3 && this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf)
      return this.bytes.subarray(3).toString('utf8');
    // PDFDocEncoding agrees with Latin-1 on everything a signature field contains.
    return this.bytes.toString('latin1');
  }
}
type PdfValue = null | boolean | number | PdfName | PdfRef | PdfString | PdfValue[] | Map<string, PdfValue>;

/** Byte classes, as lookup tables (the parser asks for every byte it reads). */
const WHITESPACE = byteTable([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = byteTable([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));
const NUMBER_START = byteTable([...'0123456789+-.'].map((c) => c.charCodeAt(0)));
function byteTable(bytes: number[]): Uint8Array {
  const table = new Uint8Array(256);
  for (const byte of bytes) table[byte] = 1;
  return table;
}
/** Whitespace or a delimiter: where a name, a number or a keyword ends. */
function endsToken(byte: number): boolean {
  return WHITESPACE[byte] === 1 || DELIMITERS[byte] === 1;
}
function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/**
 * Just enough of a PDF reader (ISO 32000-1 §7.3, §7.5) to find the trailer, the information dictionary and an
 * attachment: classic cross-reference tables and cross-reference streams (with their /Prev chains, so the
 * newest revision of an incrementally updated file wins), objects in object streams, Flate with PNG
 * predictors. Objects without a usable cross-reference entry are found by one scan of the file.
 *
 * Everything it reads is paid for (spend) from PDF_READ_LIMITS, and every count a file declares is checked
 * against the bytes that are there before anything is done with it.
 */
class PdfReader {
  /** "num gen" → byte offset of an uncompressed object. */
  private readonly offsets = new Map<string, number>();
  /** num → the object stream that holds it, and its index there. */
  private readonly inObjectStreams = new Map<number, { stream: number; index: number }>();
  /** Object streams read so far; undefined for one that cannot be read (or is being read). */
  private readonly objectStreams = new Map<number, { data: Buffer; offsets: Map<number, number> } | undefined>();
  /** "num gen" → offset of the last "num gen obj" in the file; made by one scan, the first time it is needed. */
  private scanned: Map<string, number> | undefined;
  private latin1: string | undefined;
  private readonly spent: Record<CumulativeLimit, number> = { scannedBytes: 0, parsedBytes: 0, objects: 0, indexEntries: 0 };
  private readonly trailer: Map<string, PdfValue>;

  constructor(private readonly bytes: Buffer) {
    this.trailer = safely(() => this.readCrossReference()) ?? this.scanTrailer();
  }

  signatureFromInfo(): StoredSignature | undefined {
    if (this.trailer.has('Encrypt')) return undefined;
    const info = this.resolve(this.trailer.get('Info') ?? null);
    if (!(info instanceof Map)) return undefined;
    const field = (key: string): string | undefined => {
      const value = this.resolve(info.get(key) ?? null);
      return value instanceof PdfString ? value.text() : undefined;
    };
    const [format, payloadBase64, signature, keyId] = ['LicenceFormat', 'LicencePayload', 'LicenceSignature', 'LicenceKeyId'].map(field);
    if (payloadBase64 === undefined || signature === undefined || keyId === undefined) return undefined;
    if (format !== undefined && format !== LICENCE_PAYLOAD_FORMAT) return undefined;
    return { payloadBase64, signature, keyId };
  }

  signatureFromAttachment(): StoredSignature | undefined {
    if (this.trailer.has('Encrypt')) return undefined;
    const root = this.resolve(this.trailer.get('Root') ?? null);
    const names = root instanceof Map ? this.resolve(root.get('Names') ?? null) : null;
    const tree = names instanceof Map ? this.resolve(names.get('EmbeddedFiles') ?? null) : null;
    const spec = tree instanceof Map ? this.lookupName(tree, LICENCE_ATTACHMENT_NAME, 0) : undefined;
    const specDict = spec === undefined ? null : this.resolve(spec);
    const ef = specDict instanceof Map ? this.resolve(specDict.get('EF') ?? null) : null;
    const fileRef = ef instanceof Map ? ef.get('F') : undefined;
    if (!(fileRef instanceof PdfRef)) return undefined;
    const content = this.streamOf(fileRef);
    if (content === undefined) return undefined;
    const parsed = JSON.parse(content.toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { format, payload, signature, keyId } = parsed as Record<string, unknown>;
    if (format !== LICENCE_PAYLOAD_FORMAT || typeof payload !== 'string' || typeof signature !== 'string' || typeof keyId !== 'string')
      return undefined;
    return { payloadBase64: payload, signature, keyId };
  }

  /** Counts work against PDF_READ_LIMITS; past a limit, the reading ends. */
  private spend(limit: CumulativeLimit, amount: number): void {
    this.spent[limit] += amount;
    if (this.spent[limit] > PDF_READ_LIMITS[limit]) throw new PdfReadLimitExceeded(limit);
  }

  /** The file as Latin-1 text, decoded once. */
  private text(): string {
    if (this.latin1 === undefined) {
      this.spend('scannedBytes', this.bytes.length);
      this.latin1 = this.bytes.toString('latin1');
    }
    return this.latin1;
  }

  /** Parses `source` from `start`, paying for the bytes the parser went over, whether or not it succeeds. */
  private parse<T>(source: Buffer, start: number, read: (parser: PdfParser) => T): T {
    const parser = new PdfParser(source, start);
    try {
      return read(parser);
    } finally {
      this.spend('parsedBytes', Math.max(0, parser.position - start) + 1);
    }
  }

  private lookupName(node: Map<string, PdfValue>, name: string, depth: number): PdfValue | undefined {
    if (depth > 8) return undefined;
    const pairs = this.resolve(node.get('Names') ?? null);
    if (Array.isArray(pairs)) {
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        const key = this.resolve(pairs[i]);
        if (key instanceof PdfString && key.text() === name) return pairs[i + 1];
      }
    }
    const kids = this.resolve(node.get('Kids') ?? null);
    if (Array.isArray(kids)) {
      for (const kid of kids) {
        const child = this.resolve(kid);
        const found = child instanceof Map ? this.lookupName(child, name, depth + 1) : undefined;
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  private resolve(value: PdfValue, depth = 0): PdfValue {
    if (!(value instanceof PdfRef)) return value;
    if (depth > 16) return null;
    const object = this.readObject(value);
    return object === undefined ? null : this.resolve(object.value, depth + 1);
  }

  private readObject(ref: PdfRef): { value: PdfValue; end: number } | undefined {
    this.spend('objects', 1);
    const compressed = ref.gen === 0 ? this.inObjectStreams.get(ref.num) : undefined;
    if (compressed !== undefined && !this.offsets.has(`${ref.num} 0`)) {
      const stream = this.objectStream(compressed.stream);
      const offset = stream?.offsets.get(ref.num);
      if (stream === undefined || offset === undefined) return undefined;
      return { value: this.parse(stream.data, offset, (parser) => parser.value()), end: -1 };
    }
    const start = this.objectOffset(ref);
    return start === undefined ? undefined : this.objectAt(start, ref);
  }

  private objectAt(start: number, ref?: PdfRef): { value: PdfValue; end: number } | undefined {
    return this.parse(this.bytes, start, (parser) => {
      const num = parser.value();
      const gen = parser.value();
      if (typeof num !== 'number' || typeof gen !== 'number' || !parser.keyword('obj')) return undefined;
      if (ref !== undefined && (num !== ref.num || gen !== ref.gen)) return undefined;
      const value = parser.value();
      return { value, end: parser.position };
    });
  }

  /** The decoded content of the stream object `ref`. */
  private streamOf(ref: PdfRef): Buffer | undefined {
    this.spend('objects', 1);
    const start = this.objectOffset(ref);
    const object = start === undefined ? undefined : this.objectAt(start, ref);
    return object === undefined || !(object.value instanceof Map) ? undefined : this.streamData(object.value, object.end);
  }

  private streamData(dict: Map<string, PdfValue>, end: number): Buffer | undefined {
    let start = this.parse(this.bytes, end, (parser) => (parser.keyword('stream') ? parser.position : undefined));
    if (start === undefined) return undefined;
    if (this.bytes[start] === 0x0d) start += 1;
    if (this.bytes[start] === 0x0a) start += 1;
    const length = this.resolve(dict.get('Length') ?? null);
    if (!isCount(length) || start + length > this.bytes.length) return undefined;
    const raw = this.bytes.subarray(start, start + length);
    this.spend('scannedBytes', raw.length);
    const filter = this.resolve(dict.get('Filter') ?? null);
    const filters = Array.isArray(filter) ? filter : filter === null ? [] : [filter];
    if (filters.length === 0) return raw;
    if (filters.length > 1 || !(filters[0] instanceof PdfName) || filters[0].name !== 'FlateDecode') return undefined;
    const parms = this.resolve(dict.get('DecodeParms') ?? null);
    let inflated: Buffer;
    try {
      // Stops as soon as the output passes the limit: a few kilobytes of Flate can claim gigabytes.
      inflated = inflateSync(raw, { maxOutputLength: PDF_READ_LIMITS.streamBytes });
    } catch (error) {
      // Identified by its code: the error may come from another realm (a test sandbox), so not by its class.
      if ((error as NodeJS.ErrnoException | undefined)?.code === 'ERR_BUFFER_TOO_LARGE') throw new PdfReadLimitExceeded('streamBytes');
      throw error;
    }
    this.spend('scannedBytes', inflated.length);
    return undoPredictor(inflated, parms instanceof Map ? parms : undefined);
  }

  private objectStream(num: number): { data: Buffer; offsets: Map<number, number> } | undefined {
    if (this.objectStreams.has(num)) return this.objectStreams.get(num);
    // Marked unreadable while it is read, so a stream whose /Length is an object inside itself ends here.
    this.objectStreams.set(num, undefined);
    this.spend('objects', 1);
    const ref = new PdfRef(num, 0);
    const start = this.objectOffset(ref);
    const object = start === undefined ? undefined : this.objectAt(start, ref);
    if (object === undefined || !(object.value instanceof Map)) return undefined;
    const data = this.streamData(object.value, object.end);
    const count = object.value.get('N');
    const first = object.value.get('First');
    // Each entry of the header takes at least four bytes ("n o ").
    if (data === undefined || !isCount(count) || !isCount(first) || first > data.length || count * 4 > first) return undefined;
    this.spend('indexEntries', count);
    const offsets = this.parse(data, 0, (header) => {
      const read = new Map<number, number>();
      for (let i = 0; i < count; i += 1) {
        const objectNumber = header.value();
        const offset = header.value();
        if (typeof objectNumber !== 'number' || typeof offset !== 'number') return undefined;
        read.set(objectNumber, first + offset);
      }
      return read;
    });
    if (offsets === undefined) return undefined;
    const stream = { data, offsets };
    this.objectStreams.set(num, stream);
    return stream;
  }

  private objectOffset(ref: PdfRef): number | undefined {
    const key = `${ref.num} ${ref.gen}`;
    // No usable cross-reference entry: the last definition in the file wins, as with incremental updates.
    return this.offsets.get(key) ?? this.scannedOffsets().get(key);
  }

  /** Where each "num gen obj" last occurs in the file, from one scan of it. */
  private scannedOffsets(): Map<string, number> {
    if (this.scanned === undefined) {
      const text = this.text();
      this.spend('scannedBytes', text.length);
      const scanned = new Map<string, number>();
      for (const match of text.matchAll(/(?:^|[\r\n\s])((\d+)\s+(\d+)\s+obj)\b/g)) {
        this.spend('indexEntries', 1);
        scanned.set(`${match[2]} ${match[3]}`, match.index + match[0].length - match[1].length);
      }
      this.scanned = scanned;
    }
    return this.scanned;
  }

  /** Reads the cross-reference sections from startxref back along /Prev; the newest entry for an object wins. */
  private readCrossReference(): Map<string, PdfValue> | undefined {
    const text = this.text();
    const startxref = text.lastIndexOf('startxref');
    if (startxref < 0) return undefined;
    let offset: number | undefined = Number(/^startxref\s+(\d+)/.exec(text.slice(startxref, startxref + 1024))?.[1]);
    let newestTrailer: Map<string, PdfValue> | undefined;
    const seen = new Set<number>();
    while (offset !== undefined && Number.isInteger(offset) && offset < this.bytes.length && !seen.has(offset)) {
      seen.add(offset);
      const trailer: Map<string, PdfValue> | undefined = this.readXrefTable(offset) ?? this.readXrefStream(offset);
      if (trailer === undefined) break;
      newestTrailer ??= trailer;
      const prev: PdfValue | undefined = trailer.get('Prev');
      offset = typeof prev === 'number' ? prev : undefined;
    }
    return newestTrailer;
  }

  private readXrefTable(offset: number): Map<string, PdfValue> | undefined {
    const parser = new PdfParser(this.bytes, offset);
    try {
      if (!parser.keyword('xref')) return undefined;
      while (parser.nextIsDigit()) {
        const first = parser.value();
        const count = parser.value();
        if (!isCount(first) || !isCount(count)) return undefined;
        // Entries are 20 bytes each: a count the rest of the file cannot hold is not a table.
        if (count * 18 > this.bytes.length - parser.position) return undefined;
        this.spend('indexEntries', count + 1);
        for (let i = 0; i < count; i += 1) {
          const start = parser.skipWhitespace();
          const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(this.bytes.toString('latin1', start, start + 18));
          if (entry === null) return undefined;
          parser.position = start + 18;
          const key = `${first + i} ${Number(entry[2])}`;
          if (entry[3] === 'n' && !this.offsets.has(key) && !this.inObjectStreams.has(first + i)) this.offsets.set(key, Number(entry[1]));
        }
      }
      if (!parser.keyword('trailer')) return undefined;
      const trailer = this.parse(this.bytes, parser.position, (dict) => dict.value());
      return trailer instanceof Map ? trailer : undefined;
    } finally {
      // The entries are read as fixed-width text, not by the object parser.
      this.spend('scannedBytes', Math.max(0, parser.position - offset));
    }
  }

  /** A cross-reference stream (PDF 1.5): "n g obj << /Type /XRef /W [...] /Index [...] >> stream". */
  private readXrefStream(offset: number): Map<string, PdfValue> | undefined {
    const object = this.objectAt(offset);
    if (object === undefined || !(object.value instanceof Map)) return undefined;
    const dict = object.value;
    const type = dict.get('Type');
    if (!(type instanceof PdfName) || type.name !== 'XRef') return undefined;
    const widths = dict.get('W');
    const size = dict.get('Size');
    if (!Array.isArray(widths) || widths.length !== 3 || !widths.every((w) => isCount(w) && w <= 8)) return undefined;
    const [w0, w1, w2] = widths as number[];
    const rowLength = w0 + w1 + w2;
    // Rows of no bytes would let /Index claim any number of entries that the stream does not hold.
    if (rowLength === 0 || !isCount(size) || size > PDF_READ_LIMITS.indexEntries) return undefined;
    const index = dict.get('Index') ?? [0, size];
    if (!Array.isArray(index) || index.length % 2 !== 0 || !index.every(isCount)) return undefined;
    const ranges = index;
    let rows = 0;
    for (let r = 0; r < ranges.length; r += 2) {
      if (ranges[r] + ranges[r + 1] > size) return undefined;
      rows += ranges[r + 1];
    }
    if (rows > size) return undefined;
    const data = this.streamData(dict, object.end);
    if (data === undefined || rows * rowLength > data.length) return undefined;
    this.spend('indexEntries', rows);
    const field = (at: number, width: number, fallback: number): number => {
      if (width === 0) return fallback;
      let value = 0;
      for (let i = 0; i < width; i += 1) value = value * 256 + data[at + i];
      return value;
    };
    let row = 0;
    for (let r = 0; r < ranges.length; r += 2) {
      for (let i = 0; i < ranges[r + 1]; i += 1, row += 1) {
        const at = row * rowLength;
        const num = ranges[r] + i;
        const kind = field(at, w0, 1);
        const second = field(at + w0, w1, 0);
        const third = field(at + w0 + w1, w2, 0);
        if (this.offsets.has(`${num} ${kind === 1 ? third : 0}`) || this.inObjectStreams.has(num)) continue;
        if (kind === 1) this.offsets.set(`${num} ${third}`, second);
        if (kind === 2) this.inObjectStreams.set(num, { stream: second, index: third });
      }
    }
    return dict;
  }

  private scanTrailer(): Map<string, PdfValue> {
    const at = this.text().lastIndexOf('trailer');
    if (at < 0) throw new Error('No trailer');
    const trailer = this.parse(this.bytes, at, (parser) => {
      parser.keyword('trailer');
      return parser.value();
    });
    if (!(trailer instanceof Map)) throw new Error('Malformed trailer');
    return trailer;
  }
}

/** A non-negative whole number, as counts, lengths and offsets must be. */
function isCount(value: PdfValue | undefined): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Undoes the PNG predictors (10–15) a Flate stream may carry; TIFF predictor 2 is not used by PDF writers for these objects. */
function undoPredictor(data: Buffer, parms: Map<string, PdfValue> | undefined): Buffer | undefined {
  const predictor = parms?.get('Predictor');
  if (typeof predictor !== 'number' || predictor < 10) return data;
  const columns = parms?.get('Columns') ?? 1;
  const colors = parms?.get('Colors') ?? 1;
  const bits = parms?.get('BitsPerComponent') ?? 8;
  const validBits = typeof bits === 'number' && [1, 2, 4, 8, 16].includes(bits);
  if (!isCount(columns) || columns === 0 || !isCount(colors) || colors === 0 || colors > 32 || !validBits) return undefined;
  const bytesPerPixel = Math.max(1, Math.ceil((colors * bits) / 8));
  const rowLength = Math.ceil((columns * colors * bits) / 8);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = Buffer.alloc(rows * rowLength);
  for (let r = 0; r < rows; r += 1) {
    const type = data[r * (rowLength + 1)];
    for (let i = 0; i < rowLength; i += 1) {
      const raw = data[r * (rowLength + 1) + 1 + i];
      const left = i >= bytesPerPixel ? out[r * rowLength + i - bytesPerPixel] : 0;
      const up = r > 0 ? out[(r - 1) * rowLength + i] : 0;
      const upLeft = r > 0 && i >= bytesPerPixel ? out[(r - 1) * rowLength + i - bytesPerPixel] : 0;
      let predicted = 0;
      if (type === 1) predicted = left;
      else if (type === 2) predicted = up;
      else if (type === 3) predicted = Math.floor((left + up) / 2);
      else if (type === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      out[r * rowLength + i] = (raw + predicted) & 0xff;
    }
  }
  return out;
}

/** Arrays and dictionaries nest far less than this in any real file; deeper is refused rather than recursed into. */
const MAX_NESTING = 64;

class PdfParser {
  private nesting = 0;

  constructor(
    private readonly bytes: Buffer,
    public position: number,
  ) {}

  skipWhitespace(): number {
    for (;;) {
      const byte = this.bytes[this.position];
      if (byte === undefined) return this.position;
      if (WHITESPACE[byte] === 1) {
        this.position += 1;
      } else if (byte === 0x25 /* % */) {
        while (this.position < this.bytes.length && this.bytes[this.position] !== 0x0a && this.bytes[this.position] !== 0x0d)
          this.position += 1;
      } else {
        return this.position;
      }
    }
  }

  keyword(word: string): boolean {
    this.skipWhitespace();
    const end = this.position + word.length;
    for (let i = 0; i < word.length; i += 1) if (this.bytes[this.position + i] !== word.charCodeAt(i)) return false;
    const next = this.bytes[end];
    if (next !== undefined && !endsToken(next)) return false;
    this.position = end;
    return true;
  }

  nextIsDigit(): boolean {
    return isDigit(this.bytes[this.skipWhitespace()]);
  }

  value(): PdfValue {
    this.skipWhitespace();
    const byte = this.bytes[this.position];
    if (byte === undefined) throw new Error('Unexpected end of PDF');
    if (byte === 0x3c /* < */ && this.bytes[this.position + 1] === 0x3c) return this.dictionary();
    if (byte === 0x3c) return this.hexString();
    if (byte === 0x28 /* ( */) return this.literalString();
    if (byte === 0x5b /* [ */) return this.array();
    if (byte === 0x2f /* / */) return this.name();
    if (NUMBER_START[byte] === 1) return this.numberOrReference();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.keyword(word)) return value;
    }
    throw new Error(`Unexpected byte ${byte} at ${this.position}`);
  }

  private enter(): void {
    this.nesting += 1;
    if (this.nesting > MAX_NESTING) throw new Error('Nested too deeply');
  }

  private dictionary(): Map<string, PdfValue> {
    this.enter();
    this.position += 2;
    const dict = new Map<string, PdfValue>();
    for (;;) {
      this.skipWhitespace();
      if (this.bytes[this.position] === 0x3e && this.bytes[this.position + 1] === 0x3e) {
        this.position += 2;
        this.nesting -= 1;
        return dict;
      }
      const key = this.value();
      if (!(key instanceof PdfName)) throw new Error('Dictionary key is not a name');
      dict.set(key.name, this.value());
    }
  }

  private array(): PdfValue[] {
    this.enter();
    this.position += 1;
    const items: PdfValue[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.bytes[this.position] === 0x5d) {
        this.position += 1;
        this.nesting -= 1;
        return items;
      }
      items.push(this.value());
    }
  }

  private name(): PdfName {
    this.position += 1;
    const start = this.position;
    while (this.position < this.bytes.length && !endsToken(this.bytes[this.position])) this.position += 1;
    const raw = this.bytes.toString('latin1', start, this.position);
    if (!raw.includes('#')) return new PdfName(raw);
    return new PdfName(raw.replace(/#([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))));
  }

  private hexString(): PdfString {
    const end = this.bytes.indexOf(0x3e, this.position);
    // Where the parser stopped is what the reading is charged for (PdfReader.parse), so it moves to what it read.
    if (end < 0) {
      this.position = this.bytes.length;
      throw new Error('Unterminated hex string');
    }
    let hex = this.bytes.toString('latin1', this.position + 1, end).replace(/[\0\t\n\f\r ]/g, '');
    this.position = end;
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new Error('Malformed hex string');
    if (hex.length % 2 === 1) hex += '0';
    this.position = end + 1;
    return new PdfString(Buffer.from(hex, 'hex'));
  }

  private literalString(): PdfString {
    const out: number[] = [];
    let depth = 0;
    let i = this.position + 1;
    const at = (index: number): number => {
      const byte = this.bytes[index];
      if (byte === undefined) {
        this.position = this.bytes.length;
        throw new Error('Unterminated string');
      }
      return byte;
    };
    for (;;) {
      const byte = at(i);
      if (byte === 0x5c /* \ */) {
        const next = at(i + 1);
        const simple: Record<number, number> = {
          0x6e: 0x0a,
          0x72: 0x0d,
          0x74: 0x09,
          0x62: 0x08,
          0x66: 0x0c,
          0x28: 0x28,
          0x29: 0x29,
          0x5c: 0x5c,
        };
        if (next in simple) {
          out.push(simple[next]);
          i += 2;
        } else if (next >= 0x30 && next <= 0x37) {
          let digits = 0;
          let code = 0;
          while (digits < 3 && at(i + 1 + digits) >= 0x30 && at(i + 1 + digits) <= 0x37) {
            code = code * 8 + (at(i + 1 + digits) - 0x30);
            digits += 1;
          }
          out.push(code & 0xff);
          i += 1 + digits;
        } else if (next === 0x0d || next === 0x0a) {
          // A backslash at the end of a line continues the string on the next line.
          i += next === 0x0d && at(i + 2) === 0x0a ? 3 : 2;
        } else {
          out.push(next);
          i += 2;
        }
      } else if (byte === 0x0d) {
        // An unescaped end of line is read as a single line feed.
        out.push(0x0a);
        i += at(i + 1) === 0x0a ? 2 : 1;
      } else {
        if (byte === 0x28) depth += 1;
        if (byte === 0x29) {
          if (depth === 0) break;
          depth -= 1;
        }
        out.push(byte);
        i += 1;
      }
    }
    this.position = i + 1;
    return new PdfString(Buffer.from(out));
  }

  private numberOrReference(): number | PdfRef {
    const first = this.number();
    const save = this.position;
    if (Number.isInteger(first) && first >= 0) {
      this.skipWhitespace();
      if (isDigit(this.bytes[this.position])) {
        const second = this.number();
        if (Number.isInteger(second) && this.keyword('R')) return new PdfRef(first, second);
      }
    }
    this.position = save;
    return first;
  }

  /** [+-]digits[.digits] or [+-].digits */
  private number(): number {
    const start = this.skipWhitespace();
    let at = start;
    if (this.bytes[at] === 0x2b || this.bytes[at] === 0x2d) at += 1;
    let digits = 0;
    let integer = 0;
    for (; isDigit(this.bytes[at]); at += 1, digits += 1) integer = integer * 10 + this.bytes[at] - 0x30;
    const whole = this.bytes[at] !== 0x2e; /* . */
    if (!whole) for (at += 1; isDigit(this.bytes[at]); at += 1) digits += 1;
    if (digits === 0) throw new Error(`Not a number at ${start}`);
    this.position = at;
    // Integers (nearly every number in a PDF) without making a string of them.
    if (whole && digits <= 15) return this.bytes[start] === 0x2d ? -integer : integer;
    return Number(this.bytes.toString('latin1', start, at));
  }
}
