import { Injectable } from '@nestjs/common';
import type { ApplicationAnswers, EntityTypeKey } from './domain/answers';
import {
  checkNameParts,
  composeName,
  similarity,
  SIMILAR_NAME_THRESHOLD,
  tradeNameKey,
  type NameParts,
  type NameProblem,
} from './domain/enterprise-name';
import { ApplicationsRepository } from './applications.repository';
import { loadNameRules } from './name-rules.loader';

export interface NameCheckResult {
  name: string;
  /** Rule problems (forbidden or restricted words, wrong organisational form, too short …). */
  problems: NameProblem[];
  /** A live application or registered enterprise already uses this trade name. */
  takenBy?: string;
  similar: string[];
  available: boolean;
}

/**
 * Is a proposed name acceptable and free? Trade names are compared regardless of organisational form,
 * spaces and punctuation, among registered enterprises and pending applications of this authority.
 */
@Injectable()
export class NameCheckService {
  private readonly rules = loadNameRules();

  constructor(private readonly applications: ApplicationsRepository) {}

  async check(applicationId: string, parts: NameParts, entityType: EntityTypeKey | undefined): Promise<NameCheckResult> {
    const problems = entityType ? checkNameParts(parts, this.rules, entityType) : [];
    const key = tradeNameKey(parts);
    const taken = key ? await this.applications.liveApplicationWithTradeName(key, applicationId) : undefined;
    const similar = key
      ? (await this.applications.similarTradeNames(key, applicationId, 10))
          .filter((s) => s.tradeNameKey !== key && similarity(s.tradeNameKey, key) >= SIMILAR_NAME_THRESHOLD)
          .map((s) => s.proposedName)
          .slice(0, 5)
      : [];
    return {
      name: composeName(parts),
      problems,
      ...(taken ? { takenBy: taken.proposedName } : {}),
      similar,
      available: problems.length === 0 && !taken,
    };
  }

  checkAnswers(applicationId: string, answers: ApplicationAnswers): Promise<NameCheckResult | undefined> {
    return answers.name ? this.check(applicationId, answers.name, answers.entityType) : Promise.resolve(undefined);
  }
}
