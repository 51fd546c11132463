import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type Actor, type VerifyResult } from './audit.service';

export interface VerificationRecord extends VerifyResult {
  ranAt: Date;
  durationMs: number;
}

/** Runs the integrity check on request (admin page, CLI) and keeps its result for the dashboard. */
@Injectable()
export class AuditVerificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async run(actor: Actor): Promise<VerificationRecord> {
    const started = Date.now();
    const result = await this.audit.verify();
    const durationMs = Date.now() - started;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO audit_verification (intact, checked, head_seq, first_break_seq, first_break_kind, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)`,
        [result.intact, result.checked, result.headSeq, result.firstBreak?.seq ?? null, result.firstBreak?.kind ?? null, durationMs],
      );
      await this.audit.record(manager, actor, {
        action: 'audit.verified',
        details: { intact: result.intact, checked: result.checked, firstBreakSeq: result.firstBreak?.seq ?? null },
      });
    });
    return { ...result, ranAt: new Date(), durationMs };
  }

  async latest(): Promise<VerificationRecord | undefined> {
    const rows = await this.dataSource.query<
      {
        ran_at: Date;
        intact: boolean;
        checked: string;
        head_seq: string;
        first_break_seq: string | null;
        first_break_kind: string | null;
        duration_ms: number;
      }[]
    >(
      `SELECT ran_at, intact, checked, head_seq, first_break_seq, first_break_kind, duration_ms FROM audit_verification ORDER BY id DESC LIMIT 1`,
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      ranAt: row.ran_at,
      intact: row.intact,
      checked: Number(row.checked),
      headSeq: Number(row.head_seq),
      durationMs: row.duration_ms,
      ...(row.first_break_seq !== null
        ? { firstBreak: { kind: row.first_break_kind, seq: Number(row.first_break_seq) } as VerifyResult['firstBreak'] }
        : {}),
    };
  }
}
