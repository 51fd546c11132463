import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../common/errors/domain-error';
import { composeCreditCode, formatBodyIdentifier, SequenceExhaustedError } from './domain';
import { CreditCodesRepository } from './credit-codes.repository';

/** Market regulation (工商) registers enterprises, individual households and farmers' cooperatives. */
export const MARKET_REGULATION_DEPARTMENT = '9';
export type MarketRegulationCategory = '1' | '2' | '3';

export interface IssuedCode {
  code: string;
  sequence: number;
}

/**
 * Issues the next unified social credit code inside the caller's transaction (the approval). Nothing is
 * issued unless that transaction commits; the ledger's unique constraints back up the counter.
 */
@Injectable()
export class CreditCodeIssuerService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly codes: CreditCodesRepository,
  ) {}

  async issue(
    manager: EntityManager,
    category: MarketRegulationCategory,
    subject: { type: string; id: string },
    prefix: string = this.config.creditCodePrefix,
  ): Promise<IssuedCode> {
    const [allocated] = await this.allocate(manager, [category], prefix);
    if (!allocated) throw new Error('no code allocated');
    await this.codes.recordIssued(manager, { ...allocated, prefix, subjectType: subject.type, subjectId: subject.id });
    return allocated;
  }

  /**
   * Takes the next codes, one per category given, in one statement, without writing their ledger rows:
   * for a caller that writes those rows in one statement with the rows that carry the codes (licence
   * issuance), because every round trip between here and the commit is time every other issuer spends
   * waiting for the counter row.
   */
  async allocate(
    manager: EntityManager,
    categories: readonly MarketRegulationCategory[],
    prefix: string = this.config.creditCodePrefix,
  ): Promise<IssuedCode[]> {
    if (categories.length === 0) return [];
    const first = await this.codes.takeNextSequences(manager, prefix, categories.length);
    return categories.map((category, i) => {
      const sequence = first + i;
      let body: string;
      try {
        body = formatBodyIdentifier(prefix, sequence);
      } catch (error) {
        if (error instanceof SequenceExhaustedError) throw new DomainError('credit_code.prefix_exhausted', { prefix });
        throw error;
      }
      const code = composeCreditCode({
        department: MARKET_REGULATION_DEPARTMENT,
        category,
        division: this.config.authority.divisionCode,
        body,
      });
      return { code, sequence };
    });
  }
}
