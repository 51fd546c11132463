import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The code touching credit_code_counter and issued_credit_code; the one exception is licence issuance,
 * which writes its ledger row with the enterprise in one statement (LicencesRepository.insertRegistrations).
 */
@Injectable()
export class CreditCodesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the next `count` sequence numbers of a prefix (returns the first). The upsert locks the counter
   * row until the caller's transaction ends, so concurrent issuers queue here (across instances too) and
   * a rollback returns the numbers: committed codes are unique and gapless.
   */
  async takeNextSequences(manager: EntityManager, prefix: string, count: number): Promise<number> {
    const rows = await manager.query<{ sequence: string }[]>(
      `INSERT INTO credit_code_counter AS c (prefix, next_sequence) VALUES ($1, $2::integer)
       ON CONFLICT (prefix) DO UPDATE SET next_sequence = c.next_sequence + $2::integer
       RETURNING next_sequence - $2::integer AS sequence`,
      [prefix, count],
    );
    return Number(rows[0]?.sequence);
  }

  async recordIssued(
    manager: EntityManager,
    issued: { code: string; prefix: string; sequence: number; subjectType: string; subjectId: string },
  ): Promise<void> {
    await manager.query(`INSERT INTO issued_credit_code (code, prefix, sequence, subject_type, subject_id) VALUES ($1, $2, $3, $4, $5)`, [
      issued.code,
      issued.prefix,
      issued.sequence,
      issued.subjectType,
      issued.subjectId,
    ]);
  }

  async isIssued(code: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM issued_credit_code WHERE code = $1`, [code]);
    return rows.length > 0;
  }
}
