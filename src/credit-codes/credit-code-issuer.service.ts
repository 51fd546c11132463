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
    const allocated = await this.allocate(manager, category, prefix);
    await this.codes.recordIssued(manager, { ...allocated, subjectType: subject.type, subjectId: subject.id });
    return { code: allocated.code, sequence: allocated.sequence };
  }

  /**
   * Takes the next code without writing its ledger row: for a caller that writes that row in one
   * statement with the rows that carry the code (licence issuance), because every round trip between here
   * and the commit is time every other issuer spends waiting for the counter row.
   */
  async allocate(
    manager: EntityManager,
    category: MarketRegulationCategory,
    prefix: string = this.config.creditCodePrefix,
  ): Promise<IssuedCode & { prefix: string }> {
    const sequence = await this.codes.takeNextSequence(manager, prefix);
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
    return { code, sequence, prefix };
  }
}
