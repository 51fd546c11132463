import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../applications/domain/application-state';
import { preparedQuery } from '../database/prepared-statements';
import { cursorTimeSql, keysetPage, type ListCursor } from '../common/paging/list-cursor';

export interface QueueFilter {
  statuses: ApplicationStatus[];
  /** GB/T 4754 section letters of the chosen sector. */
  sections?: string[];
  district?: string;
  /** 'unassigned', or an account id. */
  assignee?: string;
}

export interface QueueRow {
  id: string;
  reference: string;
  proposedName: string | null;
  status: ApplicationStatus;
  submittedAt: Date;
  industryClass: string | null;
  district: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
}

/**
 * The statement for a page of the queue (and one row more, to know whether there is a next page), oldest
 * submission first, keyset-paged on (submitted_at, id) so deep pages stay fast. Exported for the bench's
 * plan report, so that it explains what the portal runs.
 */
export function reviewQueuePage(filter: QueueFilter, after: ListCursor | undefined, limit: number): { text: string; values: unknown[] } {
  // The statuses are written into the text (each checked against the closed list of states) so that
  // the prepared statement's generic plan can still use the open-queue partial index; so is the page
  // size: with LIMIT as a parameter the generic plan is costed for an unknown row count, PostgreSQL keeps
  // choosing a custom plan, and planned this query on every page view (0.34 ms, 4 times its execution).
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`Invalid queue page size ${limit}`);
  const statuses = filter.statuses.map((status) => {
    if (!(APPLICATION_STATUSES as readonly string[]).includes(status)) throw new Error(`Unknown application status ${status}`);
    return `'${status}'`;
  });
  const values: unknown[] = [];
  const where = [`a.status IN (${statuses.join(', ')})`, 'a.submitted_at IS NOT NULL'];
  if (filter.sections?.length) where.push(`left(a.industry_class, 1) = ANY($${values.push(filter.sections)}::text[])`);
  if (filter.district) where.push(`a.district = $${values.push(filter.district)}`);
  if (filter.assignee === 'unassigned') where.push('a.assigned_reviewer_id IS NULL');
  else if (filter.assignee) where.push(`a.assigned_reviewer_id = $${values.push(filter.assignee)}::uuid`);
  if (after) where.push(`(a.submitted_at, a.id) > ($${values.push(after.at)}::timestamptz, $${values.push(after.id)}::uuid)`);
  return {
    text: `SELECT a.id, a.reference, a.proposed_name, a.status, a.submitted_at,
                  ${cursorTimeSql('a.submitted_at')} AS cursor,
                  a.industry_class, a.district, a.assigned_reviewer_id, r.name AS assignee_name
             FROM application a LEFT JOIN user_account r ON r.id = a.assigned_reviewer_id
            WHERE ${where.join(' AND ')}
            ORDER BY a.submitted_at, a.id
            LIMIT ${limit + 1}`,
    values,
  };
}

/** How long the queue's reviewer filter may be behind the accounts. */
const REVIEWER_OPTIONS_MS = 30_000;

/** The queue's pages and the reviewers its filter offers. */
@Injectable()
export class ReviewQueueRepository {
  private reviewerOptionsRead: { at: number; list: Promise<{ id: string; name: string }[]> } | undefined;

  constructor(private readonly dataSource: DataSource) {}

  async page(filter: QueueFilter, after: ListCursor | undefined, limit: number): Promise<{ rows: QueueRow[]; next?: ListCursor }> {
    const statement = reviewQueuePage(filter, after, limit);
    const rows = await preparedQuery<{
      id: string;
      reference: string;
      proposed_name: string | null;
      status: ApplicationStatus;
      submitted_at: Date;
      cursor: string;
      industry_class: string | null;
      district: string | null;
      assigned_reviewer_id: string | null;
      assignee_name: string | null;
    }>(this.dataSource, statement.text, statement.values);
    const page = keysetPage(rows, limit);
    return {
      ...page,
      rows: page.rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        proposedName: r.proposed_name,
        status: r.status,
        submittedAt: r.submitted_at,
        industryClass: r.industry_class,
        district: r.district,
        assigneeId: r.assigned_reviewer_id,
        assigneeName: r.assignee_name,
      })),
    };
  }

  /**
   * The reviewers for the queue's filter, read at most every REVIEWER_OPTIONS_MS by this instance: the
   * queue is the reviewers' most-opened page, and the list was one of its four statements. A reviewer added
   * or disabled shows in the filter within that time. Decisions (reassigning) use reviewers(), read fresh.
   */
  reviewerOptions(): Promise<{ id: string; name: string }[]> {
    const now = Date.now();
    if (this.reviewerOptionsRead === undefined || now - this.reviewerOptionsRead.at >= REVIEWER_OPTIONS_MS) {
      const list = this.reviewers();
      const read = { at: now, list };
      this.reviewerOptionsRead = read;
      // A failed read is not kept: the next view tries again.
      list.catch(() => {
        if (this.reviewerOptionsRead === read) this.reviewerOptionsRead = undefined;
      });
    }
    return this.reviewerOptionsRead.list;
  }

  async reviewers(): Promise<{ id: string; name: string }[]> {
    return preparedQuery<{ id: string; name: string }>(
      this.dataSource,
      `SELECT id, name FROM user_account WHERE role = 'reviewer' AND status = 'active' ORDER BY name`,
      [],
    );
  }

  async accountName(id: string): Promise<string | undefined> {
    const rows = await this.dataSource.query<{ name: string }[]>(`SELECT name FROM user_account WHERE id = $1`, [id]);
    return rows[0]?.name;
  }
}
