import { Injectable } from '@nestjs/common';
import { ApplicationAccessService } from '../applications/application-access.service';
import { ApplicationDocumentsService } from '../applications/application-documents.service';
import { officerAnswer, shareholderAnswer, SIMPLE_SECTIONS } from '../applications/application-sections';
import { ApplicationsRepository, type ApplicationRecord } from '../applications/applications.repository';
import {
  DOCUMENT_KINDS,
  sectionsFor,
  type ApplicationAnswers,
  type DocumentKind,
  type EntityTypeKey,
  type OfficerAnswer,
  type ShareholderAnswer,
} from '../applications/domain/answers';
import { EditApplicationService } from '../applications/edit-application.service';
import { NameCheckService } from '../applications/name-check.service';
import { SubmitApplicationService } from '../applications/submit-application.service';
import type { Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { validateForm } from '../common/forms/form';
import { translate } from '../common/i18n/i18n';
import { findIndustryClass } from '../reference/industry-classification';
import { LIST_FORMS, SECTION_FORMS, type FormSection } from './eform-schema';
import { GovstackCatalogueService } from './govstack-catalogue.service';
import { UUID } from '../common/text/uuid';
import { invalidRequest } from './govstack-error.filter';
import { fileJson, fileListItem, type FileJson, type FileListItem } from './govstack-view';
import { GovstackRepository, SORT_COLUMNS, type SortColumn } from './govstack.repository';
import { GOVSTACK_PREFIX } from './govstack-settings';
import type { GovstackService } from './govstack.repository';

const t = (key: string, params?: Record<string, unknown>) => translate('en', key, params);
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const DATA_KEYS = ['entityType', ...Object.keys(SECTION_FORMS), ...Object.keys(LIST_FORMS), 'declaration'];

/** formData.data, checked section by section with the pages' DTOs, ready for the pages' services. */
interface Changes {
  entityType?: EntityTypeKey;
  sections: { key: string; patch: Partial<ApplicationAnswers> }[];
  shareholders?: Omit<ShareholderAnswer, 'id'>[];
  officers?: Omit<OfficerAnswer, 'id'>[];
  declaration: boolean;
}

export interface ListQuery {
  serviceId?: string;
  applicantId?: string;
  firstResult?: string;
  maxResult?: string;
  sortBy?: string;
  sortOrder?: string;
}

/**
 * Application files through the API, on the same services as the pages: start, save each section, add
 * people, upload documents, check readiness and submit. Each change is audited by the service making it.
 */
@Injectable()
export class GovstackFilesService {
  constructor(
    private readonly catalogue: GovstackCatalogueService,
    private readonly repository: GovstackRepository,
    private readonly applications: ApplicationsRepository,
    private readonly access: ApplicationAccessService,
    private readonly edit: EditApplicationService,
    private readonly documents: ApplicationDocumentsService,
    private readonly submitter: SubmitApplicationService,
    private readonly names: NameCheckService,
  ) {}

  /** Creates the application, saves every answer given, and submits it when it is complete and declared. */
  async create(actor: Actor, serviceId: string, body: unknown): Promise<FileJson> {
    const service = await this.catalogue.get(serviceId);
    if (actor.role !== 'applicant') throw new DomainError('auth.forbidden');
    const data = submission(actor, body);
    const entityType = (data['entityType'] ?? (service.entityTypes.length === 1 ? service.entityTypes[0] : undefined)) as
      string | undefined;
    if (entityType === undefined) throw invalidRequest(`formData.data.entityType is required: one of ${service.entityTypes.join(', ')}.`);
    const changes = await this.check(service, { ...data, entityType }, NIL_UUID, undefined);
    const application = await this.edit.start(actor);
    return this.apply(actor, application.id, changes, service);
  }

  /** Saves the answers given (lists given replace the saved ones), then submits when complete and declared. */
  async update(actor: Actor, fileId: string, body: unknown): Promise<FileJson> {
    // Only its applicant changes an application: someone else's is not found, staff are refused (403).
    if (!UUID.test(fileId)) throw new DomainError('application.not_found');
    const application = await this.access.owned(actor, fileId);
    const data = submission(actor, body);
    const service = await this.serviceOf(application);
    if (!service) throw invalidRequest('This application belongs to no service of this API.');
    const changes = await this.check(service, data, application.id, application.answers.entityType);
    return this.apply(actor, application.id, changes, service);
  }

  async get(actor: Actor, fileId: string): Promise<FileJson> {
    const application = await this.readable(actor, fileId);
    return this.view(application, await this.serviceOf(application));
  }

  async list(actor: Actor, query: ListQuery): Promise<FileListItem[]> {
    const paging = parsePaging(query, 'created');
    if (paging.limit === 0) return [];
    let entityTypes: string[] | undefined;
    if (query.serviceId !== undefined) {
      const service = UUID.test(query.serviceId) ? (await this.repository.services()).find((s) => s.id === query.serviceId) : undefined;
      if (!service) return [];
      entityTypes = service.entityTypes;
    }
    if (query.applicantId !== undefined && !UUID.test(query.applicantId)) return [];
    const staff = actor.role === 'reviewer' || actor.role === 'admin';
    if (!staff && query.applicantId !== undefined && query.applicantId !== actor.id) return [];
    const rows = await this.repository.files({
      ...paging,
      ...(staff ? { statuses: ['submitted', 'in_review', 'returned', 'approved', 'rejected', 'withdrawn'] } : {}),
      ...(staff ? (query.applicantId ? { applicantId: query.applicantId } : {}) : { applicantId: actor.id! }),
      ...(entityTypes ? { entityTypes } : {}),
    });
    const services = await this.repository.services();
    return rows.map((row) =>
      fileListItem(
        row,
        services.find((s) => row.entityType !== null && s.entityTypes.includes(row.entityType)),
      ),
    );
  }

  /** POST /documents: additionalMetadata (JSON) names the application file and the kind of document. */
  async upload(
    actor: Actor,
    metadata: { fileId?: unknown; kind?: unknown },
    file: { originalName: string; content: Buffer } | undefined,
  ): Promise<{ code: number; type: string; message: string; url: string }> {
    if (!file) throw invalidRequest('Send the document as the multipart field "file".');
    if (typeof metadata.fileId !== 'string' || !UUID.test(metadata.fileId)) {
      throw invalidRequest('additionalMetadata must be JSON naming the application: {"fileId": "…", "kind": "articles"}.');
    }
    if (!DOCUMENT_KINDS.includes(metadata.kind as DocumentKind)) {
      throw invalidRequest(`additionalMetadata.kind must be one of ${DOCUMENT_KINDS.join(', ')}.`);
    }
    const documentId = await this.documents.upload(actor, metadata.fileId, metadata.kind as DocumentKind, file);
    return {
      code: 200,
      type: metadata.kind as string,
      message: 'File successfully uploaded',
      url: `${GOVSTACK_PREFIX}/applications/${metadata.fileId}/documents/${documentId}`,
    };
  }

  /**
   * The file as its caller may see it: the applicant's own, and staff's once it is submitted (the access
   * service already answers staff "not found" for a draft; checked here too, as the API's own rule).
   */
  async readable(actor: Actor, fileId: string): Promise<ApplicationRecord> {
    if (!UUID.test(fileId)) throw new DomainError('application.not_found');
    const application = await this.access.readable(actor, fileId);
    if (application.status === 'draft' && application.applicantId !== actor.id) throw new DomainError('application.not_found');
    return application;
  }

  async serviceOf(application: ApplicationRecord): Promise<GovstackService | undefined> {
    return this.catalogue.forEntityType(application.answers.entityType);
  }

  async view(application: ApplicationRecord, service: GovstackService | undefined): Promise<FileJson> {
    const documents = await this.applications.documents(application.id);
    const readiness = ['draft', 'returned'].includes(application.status) ? await this.submitter.readiness(application) : undefined;
    return fileJson(application, service, documents, readiness);
  }

  private async apply(actor: Actor, id: string, changes: Changes, service: GovstackService): Promise<FileJson> {
    if (changes.entityType) await this.edit.saveSection(actor, id, 'entityType', { entityType: changes.entityType });
    for (const section of changes.sections) await this.edit.saveSection(actor, id, section.key, section.patch);
    if (changes.shareholders) {
      for (const old of (await this.access.owned(actor, id)).answers.shareholders ?? [])
        await this.edit.removeShareholder(actor, id, old.id);
      for (const shareholder of changes.shareholders) await this.edit.addShareholder(actor, id, shareholder);
    }
    if (changes.officers) {
      for (const old of (await this.access.owned(actor, id)).answers.officers ?? []) await this.edit.removeOfficer(actor, id, old.id);
      for (const officer of changes.officers) await this.edit.addOfficer(actor, id, officer);
    }
    let application = await this.access.owned(actor, id);
    if (changes.declaration && (await this.submitter.readiness(application)).ready) {
      application = await this.submitter.submit(actor, id, true);
    }
    return this.view(application, service);
  }

  /** Everything is checked before anything is saved, so a request with a mistake changes nothing. */
  private async check(
    service: GovstackService,
    data: Record<string, unknown>,
    applicationId: string,
    saved?: EntityTypeKey,
  ): Promise<Changes> {
    const problems: string[] = [];
    for (const key of Object.keys(data)) if (!DATA_KEYS.includes(key)) problems.push(`formData.data.${key}: not a field of this e-form`);
    const given = data['entityType'];
    if (given !== undefined && (typeof given !== 'string' || !service.entityTypes.includes(given))) {
      problems.push(`formData.data.entityType: one of ${service.entityTypes.join(', ')}`);
    }
    const entityType = (typeof given === 'string' && service.entityTypes.includes(given) ? given : saved) as EntityTypeKey | undefined;
    const needed = sectionsFor(entityType) as string[];
    const changes: Changes = { sections: [], declaration: data['declaration'] === true };
    if (data['declaration'] !== undefined && typeof data['declaration'] !== 'boolean')
      problems.push('formData.data.declaration: true or false');
    if (given !== undefined && entityType !== saved && entityType !== undefined) changes.entityType = entityType;
    for (const section of Object.keys(SECTION_FORMS) as FormSection[]) {
      if (data[section] === undefined) continue;
      if (!needed.includes(section)) {
        problems.push(`formData.data.${section}: not part of an application for ${entityType ?? 'this entity type'}`);
        continue;
      }
      const { values, errors } = await validateSection(SECTION_FORMS[section], data[section], `formData.data.${section}`);
      problems.push(...errors);
      if (errors.length > 0) continue;
      if (section === 'industry') {
        const found = findIndustryClass(values['classCode'] ?? '');
        if (!found)
          problems.push(`formData.data.industry.classCode: ${t('validation.industryClass.unknown', { code: values['classCode'] })}`);
        else changes.sections.push({ key: 'industry', patch: { industry: { classCode: found.code, scope: values['scope'] ?? '' } } });
        continue;
      }
      const simple = SIMPLE_SECTIONS.find((s) => s.key === section)!;
      const patch = simple.toAnswers(values);
      if (section === 'name' && patch.name) {
        const check = await this.names.check(applicationId, patch.name, entityType);
        problems.push(...check.problems.map((p) => `formData.data.name.${p.field}: ${p.message_en}`));
        if (check.takenBy) problems.push(`formData.data.name.tradeName: ${t('validation.tradeName.taken', { name: check.takenBy })}`);
      }
      changes.sections.push({ key: section, patch });
    }
    for (const list of ['shareholders', 'officers'] as const) {
      const items = data[list];
      if (items === undefined) continue;
      if (!needed.includes(list)) {
        problems.push(`formData.data.${list}: not part of an application for ${entityType ?? 'this entity type'}`);
        continue;
      }
      if (!Array.isArray(items)) {
        problems.push(`formData.data.${list}: an array`);
        continue;
      }
      const parsed: Record<string, string>[] = [];
      for (const [i, item] of items.entries()) {
        const { values, errors } = await validateSection(LIST_FORMS[list], item, `formData.data.${list}[${i}]`);
        problems.push(...errors);
        parsed.push(values);
      }
      if (list === 'shareholders') changes.shareholders = parsed.map(shareholderAnswer);
      else changes.officers = parsed.map(officerAnswer);
    }
    if (problems.length > 0) throw invalidRequest(problems.join('; '));
    return changes;
  }
}

/** The applicationFileSubmit body: applicantId must be the caller's own account; formData.data the answers. */
function submission(actor: Actor, body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalidRequest('The body must be an applicationFileSubmit object.');
  const b = body as Record<string, unknown>;
  if (typeof b['applicantId'] !== 'string' || b['applicantId'] === '') throw invalidRequest('applicantId is required.');
  if (b['applicantId'] !== actor.id) throw invalidRequest('applicantId must be the id of the account calling the API.');
  const formData = b['formData'];
  if (formData === undefined) return {};
  if (formData === null || typeof formData !== 'object' || Array.isArray(formData)) throw invalidRequest('formData must be an object.');
  const data = (formData as Record<string, unknown>)['data'];
  if (data === undefined) return {};
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw invalidRequest('formData.data must be an object.');
  return data as Record<string, unknown>;
}

/** Validates one section with its page's DTO. JSON numbers are taken as the text a person would type. */
async function validateSection(
  dto: new () => object,
  input: unknown,
  path: string,
): Promise<{ values: Record<string, string>; errors: string[] }> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { values: {}, errors: [`${path}: an object`] };
  const plain = Object.fromEntries(
    Object.entries(input as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v]),
  );
  const { value, errors } = await validateForm(dto, plain, t);
  const values = Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { values, errors: errors.map((e) => `${path}.${e.field}: ${e.message}`) };
}

export function parsePaging(
  query: { firstResult?: string; maxResult?: string; sortBy?: string; sortOrder?: string },
  defaultSort: SortColumn,
): { offset: number; limit: number; sortColumn: SortColumn; descending: boolean } {
  const integer = (name: string, value: string | undefined, fallback: number, max: number) => {
    if (value === undefined) return fallback;
    if (!/^\d{1,9}$/.test(value)) throw invalidRequest(`${name} must be a non-negative integer.`);
    return Math.min(Number(value), max);
  };
  const sortBy = query.sortBy ?? defaultSort;
  const aliases: Record<string, SortColumn> = {
    created: 'created',
    dueDate: 'submitted',
    priority: 'submitted',
    id: 'id',
    instanceId: 'id',
    caseInstanceId: 'id',
    executionId: 'id',
    caseExecutionId: 'id',
    name: 'name',
    nameCaseInsensitive: 'name',
    description: 'reference',
    assignee: 'assignee',
  };
  // Own keys only: 'constructor' or 'toString' must not find Object's members.
  const sortColumn = Object.hasOwn(aliases, sortBy)
    ? aliases[sortBy]
    : Object.hasOwn(SORT_COLUMNS, sortBy)
      ? (sortBy as SortColumn)
      : undefined;
  if (!sortColumn) throw invalidRequest(`sortBy must be one of ${Object.keys(aliases).join(', ')}.`);
  const order = query.sortOrder ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw invalidRequest('sortOrder must be asc or desc.');
  return {
    offset: integer('firstResult', query.firstResult, 0, 1_000_000),
    // maxResult=0 asks for no items (as in the Camunda-style APIs the specification follows).
    limit: integer('maxResult', query.maxResult, 50, 200),
    sortColumn,
    descending: order === 'desc',
  };
}
