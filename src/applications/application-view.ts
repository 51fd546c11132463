import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { FieldError } from '../common/forms/form';
import { fieldErrors } from '../common/forms/form';
import { formatDateTime } from '../common/views/view-engine';
import { findIndustryClass, searchIndustryClasses } from '../reference/industry-classification';
import { SECTION_SLUGS, type SimpleSection } from './application-sections';
import { ApplicationsRepository, type ApplicationRecord, type DocumentRecord, type HistoryRecord } from './applications.repository';
import {
  contributionsTotal,
  DOCUMENT_KINDS,
  DOCUMENT_TYPES,
  OFFICER_ROLES,
  SECTION_KEYS,
  requiredDocuments,
  sectionsFor,
  sectionState,
  type ApplicationAnswers,
  type DocumentKind,
  type EntityTypeKey,
  type SectionKey,
} from './domain/answers';
import { isEditable, type ApplicationStatus } from './domain/application-state';
import { DISTRICTS } from './domain/districts';
import { MAX_DOCUMENT_BYTES } from './domain/document-content';
import { ENTITY_TYPE_INFO } from './domain/entity-type';
import { formatAmount } from './domain/money';
import type { NameCheckResult } from './name-check.service';
import type { Readiness } from './submit-application.service';

const money = (fen: string | bigint, req: Request) => formatAmount(BigInt(fen), req.locale);

/** Turns applications into the view models of the applicant's pages. */
@Injectable()
export class ApplicationView {
  constructor(private readonly applications: ApplicationsRepository) {}

  summary(a: ApplicationRecord, req: Request) {
    return {
      id: a.id,
      reference: a.reference,
      name: a.proposedName ?? req.t('applications.unnamed'),
      status: a.status,
      statusText: req.t(`component.tag.${a.status}`),
      updatedAt: formatDateTime(a.updatedAt, req.locale),
      nextStep: req.t(`applications.next.${a.status}`),
      editable: isEditable(a.status),
    };
  }

  taskList(a: ApplicationRecord, documents: DocumentRecord[], req: Request) {
    const kinds = documents.map((d) => d.kind);
    const sections = sectionsFor(a.answers.entityType);
    const items = sections.map((section) => {
      const state = sectionState(section, a.answers, kinds);
      const commented = a.status === 'returned' && commentsFor(a, section).length > 0;
      const status = commented ? 'needs_changes' : state;
      return {
        text: sectionName(section, a.answers.entityType, req),
        href: state === 'cannot_start' ? undefined : `/applications/${a.id}/${SECTION_SLUGS[section]}`,
        status,
        statusText: req.t(`component.taskList.${status}`),
      };
    });
    const completed = items.filter((i) => i.status === 'completed').length;
    return {
      pageTitle: req.t('taskList.title'),
      backLink: { href: '/applications', text: req.t('applications.title') },
      application: this.summary(a, req),
      items,
      completed,
      total: items.length,
      returned: a.status === 'returned',
      comments: a.reviewComments.map((c) => ({
        field: sectionName(c.field.split('.')[0] ?? c.field, a.answers.entityType, req),
        comment: c.comment,
      })),
      canCheck: completed === items.length || a.status === 'returned',
    };
  }

  async status(a: ApplicationRecord, req: Request) {
    const [history, documents, code] = await Promise.all([
      this.applications.history(a.id),
      this.applications.documents(a.id),
      a.status === 'approved' ? this.applications.issuedCode(a.id) : Promise.resolve(undefined),
    ]);
    return {
      licence: code ? { code, href: `/licences/${code}`, text: req.t('licence.yourLicence', { code }) } : undefined,
      pageTitle: a.proposedName ?? a.reference,
      backLink: { href: '/applications', text: req.t('applications.title') },
      application: this.summary(a, req),
      canWithdraw: a.status === 'submitted',
      answers: this.answerRows(a, documents, req, false),
      timeline: this.timeline(history, req, 'applicant', a.answers.entityType),
    };
  }

  /** An application's history as a timeline, for its applicant ("you") or for staff (names). */
  timeline(history: HistoryRecord[], req: Request, reader: 'applicant' | 'staff', entityType: EntityTypeKey | undefined) {
    return history.map((h) => ({
      title: req.t(`history.${h.action}`),
      by:
        reader === 'applicant' && h.actorRole === 'applicant'
          ? req.t('history.you')
          : (h.actorName ?? req.t(`role.${h.actorRole ?? 'admin'}`)),
      date: formatDateTime(h.occurredAt, req.locale),
      datetime: h.occurredAt.toISOString(),
      description: h.comment === null ? undefined : h.action === 'return' ? sectionNamesIn(h.comment, entityType, req) : h.comment,
    }));
  }

  section(
    a: ApplicationRecord,
    section: SimpleSection,
    values: Record<string, string>,
    errors: FieldError[],
    req: Request,
    nameCheck?: NameCheckResult,
  ) {
    const byField = fieldErrors(errors);
    const heading = section.key !== 'entityType' && section.key !== 'capital';
    // The legal representative's page carries the title the entity type's law gives (investor, executive partner, operator).
    const title =
      section.key === 'legalRepresentative' ? sectionName(section.key, a.answers.entityType, req) : req.t(`section.${section.key}.title`);
    return {
      pageTitle: title,
      hasErrors: errors.length > 0,
      errors,
      heading: heading ? title : undefined,
      intro: heading ? optional(req, `section.${section.key}.intro`) : undefined,
      action: `/applications/${a.id}/${section.slug}`,
      backLink: { href: `/applications/${a.id}`, text: req.t('common.back') },
      fields: section.fields(values, byField, req.t, a.answers),
      comments: commentsFor(a, section.key),
      nameCheck:
        nameCheck && errors.length === 0
          ? { ...nameCheck, availableText: req.t('section.name.available', { name: nameCheck.name }) }
          : undefined,
      submitText: req.t(
        nameCheck?.available ? 'common.saveAndContinue' : section.key === 'name' ? 'section.name.check' : 'common.saveAndContinue',
      ),
      continueHref: nameCheck?.available ? `/applications/${a.id}` : undefined,
    };
  }

  industry(a: ApplicationRecord, req: Request, values: { classCode?: string; scope?: string }, errors: FieldError[], query: string) {
    const selected = values.classCode ? findIndustryClass(values.classCode) : undefined;
    const matches = query.trim() ? searchIndustryClasses(query.trim(), 30) : [];
    const options = [...(selected && !matches.includes(selected) ? [selected] : []), ...matches];
    return {
      pageTitle: req.t('section.industry.title'),
      hasErrors: errors.length > 0,
      errors,
      fieldErrors: fieldErrors(errors),
      id: a.id,
      query,
      backLink: { href: `/applications/${a.id}`, text: req.t('common.back') },
      selected: selected && { code: selected.code, name: selected.name_zh, section: selected.section.name_zh },
      noMatches: query.trim() !== '' && matches.length === 0,
      classItems: options.map((c) => ({
        value: c.code,
        text: `${c.code} ${c.name_zh}`,
        hint: `${c.section.name_zh} › ${c.division.name_zh}`,
        checked: c.code === selected?.code,
      })),
      classCode: values.classCode ?? '',
      scope: values.scope ?? '',
      comments: commentsFor(a, 'industry'),
    };
  }

  shareholders(a: ApplicationRecord, req: Request, values: Record<string, string>, errors: FieldError[]) {
    const list = a.answers.shareholders ?? [];
    const info = a.answers.entityType ? ENTITY_TYPE_INFO[a.answers.entityType] : undefined;
    const total = contributionsTotal(list);
    const capital = a.answers.capital ? BigInt(a.answers.capital.amountFen) : undefined;
    return {
      pageTitle: sectionName('shareholders', a.answers.entityType, req),
      hasErrors: errors.length > 0,
      errors,
      fieldErrors: fieldErrors(errors),
      id: a.id,
      backLink: { href: `/applications/${a.id}`, text: req.t('common.back') },
      holderLabel: info?.holders ? (req.locale === 'zh-CN' ? info.holders.label.zh : info.holders.label.en) : '',
      rows: list.map((s) => ({
        id: s.id,
        name: s.name,
        kind: req.t(`shareholderKind.${s.kind}`),
        identifier:
          s.kind === 'corporate' ? s.creditCode : `${req.t(`documentType.${s.documentType ?? 'resident_id'}`)} ${s.documentNumber ?? ''}`,
        contribution: money(s.contributionFen, req),
      })),
      total: money(total, req),
      capital: capital !== undefined ? money(capital, req) : undefined,
      mismatch: capital !== undefined && list.length > 0 && total !== capital,
      values: {
        kind: values['kind'] ?? 'natural',
        name: values['name'] ?? '',
        documentNumber: values['documentNumber'] ?? '',
        creditCode: values['creditCode'] ?? '',
        contribution: values['contribution'] ?? '',
      },
      kindItems: ['natural', 'corporate'].map((k) => ({
        value: k,
        text: req.t(`shareholderKind.${k}`),
        checked: (values['kind'] ?? 'natural') === k,
      })),
      documentTypeItems: DOCUMENT_TYPES.map((type) => ({
        value: type,
        text: req.t(`documentType.${type}`),
        checked: (values['documentType'] ?? 'resident_id') === type,
      })),
      comments: commentsFor(a, 'shareholders'),
    };
  }

  officers(a: ApplicationRecord, req: Request, values: Record<string, string>, errors: FieldError[]) {
    return {
      pageTitle: req.t('section.officers.title'),
      hasErrors: errors.length > 0,
      errors,
      fieldErrors: fieldErrors(errors),
      id: a.id,
      backLink: { href: `/applications/${a.id}`, text: req.t('common.back') },
      rows: (a.answers.officers ?? []).map((o) => ({
        id: o.id,
        name: o.name,
        role: req.t(`officerRole.${o.role}`),
        document: `${req.t(`documentType.${o.documentType}`)} ${o.documentNumber}`,
      })),
      values: { name: values['name'] ?? '', documentNumber: values['documentNumber'] ?? '' },
      roleItems: OFFICER_ROLES.map((r) => ({ value: r, text: req.t(`officerRole.${r}`), checked: values['role'] === r })),
      documentTypeItems: DOCUMENT_TYPES.map((type) => ({
        value: type,
        text: req.t(`documentType.${type}`),
        checked: (values['documentType'] ?? 'resident_id') === type,
      })),
      comments: commentsFor(a, 'officers'),
    };
  }

  documents(a: ApplicationRecord, documents: DocumentRecord[], req: Request, errors: FieldError[], kind = '') {
    const required = requiredDocuments(a.answers.entityType);
    return {
      pageTitle: req.t('section.documents.title'),
      hasErrors: errors.length > 0,
      errors,
      fieldErrors: fieldErrors(errors),
      id: a.id,
      backLink: { href: `/applications/${a.id}`, text: req.t('common.back') },
      maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024,
      kinds: DOCUMENT_KINDS.map((k) => ({
        kind: k,
        title: documentKindName(k, a.answers.entityType, req),
        required: required.includes(k),
        files: documents
          .filter((d) => d.kind === k)
          .map((d) => ({ id: d.id, fileName: d.fileName, size: `${Math.max(1, Math.round(d.sizeBytes / 1024))} KB` })),
      })),
      kindItems: DOCUMENT_KINDS.map((k) => ({
        value: k,
        text: documentKindName(k, a.answers.entityType, req),
        hint: required.includes(k) ? req.t('section.documents.required') : req.t('section.documents.optional'),
        checked: k === kind,
      })),
      comments: commentsFor(a, 'documents'),
    };
  }

  checkAnswers(a: ApplicationRecord, documents: DocumentRecord[], readiness: Readiness, req: Request, errors: FieldError[]) {
    // Each problem links to the page that mends it, which comes back here after saving.
    const mend = (section: SectionKey) => `/applications/${a.id}/${SECTION_SLUGS[section]}?return=check-answers`;
    const nameProblems = readiness.name && !readiness.name.available ? readiness.name : undefined;
    const problems: (FieldError & { href?: string })[] = [
      ...readiness.problems.map((p) => ({
        field: '',
        href: mend(p.code === 'section_incomplete' ? p.section : 'shareholders'),
        message:
          p.code === 'section_incomplete'
            ? req.t('checkAnswers.incomplete', { section: sectionName(p.section, a.answers.entityType, req) })
            : p.code === 'contributions_mismatch'
              ? req.t('checkAnswers.mismatch', { total: money(p.totalFen, req), capital: money(p.capitalFen, req) })
              : req.t('checkAnswers.soleProprietor'),
      })),
      ...(nameProblems
        ? nameProblems.takenBy
          ? [{ field: '', href: mend('name'), message: req.t('validation.tradeName.taken', { name: nameProblems.takenBy }) }]
          : [
              {
                field: '',
                href: mend('name'),
                message: req.t('checkAnswers.nameProblems', {
                  problems: nameProblems.problems
                    .map((p) => (req.locale === 'zh-CN' ? p.message_zh : p.message_en))
                    .join(req.locale === 'zh-CN' ? '；' : '; '),
                }),
              },
            ]
        : []),
    ];
    const all = [...errors, ...problems.filter((p) => !errors.some((e) => e.message === p.message))];
    return {
      pageTitle: req.t('checkAnswers.title'),
      hasErrors: errors.length > 0,
      errors: all,
      id: a.id,
      resubmit: a.status === 'returned',
      backLink: { href: `/applications/${a.id}`, text: req.t('common.back') },
      answers: this.answerRows(a, documents, req, true),
      ready: readiness.ready,
      declarationError: fieldErrors(errors)['declaration'],
      declarationItems: [{ value: 'yes', text: req.t('checkAnswers.declaration') }],
      submitText: req.t(a.status === 'returned' ? 'checkAnswers.resubmit' : 'checkAnswers.submit'),
    };
  }

  /** Every answer, grouped (the business, its people, its documents), with Change links while editable. */
  answerRows(a: ApplicationRecord, documents: DocumentRecord[], req: Request, withChange: boolean) {
    const ans: ApplicationAnswers = a.answers;
    const change = (section: SectionKey) =>
      withChange ? `/applications/${a.id}/${SECTION_SLUGS[section]}?return=check-answers` : undefined;
    const row = (section: SectionKey, key: string, value: string | undefined, valueClasses?: string) => ({
      key,
      value: value ?? req.t('checkAnswers.notAnswered'),
      valueClasses,
      changeHref: change(section),
      changeText: req.t('common.change'),
    });
    const district = DISTRICTS.find((d) => d.code === ans.domicile?.district);
    const industry = ans.industry ? findIndustryClass(ans.industry.classCode) : undefined;
    // Chinese text takes Chinese punctuation: ，；（）
    const zh = req.locale === 'zh-CN';
    const comma = zh ? '，' : ', ';
    const semicolon = zh ? '；' : '; ';
    const inParentheses = (text: string) => (zh ? `（${text}）` : ` (${text})`);
    const person = (p: { name: string; documentType: string; documentNumber: string }) =>
      `${p.name}${comma}${req.t(`documentType.${p.documentType}`)} ${p.documentNumber}`;
    const groups = [
      {
        name: 'enterprise' as const,
        title: req.t('checkAnswers.group.enterprise'),
        rows: [
          row('entityType', req.t('section.entityType.task'), ans.entityType && req.t(`entityType.${ans.entityType}`)),
          row('name', req.t('section.name.task'), a.proposedName ?? undefined),
          row(
            'domicile',
            req.t('section.domicile.task'),
            ans.domicile && `${district ? (req.locale === 'zh-CN' ? district.zh : district.en) : ''} ${ans.domicile.address}`,
          ),
          row('industry', req.t('section.industry.class'), industry && `${industry.code} ${industry.name_zh}`),
          row('industry', req.t('section.industry.scope'), ans.industry?.scope),
          ...(sectionsFor(ans.entityType).includes('capital')
            ? [row('capital', sectionName('capital', ans.entityType, req), ans.capital && money(ans.capital.amountFen, req))]
            : []),
          row('operations', req.t('section.operations.employees'), ans.operations && String(ans.operations.employees)),
          row('operations', req.t('section.operations.revenue'), ans.operations && money(ans.operations.revenueFen, req)),
          row('operations', req.t('section.operations.assets'), ans.operations && money(ans.operations.assetsFen, req)),
        ],
      },
      {
        name: 'people' as const,
        title: req.t('checkAnswers.group.people'),
        rows: [
          row(
            'legalRepresentative',
            sectionName('legalRepresentative', ans.entityType, req),
            ans.legalRepresentative && `${person(ans.legalRepresentative)}${comma}${ans.legalRepresentative.phone}`,
          ),
          ...(sectionsFor(ans.entityType).includes('shareholders')
            ? [
                row(
                  'shareholders',
                  sectionName('shareholders', ans.entityType, req),
                  ans.shareholders?.length
                    ? ans.shareholders.map((s) => `${s.name}${inParentheses(money(s.contributionFen, req))}`).join(semicolon)
                    : undefined,
                ),
              ]
            : []),
          ...(sectionsFor(ans.entityType).includes('officers')
            ? [
                row(
                  'officers',
                  req.t('section.officers.task'),
                  ans.officers?.length
                    ? ans.officers.map((o) => `${o.name}${inParentheses(req.t(`officerRole.${o.role}`))}`).join(semicolon)
                    : undefined,
                ),
              ]
            : []),
          ...(['financialOfficer', 'taxContact', 'socialInsuranceContact', 'statisticsContact'] as const).map((role) =>
            row(
              'contacts',
              req.t(`section.contacts.${role}.title`),
              ans.contacts && `${ans.contacts[role].name}${comma}${ans.contacts[role].phone}`,
            ),
          ),
        ],
      },
      {
        name: 'documents' as const,
        title: req.t('checkAnswers.group.documents'),
        rows: DOCUMENT_KINDS.filter((k) => requiredDocuments(ans.entityType).includes(k) || documents.some((d) => d.kind === k)).map((k) =>
          row(
            'documents',
            documentKindName(k, ans.entityType, req),
            documents
              .filter((d) => d.kind === k)
              .map((d) => d.fileName)
              .join(', ') || undefined,
          ),
        ),
      },
    ];
    return groups;
  }
}

function commentsFor(a: ApplicationRecord, section: SectionKey): { comment: string }[] {
  return a.status === 'returned'
    ? a.reviewComments.filter((c) => c.field === section || c.field.startsWith(`${section}.`)).map((c) => ({ comment: c.comment }))
    : [];
}

function optional(req: Request, key: string): string | undefined {
  const text = req.t(key);
  return text === key ? undefined : text;
}

export type { ApplicationStatus };

// A return's comments are kept in its history as "section: comment" lines, the section by its key.
const RETURN_COMMENT_SECTION = new RegExp(`^(${SECTION_KEYS.join('|')}): `, 'gm');

/** A return's comments with each section called by its name in the reader's language, not by its key. */
function sectionNamesIn(comment: string, entityType: EntityTypeKey | undefined, req: Request): string {
  const colon = req.locale === 'zh-CN' ? '：' : ': ';
  return comment.replace(RETURN_COMMENT_SECTION, (_match, section: string) => `${sectionName(section, entityType, req)}${colon}`);
}

/**
 * A section's name as the entity type's law calls it: a sole proprietorship has an investor and a total
 * contribution, not shareholders, a legal representative and registered capital (SAMR Order No. 52 arts. 6
 * and 23); a partnership partners and an executive partner. Other sections have one name.
 */
export function sectionName(section: string, entityType: EntityTypeKey | undefined, req: Request): string {
  const info = entityType ? ENTITY_TYPE_INFO[entityType] : undefined;
  const language = req.locale === 'zh-CN' ? 'zh' : 'en';
  if (info && section === 'capital' && info.capital) return info.capital.label[language];
  if (info && section === 'legalRepresentative') return info.representativeTitle[language];
  if (info?.holders && section === 'shareholders') {
    const holder = info.holders.label[language];
    if (info.holders.exactlyOne) return req.t('section.shareholders.titleForOne', { holder: capitalised(holder) });
    return req.t('section.shareholders.titleFor', { holders: language === 'zh' ? holder : `${capitalised(holder)}s` });
  }
  return req.t(`section.${section}.task`);
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/**
 * A document's name for the entity type: the founding document is a company's or cooperative's articles of
 * association (章程) and a partnership's partnership agreement (合伙协议); a sole proprietorship and a
 * household need none (requiredDocuments), and one they upload anyway is called articles.
 */
export function documentKindName(kind: DocumentKind, entityType: EntityTypeKey | undefined, req: Request): string {
  if (kind !== 'articles' || entityType === undefined) return req.t(`documentKind.${kind}`);
  return req.t(entityType === 'partnership' ? 'documentKind.articles.partnership' : 'documentKind.articles.articles');
}
