import type { Localised } from '../common/http/public-page';
import { DISTRICTS } from '../applications/domain/districts';
import { ENTITY_TYPE_INFO, type EntityType } from '../applications/domain/entity-type';
import { formatAmount } from '../applications/domain/money';
import { formatCalendarDate } from '../common/text/calendar-date';
import { findIndustryClass } from '../reference/industry-classification';
import type { EnterpriseRow } from './licences.repository';
import { licenceFields, licenceFooter, type LicenceData } from './domain/licence-data';

/** The licence page's view model: the signed data in the official order, in the reader's language. */
export function licenceView(data: LicenceData, req: Localised, extra: { status: string; keyId: string; signature: string }) {
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

/**
 * An enterprise's public record as rows of a summary list, for the verification page (with the name) and
 * the register's entry (whose heading is the name): what the licence certifies, in the reader's language,
 * each under the title the entity type's law gives it (投资人, 执行事务合伙人, 出资额 …).
 */
export function enterpriseRows(enterprise: EnterpriseRow, req: Localised, { withName }: { withName: boolean }) {
  const zh = req.locale === 'zh-CN';
  const info = (ENTITY_TYPE_INFO as Partial<Record<string, (typeof ENTITY_TYPE_INFO)[EntityType]>>)[enterprise.entityType];
  const district = DISTRICTS.find((d) => d.code === enterprise.district);
  const capital =
    enterprise.registeredCapitalFen === null || !info?.capital
      ? []
      : [{ key: info.capital.label[zh ? 'zh' : 'en'], value: formatAmount(BigInt(enterprise.registeredCapitalFen), req.locale) }];
  return [
    { key: req.t('creditCheck.code'), value: enterprise.code, valueClasses: 'app-code' },
    ...(withName ? [{ key: req.t('register.name'), value: enterprise.name }] : []),
    { key: req.t('register.type'), value: req.t(`entityType.${enterprise.entityType}`) },
    { key: info ? info.representativeTitle[zh ? 'zh' : 'en'] : req.t('register.representative'), value: enterprise.legalRepresentative },
    ...capital,
    { key: req.t('register.established'), value: formatCalendarDate(enterprise.establishedOn, req.locale) },
    { key: req.t('register.domicile'), value: enterprise.domicile },
    { key: req.t('register.district'), value: district ? (zh ? district.zh : district.en) : enterprise.district },
    { key: req.t('register.industry'), value: industryText(enterprise.industryClass) },
    { key: req.t('register.scope'), value: enterprise.businessScope },
    { key: req.t('register.status'), value: req.t(`enterprise.status.${enterprise.status}`) },
  ];
}
