import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-statements';
import { cursorTimeSql, keysetPage, type ListCursor } from '../common/paging/list-cursor';
import type { ApplicationAnswers, DocumentKind } from './domain/answers';
import type { ApplicationStatus } from './domain/application-state';

export interface ReviewComment {
  field: string;
  comment: string;
}

export interface ApplicationRecord {
  id: string;
  reference: string;
  applicantId: string;
  status: ApplicationStatus;
  version: number;
  answers: ApplicationAnswers;
  proposedName: string | null;
  tradeNameKey: string | null;
  reviewComments: ReviewComment[];
  assignedReviewerId: string | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Columns kept beside the answers so that the register and the queue can search and constrain them. */
export interface DerivedColumns {
  entityType: string | null;
  proposedName: string | null;
  tradeNameKey: string | null;
  industryClass: string | null;
  district: string | null;
}

export interface DocumentRecord {
  id: string;
  kind: DocumentKind;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: Date;
}

export interface HistoryRecord {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  comment: string | null;
  occurredAt: Date;
}

interface RawApplication {
  id: string;
  reference: string;
  applicant_id: string;
  status: ApplicationStatus;
  version: number;
  answers: ApplicationAnswers;
  proposed_name: string | null;
  trade_name_key: string | null;
  review_comments: ReviewComment[];
  assigned_reviewer_id: string | null;
  submitted_at: Date | null;
  decided_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, reference, applicant_id, status, version, answers, proposed_name, trade_name_key, review_comments,
  assigned_reviewer_id, submitted_at, decided_at, created_at, updated_at`;

/** The same columns named with the table, for statements that join another row source. */
const QUALIFIED_COLUMNS = COLUMNS.split(',')
  .map((c) => `application.${c.trim()}`)
  .join(', ');

export interface TransitionSets {
  submitted?: boolean;
  decided?: boolean;
  assignedReviewerId?: string | null;
  reviewComments?: ReviewComment[];
}

export interface NewHistoryEntry {
  applicationId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string | null;
  actorRole: string | null;
  comment?: string;
}

/** The SET clauses a transition adds to status and version, with their values pushed onto params. */
function setClauses(sets: TransitionSets, params: unknown[]): string {
  const extra: string[] = [];
  if (sets.submitted) extra.push('submitted_at = now()');
  if (sets.decided) extra.push('decided_at = now()');
  if (sets.assignedReviewerId !== undefined) extra.push(`assigned_reviewer_id = $${params.push(sets.assignedReviewerId)}`);
  if (sets.reviewComments !== undefined) extra.push(`review_comments = $${params.push(JSON.stringify(sets.reviewComments))}::jsonb`);
  return extra.map((e) => `, ${e}`).join('');
}

/**
 * The next reference, BA<year>-<number>: at least six digits, more once the counter passes 999,999 (lpad
 * alone would cut a seventh digit off, and references would repeat).
 */
const nextReference = (at: string): string =>
  `'BA' || to_char(${at} AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' ||
   (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('application_reference_seq') AS n)`;

/**
 * The statement for a page of an applicant's applications (and one row more, to know whether there is a
 * next page), most recently changed first. Exported for the bench's plan report.
 */
export function applicantApplicationsPage(
  applicantId: string,
  after: ListCursor | undefined,
  limit: number,
): { text: string; values: unknown[] } {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`Invalid page size ${limit}`);
  return {
    text: `SELECT ${COLUMNS}, ${cursorTimeSql('updated_at')} AS cursor FROM application
            WHERE applicant_id = $1${after ? ' AND (updated_at, id) < ($2::timestamptz, $3::uuid)' : ''}
            ORDER BY updated_at DESC, id DESC
            LIMIT ${limit + 1}`,
    values: after ? [applicantId, after.at, after.id] : [applicantId],
  };
}

/** The only code that reads or writes application, application_history and application_document. */
@Injectable()
export class ApplicationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(manager: EntityManager, applicantId: string): Promise<ApplicationRecord> {
    const rows = await manager.query<RawApplication[]>(
      `INSERT INTO application (reference, applicant_id)
       VALUES (${nextReference('now()')}, $1)
       RETURNING ${COLUMNS}`,
      [applicantId],
    );
    return toRecord(rows[0]);
  }

  /** A registration decided outside the page flow (the demo seed): inserted directly as approved. */
  async insertDecided(
    manager: EntityManager,
    applicantId: string,
    answers: ApplicationAnswers,
    derived: DerivedColumns,
    at: Date,
  ): Promise<ApplicationRecord> {
    const rows = await manager.query<RawApplication[]>(
      `INSERT INTO application (reference, applicant_id, status, answers, entity_type, proposed_name, trade_name_key, industry_class, district, submitted_at, decided_at, created_at, updated_at)
       VALUES (${nextReference('$7::timestamptz')}, $1, 'approved', $2::jsonb, $3, $4, $5, $6, $8, $7, $7, $7, $7)
       RETURNING ${COLUMNS}`,
      [
        applicantId,
        JSON.stringify(answers),
        derived.entityType,
        derived.proposedName,
        derived.tradeNameKey,
        derived.industryClass,
        at,
        derived.district,
      ],
    );
    return toRecord(rows[0]);
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<ApplicationRecord | undefined> {
    const rows = await manager.query<RawApplication[]>(`SELECT ${COLUMNS} FROM application WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** An applicant's applications, most recently changed first, a page at a time (see ListCursor). */
  async listForApplicant(
    applicantId: string,
    after: ListCursor | undefined,
    limit: number,
  ): Promise<{ rows: ApplicationRecord[]; next?: ListCursor }> {
    const statement = applicantApplicationsPage(applicantId, after, limit);
    const rows = await preparedQuery<RawApplication & { cursor: string }>(this.dataSource, statement.text, statement.values);
    const page = keysetPage(rows, limit);
    return { rows: page.rows.map(toRecord), ...(page.next ? { next: page.next } : {}) };
  }

  /**
   * Saves answers only while the application is editable and unchanged since it was read (version), so
   * an edit racing a submission, or two tabs, cannot overwrite each other silently.
   */
  async saveAnswers(
    manager: EntityManager,
    id: string,
    version: number,
    answers: ApplicationAnswers,
    derived: DerivedColumns,
    reviewComments?: ReviewComment[],
  ): Promise<number | undefined> {
    const result = await manager.query<[{ version: number }[], number]>(
      `UPDATE application
          SET answers = $3::jsonb, entity_type = $4, proposed_name = $5, trade_name_key = $6, industry_class = $7, district = $8,
              review_comments = coalesce($9::jsonb, review_comments), version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 AND status IN ('draft', 'returned')
        RETURNING version`,
      [
        id,
        version,
        JSON.stringify(answers),
        derived.entityType,
        derived.proposedName,
        derived.tradeNameKey,
        derived.industryClass,
        derived.district,
        reviewComments === undefined ? null : JSON.stringify(reviewComments),
      ],
    );
    return result[0][0]?.version;
  }

  /** The guarded transition: zero rows means another request moved the application first. */
  async transition(
    manager: EntityManager,
    id: string,
    from: readonly ApplicationStatus[],
    to: ApplicationStatus,
    sets: TransitionSets = {},
    guard: { assignedTo?: string } = {},
  ): Promise<ApplicationRecord | undefined> {
    const params: unknown[] = [id, from, to];
    const conditions = guard.assignedTo !== undefined ? ` AND assigned_reviewer_id = $${params.push(guard.assignedTo)}` : '';
    const result = await manager.query<[RawApplication[], number]>(
      `UPDATE application SET status = $3, version = version + 1, updated_at = now()${setClauses(sets, params)}
        WHERE id = $1 AND status = ANY($2::text[])${conditions}
        RETURNING ${COLUMNS}`,
      params,
    );
    const row = result[0][0];
    return row ? toRecord(row) : undefined;
  }

  /**
   * The same change for several applications held by reviewers, in one statement with its history rows
   * and the applicants' notifications: each application has its own expected state and claim holder
   * (approvals that arrived together). Returns those that moved; the others were changed by someone else
   * first. Ids must be distinct.
   */
  async transitionHeld(
    manager: EntityManager,
    action: string,
    moves: readonly { id: string; from: ApplicationStatus; reviewer: { id: string; role: string | null } }[],
    to: ApplicationStatus,
    sets: TransitionSets = {},
  ): Promise<ApplicationRecord[]> {
    const params: unknown[] = [
      JSON.stringify(moves.map((m) => ({ id: m.id, from_status: m.from, reviewer_id: m.reviewer.id, reviewer_role: m.reviewer.role }))),
      to,
      action,
    ];
    const result = await manager.query<RawApplication[]>(
      `WITH m AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, from_status text, reviewer_id uuid, reviewer_role text)
       ), moved AS (
         UPDATE application SET status = $2, version = version + 1, updated_at = now()${setClauses(sets, params)}
           FROM m
          WHERE application.id = m.id AND application.status = m.from_status AND application.assigned_reviewer_id = m.reviewer_id
          RETURNING ${QUALIFIED_COLUMNS}, m.from_status, m.reviewer_id, m.reviewer_role
       ), history AS (
         INSERT INTO application_history (application_id, action, from_status, to_status, actor_id, actor_role)
         SELECT id, $3, from_status, status, reviewer_id, reviewer_role FROM moved
       ), notified AS (
         INSERT INTO notification (account_id, application_id, kind) SELECT applicant_id, id, $3 FROM moved
       )
       SELECT ${COLUMNS} FROM moved`,
      params,
    );
    return result.map(toRecord);
  }

  async addHistory(manager: EntityManager, entry: NewHistoryEntry): Promise<void> {
    await manager.query(
      `INSERT INTO application_history (application_id, action, from_status, to_status, actor_id, actor_role, comment) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [entry.applicationId, entry.action, entry.fromStatus, entry.toStatus, entry.actorId, entry.actorRole, entry.comment ?? null],
    );
    // Every change of state is news for the applicant, in the same transaction as the change itself.
    if (entry.action !== 'create') {
      await manager.query(
        `INSERT INTO notification (account_id, application_id, kind) SELECT applicant_id, id, $2 FROM application WHERE id = $1`,
        [entry.applicationId, entry.action],
      );
    }
  }

  async history(applicationId: string): Promise<HistoryRecord[]> {
    const rows = await this.dataSource.query<
      {
        action: string;
        from_status: string | null;
        to_status: string;
        actor_id: string | null;
        actor_name: string | null;
        actor_role: string | null;
        comment: string | null;
        occurred_at: Date;
      }[]
    >(
      `SELECT h.action, h.from_status, h.to_status, h.actor_id, a.name AS actor_name, h.actor_role, h.comment, h.occurred_at
         FROM application_history h LEFT JOIN user_account a ON a.id = h.actor_id
        WHERE h.application_id = $1 ORDER BY h.id`,
      [applicationId],
    );
    return rows.map((r) => ({
      action: r.action,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      actorId: r.actor_id,
      actorName: r.actor_name,
      actorRole: r.actor_role,
      comment: r.comment,
      occurredAt: r.occurred_at,
    }));
  }

  /** The credit code the application's approval issued, once it has been approved. */
  async issuedCode(applicationId: string): Promise<string | undefined> {
    const rows = await this.dataSource.query<{ credit_code: string }[]>(`SELECT credit_code FROM enterprise WHERE application_id = $1`, [
      applicationId,
    ]);
    return rows[0]?.credit_code;
  }

  /** Live applications other than `excludeId` that propose this trade name. */
  async liveApplicationWithTradeName(
    tradeNameKey: string,
    excludeId: string,
  ): Promise<{ reference: string; proposedName: string } | undefined> {
    const rows = await this.dataSource.query<{ reference: string; proposed_name: string }[]>(
      `SELECT reference, proposed_name FROM application
        WHERE trade_name_key = $1 AND id <> $2 AND status IN ('submitted', 'in_review', 'returned', 'approved') LIMIT 1`,
      [tradeNameKey, excludeId],
    );
    return rows[0] ? { reference: rows[0].reference, proposedName: rows[0].proposed_name } : undefined;
  }

  /**
   * Names of live applications whose trade names share a two-character piece with this one, most alike
   * first (Dice coefficient over the pieces, as the domain's similarity): every look-alike shares one, and
   * the GIN index of pieces over live applications finds them without reading the others.
   */
  async similarTradeNames(tradeNameKey: string, excludeId: string, limit = 5): Promise<{ proposedName: string; tradeNameKey: string }[]> {
    const rows = await this.dataSource.query<{ proposed_name: string; trade_name_key: string }[]>(
      `SELECT proposed_name, trade_name_key FROM application
        WHERE status IN ('submitted', 'in_review', 'returned', 'approved') AND trade_name_key IS NOT NULL
          AND name_bigrams(trade_name_key) && name_bigrams($1) AND id <> $2
        ORDER BY 2.0 * cardinality(ARRAY(SELECT unnest(name_bigrams(trade_name_key)) INTERSECT SELECT unnest(name_bigrams($1))))
                 / (char_length(trade_name_key) + char_length($1) - 2) DESC, trade_name_key
        LIMIT $3`,
      [tradeNameKey, excludeId, limit],
    );
    return rows.map((r) => ({ proposedName: r.proposed_name, tradeNameKey: r.trade_name_key }));
  }

  async addDocument(
    manager: EntityManager,
    doc: { applicationId: string; kind: DocumentKind; fileName: string; contentType: string; sha256: string; content: Buffer },
  ): Promise<string> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO application_document (application_id, kind, file_name, content_type, size_bytes, sha256, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [doc.applicationId, doc.kind, doc.fileName, doc.contentType, doc.content.length, doc.sha256, doc.content],
    );
    return rows[0].id;
  }

  async removeDocument(manager: EntityManager, applicationId: string, documentId: string): Promise<DocumentRecord | undefined> {
    const result = await manager.query<[RawDocument[], number]>(
      `DELETE FROM application_document WHERE id = $1 AND application_id = $2
       RETURNING id, kind, file_name, content_type, size_bytes, sha256, uploaded_at`,
      [documentId, applicationId],
    );
    const row = result[0][0];
    return row ? toDocument(row) : undefined;
  }

  async documents(applicationId: string, manager: EntityManager = this.dataSource.manager): Promise<DocumentRecord[]> {
    const rows = await manager.query<RawDocument[]>(
      `SELECT id, kind, file_name, content_type, size_bytes, sha256, uploaded_at FROM application_document WHERE application_id = $1 ORDER BY uploaded_at`,
      [applicationId],
    );
    return rows.map(toDocument);
  }

  async documentContent(applicationId: string, documentId: string): Promise<(DocumentRecord & { content: Buffer }) | undefined> {
    const rows = await this.dataSource.query<(RawDocument & { content: Buffer })[]>(
      `SELECT id, kind, file_name, content_type, size_bytes, sha256, uploaded_at, content FROM application_document WHERE id = $1 AND application_id = $2`,
      [documentId, applicationId],
    );
    const row = rows[0];
    return row ? { ...toDocument(row), content: row.content } : undefined;
  }
}

interface RawDocument {
  id: string;
  kind: DocumentKind;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: Date;
}

function toDocument(r: RawDocument): DocumentRecord {
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    uploadedAt: r.uploaded_at,
  };
}

function toRecord(r: RawApplication): ApplicationRecord {
  return {
    id: r.id,
    reference: r.reference,
    applicantId: r.applicant_id,
    status: r.status,
    version: r.version,
    answers: r.answers,
    proposedName: r.proposed_name,
    tradeNameKey: r.trade_name_key,
    reviewComments: r.review_comments,
    assignedReviewerId: r.assigned_reviewer_id,
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
