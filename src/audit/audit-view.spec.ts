import { SUPPORTED_LOCALES, type Locale } from '../config/app-config';
import { catalogue, translate } from '../common/i18n/i18n';
import type { AuditEventRow } from './audit-query.repository';
import { auditActionName, auditRowView, csvCell, csvNumber } from './audit-view';
import { AUDIT_ACTIONS } from './domain/audit-actions';

describe('csvCell', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+86 411')).toBe("'+86 411");
    expect(csvCell('-25')).toBe("'-25");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('quotes text with a comma, a quote or a line break, and leaves other text alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('批发和零售业')).toBe('批发和零售业');
    expect(csvCell('2016-09-30')).toBe('2016-09-30');
    expect(csvCell(null)).toBe('');
  });

  it('writes a number as a number, a negative one included', () => {
    expect(csvCell(-25)).toBe('-25');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(14592)).toBe('14592');
    expect(csvCell(-0.5)).toBe('-0.5');
  });
});

describe('csvNumber', () => {
  it('writes the number, to the decimals asked for', () => {
    expect(csvNumber(71, 1)).toBe('71.0');
    expect(csvNumber(-25, 1)).toBe('-25.0');
    expect(csvNumber(26.333333333333332, 1)).toBe('26.3');
    expect(csvNumber(47.96, 1)).toBe('48.0');
    expect(csvNumber(7310)).toBe('7310');
    expect(csvNumber(-3)).toBe('-3');
  });

  it('leaves a missing figure empty and refuses what is not a number', () => {
    expect(csvNumber(null)).toBe('');
    expect(csvNumber(null, 1)).toBe('');
    expect(() => csvNumber(Number.NaN)).toThrow(RangeError);
    expect(() => csvNumber(Number.POSITIVE_INFINITY, 1)).toThrow(RangeError);
  });
});

describe('the audit log in words', () => {
  const page = (locale: Locale) => ({ locale, t: (key: string, params?: Record<string, unknown>) => translate(locale, key, params) });
  const row = (over: Partial<AuditEventRow>): AuditEventRow => ({
    seq: 7,
    occurredAt: new Date('2026-12-08T00:30:00Z'),
    actorId: null,
    actorEmail: null,
    actorRole: null,
    action: 'application.approved',
    subjectType: 'application',
    subjectId: 'a1',
    ip: null,
    details: {},
    hash: 'h',
    ...over,
  });

  it.each(SUPPORTED_LOCALES)('names every action the portal records, in %s', (locale) => {
    const names = AUDIT_ACTIONS.map((action) => catalogue(locale)[`audit.actionName.${action}`]);
    expect(AUDIT_ACTIONS.filter((_, i) => !names[i])).toEqual([]);
    // Two actions with one name could not be told apart in the log.
    expect(new Set(names).size).toBe(AUDIT_ACTIONS.length);
  });

  it('shows an action by its name with its code beside it, and an unknown one by its code alone', () => {
    expect(auditRowView(row({}), page('zh-CN'))).toMatchObject({ actionName: '核准申请', actionCode: 'application.approved' });
    expect(auditRowView(row({ action: 'retired.event' }), page('en'))).toMatchObject({
      actionName: 'retired.event',
      actionCode: undefined,
    });
    expect(auditActionName('constructor', page('en').t)).toBe('constructor');
  });

  it('names who did it: the account with its role, the portal itself, or a visitor', () => {
    const staff = auditRowView(row({ actorId: 'r1', actorEmail: 'r@example.cn', actorRole: 'reviewer' }), page('zh-CN'));
    expect(staff).toMatchObject({ actor: 'r@example.cn', actorRole: '审核人员', actorHref: '/admin/accounts/r1' });
    expect(auditRowView(row({ actorRole: 'system' }), page('en'))).toMatchObject({ actor: 'The portal', actorRole: undefined });
    expect(auditRowView(row({}), page('zh-CN'))).toMatchObject({ actor: '未登录访客', actorRole: undefined });
  });
});
