import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import type { ApplicationRecord } from '../applications/applications.repository';
import { DISTRICTS } from '../applications/domain/districts';
import { ENTITY_TYPE_INFO } from '../applications/domain/entity-type';
import { tradeNameKey } from '../applications/domain/enterprise-name';
import { DomainError } from '../common/errors/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CreditCodeIssuerService } from '../credit-codes/credit-code-issuer.service';
import { DEPARTMENTS, departmentPayload } from '../exchange/domain/department-payloads';
import { chinaDate } from '../review/domain/sla';
import { classifyEnterprise } from '../statistics/domain/size-classification';
import { canonicalLicencePayload, LONG_TERM, type LicenceData } from './domain/licence-data';
import type { LicenceSigner } from './licence-signer';
import { LICENCE_SIGNER } from './licence-signer.provider';
import { LicencesRepository } from './licences.repository';

export interface IssuedLicence {
  code: string;
  enterpriseId: string;
  licenceId: string;
}

/**
 * "One licence, one code": runs inside the approval's transaction, so the code, the enterprise, its
 * licence, the audit event and the four departments' outbox events exist exactly when the approval does.
 */
@Injectable()
export class IssueLicenceService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LICENCE_SIGNER) private readonly signer: LicenceSigner,
    private readonly codes: CreditCodeIssuerService,
    private readonly licences: LicencesRepository,
    private readonly audit: AuditService,
  ) {}

  async issue(manager: EntityManager, application: ApplicationRecord, actor: Actor, issuedAt = new Date()): Promise<IssuedLicence> {
    const answers = application.answers;
    const { entityType, name, domicile, industry, legalRepresentative, operations } = answers;
    if (!entityType || !name || !domicile || !industry || !legalRepresentative || !operations)
      throw new DomainError('application.not_ready');
    const info = ENTITY_TYPE_INFO[entityType];
    const { code } = await this.codes.issue(manager, info.usccCategory, { type: 'application', id: application.id });
    const today = chinaDate(issuedAt);
    const district = DISTRICTS.find((d) => d.code === domicile.district);
    // The full address as licences print it; the bonded area has no district name of its own.
    const domicileText = `辽宁省大连市${district && district.code !== '210242' && !domicile.address.startsWith(district.zh) ? district.zh : ''}${domicile.address}`;
    const capitalFen = info.capital && answers.capital ? answers.capital.amountFen : null;
    const enterpriseName = application.proposedName ?? '';
    const classification = classifyEnterprise({
      industryClass: industry.classCode,
      entityType,
      employees: operations.employees,
      revenueFen: BigInt(operations.revenueFen),
      assetsFen: BigInt(operations.assetsFen),
    });
    const enterpriseId = await this.licences.insertEnterprise(manager, {
      applicationId: application.id,
      code,
      name: enterpriseName,
      tradeNameKey: tradeNameKey(name),
      entityType,
      legalRepresentative: legalRepresentative.name,
      registeredCapitalFen: capitalFen,
      district: domicile.district,
      domicile: domicileText,
      industryClass: industry.classCode,
      businessScope: industry.scope,
      employees: operations.employees,
      revenueFen: operations.revenueFen,
      assetsFen: operations.assetsFen,
      establishedOn: today,
      sector: classification.sector,
      sizeClass: classification.size,
      isEnterprise: classification.isEnterprise,
      smallOrMicro: classification.isSmallOrMicro,
    });
    const data: LicenceData = {
      code,
      name: enterpriseName,
      entityTypeLabel: { zh: info.label.zh, en: info.label.en },
      representativeTitle: { zh: info.representativeTitle.zh, en: info.representativeTitle.en },
      representative: legalRepresentative.name,
      registeredCapitalFen: capitalFen,
      capitalLabel: info.capital && capitalFen !== null ? { zh: info.capital.label.zh, en: info.capital.label.en } : null,
      establishedOn: today,
      businessTerm: LONG_TERM,
      domicile: domicileText,
      businessScope: industry.scope,
      registrationAuthority: { zh: this.config.authority.nameZh, en: this.config.authority.name },
      issuedOn: today,
      version: 1,
      verifyUrl: `${this.config.publicBaseUrl}/verify/${code}`,
    };
    const signature = this.signer.sign(canonicalLicencePayload(data));
    const licenceId = await this.licences.insertLicence(manager, {
      enterpriseId,
      applicationId: application.id,
      version: 1,
      data,
      signature,
      keyId: this.signer.keyId,
    });
    const registered = {
      code,
      name: enterpriseName,
      entityType,
      enterpriseTypeCode: info.enterpriseType.code,
      legalRepresentative: legalRepresentative.name,
      establishedOn: today,
      district: domicile.district,
      domicile: domicileText,
      industryClass: industry.classCode,
      businessScope: industry.scope,
      registeredCapitalFen: capitalFen,
      registrationAuthority: this.config.authority.nameZh,
    };
    await this.licences.insertOutboxEvents(
      manager,
      DEPARTMENTS.map((department) => ({
        department,
        eventType: 'enterprise.registered',
        enterpriseId,
        code,
        payload: departmentPayload(department, registered, answers),
      })),
    );
    await this.audit.record(manager, actor, {
      action: 'licence.issued',
      subjectType: 'enterprise',
      subjectId: code,
      details: { applicationId: application.id, licenceId, version: 1, keyId: this.signer.keyId },
    });
    return { code, enterpriseId, licenceId };
  }
}
