import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '../audit/audit.service';
import type { ApplicationRecord } from '../applications/applications.repository';
import { DISTRICTS } from '../applications/domain/districts';
import { ENTITY_TYPE_INFO } from '../applications/domain/entity-type';
import { tradeNameKey } from '../applications/domain/enterprise-name';
import { DomainError } from '../common/errors/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CreditCodeIssuerService, type IssuedCode } from '../credit-codes/credit-code-issuer.service';
import { DEPARTMENTS, departmentPayload } from '../exchange/domain/department-payloads';
import { chinaDate } from '../review/domain/sla';
import { classifyEnterprise } from '../statistics/domain/size-classification';
import { canonicalLicencePayload, LONG_TERM, type LicenceData } from './domain/licence-data';
import type { LicenceSigner } from './licence-signer';
import { LICENCE_SIGNER } from './licence-signer.provider';
import { LicencesRepository, type NewRegistration } from './licences.repository';

export interface IssuedLicence {
  code: string;
  enterpriseId: string;
  licenceId: string;
  /** The licence.issued event: the caller appends it with its own events, last, in the same transaction. */
  audit: AuditEntry;
}

/**
 * "One licence, one code": runs inside the approval's transaction, so the code, the enterprise, its
 * licence, the audit event and the four departments' outbox events exist exactly when the approval does.
 *
 * Everything that does not need the code is prepared first; from taking the code (which locks the
 * prefix's counter row until commit) there is one more statement, then the caller's audit append and the
 * commit. Approvals queue on that row, so its locked stretch sets how many licences a second can be issued.
 */
@Injectable()
export class IssueLicenceService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LICENCE_SIGNER) private readonly signer: LicenceSigner,
    private readonly codes: CreditCodeIssuerService,
    private readonly licences: LicencesRepository,
  ) {}

  async issue(manager: EntityManager, application: ApplicationRecord, issuedAt = new Date()): Promise<IssuedLicence> {
    const [issued] = await this.issueAll(manager, [application], issuedAt);
    if (!issued) throw new Error('licence not issued');
    return issued;
  }

  /**
   * Issues for several approved applications at once (approvals that arrived together): one counter
   * update for all their codes, one statement for all their rows.
   */
  async issueAll(manager: EntityManager, applications: readonly ApplicationRecord[], issuedAt = new Date()): Promise<IssuedLicence[]> {
    const today = chinaDate(issuedAt);
    const prepared = applications.map((application) => this.prepare(application, today));
    const codes = await this.codes.allocate(
      manager,
      prepared.map((p) => p.category),
    );
    const registrations = prepared.map((p, i) => p.complete(codes[i]));
    await this.licences.insertRegistrations(
      manager,
      registrations.map((r) => r.row),
    );
    return registrations.map((r) => r.issued);
  }

  /** Everything about a registration that does not need its code, and a function that completes it. */
  private prepare(application: ApplicationRecord, today: string) {
    const answers = application.answers;
    const { entityType, name, domicile, industry, legalRepresentative, operations } = answers;
    if (!entityType || !name || !domicile || !industry || !legalRepresentative || !operations)
      throw new DomainError('application.not_ready');
    const info = ENTITY_TYPE_INFO[entityType];
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
    const enterpriseId = randomUUID();
    const licenceId = randomUUID();
    const complete = ({ code, sequence }: IssuedCode): { row: NewRegistration; issued: IssuedLicence } => {
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
      const row: NewRegistration = {
        ledger: { prefix: this.config.creditCodePrefix, sequence },
        enterprise: {
          id: enterpriseId,
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
        },
        licence: { id: licenceId, version: 1, data, signature: this.signer.sign(canonicalLicencePayload(data)), keyId: this.signer.keyId },
        outbox: DEPARTMENTS.map((department) => ({
          department,
          eventType: 'enterprise.registered',
          payload: departmentPayload(department, registered, answers),
        })),
      };
      const issued: IssuedLicence = {
        code,
        enterpriseId,
        licenceId,
        audit: {
          action: 'licence.issued',
          subjectType: 'enterprise',
          subjectId: code,
          details: { applicationId: application.id, licenceId, version: 1, keyId: this.signer.keyId },
        },
      };
      return { row, issued };
    };
    return { category: info.usccCategory, complete };
  }
}
