import type { Translator } from '../common/http/request-context';
import { identifierProblemParams, type CreditCodeValidation } from './domain';

/**
 * The one JSON shape of a code check, shared by the CLI (one object per line) and the HTTP API:
 * {"code","valid","reason"?,"message"?,"position"?,"expected"?,"warnings"?,"parts"?}.
 */
export interface CreditCodeReport {
  code: string;
  valid: boolean;
  reason?: string;
  message?: string;
  position?: number;
  expected?: string;
  warnings?: string[];
  parts?: {
    department: string;
    departmentName: string;
    category: string;
    categoryName: string | null;
    division: string;
    organisationCode: string;
    checkCharacter: string;
  };
}

export function toCreditCodeReport(validation: CreditCodeValidation): CreditCodeReport {
  const warnings = validation.warnings.length > 0 ? { warnings: validation.warnings.map((w) => w.code) } : {};
  if (validation.valid) return { code: validation.code, valid: true, ...warnings, parts: { ...validation.parts } };
  return {
    code: validation.code,
    valid: false,
    reason: validation.reason,
    message: validation.message,
    ...(validation.position !== undefined ? { position: validation.position } : {}),
    ...(validation.expected !== undefined ? { expected: validation.expected } : {}),
    ...warnings,
  };
}

/**
 * Why a code is not valid, in the reader's language: what is wrong, where, and what would be right (the
 * report's own `message` is English, for the CLI and logs).
 */
export function creditCodeReasonText(report: CreditCodeReport, t: Translator): string | undefined {
  return report.valid ? undefined : t(`creditCheck.reason.${report.reason}`, identifierProblemParams(report.code, report));
}
