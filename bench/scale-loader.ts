/**
 * Fills an empty, migrated database with a register at scale: by default 1,000,000 enterprises (each with
 * its approved application, its issued credit code and its signed licence), 1,000,000 further applications
 * in every other state, and a hash-chained audit log of 5,000,000 events; plus a few thousand applicants,
 * 50 reviewers and an administrator who can all sign in. Bulk SQL (unnest batches), never HTTP.
 *
 * The rows are consistent with what the portal itself writes: codes are composed by the portal's GB 32100 /
 * GB 11714 functions from a gapless sequence (and the counter row continues after them), every licence is
 * signed with the given Ed25519 key over the canonical payload (on worker threads), enterprise columns
 * come from the licence data and the application's answers, the audit chain verifies and its head row is
 * set, the statistics' daily counts are rebuilt. Heavy secondary indexes are dropped before the load and
 * rebuilt after it, as a restore would; foreign-key and other triggers are switched off for the loading
 * session (session_replication_role = replica) when the role may, and the loader keeps the references
 * right itself. What it does not load: application history, documents, notifications, outbox events.
 *
 *   npm run bench:scale [-- --enterprises 1000000 --applications 1000000 --audit-events 5000000]
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Connection, PoolClient, Submittable } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '../src/database/data-source';
import { canonicalJson, GENESIS_HASH, hashAuditRecord, type AuditRecord } from '../src/audit/domain/audit-chain';
import type { ApplicationAnswers } from '../src/applications/domain/answers';
import { DISTRICTS } from '../src/applications/domain/districts';
import { composeName, tradeNameKey } from '../src/applications/domain/enterprise-name';
import { ENTITY_TYPE_INFO, type EntityType } from '../src/applications/domain/entity-type';
import { PasswordHasher } from '../src/auth/password-hasher';
import { composeCreditCode, computeResidentIdCheckCharacter, formatBodyIdentifier, validateCreditCode } from '../src/credit-codes/domain';
import { canonicalLicencePayload, LONG_TERM, type LicenceData } from '../src/licences/domain/licence-data';
import { LicenceSigner } from '../src/licences/licence-signer';
import { findIndustryClass } from '../src/reference/industry-classification';
import { chinaDate } from '../src/review/domain/sla';
import { tradeNameSequence } from '../src/statistics/domain/seed-plan';
import { classifyEnterprise } from '../src/statistics/domain/size-classification';
import type { SignRequest, SignResponse } from './licence-sign-worker';
import { arg, benchDatabase } from './support';

export interface ScaleCounts {
  enterprises: number;
  applications: number;
  auditEvents: number;
}

export interface ScaleOptions {
  /** Ed25519 PKCS#8 PEM that signs the licences: give the portal's key (LICENCE_SIGNING_KEY). Generated when absent. */
  signingKeyPem?: string;
  /** The portal's PUBLIC_BASE_URL, printed in every licence's verification address. */
  publicBaseUrl?: string;
  authority?: { name: string; nameZh: string; divisionCode: string };
  /** CREDIT_CODE_PREFIX. */
  prefix?: string;
  /** Default: a few thousand (one per 400 applications, 100 to 5,000). */
  applicants?: number;
  reviewers?: number;
  /** Worker threads that sign licences; default one per core. */
  signWorkers?: number;
  log?: (line: string) => void;
}

export interface PhaseTiming {
  phase: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface ScaleAccount {
  id: string;
  email: string;
}

export interface ScaleResult {
  counts: ScaleCounts;
  /** Every loaded account signs in with this password. */
  password: string;
  applicants: number;
  reviewers: ScaleAccount[];
  admin: ScaleAccount;
  phases: PhaseTiming[];
  totalRows: number;
  totalSeconds: number;
  /** Whether foreign keys and triggers were off during the load (needs a superuser). */
  triggersOff: boolean;
  keyId: string;
  /** The first trade-name index not used yet, for applications added later (addApplications). */
  nextTradeNameIndex: number;
  checks: { codesChecked: number; codesValid: number; licencesChecked: number; licencesVerified: number; auditChainTail: string };
}

export const SCALE_PASSWORD = 'harbour lantern 1984 kite';
export const DEFAULT_PUBLIC_BASE_URL = 'https://portal.example.cn';
const DEFAULT_AUTHORITY = {
  name: 'Dalian Bonded Area Market Supervision Administration',
  nameZh: '大连保税区市场监督管理局',
  divisionCode: '210200',
};
const LOADED_TABLES = ['user_account', 'application', 'issued_credit_code', 'enterprise', 'licence', 'audit_event'];
const FIRST_DAY = Date.UTC(2015, 0, 1);
const DAY_MS = 86_400_000;
const REGISTRATION_BATCH = 10_000;
const APPLICATION_BATCH = 20_000;
const AUDIT_BATCH = 20_000;

/** The same identifiers in node and in SQL: md5(kind || n)::uuid. */
export function uuidFor(kind: string, n: number): string {
  const h = createHash('md5').update(`${kind}${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const applicantEmail = (n: number): string => `applicant${n}@bench.example.cn`;
export const reviewerEmail = (n: number): string => `reviewer${n}@bench.example.cn`;

const tradeNames = tradeNameSequence(7);
/** Distinct trade names: the index-th one (enterprises use 0 … E−1, then the other applications). */
export const tradeNameAt = (index: number): string => tradeNames(index);

// ---------------------------------------------------------------------------------------------------------
// Profiles: what a registration is (type, industry, size); every row is one of these with its own name,
// person, domicile and dates. Answers are copied from the profile's template and those fields replaced.

interface ProfileSpec {
  entityType: EntityType;
  classCode: string;
  phrase: string;
  form: string;
  employees: number;
  revenueYuan: number;
  assetsYuan: number;
  capitalYuan: number | null;
  weight: number;
}

const PROFILE_SPECS: readonly ProfileSpec[] = [
  {
    entityType: 'limited_liability_company',
    classCode: 'F5176',
    phrase: '贸易',
    form: '有限公司',
    employees: 8,
    revenueYuan: 3_000_000,
    assetsYuan: 1_200_000,
    capitalYuan: 1_000_000,
    weight: 14,
  },
  {
    entityType: 'limited_liability_company',
    classCode: 'F5123',
    phrase: '商贸',
    form: '有限公司',
    employees: 25,
    revenueYuan: 20_000_000,
    assetsYuan: 8_000_000,
    capitalYuan: 5_000_000,
    weight: 8,
  },
  {
    entityType: 'limited_liability_company',
    classCode: 'I6513',
    phrase: '科技',
    form: '有限公司',
    employees: 6,
    revenueYuan: 500_000,
    assetsYuan: 300_000,
    capitalYuan: 1_000_000,
    weight: 8,
  },
  {
    entityType: 'limited_liability_company',
    classCode: 'I6511',
    phrase: '软件',
    form: '有限公司',
    employees: 40,
    revenueYuan: 8_000_000,
    assetsYuan: 5_000_000,
    capitalYuan: 10_000_000,
    weight: 4,
  },
  {
    entityType: 'limited_liability_company',
    classCode: 'G5431',
    phrase: '物流',
    form: '有限公司',
    employees: 30,
    revenueYuan: 6_000_000,
    assetsYuan: 4_000_000,
    capitalYuan: 3_000_000,
    weight: 7,
  },
  {
    entityType: 'limited_liability_company',
    classCode: 'E4710',
    phrase: '建筑工程',
    form: '有限公司',
    employees: 60,
    revenueYuan: 30_000_000,
    assetsYuan: 20_000_000,
    capitalYuan: 20_000_000,
    weight: 4,
  },
  {
    entityType: 'limited_liability_company',
    classCode: 'K7020',
    phrase: '物业管理',
    form: '有限公司',
    employees: 15,
    revenueYuan: 2_000_000,
    assetsYuan: 800_000,
    capitalYuan: 500_000,
    weight: 3,
  },
  {
    entityType: 'limited_liability_company',
    classCode: 'L7241',
    phrase: '咨询',
    form: '有限公司',
    employees: 5,
    revenueYuan: 800_000,
    assetsYuan: 200_000,
    capitalYuan: 500_000,
    weight: 6,
  },
  {
    entityType: 'limited_liability_company',
    classCode: 'M7320',
    phrase: '技术服务',
    form: '有限公司',
    employees: 20,
    revenueYuan: 3_000_000,
    assetsYuan: 2_000_000,
    capitalYuan: 2_000_000,
    weight: 4,
  },
  {
    entityType: 'limited_liability_company',
    classCode: 'C3311',
    phrase: '制造',
    form: '有限公司',
    employees: 400,
    revenueYuan: 300_000_000,
    assetsYuan: 200_000_000,
    capitalYuan: 50_000_000,
    weight: 2,
  },
  {
    entityType: 'limited_liability_company',
    classCode: 'H6210',
    phrase: '餐饮管理',
    form: '有限公司',
    employees: 12,
    revenueYuan: 1_500_000,
    assetsYuan: 600_000,
    capitalYuan: 300_000,
    weight: 4,
  },
  {
    entityType: 'joint_stock_company',
    classCode: 'C3421',
    phrase: '机械设备',
    form: '股份有限公司',
    employees: 350,
    revenueYuan: 150_000_000,
    assetsYuan: 120_000_000,
    capitalYuan: 80_000_000,
    weight: 1,
  },
  {
    entityType: 'sole_proprietorship',
    classCode: 'F5211',
    phrase: '百货',
    form: '商行',
    employees: 3,
    revenueYuan: 400_000,
    assetsYuan: 100_000,
    capitalYuan: 100_000,
    weight: 4,
  },
  {
    entityType: 'partnership',
    classCode: 'L7212',
    phrase: '投资',
    form: '合伙企业（有限合伙）',
    employees: 4,
    revenueYuan: 1_000_000,
    assetsYuan: 5_000_000,
    capitalYuan: 10_000_000,
    weight: 3,
  },
  {
    entityType: 'individual_household',
    classCode: 'F5213',
    phrase: '便利',
    form: '店',
    employees: 2,
    revenueYuan: 300_000,
    assetsYuan: 50_000,
    capitalYuan: null,
    weight: 10,
  },
  {
    entityType: 'individual_household',
    classCode: 'H6220',
    phrase: '快餐',
    form: '馆',
    employees: 4,
    revenueYuan: 500_000,
    assetsYuan: 80_000,
    capitalYuan: null,
    weight: 7,
  },
  {
    entityType: 'individual_household',
    classCode: 'O8040',
    phrase: '美发',
    form: '店',
    employees: 3,
    revenueYuan: 250_000,
    assetsYuan: 40_000,
    capitalYuan: null,
    weight: 6,
  },
  {
    entityType: 'farmers_cooperative',
    classCode: 'A0141',
    phrase: '蔬菜种植',
    form: '专业合作社',
    employees: 12,
    revenueYuan: 900_000,
    assetsYuan: 700_000,
    capitalYuan: 600_000,
    weight: 2,
  },
];

interface Profile extends ProfileSpec {
  index: number;
  scope: string;
  capitalFen: string | null;
  sector: string;
  sizeClass: string | null;
  isEnterprise: boolean;
  smallOrMicro: boolean;
  /** Complete answers; name, domicile and legal representative are replaced per row. */
  template: ApplicationAnswers;
}

const PROFILES: readonly Profile[] = PROFILE_SPECS.map((spec, index) => {
  const industry = findIndustryClass(spec.classCode);
  if (!industry) throw new Error(`scale loader: ${spec.classCode} is not an industry class`);
  const classification = classifyEnterprise({
    industryClass: spec.classCode,
    entityType: spec.entityType,
    employees: spec.employees,
    revenueFen: BigInt(spec.revenueYuan) * 100n,
    assetsFen: BigInt(spec.assetsYuan) * 100n,
  });
  const capitalFen = spec.capitalYuan === null ? null : String(BigInt(spec.capitalYuan) * 100n);
  const scope = `${industry.name_zh}（依法须经批准的项目，经相关部门批准后方可开展经营活动）`;
  return {
    ...spec,
    index,
    scope,
    capitalFen,
    sector: classification.sector,
    sizeClass: classification.size,
    isEnterprise: classification.isEnterprise,
    smallOrMicro: classification.isSmallOrMicro,
    template: templateAnswers(spec, scope, capitalFen),
  };
});

/** Profile of row n: weighted, scattered so that neighbouring rows differ. */
const PROFILE_WHEEL: readonly number[] = PROFILES.flatMap((p) => Array.from({ length: p.weight }, () => p.index));
const profileOf = (n: number): Profile => PROFILES[PROFILE_WHEEL[(n * 7919) % PROFILE_WHEEL.length]];

function templateAnswers(spec: ProfileSpec, scope: string, capitalFen: string | null): ApplicationAnswers {
  const person = { name: '王伟', documentType: 'resident_id' as const, documentNumber: '11010519491231002X', phone: '13812345678' };
  const company = spec.entityType === 'limited_liability_company' || spec.entityType === 'joint_stock_company';
  const contact = { name: '张敏', phone: '0411-88888888' };
  return {
    entityType: spec.entityType,
    name: { division: '大连', tradeName: '模板', industryPhrase: spec.phrase, organisationalForm: spec.form },
    domicile: { district: '210242', address: '保税区海天路8号' },
    industry: { classCode: spec.classCode, scope },
    ...(capitalFen === null ? {} : { capital: { amountFen: capitalFen } }),
    legalRepresentative: person,
    ...(capitalFen === null
      ? {}
      : {
          shareholders:
            spec.entityType === 'sole_proprietorship'
              ? [{ id: 's1', kind: 'natural' as const, ...person, contributionFen: capitalFen }]
              : [
                  {
                    id: 's1',
                    kind: 'natural' as const,
                    name: person.name,
                    documentType: person.documentType,
                    documentNumber: person.documentNumber,
                    contributionFen: String((BigInt(capitalFen) * 6n) / 10n),
                  },
                  {
                    id: 's2',
                    kind: 'corporate' as const,
                    name: '福州示范有限公司',
                    creditCode: '91350100M000100Y43',
                    contributionFen: String(BigInt(capitalFen) - (BigInt(capitalFen) * 6n) / 10n),
                  },
                ],
        }),
    ...(company
      ? {
          officers: [
            {
              id: 'o1',
              role: 'executive_director' as const,
              name: person.name,
              documentType: 'resident_id' as const,
              documentNumber: person.documentNumber,
            },
            { id: 'o2', role: 'supervisor' as const, name: '李娜', documentType: 'passport' as const, documentNumber: 'E12345678' },
          ],
        }
      : {}),
    operations: {
      employees: spec.employees,
      revenueFen: String(BigInt(spec.revenueYuan) * 100n),
      assetsFen: String(BigInt(spec.assetsYuan) * 100n),
    },
    contacts: { financialOfficer: contact, taxContact: contact, socialInsuranceContact: contact, statisticsContact: contact },
  };
}

// ---------------------------------------------------------------------------------------------------------
// People and places

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红燕鹏辉建文俊宇浩然子轩欣怡梓涵一诺雨泽佳琪晨阳思远博文雅婷';
const STREETS = ['海天路', '保税路', '港兴大道', '振鹏路', '黄海西路', '亮甲店街道', '大窑湾路', '物流园路'];
const OTHER_DISTRICTS = DISTRICTS.filter((d) => d.code !== '210242');

interface Person {
  name: string;
  idNumber: string;
  phone: string;
}

function personOf(n: number): Person {
  const name = SURNAMES[n % SURNAMES.length] + GIVEN[(n * 7) % GIVEN.length] + (n % 3 === 0 ? GIVEN[(n * 13) % GIVEN.length] : '');
  const birth = `19${60 + (n % 40)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
  const id17 = `210204${birth}${String(n % 1000).padStart(3, '0')}`;
  return {
    name,
    idNumber: id17 + computeResidentIdCheckCharacter(id17),
    phone: `13${String(100000000 + ((n * 7919) % 900000000)).slice(0, 9)}`,
  };
}

function placeOf(n: number): { district: string; address: string; domicile: string } {
  const other = (n * 31) % 10 >= 8 ? OTHER_DISTRICTS[n % OTHER_DISTRICTS.length] : undefined;
  const address = `${other ? '' : '保税区'}${STREETS[n % STREETS.length]}${1 + (n % 200)}号`;
  // As IssueLicenceService prints it.
  return {
    district: other?.code ?? '210242',
    address,
    domicile: `辽宁省大连市${other && !address.startsWith(other.zh) ? other.zh : ''}${address}`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Codes

export interface CodeSettings {
  prefix: string;
  divisionCode: string;
}

/** The credit code of the g-th loaded enterprise (1-based): sequence g − 1 under the prefix, as the allocator gives. */
export function enterpriseCode(g: number, settings: CodeSettings = { prefix: 'MA', divisionCode: DEFAULT_AUTHORITY.divisionCode }): string {
  return composeCreditCode({
    department: '9',
    category: ENTITY_TYPE_INFO[profileOf(g).entityType].usccCategory,
    division: settings.divisionCode,
    body: formatBodyIdentifier(settings.prefix, g - 1),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Signing on worker threads

class SignerPool {
  private readonly workers: Worker[];
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (signatures: string[]) => void; reject: (error: Error) => void }>();

  constructor(pem: string, size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(join(__dirname, 'licence-sign-worker.js'), { workerData: { pem } });
      worker.on('message', (response: SignResponse) => {
        this.waiting.get(response.id)?.resolve(response.signatures);
        this.waiting.delete(response.id);
      });
      worker.on('error', (error) => {
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      });
      return worker;
    });
  }

  async sign(licences: LicenceData[]): Promise<string[]> {
    const size = Math.ceil(licences.length / this.workers.length);
    const parts = await Promise.all(
      this.workers.map((worker, i) => {
        const request: SignRequest = { id: (this.nextId += 1), licences: licences.slice(i * size, (i + 1) * size) };
        return new Promise<string[]>((resolve, reject) => {
          this.waiting.set(request.id, { resolve, reject });
          worker.postMessage(request);
        });
      }),
    );
    return parts.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

// ---------------------------------------------------------------------------------------------------------
// COPY FROM STDIN (about 3× cheaper for PostgreSQL than INSERT … SELECT FROM unnest of arrays), through
// node-postgres's documented Submittable hook, without another package.

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

class CopyIn implements Submittable {
  readonly done: Promise<void>;
  private settle: { resolve: () => void; reject: (error: Error) => void } = { resolve: () => undefined, reject: () => undefined };

  constructor(
    private readonly sql: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  submit(connection: Connection): void {
    connection.query(this.sql);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}

  // node-postgres forgets the active query when an error arrives (no ReadyForQuery call follows for it).
  handleError(error: Error): void {
    this.settle.reject(error);
  }

  handleReadyForQuery(): void {
    this.settle.resolve();
  }
}

type CopyValue = string | number | boolean | Date | null;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value).replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c);
}

/** COPY table (columns) FROM STDIN with the rows in text format; resolves when PostgreSQL has them. */
function copyRows(client: PoolClient, table: string, columns: string[], rows: CopyValue[][]): Promise<void> {
  const text = rows.map((row) => row.map(copyText).join('\t')).join('\n') + '\n';
  const copy = new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, Buffer.from(text, 'utf8'));
  client.query(copy);
  return copy.done;
}

// ---------------------------------------------------------------------------------------------------------
// Applications

export interface ApplicationRow {
  id: string;
  reference: string;
  applicantId: string;
  status: 'draft' | 'submitted' | 'in_review' | 'returned' | 'approved' | 'rejected' | 'withdrawn';
  profile: Profile;
  tradeName: string;
  person: Person;
  place: { district: string; address: string };
  reviewerId: string | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** A draft with every section answered (ready to submit once its documents are there). */
  complete?: boolean;
}

const RETURN_COMMENTS = JSON.stringify([{ field: 'domicile', comment: '请补充住所使用证明' }]);
const APPLICATION_COLUMNS = [
  'id',
  'reference',
  'applicant_id',
  'status',
  'version',
  'entity_type',
  'proposed_name',
  'trade_name_key',
  'answers',
  'review_comments',
  'assigned_reviewer_id',
  'submitted_at',
  'decided_at',
  'created_at',
  'updated_at',
  'industry_class',
  'district',
];

/** The row as the portal's own pages would have left it: answers copied from the profile's template. */
function applicationValues(r: ApplicationRow): CopyValue[] {
  const p = r.profile;
  const name = { division: '大连', tradeName: r.tradeName, industryPhrase: p.phrase, organisationalForm: p.form };
  const draft = r.status === 'draft' && !r.complete;
  const answers: ApplicationAnswers = draft
    ? { entityType: p.entityType, name }
    : {
        ...p.template,
        name,
        domicile: { district: r.place.district, address: r.place.address },
        legalRepresentative: { name: r.person.name, documentType: 'resident_id', documentNumber: r.person.idNumber, phone: r.person.phone },
      };
  return [
    r.id,
    r.reference,
    r.applicantId,
    r.status,
    r.status === 'draft' ? 1 : 3,
    p.entityType,
    composeName(name),
    tradeNameKey(name),
    JSON.stringify(answers),
    r.status === 'returned' ? RETURN_COMMENTS : '[]',
    r.reviewerId,
    r.submittedAt,
    r.decidedAt,
    r.createdAt,
    r.updatedAt,
    draft ? null : p.classCode,
    draft ? null : r.place.district,
  ];
}

function copyApplications(client: PoolClient, rows: ApplicationRow[]): Promise<void> {
  return copyRows(client, 'application', APPLICATION_COLUMNS, rows.map(applicationValues));
}

export interface AddApplicationsSpec {
  /** Applications per applicant, in these states. */
  statuses: ApplicationRow['status'][];
  applicantIds: string[];
  /** in_review and rejected applications are assigned round-robin to these. */
  reviewerIds?: string[];
  /** First trade-name index to use (ScaleResult.nextTradeNameIndex, then what the previous call returned). */
  tradeNameIndex: number;
  /** Drafts get every section answered and the three documents uploaded: ready to submit. */
  readyDrafts?: boolean;
}

/** The smallest files the portal accepts as each kind (it checks their first bytes), as test/support/applications.ts has them. */
const DOCUMENTS: { kind: string; fileName: string; contentType: string; content: Buffer }[] = [
  {
    kind: 'articles',
    fileName: '章程.pdf',
    contentType: 'application/pdf',
    content: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  },
  {
    kind: 'identity',
    fileName: 'id.png',
    contentType: 'image/png',
    content: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
  },
  {
    kind: 'domicile_proof',
    fileName: 'lease.jpg',
    contentType: 'image/jpeg',
    content: Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'),
  },
];

/**
 * Complete applications for given applicants in given states (references from the portal's sequence), e.g. a
 * dashboard's few applications, or applications in review waiting for a reviewer's approval.
 */
export async function addApplications(
  dataSource: DataSource,
  spec: AddApplicationsSpec,
): Promise<{ ids: string[]; byApplicant: Map<string, string[]>; nextTradeNameIndex: number }> {
  const count = spec.applicantIds.length * spec.statuses.length;
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    const references = (
      await client.query<{ reference: string }>(
        // As ApplicationsRepository.create numbers them, except that lpad(…, 6) there truncates 7-digit numbers.
        `SELECT 'BA' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(n::text, greatest(6, length(n::text)), '0') AS reference
           FROM (SELECT nextval('application_reference_seq') AS n FROM generate_series(1, $1::int)) s`,
        [count],
      )
    ).rows.map((r) => r.reference);
    const rows: ApplicationRow[] = [];
    const now = Date.now();
    spec.applicantIds.forEach((applicantId, a) => {
      spec.statuses.forEach((status, s) => {
        const n = spec.tradeNameIndex + rows.length;
        const submittedAt = status === 'draft' ? null : new Date(now - (3600 + s * 600 + a) * 1000);
        const reviewerId =
          (status === 'in_review' || status === 'rejected') && spec.reviewerIds?.length
            ? spec.reviewerIds[rows.length % spec.reviewerIds.length]
            : null;
        rows.push({
          id: uuidFor('app-x', n),
          reference: references[rows.length],
          applicantId,
          status,
          profile: PROFILES[(a + s) % 11], // companies: every section answered
          tradeName: tradeNameAt(n),
          person: personOf(n),
          place: placeOf(n),
          reviewerId,
          submittedAt,
          decidedAt: status === 'rejected' ? new Date(now - 60_000) : null,
          createdAt: new Date(now - 86_400_000 - s * 1000),
          updatedAt: new Date(now - 60_000 + s),
          ...(status === 'draft' && spec.readyDrafts ? { complete: true } : {}),
        });
      });
    });
    for (let from = 0; from < rows.length; from += 5000) await copyApplications(client, rows.slice(from, from + 5000));
    const ready = rows.filter((r) => r.complete).map((r) => r.id);
    if (ready.length > 0) {
      await client.query(
        `INSERT INTO application_document (application_id, kind, file_name, content_type, size_bytes, sha256, content)
         SELECT a.id, d.kind, d.file_name, d.content_type, length(d.content), encode(sha256(d.content), 'hex'), d.content
           FROM unnest($1::uuid[]) AS a(id), unnest($2::text[], $3::text[], $4::text[], $5::bytea[]) AS d(kind, file_name, content_type, content)`,
        [
          ready,
          DOCUMENTS.map((d) => d.kind),
          DOCUMENTS.map((d) => d.fileName),
          DOCUMENTS.map((d) => d.contentType),
          DOCUMENTS.map((d) => d.content),
        ],
      );
    }
    const byApplicant = new Map<string, string[]>();
    for (const row of rows) byApplicant.set(row.applicantId, [...(byApplicant.get(row.applicantId) ?? []), row.id]);
    return { ids: rows.map((r) => r.id), byApplicant, nextTradeNameIndex: spec.tradeNameIndex + rows.length };
  } finally {
    await runner.release();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Indexes

type Query = <T = unknown>(sql: string, parameters?: unknown[]) => Promise<T>;

interface DroppedIndex {
  table: string;
  index: string;
  definition: string;
  constraint: string | null;
  constraintDefinition: string | null;
}

/** Every secondary index of the tables (unique constraints included, unless a foreign key needs them). */
async function dropSecondaryIndexes(q: Query, tables: string[]): Promise<DroppedIndex[]> {
  const rows = await q<
    { table_name: string; index_name: string; definition: string; constraint_name: string | null; constraint_definition: string | null }[]
  >(
    `SELECT t.relname AS table_name, c.relname AS index_name, pg_get_indexdef(i.indexrelid) AS definition,
            con.conname AS constraint_name, pg_get_constraintdef(con.oid) AS constraint_definition
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('u', 'x')
      WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1) AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
      ORDER BY t.relname, c.relname`,
    [tables],
  );
  const dropped = rows.map((r) => ({
    table: r.table_name,
    index: r.index_name,
    definition: r.definition,
    constraint: r.constraint_name,
    constraintDefinition: r.constraint_definition,
  }));
  for (const d of dropped) {
    if (d.constraint) await q(`ALTER TABLE "${d.table}" DROP CONSTRAINT "${d.constraint}"`);
    else await q(`DROP INDEX "${d.index}"`);
  }
  return dropped;
}

async function recreateIndexes(q: Query, dropped: DroppedIndex[], log: (line: string) => void): Promise<void> {
  for (const d of dropped) {
    const started = Date.now();
    if (d.constraint && d.constraintDefinition)
      await q(`ALTER TABLE "${d.table}" ADD CONSTRAINT "${d.constraint}" ${d.constraintDefinition}`);
    else await q(d.definition);
    log(`    ${d.index.padEnd(40)} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The load

export async function loadScale(dataSource: DataSource, counts: ScaleCounts, options: ScaleOptions = {}): Promise<ScaleResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const pem = options.signingKeyPem ?? LicenceSigner.generatePrivateKeyPem();
  const signer = new LicenceSigner(pem);
  const publicBaseUrl = options.publicBaseUrl ?? DEFAULT_PUBLIC_BASE_URL;
  const authority = options.authority ?? DEFAULT_AUTHORITY;
  const prefix = options.prefix ?? 'MA';
  const E = counts.enterprises;
  const A = counts.applications;
  const N = counts.auditEvents;
  const applicantCount = options.applicants ?? Math.max(100, Math.min(5000, Math.round((E + A) / 400)));
  const reviewerCount = options.reviewers ?? 50;
  const phases: PhaseTiming[] = [];
  const loadStarted = Date.now();
  const phase = async (name: string, rows: number, run: () => Promise<void>): Promise<void> => {
    const started = Date.now();
    await run();
    const seconds = (Date.now() - started) / 1000;
    phases.push({ phase: name, rows, seconds, rowsPerSecond: rows / Math.max(seconds, 0.001) });
    const rate =
      rows > 0
        ? `${Math.round(rows / Math.max(seconds, 0.001))
            .toLocaleString('en')
            .padStart(10)} rows/s`
        : '';
    log(
      `  ${name.padEnd(36)} ${rows > 0 ? `${rows.toLocaleString('en').padStart(11)} rows` : ' '.repeat(16)} ${seconds.toFixed(1).padStart(7)} s ${rate}`,
    );
  };

  /** A line every tenth of a long phase, so that a run of several minutes shows it is moving. */
  const deciles = new Map<string, number>();
  const progress = (name: string, done: number, total: number, started: number) => {
    const decile = Math.floor((done * 10) / Math.max(total, 1));
    if (total < 200_000 || decile === 0 || decile >= 10 || decile === deciles.get(name)) return;
    deciles.set(name, decile);
    log(`    … ${name} ${done.toLocaleString('en')} / ${total.toLocaleString('en')} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  };

  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  const q: Query = async <T = unknown>(sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows as T;
  const pool = new SignerPool(pem, options.signWorkers ?? Math.max(1, availableParallelism()));
  try {
    const [existing] = await q<{ count: string }[]>(`SELECT count(*) AS count FROM enterprise`);
    if (Number(existing?.count) > 0) throw new Error('loadScale needs an empty register');
    await q(`SET synchronous_commit = off`);
    await q(`SET maintenance_work_mem = '1GB'`);
    await q(`SET work_mem = '256MB'`);
    let triggersOff = true;
    try {
      await q(`SET session_replication_role = replica`);
    } catch {
      triggersOff = false;
    }
    log(
      `scale load: ${E.toLocaleString('en')} enterprises, ${A.toLocaleString('en')} further applications, ${N.toLocaleString('en')} audit events; ` +
        `${applicantCount.toLocaleString('en')} applicants, ${reviewerCount} reviewers; foreign keys and triggers ${triggersOff ? 'off' : 'ON (not a superuser)'} while loading`,
    );
    const dropped = await dropSecondaryIndexes(q, LOADED_TABLES);

    // Accounts: one argon2 hash of the shared password.
    const passwordHash = await new PasswordHasher().hash(SCALE_PASSWORD);
    const applicantIds = Array.from({ length: applicantCount }, (_, i) => uuidFor('acct-a', i + 1));
    const reviewers = Array.from({ length: reviewerCount }, (_, i) => ({ id: uuidFor('acct-r', i + 1), email: reviewerEmail(i + 1) }));
    const admin = { id: uuidFor('acct-admin', 1), email: 'admin@bench.example.cn' };
    await phase('accounts', applicantCount + reviewerCount + 1, async () => {
      await q(
        `INSERT INTO user_account (id, email, name, password_hash, role, created_at, last_login_at)
         SELECT md5('acct-a' || n)::uuid, 'applicant' || n || '@bench.example.cn', '申请人' || n, $1, 'applicant', now() - interval '3 years', now() - interval '1 day'
           FROM generate_series(1, $2::int) n
         UNION ALL
         SELECT md5('acct-r' || n)::uuid, 'reviewer' || n || '@bench.example.cn', '审核员' || lpad(n::text, 2, '0'), $1, 'reviewer', now() - interval '3 years', now() - interval '1 day'
           FROM generate_series(1, $3::int) n
         UNION ALL
         SELECT $4::uuid, $5, '管理员', $1, 'admin', now() - interval '3 years', now() - interval '1 day'`,
        [passwordHash, applicantCount, reviewerCount, admin.id, admin.email],
      );
    });

    // Registrations: the approved application, its code, the enterprise and its signed licence.
    const days = Math.max(1, Math.floor((Date.now() - FIRST_DAY) / DAY_MS) - 1);
    const reviewerAt = (n: number) => reviewers[n % reviewers.length].id;
    const applicantAt = (n: number) => applicantIds[n % applicantIds.length];
    const decidedAtOf = (g: number) =>
      new Date(FIRST_DAY + Math.floor(((g - 1) * days) / Math.max(E, 1)) * DAY_MS + 2 * 3_600_000 + (g % 25_200) * 1000);
    const referenceOf = (g: number) => `BA${chinaDate(decidedAtOf(g)).slice(0, 4)}-${String(g).padStart(6, '0')}`;
    await phase('registrations (app+code+ent+licence)', E * 4, async () => {
      interface Batch {
        apps: ApplicationRow[];
        data: LicenceData[];
        first: number;
      }
      const prepare = (first: number): Batch => {
        const apps: ApplicationRow[] = [];
        const data: LicenceData[] = [];
        for (let g = first; g < Math.min(first + REGISTRATION_BATCH, E + 1); g += 1) {
          const profile = profileOf(g);
          const info = ENTITY_TYPE_INFO[profile.entityType];
          const tradeName = tradeNameAt(g - 1);
          const person = personOf(g);
          const place = placeOf(g);
          const decidedAt = decidedAtOf(g);
          const day = chinaDate(decidedAt);
          const code = enterpriseCode(g, { prefix, divisionCode: authority.divisionCode });
          apps.push({
            id: uuidFor('app-e', g),
            reference: referenceOf(g),
            applicantId: applicantAt(g),
            status: 'approved',
            profile,
            tradeName,
            person,
            place,
            reviewerId: reviewerAt(g),
            submittedAt: new Date(decidedAt.getTime() - 2 * DAY_MS),
            decidedAt,
            createdAt: new Date(decidedAt.getTime() - 5 * DAY_MS),
            updatedAt: decidedAt,
          });
          // As IssueLicenceService builds it.
          data.push({
            code,
            name: composeName({ division: '大连', tradeName, industryPhrase: profile.phrase, organisationalForm: profile.form }),
            entityTypeLabel: { zh: info.label.zh, en: info.label.en },
            representativeTitle: { zh: info.representativeTitle.zh, en: info.representativeTitle.en },
            representative: person.name,
            registeredCapitalFen: info.capital ? profile.capitalFen : null,
            capitalLabel: info.capital && profile.capitalFen !== null ? { zh: info.capital.label.zh, en: info.capital.label.en } : null,
            establishedOn: day,
            businessTerm: LONG_TERM,
            domicile: place.domicile,
            businessScope: profile.scope,
            registrationAuthority: { zh: authority.nameZh, en: authority.name },
            issuedOn: day,
            version: 1,
            verifyUrl: `${publicBaseUrl}/verify/${code}`,
          });
        }
        return { apps, data, first };
      };
      const insert = async (batch: Batch, signatures: string[]) => {
        const codes: CopyValue[][] = [];
        const enterprises: CopyValue[][] = [];
        const licences: CopyValue[][] = [];
        batch.apps.forEach((app, i) => {
          const g = batch.first + i;
          const d = batch.data[i];
          const p = app.profile;
          const enterpriseId = uuidFor('ent', g);
          codes.push([d.code, prefix, g - 1, 'application', app.id, app.decidedAt]);
          enterprises.push([
            enterpriseId,
            app.id,
            d.code,
            d.name,
            tradeNameKey({ tradeName: app.tradeName }),
            p.entityType,
            d.representative,
            d.registeredCapitalFen,
            app.place.district,
            d.domicile,
            p.classCode,
            d.businessScope,
            p.employees,
            String(BigInt(p.revenueYuan) * 100n),
            String(BigInt(p.assetsYuan) * 100n),
            d.establishedOn,
            'active',
            app.decidedAt,
            p.sector,
            p.sizeClass,
            p.isEnterprise,
            p.smallOrMicro,
          ]);
          licences.push([
            uuidFor('lic', g),
            enterpriseId,
            app.id,
            1,
            'valid',
            JSON.stringify(d),
            signatures[i],
            signer.keyId,
            app.decidedAt,
          ]);
        });
        await copyApplications(client, batch.apps);
        await copyRows(client, 'issued_credit_code', ['code', 'prefix', 'sequence', 'subject_type', 'subject_id', 'issued_at'], codes);
        await copyRows(
          client,
          'enterprise',
          [
            'id',
            'application_id',
            'credit_code',
            'name',
            'trade_name_key',
            'entity_type',
            'legal_representative',
            'registered_capital_fen',
            'district',
            'domicile',
            'industry_class',
            'business_scope',
            'employees',
            'revenue_fen',
            'assets_fen',
            'established_on',
            'status',
            'registered_at',
            'sector',
            'size_class',
            'is_enterprise',
            'small_or_micro',
          ],
          enterprises,
        );
        await copyRows(
          client,
          'licence',
          ['id', 'enterprise_id', 'application_id', 'version', 'status', 'data', 'signature', 'key_id', 'issued_at'],
          licences,
        );
      };
      // Three stages overlap: building batch k+1 (main thread), signing it (workers), PostgreSQL storing batch k.
      const time = { build: 0, blocked: 0 };
      let pending: Promise<void> | undefined;
      let signing: Promise<string[]> | undefined;
      let prepared: Batch | undefined;
      const phaseStarted = Date.now();
      for (let first = 1; first <= E; first += REGISTRATION_BATCH) {
        progress('enterprises', first - 1, E, phaseStarted);
        let started = Date.now();
        const next = prepare(first);
        const nextSigning = pool.sign(next.data);
        time.build += Date.now() - started;
        if (prepared && signing) {
          started = Date.now();
          const [signatures] = await Promise.all([signing, pending]);
          time.blocked += Date.now() - started;
          started = Date.now();
          pending = insert(prepared, signatures);
          time.build += Date.now() - started;
        }
        prepared = next;
        signing = nextSigning;
      }
      if (prepared && signing) {
        const [signatures] = await Promise.all([signing, pending]);
        await insert(prepared, signatures);
      } else await pending;
      log(
        `    (main thread building rows ${(time.build / 1000).toFixed(1)} s, waiting for signatures and PostgreSQL ${(time.blocked / 1000).toFixed(1)} s)`,
      );
    });

    // Further applications, in every state but approved.
    await phase('applications (other states)', A, async () => {
      const now = Date.now();
      let pending: Promise<void> | undefined;
      const phaseStarted = Date.now();
      for (let first = 1; first <= A; first += APPLICATION_BATCH) {
        progress('applications', first - 1, A, phaseStarted);
        const rows: ApplicationRow[] = [];
        for (let k = first; k < Math.min(first + APPLICATION_BATCH, A + 1); k += 1) {
          const n = E + k;
          const bucket = (k * 7919) % 100;
          const status: ApplicationRow['status'] =
            bucket < 20
              ? 'draft'
              : bucket < 24
                ? 'submitted'
                : bucket < 27
                  ? 'in_review'
                  : bucket < 30
                    ? 'returned'
                    : bucket < 50
                      ? 'rejected'
                      : 'withdrawn';
          const open = status === 'submitted' || status === 'in_review' || status === 'returned';
          // Open applications were submitted in the last 45 days; the others any time in the last two years.
          const submittedAt =
            status === 'draft'
              ? null
              : new Date(now - (open ? (k * 104_729) % (45 * 86_400) : 5 * 86_400 + ((k * 104_729) % (725 * 86_400))) * 1000);
          const createdAt = new Date((submittedAt?.getTime() ?? now - ((k * 104_729) % (730 * 86_400)) * 1000) - 2 * DAY_MS);
          const decidedAt = status === 'rejected' && submittedAt ? new Date(submittedAt.getTime() + 2 * DAY_MS) : null;
          rows.push({
            id: uuidFor('app-o', k),
            reference: `BA${createdAt.toISOString().slice(0, 4)}-${String(n).padStart(6, '0')}`,
            applicantId: applicantAt(n),
            status,
            profile: profileOf(n),
            tradeName: tradeNameAt(n - 1),
            person: personOf(n),
            place: placeOf(n),
            reviewerId: status === 'in_review' || status === 'rejected' ? reviewerAt(k) : null,
            submittedAt,
            decidedAt,
            createdAt,
            updatedAt:
              decidedAt ??
              (status === 'in_review' && submittedAt ? new Date(submittedAt.getTime() + 3_600_000) : (submittedAt ?? createdAt)),
          });
        }
        await pending;
        pending = copyApplications(client, rows);
      }
      await pending;
      await q(`SELECT setval('application_reference_seq', $1)`, [Math.max(1, E + A)]);
    });

    // The audit log: a valid hash chain over the loaded registrations (submitted, claimed, licence issued,
    // approved, as the portal records them) and sign-ins, in time order.
    let lastHash = GENESIS_HASH;
    await phase('audit events (hash chain)', N, async () => {
      const start = FIRST_DAY;
      const span = Date.now() - DAY_MS - start;
      const phaseStarted = Date.now();
      let blocked = 0;
      let pending: Promise<void> | undefined;
      let cached = { e: -1, appId: '', licId: '', code: '', reference: '', applicant: '', reviewer: '', applicantNumber: 0 };
      const about = (e: number) => {
        if (cached.e !== e) {
          cached = {
            e,
            appId: uuidFor('app-e', e),
            licId: uuidFor('lic', e),
            code: enterpriseCode(e, { prefix, divisionCode: authority.divisionCode }),
            reference: referenceOf(e),
            applicant: applicantAt(e),
            reviewer: reviewerAt(e),
            applicantNumber: (e % applicantIds.length) + 1,
          };
        }
        return cached;
      };
      for (let from = 1; from <= N; from += AUDIT_BATCH) {
        progress('events', from - 1, N, phaseStarted);
        const rows: CopyValue[][] = [];
        for (let seq = from; seq < Math.min(from + AUDIT_BATCH, N + 1); seq += 1) {
          const idx = seq - 1;
          const e = E > 0 ? Math.floor((idx * E) / N) + 1 : 0;
          const kind = E > 0 ? idx % 5 : 0;
          const x = e > 0 ? about(e) : undefined;
          const applicantNumber = x ? x.applicantNumber : (idx % applicantIds.length) + 1;
          const applicant = x ? x.applicant : applicantIds[idx % applicantIds.length];
          const base = {
            seq,
            occurredAt: new Date(start + Math.floor((idx / N) * span)).toISOString(),
            ip: `10.${idx % 200}.${(idx >> 8) % 250}.${idx % 250}`,
            prevHash: lastHash,
          };
          let record: AuditRecord;
          if (kind === 0 || !x) {
            const details = { email: applicantEmail(applicantNumber) };
            record = {
              ...base,
              actorId: applicant,
              actorRole: 'applicant',
              action: 'account.login',
              subjectType: 'account',
              subjectId: applicant,
              details,
            };
          } else if (kind === 1) {
            const details = { reference: x.reference, from: 'draft', to: 'submitted' };
            record = {
              ...base,
              actorId: x.applicant,
              actorRole: 'applicant',
              action: 'application.submitted',
              subjectType: 'application',
              subjectId: x.appId,
              details,
            };
          } else if (kind === 2) {
            const details = { reference: x.reference, from: 'submitted', to: 'in_review' };
            record = {
              ...base,
              actorId: x.reviewer,
              actorRole: 'reviewer',
              action: 'application.claimed',
              subjectType: 'application',
              subjectId: x.appId,
              details,
            };
          } else if (kind === 3) {
            const details = { applicationId: x.appId, licenceId: x.licId, version: 1, keyId: signer.keyId };
            record = {
              ...base,
              actorId: x.reviewer,
              actorRole: 'reviewer',
              action: 'licence.issued',
              subjectType: 'enterprise',
              subjectId: x.code,
              details,
            };
          } else {
            const details = { reference: x.reference, from: 'in_review', to: 'approved', code: x.code, licenceId: x.licId };
            record = {
              ...base,
              actorId: x.reviewer,
              actorRole: 'reviewer',
              action: 'application.approved',
              subjectType: 'application',
              subjectId: x.appId,
              details,
            };
          }
          const hash = hashAuditRecord(record);
          rows.push([
            seq,
            record.occurredAt,
            record.actorId,
            record.actorRole,
            record.action,
            record.subjectType,
            record.subjectId,
            record.ip,
            canonicalJson(record.details),
            lastHash,
            hash,
          ]);
          lastHash = hash;
        }
        const started = Date.now();
        await pending;
        blocked += Date.now() - started;
        pending = copyRows(
          client,
          'audit_event',
          ['seq', 'occurred_at', 'actor_id', 'actor_role', 'action', 'subject_type', 'subject_id', 'ip', 'details', 'prev_hash', 'hash'],
          rows,
        );
      }
      await pending;
      await q('UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1', [N, lastHash]);
      log(
        `    (main thread hashing ${((Date.now() - phaseStarted - blocked) / 1000).toFixed(1)} s, waiting for PostgreSQL ${(blocked / 1000).toFixed(1)} s)`,
      );
    });

    // The rest of the state the portal keeps: the code counter continues after the loaded codes, the
    // statistics' daily counts (their trigger was off), then the indexes and the planner's statistics.
    await q(
      `INSERT INTO credit_code_counter (prefix, next_sequence) VALUES ($1, $2)
       ON CONFLICT (prefix) DO UPDATE SET next_sequence = EXCLUDED.next_sequence`,
      [prefix, E],
    );
    if (triggersOff) {
      await phase('enterprise daily counts', E, async () => {
        await q(
          `INSERT INTO enterprise_daily_count AS c (day, sector, is_enterprise, small_or_micro, count)
           SELECT established_on, coalesce(sector, 'unknown'), is_enterprise, small_or_micro, count(*) FROM enterprise WHERE status = 'active' GROUP BY 1, 2, 3, 4
           ON CONFLICT (day, sector, is_enterprise, small_or_micro) DO UPDATE SET count = c.count + EXCLUDED.count`,
        );
      });
      await q(`SET session_replication_role = origin`);
    }
    log(`  rebuilding ${dropped.length} indexes:`);
    await phase('indexes', 0, () => recreateIndexes(q, dropped, log));
    await phase('vacuum analyze', 0, async () => {
      for (const table of [...LOADED_TABLES, 'enterprise_daily_count']) await q(`VACUUM (ANALYZE) "${table}"`);
    });

    // Checks: a sample of codes and licences, the tail of the chain against the head row.
    const codes = await q<{ credit_code: string }[]>(`SELECT credit_code FROM enterprise TABLESAMPLE SYSTEM (1) LIMIT 1000`);
    const licences = await q<{ data: LicenceData; signature: string; credit_code: string }[]>(
      `SELECT l.data, l.signature, e.credit_code FROM licence l TABLESAMPLE SYSTEM (1) JOIN enterprise e ON e.id = l.enterprise_id LIMIT 200`,
    );
    const publicKey = signer.publicKeyPem();
    const checks = {
      codesChecked: codes.length,
      codesValid: codes.filter((c) => validateCreditCode(c.credit_code).valid).length,
      licencesChecked: licences.length,
      licencesVerified: licences.filter(
        (l) => l.data.code === l.credit_code && LicenceSigner.verify(publicKey, canonicalLicencePayload(l.data), l.signature),
      ).length,
      auditChainTail: await verifyAuditTail(dataSource, 10_000),
    };
    log(
      `  checks: ${checks.codesValid}/${checks.codesChecked} sampled codes valid, ${checks.licencesVerified}/${checks.licencesChecked} sampled licence signatures verify, audit chain tail ${checks.auditChainTail}`,
    );
    const totalRows = phases.reduce((sum, p) => sum + (p.phase === 'enterprise daily counts' ? 0 : p.rows), 0);
    const totalSeconds = (Date.now() - loadStarted) / 1000;
    log(
      `  total: ${totalRows.toLocaleString('en')} rows in ${totalSeconds.toFixed(1)} s (${Math.round(totalRows / totalSeconds).toLocaleString('en')} rows/s including indexes and vacuum)`,
    );
    return {
      counts,
      password: SCALE_PASSWORD,
      applicants: applicantCount,
      reviewers,
      admin,
      phases,
      totalRows,
      totalSeconds,
      triggersOff,
      keyId: signer.keyId,
      nextTradeNameIndex: E + A,
      checks,
    };
  } finally {
    await pool.close();
    await q(`RESET session_replication_role`).catch(() => undefined);
    await runner.release();
  }
}

/** Recomputes the last `count` events of the chain and compares the last with the head row: "intact (n events)" or what broke. */
export async function verifyAuditTail(dataSource: DataSource, count: number): Promise<string> {
  const rows = await dataSource.query<
    {
      seq: string;
      occurred_at: Date;
      actor_id: string | null;
      actor_role: string | null;
      action: string;
      subject_type: string | null;
      subject_id: string | null;
      ip: string | null;
      details: unknown;
      prev_hash: string;
      hash: string;
    }[]
  >(
    `SELECT * FROM (SELECT seq, occurred_at, actor_id, actor_role, action, subject_type, subject_id, ip, details, prev_hash, hash
       FROM audit_event ORDER BY seq DESC LIMIT $1) t ORDER BY seq`,
    [count],
  );
  const [head] = await dataSource.query<{ seq: string; hash: string }[]>(`SELECT seq, hash FROM audit_chain_head WHERE id = 1`);
  let previous: string | undefined;
  for (const row of rows) {
    const record: AuditRecord = {
      seq: Number(row.seq),
      occurredAt: row.occurred_at.toISOString(),
      actorId: row.actor_id,
      actorRole: row.actor_role,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      ip: row.ip,
      details: row.details,
      prevHash: row.prev_hash,
    };
    if (previous !== undefined && row.prev_hash !== previous) return `BROKEN at ${row.seq} (prev_hash)`;
    if (hashAuditRecord(record) !== row.hash) return `BROKEN at ${row.seq} (hash)`;
    previous = row.hash;
  }
  const last = rows[rows.length - 1];
  if (!head || (last && (Number(head.seq) !== Number(last.seq) || head.hash !== last.hash))) return 'BROKEN (head row)';
  return `intact (${rows.length.toLocaleString('en')} events up to ${head.seq})`;
}

// ---------------------------------------------------------------------------------------------------------
// npm run bench:scale

async function main(): Promise<void> {
  const counts = {
    enterprises: arg('enterprises', 1_000_000),
    applications: arg('applications', 1_000_000),
    auditEvents: arg('audit-events', 5_000_000),
  };
  const db = await benchDatabase();
  const dataSource = createDataSource(db.url, 4);
  await dataSource.initialize();
  await migrate(dataSource);
  try {
    const result = await loadScale(dataSource, counts);
    const [sizes] = await dataSource.query<{ size: string }[]>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
    console.log(`database size ${sizes?.size}`);
    if (result.checks.codesValid !== result.checks.codesChecked || result.checks.licencesVerified !== result.checks.licencesChecked)
      process.exitCode = 1;
  } finally {
    await dataSource.destroy();
    await db.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
