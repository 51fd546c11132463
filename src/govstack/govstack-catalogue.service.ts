import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ENTITY_TYPE_KEYS } from '../applications/domain/answers';
import { AuditService, type Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { applicationSchema, type JsonSchema } from './eform-schema';
import { invalidRequest } from './govstack-error.filter';
import { GovstackRepository, SERVICE_TYPES, type GovstackService, type ServiceInput, type ServiceType } from './govstack.repository';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

  async save(actor: Actor, input: unknown, id?: string): Promise<GovstackService> {
    const service = parseService(input, id);
    if (id !== undefined) await this.get(id);
    return this.dataSource.transaction(async (manager) => {
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

  /** Imports a catalogue exported before: each service is created or replaced by its id, all or none. */
  async import(actor: Actor, input: unknown): Promise<GovstackService[]> {
    if (!Array.isArray(input)) throw invalidRequest('The body must be a JSON array of services.');
    const services = input.map((item) => parseService(item));
    return this.dataSource.transaction(async (manager) => {
      const saved: GovstackService[] = [];
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

function parseService(input: unknown, id?: string): ServiceInput {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalidRequest('A service must be a JSON object.');
  const v = input as Record<string, unknown>;
  const text = (key: string, fallback?: string): string => {
    const value = v[key] ?? fallback;
    if (typeof value !== 'string' || value.trim() === '') throw invalidRequest(`"${key}" must be a non-empty string.`);
    return value.trim();
  };
  const serviceId = id ?? (typeof v['id'] === 'string' ? v['id'] : randomUUID());
  if (!UUID.test(serviceId)) throw invalidRequest('"id" must be a UUID.');
  const key = text('key');
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(key)) throw invalidRequest('"key" must be lower-case letters, digits and hyphens.');
  const type = text('type', 'Public');
  if (!(SERVICE_TYPES as readonly string[]).includes(type)) throw invalidRequest(`"type" must be one of ${SERVICE_TYPES.join(', ')}.`);
  const entityTypes = v['entityTypes'];
  if (
    !Array.isArray(entityTypes) ||
    entityTypes.length === 0 ||
    !entityTypes.every((t) => typeof t === 'string' && (ENTITY_TYPE_KEYS as readonly string[]).includes(t))
  ) {
    throw invalidRequest(`"entityTypes" must be a non-empty array of ${ENTITY_TYPE_KEYS.join(', ')}.`);
  }
  const isExecutable = v['isExecutable'] ?? true;
  if (typeof isExecutable !== 'boolean') throw invalidRequest('"isExecutable" must be a boolean.');
  const description = v['description'] ?? '';
  if (typeof description !== 'string') throw invalidRequest('"description" must be a string.');
  return {
    id: serviceId.toLowerCase(),
    key,
    name: text('name'),
    version: text('version', '1'),
    type: type as ServiceType,
    description,
    entityTypes: entityTypes as string[],
    isExecutable,
  };
}
