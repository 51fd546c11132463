import type { Translator } from '../common/http/request-context';
import type { FieldError } from '../common/forms/form';
import { ROLES } from '../auth/domain/role';
import type { AuditCursor, AuditEventRow, AuditFilter } from './audit-query.repository';
import { AUDIT_ACTIONS } from './domain/audit-actions';

export type AuditQuery = Record<string, unknown>;

const TEXT_FIELDS = ['actor', 'action', 'subjectType', 'subjectId', 'from', 'to', 'q'] as const;

/**
 * Turns the filter form's query string into a filter, a cursor and any problems to show. Dates are days
 * in the authority's time zone (UTC+8), both ends inclusive.
 */
export function parseAuditQuery(
  query: AuditQuery,
  t: Translator,
): { filter: AuditFilter; actor?: string; cursor: AuditCursor; errors: FieldError[]; echo: Record<string, string> } {
  const echo: Record<string, string> = {};
  for (const field of TEXT_FIELDS) {
    const value = query[field];
    if (typeof value === 'string' && value.trim() !== '') echo[field] = value.trim().slice(0, 200);
  }
  const errors: FieldError[] = [];
  const day = (field: 'from' | 'to', offsetDays: number): Date | undefined => {
    const value = echo[field];
    if (value === undefined) return undefined;
    const start = startOfDayInChina(value);
    if (!start) {
      errors.push({ field, message: t('audit.error.date', { field: t(`audit.${field}`) }) });
      return undefined;
    }
    return new Date(start.getTime() + offsetDays * 86_400_000);
  };
  const from = day('from', 0);
  const to = day('to', 1);
  if (from && to && from >= to) errors.push({ field: 'to', message: t('audit.error.range') });
  const seq = (name: string): number | undefined => {
    const value = query[name];
    return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
  };
  const before = seq('before');
  const after = seq('after');
  return {
    filter: {
      ...(echo['action'] ? { action: echo['action'] } : {}),
      ...(echo['subjectType'] ? { subjectType: echo['subjectType'] } : {}),
      ...(echo['subjectId'] ? { subjectId: echo['subjectId'] } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(echo['q'] ? { text: echo['q'] } : {}),
    },
    ...(echo['actor'] ? { actor: echo['actor'] } : {}),
    cursor: after !== undefined ? { after } : before !== undefined ? { before } : {},
    errors,
    echo,
  };
}

/** Midnight at the start of a YYYY-MM-DD day in UTC+8, or undefined when it is not a real date. */
export function startOfDayInChina(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) return undefined;
  return new Date(utc.getTime() - 8 * 3_600_000);
}

/** Made once: building a formatter per row cost more than the rest of the page (see view-engine.ts). */
const AUDIT_TIME_FORMATS = {
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'medium' }),
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'medium' }),
};

export function auditRowView(row: AuditEventRow, page: { locale: string; t: Translator }) {
  const role = row.actorRole === null ? undefined : roleName(row.actorRole, page.t);
  const action = auditActionLabel(row.action, page.t);
  return {
    seq: row.seq,
    occurredAt: row.occurredAt,
    when: AUDIT_TIME_FORMATS[page.locale === 'zh-CN' ? 'zh-CN' : 'en'].format(row.occurredAt),
    // Without an account, the role says who it was (the portal itself); without either, a visitor.
    actor: row.actorEmail ?? role ?? page.t('audit.notSignedIn'),
    actorHref: row.actorId ? `/admin/accounts/${row.actorId}` : undefined,
    actorRole: row.actorEmail === null ? undefined : role,
    action: row.action,
    actionName: action.name,
    actionCode: action.code,
    subject: row.subjectType ? `${row.subjectType}${row.subjectId ? ` ${row.subjectId}` : ''}` : '—',
    subjectHref: row.subjectType === 'account' && row.subjectId ? `/admin/accounts/${row.subjectId}` : undefined,
    ip: row.ip ?? '—',
    details: Object.keys(row.details).length ? JSON.stringify(row.details) : '',
  };
}

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);
// 'system': the portal's own actor (SYSTEM_ACTOR), for what the CLI and the demo seed do.
const KNOWN_ROLES: ReadonlySet<string> = new Set([...ROLES, 'system']);

/**
 * An action as the log shows it: its name in the page's language with its code beside it (the code is what
 * the filters, the CSV export and the API speak); an action the portal does not record (older data) is
 * shown by its code alone.
 */
export function auditActionLabel(action: string, t: Translator): { name: string; code: string | undefined } {
  return KNOWN_ACTIONS.has(action) ? { name: t(`audit.actionName.${action}`), code: action } : { name: action, code: undefined };
}

/** The name alone (auditActionLabel's). */
export function auditActionName(action: string, t: Translator): string {
  return auditActionLabel(action, t).name;
}

function roleName(role: string, t: Translator): string {
  return KNOWN_ROLES.has(role) ? t(`role.${role}`) : role;
}

export const CSV_HEADER = 'seq,occurred_at,actor_id,actor_email,actor_role,action,subject_type,subject_id,ip,details,hash\r\n';

export function toCsvLine(row: AuditEventRow): string {
  return (
    [
      String(row.seq),
      row.occurredAt.toISOString(),
      row.actorId,
      row.actorEmail,
      row.actorRole,
      row.action,
      row.subjectType,
      row.subjectId,
      row.ip,
      JSON.stringify(row.details),
      row.hash,
    ]
      .map(csvCell)
      .join(',') + '\r\n'
  );
}

/**
 * RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would run as a formula. A number is
 * written as the number it is (csvNumber): the guard is for text, and would turn -25 into the text '-25.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return csvNumber(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A number as a CSV cell, never behind the formula guard; with fractionDigits, to that many decimals as the
 * pages show it (71 → 71.0, 26.333… → 26.3). Null is an empty cell.
 */
export function csvNumber(value: number | null, fractionDigits?: number): string {
  if (value === null) return '';
  if (!Number.isFinite(value)) throw new RangeError(`a CSV number must be finite, got ${String(value)}`);
  return fractionDigits === undefined ? String(value) : value.toFixed(fractionDigits);
}
