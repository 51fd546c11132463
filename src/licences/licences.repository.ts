import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { LicenceData } from './domain/licence-data';

export interface EnterpriseRow {
  id: string;
  applicationId: string;
  code: string;
  name: string;
  entityType: string;
  legalRepresentative: string;
  registeredCapitalFen: string | null;
  district: string;
  domicile: string;
  industryClass: string;
  businessScope: string;
  establishedOn: string;
  status: string;
  registeredAt: Date;
}

export interface LicenceRow {
  id: string;
  enterpriseId: string;
  applicationId: string;
  version: number;
  status: string;
  data: LicenceData;
  signature: string;
  keyId: string;
  issuedAt: Date;
}

const ENTERPRISE_COLUMNS = `id, application_id, credit_code, name, entity_type, legal_representative, registered_capital_fen::text AS registered_capital_fen,
  district, domicile, industry_class, business_scope, to_char(established_on, 'YYYY-MM-DD') AS established_on, status, registered_at`;

interface RawLicence {
  id: string;
  enterprise_id: string;
  application_id: string;
  version: number;
  status: string;
  data: LicenceData;
  signature: string;
  key_id: string;
  /** A Date from a column; text when the row comes inside json_build_object. */
  issued_at: Date | string;
}

const LICENCE_COLUMNS = 'id, enterprise_id, application_id, version, status, data, signature, key_id, issued_at';

function toLicence(r: RawLicence): LicenceRow {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    applicationId: r.application_id,
    version: r.version,
    status: r.status,
    data: r.data,
    signature: r.signature,
    keyId: r.key_id,
    issuedAt: new Date(r.issued_at),
  };
}

interface RawEnterprise {
  id: string;
  application_id: string;
  credit_code: string;
  name: string;
  entity_type: string;
  legal_representative: string;
  registered_capital_fen: string | null;
  district: string;
  domicile: string;
  industry_class: string;
  business_scope: string;
  established_on: string;
  status: string;
  registered_at: Date;
}

/** The only code touching enterprise, licence and outbox_event. */
@Injectable()
export class LicencesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertEnterprise(
    manager: EntityManager,
    e: Omit<EnterpriseRow, 'id' | 'status' | 'registeredAt'> & {
      tradeNameKey: string;
      employees: number;
      revenueFen: string;
      assetsFen: string;
      sector: string;
      sizeClass: string | null;
      isEnterprise: boolean;
      smallOrMicro: boolean;
    },
  ): Promise<string> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO enterprise (application_id, credit_code, name, trade_name_key, entity_type, legal_representative, registered_capital_fen, district, domicile,
         industry_class, business_scope, employees, revenue_fen, assets_fen, established_on, sector, size_class, is_enterprise, small_or_micro)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
      [
        e.applicationId,
        e.code,
        e.name,
        e.tradeNameKey,
        e.entityType,
        e.legalRepresentative,
        e.registeredCapitalFen,
        e.district,
        e.domicile,
        e.industryClass,
        e.businessScope,
        e.employees,
        e.revenueFen,
        e.assetsFen,
        e.establishedOn,
        e.sector,
        e.sizeClass,
        e.isEnterprise,
        e.smallOrMicro,
      ],
    );
    return rows[0].id;
  }

  async insertLicence(
    manager: EntityManager,
    l: { enterpriseId: string; applicationId: string; version: number; data: LicenceData; signature: string; keyId: string },
  ): Promise<string> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO licence (enterprise_id, application_id, version, data, signature, key_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [l.enterpriseId, l.applicationId, l.version, JSON.stringify(l.data), l.signature, l.keyId],
    );
    return rows[0].id;
  }

  /** One statement for all the departments' events of a registration. */
  async insertOutboxEvents(
    manager: EntityManager,
    events: { department: string; eventType: string; enterpriseId: string; code: string; payload: Record<string, unknown> }[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO outbox_event (department, event_type, enterprise_id, credit_code, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::char(18)[], $5::jsonb[])`,
      [
        events.map((e) => e.department),
        events.map((e) => e.eventType),
        events.map((e) => e.enterpriseId),
        events.map((e) => e.code),
        events.map((e) => JSON.stringify(e.payload)),
      ],
    );
  }

  async enterpriseByCode(code: string): Promise<EnterpriseRow | undefined> {
    const rows = await this.dataSource.query<RawEnterprise[]>(`SELECT ${ENTERPRISE_COLUMNS} FROM enterprise WHERE credit_code = $1`, [
      code,
    ]);
    return rows[0] ? toEnterprise(rows[0]) : undefined;
  }

  async enterpriseByApplication(applicationId: string): Promise<EnterpriseRow | undefined> {
    const rows = await this.dataSource.query<RawEnterprise[]>(`SELECT ${ENTERPRISE_COLUMNS} FROM enterprise WHERE application_id = $1`, [
      applicationId,
    ]);
    return rows[0] ? toEnterprise(rows[0]) : undefined;
  }

  /**
   * An enterprise by its code with its current licence, in one round trip: the public verification page
   * and licence API ask for both on every request, and at load a query's round trip costs more than its work.
   */
  async enterpriseWithLicenceByCode(code: string): Promise<{ enterprise: EnterpriseRow; licence: LicenceRow | undefined } | undefined> {
    const rows = await this.dataSource.query<(RawEnterprise & { licence: RawLicence | null })[]>(
      `SELECT e.*,
              (SELECT to_json(l) FROM (SELECT ${LICENCE_COLUMNS} FROM licence WHERE enterprise_id = e.id ORDER BY version DESC LIMIT 1) l)
                AS licence
         FROM (SELECT ${ENTERPRISE_COLUMNS} FROM enterprise WHERE credit_code = $1) e`,
      [code],
    );
    const row = rows[0];
    return row ? { enterprise: toEnterprise(row), licence: row.licence ? toLicence(row.licence) : undefined } : undefined;
  }

  /** The current licence of an enterprise: the highest valid version. */
  async currentLicence(enterpriseId: string): Promise<LicenceRow | undefined> {
    const rows = await this.dataSource.query<RawLicence[]>(
      `SELECT ${LICENCE_COLUMNS} FROM licence WHERE enterprise_id = $1 ORDER BY version DESC LIMIT 1`,
      [enterpriseId],
    );
    return rows[0] ? toLicence(rows[0]) : undefined;
  }

  /** Public search: by code (exact or prefix), or by name with trigram similarity, best first. */
  async search(q: string, limit: number, offset: number): Promise<{ rows: EnterpriseRow[]; total: number }> {
    const code = q.toUpperCase().replace(/[\s-]/g, '');
    const byCode = /^[0-9A-Z]{4,18}$/.test(code);
    // Two characters or more: candidates from the name's two-character pieces (ix_enterprise_name_bigrams),
    // then the substring itself; pg_trgm sees no trigrams in Chinese text in this cluster's C locale, so
    // similarity (`%`) is asked only for queries with Latin letters or digits, where it has some.
    const pieces = [...q].length >= 2;
    const fuzzy = /[0-9A-Za-z]/.test(q) ? 'name % $1 OR ' : '';
    const where = byCode
      ? `credit_code LIKE $1 || '%'`
      : pieces
        ? `(${fuzzy}(name_bigrams(name) @> name_bigrams($1) AND strpos(lower(name), lower($1)) > 0))`
        : `(name % $1 OR name ILIKE '%' || $2 || '%')`;
    const params: unknown[] = byCode || pieces ? [byCode ? code : q] : [q, q.replace(/[\\%_]/g, '\\$&')];
    const order = byCode ? 'credit_code' : `similarity(name, $1) DESC, name`;
    const [rows, count] = await Promise.all([
      this.dataSource.query<RawEnterprise[]>(
        `SELECT ${ENTERPRISE_COLUMNS} FROM enterprise WHERE ${where} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ),
      this.dataSource.query<{ count: string }[]>(`SELECT count(*) AS count FROM enterprise WHERE ${where}`, params),
    ]);
    return { rows: rows.map(toEnterprise), total: Number(count[0]?.count ?? 0) };
  }

  async tradeNameRegistered(tradeNameKey: string): Promise<string | undefined> {
    const rows = await this.dataSource.query<{ name: string }[]>(`SELECT name FROM enterprise WHERE trade_name_key = $1 LIMIT 1`, [
      tradeNameKey,
    ]);
    return rows[0]?.name;
  }
}

function toEnterprise(r: RawEnterprise): EnterpriseRow {
  return {
    id: r.id,
    applicationId: r.application_id,
    code: r.credit_code,
    name: r.name,
    entityType: r.entity_type,
    legalRepresentative: r.legal_representative,
    registeredCapitalFen: r.registered_capital_fen,
    district: r.district,
    domicile: r.domicile,
    industryClass: r.industry_class,
    businessScope: r.business_scope,
    establishedOn: r.established_on,
    status: r.status,
    registeredAt: r.registered_at,
  };
}
