import type { Request } from 'express';
import { findIndustryClass } from '../reference/industry-classification';
import { licenceFields, licenceFooter, type LicenceData } from './domain/licence-data';

/** The licence page's view model: the signed data in the official order, in the reader's language. */
export function licenceView(data: LicenceData, req: Request, extra: { status: string; keyId: string; signature: string }) {
  const locale = req.locale === 'zh-CN' ? 'zh-CN' : 'en';
  const footer = licenceFooter(data, locale);
  return {
    data,
    fields: licenceFields(data, locale),
    authority: footer.registrationAuthority.value,
    issuedOn: footer.issuedOn.value,
    status: extra.status,
    statusText: req.t(`licence.status.${extra.status}`),
    keyId: extra.keyId,
    signature: extra.signature,
  };
}

export function industryText(code: string): string {
  const found = findIndustryClass(code);
  return found ? `${found.code} ${found.name_zh}` : code;
}
