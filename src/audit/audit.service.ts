import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditAction } from './domain/audit-actions';
import { AuditChainVerifier, hashAuditRecord, type AuditRecord, type ChainBreak } from './domain/audit-chain';

/** Who did it and from where: taken from the request by the controller, passed down to services. */
export interface Actor {
  id: string | null;
  role: string | null;
  ip: string | null;
}

export const ANONYMOUS = (ip: string | null): Actor => ({ id: null, role: null, ip });
export const SYSTEM_ACTOR: Actor = { id: null, role: 'system', ip: null };

export interface AuditEntry {
  action: AuditAction;
  subjectType?: string;
  subjectId?: string | null;
  details?: Record<string, unknown>;
}

export interface VerifyResult {
  intact: boolean;
  checked: number;
  headSeq: number;
  firstBreak?: ChainBreak;
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends one event inside the caller's transaction, so the event exists exactly when the change it
   * records does. The head row lock is held until that transaction ends.
   */
  async record(manager: EntityManager, actor: Actor, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
    const [appended] = await this.append(manager, [{ actor, entry }]);
    if (!appended) throw new Error('audit event not appended');
    return appended;
  }

  /**
   * Appends several events (of one change, or of a batch of changes by several people) in two round
   * trips, whatever their number. The head row stays locked from the first until the caller's transaction
   * ends, and every writer of the log queues there: call this last in a transaction, with all its events,
   * so that stretch is as short as it can be.
   */
  async append(manager: EntityManager, events: readonly { actor: Actor; entry: AuditEntry }[]): Promise<{ seq: number; hash: string }[]> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.record needs a transaction');
    if (events.length === 0) return [];
    // Locks the head row first and only then reads the database clock, so occurred_at never decreases
    // along the sequence (the log's date filters rely on that).
    const [head] = await manager.query<[{ seq: string; prev_hash: string; now: Date }[], number]>(
      `UPDATE audit_chain_head SET seq = seq + $1 WHERE id = 1
       RETURNING seq, hash AS prev_hash, date_trunc('milliseconds', clock_timestamp()) AS now`,
      [events.length],
    );
    const locked = head[0];
    if (!locked) throw new Error('audit_chain_head is missing');
    const firstSeq = Number(locked.seq) - events.length + 1;
    let prevHash = locked.prev_hash;
    const records = events.map(({ actor, entry }, i) => {
      const record: AuditRecord = {
        seq: firstSeq + i,
        occurredAt: locked.now.toISOString(),
        actorId: actor.id,
        actorRole: actor.role,
        action: entry.action,
        subjectType: entry.subjectType ?? null,
        subjectId: entry.subjectId ?? null,
        ip: actor.ip,
        details: entry.details ?? {},
        prevHash,
      };
      prevHash = hashAuditRecord(record);
      return { record, hash: prevHash };
    });
    const params: unknown[] = [];
    const rows = records.map(({ record, hash }) => {
      const values = [
        record.seq,
        record.occurredAt,
        record.actorId,
        record.actorRole,
        record.action,
        record.subjectType,
        record.subjectId,
        record.ip,
        JSON.stringify(record.details),
        record.prevHash,
        hash,
      ];
      return `(${values.map((v) => `$${params.push(v)}`).join(', ')})`;
    });
    await manager.query(
      // One round trip for the events and the head's new hash.
      `WITH event AS (
         INSERT INTO audit_event (seq, occurred_at, actor_id, actor_role, action, subject_type, subject_id, ip, details, prev_hash, hash)
         VALUES ${rows.join(', ')}
       )
       UPDATE audit_chain_head SET hash = $${params.push(prevHash)} WHERE id = 1`,
      params,
    );
    return records.map(({ record, hash }) => ({ seq: record.seq, hash }));
  }

  /** Records in a transaction of its own: for events with no other change (failed logins, refusals). */
  recordAlone(actor: Actor, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
    return this.dataSource.transaction((manager) => this.record(manager, actor, entry));
  }

  /** Recomputes the whole chain in pages of 5,000, in memory proportional to one page. */
  async verify(): Promise<VerifyResult> {
    const verifier = new AuditChainVerifier();
    const [head] = await this.dataSource.query<{ seq: string; hash: string }[]>('SELECT seq, hash FROM audit_chain_head WHERE id = 1');
    const headState = { seq: Number(head?.seq ?? 0), hash: head?.hash ?? '' };
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.query<RawAuditRow[]>(
        `SELECT seq, occurred_at, actor_id, actor_role, action, subject_type, subject_id, ip, details, prev_hash, hash
           FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT 5000`,
        [after],
      );
      for (const row of rows) {
        const failure = verifier.accept(toRecord(row), row.hash);
        if (failure) return { intact: false, checked: verifier.checked, headSeq: headState.seq, firstBreak: failure };
      }
      if (rows.length < 5000) break;
      after = Number(rows[rows.length - 1]?.seq);
    }
    const failure = verifier.finish(headState);
    return {
      intact: failure === undefined,
      checked: verifier.checked,
      headSeq: headState.seq,
      ...(failure ? { firstBreak: failure } : {}),
    };
  }
}

interface RawAuditRow {
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
}

function toRecord(row: RawAuditRow): AuditRecord {
  return {
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
}
