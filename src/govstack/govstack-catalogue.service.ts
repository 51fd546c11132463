import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ENTITY_TYPE_KEYS } from '../applications/domain/answers';
import { AuditService, type Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { translate } from '../common/i18n/i18n';
import { containsUnsafeCharacters } from '../common/text/unsafe-characters';
import { applicationSchema, type JsonSchema } from './eform-schema';
import { GovstackRepository, SERVICE_TYPES, type GovstackService, type ServiceInput, type ServiceType } from './govstack.repository';
import { UUID } from '../common/text/uuid';

export interface ServiceJson {
  id: string;
  name: string;
  version: string;
  type: ServiceType;
  isExecutable: boolean;
  isClosed: boolean;
  description: string;
  serviceBody: { code: string; value: string }[];
}

export interface EFormJson {
  eFormId: string;
  name: string;
  description: string;
  version: string;
  latest: boolean;
  schema?: JsonSchema;
}

/** The services an applicant can use through the API, their e-forms, and the administrators' catalogue. */
@Injectable()
export class GovstackCatalogueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: GovstackRepository,
    private readonly audit: AuditService,
  ) {}

  async all(): Promise<GovstackService[]> {
    return this.repository.services();
  }

  async list(name?: string): Promise<ServiceJson[]> {
    return (await this.repository.services(name)).map(serviceJson);
  }

  async get(id: string): Promise<GovstackService> {
    const service = UUID.test(id) ? await this.repository.service(id) : undefined;
    if (!service) throw new DomainError('not_found', {}, `No service ${id}`);
    return service;
  }

  /** The service an application belongs to, by its entity type. */
  async forEntityType(entityType: string | undefined): Promise<GovstackService | undefined> {
    if (!entityType) return undefined;
    return (await this.repository.services()).find((s) => s.entityTypes.includes(entityType));
  }

  async eForms(serviceId: string): Promise<EFormJson[]> {
    return [eForm(await this.get(serviceId), false)];
  }

  async eForm(eFormId: string): Promise<EFormJson> {
    const service = (await this.repository.services()).find((s) => eFormIdOf(s) === eFormId);
    if (!service) throw new DomainError('not_found', {}, `No e-form ${eFormId}`);
    return eForm(service, true);
  }

  /** The whole catalogue, in the form import accepts. */
  async export(): Promise<ServiceInput[]> {
    return (await this.repository.services()).map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest);
  }

  /** Creates (no id) or replaces (id) one service. Throws ServiceInvalidError with every problem found. */
  async save(actor: Actor, input: unknown, id?: string): Promise<GovstackService> {
    if (id !== undefined) await this.get(id);
    const { service, problems } = checkService(input, id);
    if (!service) throw new ServiceInvalidError(problems);
    return this.dataSource.transaction(async (manager) => {
      if (await this.repository.keyTaken(manager, service.key, service.id)) {
        throw new ServiceInvalidError([{ field: 'key', key: 'govstackServices.error.key.taken', params: { key: service.key } }]);
      }
      const { service: saved, created } = await this.repository.upsertService(manager, service);
      await this.audit.record(manager, actor, {
        action: created ? 'govstack.service_created' : 'govstack.service_updated',
        subjectType: 'govstack_service',
        subjectId: saved.id,
        details: { key: saved.key, version: saved.version },
      });
      return saved;
    });
  }

  /**
   * Imports a catalogue exported before (the array, or {"services": [...]}): each service is created or
   * replaced by its id, all or none. Every problem of every item is reported.
   */
  async import(actor: Actor, input: unknown): Promise<GovstackService[]> {
    const list =
      input !== null && typeof input === 'object' && !Array.isArray(input) && Object.keys(input).length === 1 && 'services' in input
        ? input.services
        : input;
    if (!Array.isArray(list)) throw new ServiceInvalidError([{ field: 'services', key: 'govstackServices.error.notList' }]);
    const problems: ServiceProblem[] = [];
    const checked: { item: number; service: ServiceInput }[] = [];
    for (const [i, entry] of list.entries()) {
      const given = entry !== null && typeof entry === 'object' ? (entry as { key?: unknown }).key : undefined;
      const where = { item: i + 1, ...(typeof given === 'string' && given !== '' ? { itemKey: given.slice(0, 63) } : {}) };
      const result = checkService(entry);
      problems.push(...result.problems.map((p) => ({ ...p, ...where })));
      if (result.service) checked.push({ item: i + 1, service: result.service });
    }
    const ids = new Set<string>();
    const keys = new Set<string>();
    for (const { item, service } of checked) {
      const where = { item, itemKey: service.key };
      if (ids.has(service.id)) problems.push({ field: 'id', key: 'govstackServices.error.id.repeated', ...where });
      if (keys.has(service.key))
        problems.push({ field: 'key', key: 'govstackServices.error.key.repeated', params: { key: service.key }, ...where });
      ids.add(service.id);
      keys.add(service.key);
    }
    if (problems.length > 0) throw new ServiceInvalidError(problems);
    const services = checked.map((c) => c.service);
    return this.dataSource.transaction(async (manager) => {
      const saved: GovstackService[] = [];
      for (const { item, service } of checked) {
        if (await this.repository.keyTaken(manager, service.key, service.id, [...ids])) {
          problems.push({
            field: 'key',
            key: 'govstackServices.error.key.taken',
            params: { key: service.key },
            item,
            itemKey: service.key,
          });
        }
      }
      if (problems.length > 0) throw new ServiceInvalidError(problems);
      await this.repository.releaseKeys(manager, [...ids]);
      for (const service of services) saved.push((await this.repository.upsertService(manager, service)).service);
      await this.audit.record(manager, actor, {
        action: 'govstack.services_imported',
        subjectType: 'govstack_service',
        details: { services: saved.map((s) => ({ id: s.id, key: s.key, version: s.version })) },
      });
      return saved;
    });
  }
}

export function serviceJson(s: GovstackService): ServiceJson {
  return {
    id: s.id,
    name: s.name,
    version: s.version,
    type: s.type,
    isExecutable: s.isExecutable,
    isClosed: true,
    description: s.description,
    serviceBody: [
      { code: 'key', value: s.key },
      { code: 'entityTypes', value: s.entityTypes.join(',') },
      { code: 'eFormId', value: eFormIdOf(s) },
    ],
  };
}

export const eFormIdOf = (s: GovstackService): string => `${s.key}-form`;

function eForm(s: GovstackService, withSchema: boolean): EFormJson {
  return {
    eFormId: eFormIdOf(s),
    name: s.name,
    description: `The application for ${s.name}, validated as on the portal's pages`,
    version: s.version,
    latest: true,
    ...(withSchema ? { schema: applicationSchema(s.entityTypes, s.name) } : {}),
  };
}

export type ServiceField = 'id' | 'key' | 'name' | 'version' | 'type' | 'description' | 'entityTypes' | 'isExecutable';

/** One thing wrong with a service: the field, and the message (a translation key, so pages speak both languages). */
export interface ServiceProblem {
  field: ServiceField | 'services';
  key: string;
  params?: Record<string, string | number>;
  /** In an import: which service of the list (1-based) and its key, when it has one. */
  item?: number;
  itemKey?: string;
}

/** A service (or an imported list) that cannot be saved: every problem found, for the page or the API's 400. */
export class ServiceInvalidError extends DomainError {
  constructor(readonly problems: ServiceProblem[]) {
    super('request.invalid', {}, problems.map((p) => problemText(p, (key, params) => translate('en', key, params))).join('; '));
  }
}

/** A problem as one sentence: "Item 2 (key partnership): Choose at least one entity type." */
export function problemText(p: ServiceProblem, t: (key: string, params?: Record<string, unknown>) => string): string {
  const message = t(p.key, p.params);
  const where =
    p.item === undefined
      ? ''
      : t(p.itemKey ? 'govstackServices.import.itemWithKey' : 'govstackServices.import.item', { n: p.item, key: p.itemKey });
  const field = p.field === 'services' ? '' : `"${p.field}": `;
  const choices = typeof p.params?.['types'] === 'string' ? ` (${p.params['types']})` : '';
  return `${where}${field}${message}${choices}`;
}

const LIMITS = { key: 63, name: 200, version: 20, description: 2000 } as const;

/** Checks a service as given (JSON, or a form's fields); every problem is reported, not only the first. */
export function checkService(input: unknown, id?: string): { service?: ServiceInput; problems: ServiceProblem[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { problems: [{ field: 'services', key: 'govstackServices.error.notObject' }] };
  }
  const v = input as Record<string, unknown>;
  const problems: ServiceProblem[] = [];
  const text = (field: 'key' | 'name' | 'version' | 'description', fallback: string | undefined, required: boolean): string => {
    const value = v[field] ?? fallback;
    if (value !== undefined && typeof value !== 'string') {
      problems.push({ field, key: `govstackServices.error.${field}.text` });
      return '';
    }
    const trimmed = (value ?? '').trim();
    if (required && trimmed === '') problems.push({ field, key: `govstackServices.error.${field}.missing` });
    else if (trimmed.length > LIMITS[field])
      problems.push({ field, key: `govstackServices.error.${field}.long`, params: { max: LIMITS[field] } });
    else if (containsUnsafeCharacters(trimmed)) problems.push({ field, key: 'validation.unsafe_characters' });
    return trimmed;
  };
  const serviceId = id ?? (v['id'] === undefined || v['id'] === '' ? randomUUID() : v['id']);
  if (typeof serviceId !== 'string' || !UUID.test(serviceId)) problems.push({ field: 'id', key: 'govstackServices.error.id.uuid' });
  const key = text('key', undefined, true);
  if (key !== '' && key.length <= LIMITS.key && !/^[a-z0-9][a-z0-9-]*$/.test(key))
    problems.push({ field: 'key', key: 'govstackServices.error.key.format' });
  const name = text('name', undefined, true);
  const version = text('version', '1', true);
  const type = v['type'] ?? 'Public';
  if (typeof type !== 'string' || !(SERVICE_TYPES as readonly string[]).includes(type)) {
    problems.push({ field: 'type', key: 'govstackServices.error.type.choose', params: { types: SERVICE_TYPES.join(', ') } });
  }
  const description = text('description', '', false);
  const entityTypes = v['entityTypes'];
  if (
    !Array.isArray(entityTypes) ||
    entityTypes.length === 0 ||
    !entityTypes.every((t) => typeof t === 'string' && (ENTITY_TYPE_KEYS as readonly string[]).includes(t))
  ) {
    problems.push({
      field: 'entityTypes',
      key: 'govstackServices.error.entityTypes.choose',
      params: { types: ENTITY_TYPE_KEYS.join(', ') },
    });
  } else if (new Set(entityTypes).size !== entityTypes.length) {
    problems.push({ field: 'entityTypes', key: 'govstackServices.error.entityTypes.repeated' });
  }
  const isExecutable = v['isExecutable'] ?? true;
  if (typeof isExecutable !== 'boolean') problems.push({ field: 'isExecutable', key: 'govstackServices.error.isExecutable.boolean' });
  if (problems.length > 0) return { problems };
  return {
    problems,
    service: {
      id: (serviceId as string).toLowerCase(),
      key,
      name,
      version,
      type: type as ServiceType,
      description,
      entityTypes: entityTypes as string[],
      isExecutable: isExecutable as boolean,
    },
  };
}
