/** Uploads are accepted by what their bytes are, never by their name or the browser's claim. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export type DocumentContentType = 'application/pdf' | 'image/png' | 'image/jpeg';

export type DocumentCheck =
  { ok: true; contentType: DocumentContentType } | { ok: false; reason: 'empty' | 'too_large' | 'unsupported_type' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function checkDocumentContent(bytes: Uint8Array): DocumentCheck {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, reason: 'too_large' };
  const starts = (signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  // PDF readers accept the header anywhere in the first 1 KiB; most files put it first.
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).includes('%PDF-')) return { ok: true, contentType: 'application/pdf' };
  if (starts(PNG_SIGNATURE)) return { ok: true, contentType: 'image/png' };
  if (starts([0xff, 0xd8, 0xff])) return { ok: true, contentType: 'image/jpeg' };
  return { ok: false, reason: 'unsupported_type' };
}

/** A file name safe to show and to send back in Content-Disposition. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && !'"<>:|?*'.includes(ch))
    .join('')
    .trim()
    .slice(0, 120);
  return cleaned === '' ? 'document' : cleaned;
}
