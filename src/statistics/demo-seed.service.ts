import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { ApplicationsRepository } from '../applications/applications.repository';
import type { ApplicationAnswers } from '../applications/domain/answers';
import { derivedColumns } from '../applications/edit-application.service';
import { computeResidentIdCheckCharacter } from '../credit-codes/domain';
import { DomainError } from '../common/errors/domain-error';
import { IssueLicenceService } from '../licences/issue-licence.service';
import { planSeed, type Blueprint, type SeedSpec } from './domain/seed-plan';
import { PasswordHasher } from '../auth/password-hasher';
import { randomBytes } from 'node:crypto';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红燕鹏辉建文俊宇浩然子轩欣怡梓涵一诺雨泽佳琪晨阳思远博文雅婷';
const STREETS = ['海天路', '保税路', '港兴大道', '振鹏路', '黄海西路', '亮甲店街道', '大窑湾路', '物流园路'];
const BATCH = 400;

/**
 * Builds a demonstration register whose statistics equal a spec exactly, through the portal's own
 * issuance (real codes from the allocator, signed licences, outbox events, audit). Into an empty register
 * only: existing registrations would change the figures.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly issuance: IssueLicenceService,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
  ) {}

  async seed(spec: SeedSpec, progress: (done: number, total: number) => void = () => undefined): Promise<{ created: number }> {
    const [existing] = await this.dataSource.query<{ count: string }[]>(`SELECT count(*) AS count FROM enterprise`);
    if (Number(existing?.count ?? 0) > 0) throw new DomainError('seed.register_not_empty', { count: Number(existing?.count) });
    const plan = planSeed(spec, { seed: 1 });
    const applicantId = await this.seedAccount();
    for (let from = 0; from < plan.length; from += BATCH) {
      const batch = plan.slice(from, from + BATCH);
      await this.dataSource.transaction(async (manager) => {
        for (const [offset, blueprint] of batch.entries()) {
          const at = new Date(`${blueprint.establishedOn}T10:00:00+08:00`);
          const answers = answersFor(blueprint, from + offset);
          const application = await this.applications.insertDecided(manager, applicantId, answers, derivedColumns(answers), at);
          const issued = await this.issuance.issue(manager, application, at);
          await this.audit.record(manager, SYSTEM_ACTOR, issued.audit);
        }
      });
      progress(Math.min(from + BATCH, plan.length), plan.length);
    }
    await this.audit.recordAlone(SYSTEM_ACTOR, { action: 'demo.seeded', details: { asOf: spec.asOf, created: plan.length } });
    return { created: plan.length };
  }

  /** One disabled applicant account owns the seeded registrations: nobody can sign in as it. */
  private async seedAccount(): Promise<string> {
    const hash = await this.hasher.hash(randomBytes(32).toString('hex'));
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO user_account (email, name, password_hash, role, status) VALUES ('demo-seed@example.invalid', 'Demo register', $1, 'applicant', 'disabled')
       ON CONFLICT ON CONSTRAINT uq_user_account_email DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [hash],
    );
    return rows[0].id;
  }
}

/** Complete, plausible answers for a blueprint; people get real-format identity numbers. */
function answersFor(b: Blueprint, n: number): ApplicationAnswers {
  const person = SURNAMES[n % SURNAMES.length] + GIVEN[(n * 7) % GIVEN.length] + (n % 3 === 0 ? GIVEN[(n * 13) % GIVEN.length] : '');
  const birth = `19${60 + (n % 40)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
  const id17 = `210204${birth}${String(n % 1000).padStart(3, '0')}`;
  const idNumber = id17 + computeResidentIdCheckCharacter(id17);
  const capitalFen = String((10n + BigInt(n % 90)) * 10_000_00n);
  const contact = { name: person, phone: `1${3 + (n % 6)}${String(100000000 + ((n * 7919) % 900000000)).slice(0, 9)}` };
  const company = b.entityType === 'limited_liability_company' || b.entityType === 'joint_stock_company';
  return {
    entityType: b.entityType,
    name: { division: '大连', tradeName: b.tradeName, industryPhrase: b.industryPhrase, organisationalForm: b.organisationalForm },
    domicile: {
      district: b.district,
      address: `${b.district === '210242' ? '保税区' : ''}${STREETS[n % STREETS.length]}${1 + (n % 200)}号`,
    },
    industry: { classCode: b.industryClass, scope: `${b.industryPhrase}（依法须经批准的项目，经相关部门批准后方可开展经营活动）` },
    ...(b.entityType === 'individual_household' ? {} : { capital: { amountFen: capitalFen } }),
    legalRepresentative: { name: person, documentType: 'resident_id', documentNumber: idNumber, phone: contact.phone },
    ...(b.entityType === 'individual_household'
      ? {}
      : {
          shareholders: [
            {
              id: `s${n}`,
              kind: 'natural' as const,
              name: person,
              documentType: 'resident_id' as const,
              documentNumber: idNumber,
              contributionFen: capitalFen,
            },
          ],
        }),
    ...(company
      ? {
          officers: [
            {
              id: `d${n}`,
              role: 'executive_director' as const,
              name: person,
              documentType: 'resident_id' as const,
              documentNumber: idNumber,
            },
            { id: `v${n}`, role: 'supervisor' as const, name: person, documentType: 'resident_id' as const, documentNumber: idNumber },
          ],
        }
      : {}),
    operations: { employees: b.employees, revenueFen: b.revenueFen.toString(), assetsFen: b.assetsFen.toString() },
    contacts: { financialOfficer: contact, taxContact: contact, socialInsuranceContact: contact, statisticsContact: contact },
  };
}
