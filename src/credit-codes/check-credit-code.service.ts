import { Injectable } from '@nestjs/common';
import { validateCreditCode } from './domain';
import { toCreditCodeReport, type CreditCodeReport } from './credit-code-report';
import { CreditCodesRepository } from './credit-codes.repository';

/** Validates a code against GB 32100 and says whether this authority issued it. */
@Injectable()
export class CheckCreditCodeService {
  constructor(private readonly codes: CreditCodesRepository) {}

  async check(input: string): Promise<CreditCodeReport & { registered: boolean }> {
    const validation = validateCreditCode(input);
    const registered = validation.valid ? await this.codes.isIssued(validation.code) : false;
    return { ...toCreditCodeReport(validation), registered };
  }
}
