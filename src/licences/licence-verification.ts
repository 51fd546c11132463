import { type LicenceData, parseLicencePayload } from './domain/licence-data';
import { decodeStrictBase64, findLicenceSignature } from './licence-pdf';
import { LicenceSigner } from './licence-signer';

export type LicenceVerification =
  | { valid: true; data: LicenceData; keyId: string }
  | { valid: false; reason: 'not_a_pdf' | 'no_signature' | 'bad_signature' | 'malformed_payload' };

/**
 * Checks a licence PDF against the authority's public key.
 *
 * What is certified is the DATA, not the pixels: the signature covers the canonical payload carried inside
 * the file (licence-pdf.ts), not the drawing on the page. A PDF whose visible text was edited but whose
 * payload was left intact still verifies, and this returns the signed data. The verification page therefore
 * shows the signed data returned here, and the reader compares it with what the document in front of them
 * says: any difference means the visible document was altered.
 *
 *   not_a_pdf          the bytes are not a PDF
 *   no_signature       a PDF without a licence signature, or one this reader cannot open: encrypted, damaged,
 *                      or costing more to read than PDF_READ_LIMITS allow (licence-pdf.ts), as crafted files do
 *   bad_signature      the payload, the signature or the key does not match: altered, or signed by another key
 *   malformed_payload  correctly signed, but not licence data this version understands
 */
export function verifyLicencePdf(pdf: Buffer, publicKeyPem: string): LicenceVerification {
  const found = findLicenceSignature(pdf);
  if (!found.found) return { valid: false, reason: found.reason };
  // A payload that is not valid base64 cannot be the bytes that were signed.
  const payload = decodeStrictBase64(found.payloadBase64);
  if (payload === undefined || !LicenceSigner.verify(publicKeyPem, payload, found.signature))
    return { valid: false, reason: 'bad_signature' };
  const data = parseLicencePayload(payload);
  if (data === undefined) return { valid: false, reason: 'malformed_payload' };
  // The key id in the file is a hint for choosing a key; the one that verified is the one that counts.
  return { valid: true, data, keyId: LicenceSigner.keyIdOfPublicKeyPem(publicKeyPem) ?? found.keyId };
}
