import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { DEPARTMENTS, type Department } from './domain/department-payloads';
import { ExchangeRepository } from './exchange.repository';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Departments pull the registrations meant for them, in order, with a cursor; tokens are kept hashed. */
@Injectable()
export class ExchangeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly exchange: ExchangeRepository,
    private readonly audit: AuditService,
  ) {}

  /** A new token for a department (replacing the old one); shown once, stored only as its hash. */
  issueToken(actor: Actor, department: string): Promise<string> {
    if (!(DEPARTMENTS as readonly string[]).includes(department)) throw new DomainError('exchange.unknown_department');
    const token = `${department}.${randomBytes(32).toString('base64url')}`;
    return this.dataSource.transaction(async (manager) => {
      await this.exchange.setTokenHash(manager, department, hash(token));
      await this.audit.record(manager, actor, { action: 'exchange.token_issued', subjectType: 'department', subjectId: department });
      return token;
    });
  }

  async fetch(department: string, authorization: string | undefined, after: number, limit: number, ip: string | null) {
    if (!(DEPARTMENTS as readonly string[]).includes(department)) throw new DomainError('exchange.unknown_department');
    const stored = await this.exchange.tokenHash(department);
    const presented = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!stored || !presented || !timingSafeEqual(Buffer.from(stored), Buffer.from(hash(presented)))) {
      await this.audit.recordAlone(
        { id: null, role: null, ip },
        { action: 'access.denied', subjectType: 'department', subjectId: department, details: { reason: 'exchange_token' } },
      );
      throw new DomainError('exchange.unauthorised');
    }
    // The cursor acknowledges what was given: one beyond it would mark events never delivered as done (and
    // a client trusting the `next` it got back would never receive them).
    const given = await this.exchange.fetchedId(department);
    if (after > given) throw new DomainError('exchange.cursor_ahead', { after, given });
    const rows = await this.exchange.events(department, after, limit);
    const next = rows.length ? Number(rows[rows.length - 1].id) : after;
    await this.dataSource.transaction(async (manager) => {
      await this.exchange.recordFetch(manager, department, after, next);
      await this.audit.record(
        manager,
        { id: null, role: `department:${department}`, ip },
        { action: 'exchange.fetched', subjectType: 'department', subjectId: department, details: { after, next, count: rows.length } },
      );
    });
    return {
      department: department as Department,
      events: rows.map((r) => ({
        id: Number(r.id),
        type: r.event_type,
        code: r.credit_code,
        createdAt: r.created_at.toISOString(),
        data: r.payload,
      })),
      next,
    };
  }
}
