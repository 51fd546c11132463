import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-statements';
import { isCreditCodePrefix, normaliseCreditCode } from '../credit-codes/domain';
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

export interface NewRegistration {
  ledger: { prefix: string; sequence: number };
  enterprise: Omit<EnterpriseRow, 'status' | 'registeredAt'> & {
    tradeNameKey: string;
    employees: number;
    revenueFen: string;
    assetsFen: string;
    sector: string;
    sizeClass: string | null;
    isEnterprise: boolean;
    smallOrMicro: boolean;
  };
  licence: { id: string; version: number; data: LicenceData; signature: string; keyId: string };
  outbox: { department: string; eventType: string; payload: Record<string, unknown> }[];
}

/** The only code touching enterprise, licence and outbox_event. */
@Injectable()
export class LicencesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Everything registrations write, in one statement for any number of them: each code's ledger row, the
   * enterprise, its first licence and the departments' outbox events. It runs while the code counter is
   * locked, so one round trip here instead of four per registration is what lets approvals follow each
   * other quickly. Ids are chosen by the caller (the audit events name them before this runs).
   */
  async insertRegistrations(manager: EntityManager, registrations: readonly NewRegistration[]): Promise<void> {
    if (registrations.length === 0) return;
    const enterprises = registrations.map(({ enterprise: e, ledger }) => ({
      id: e.id,
      application_id: e.applicationId,
      credit_code: e.code,
      prefix: ledger.prefix,
      sequence: ledger.sequence,
      name: e.name,
      trade_name_key: e.tradeNameKey,
      entity_type: e.entityType,
      legal_representative: e.legalRepresentative,
      registered_capital_fen: e.registeredCapitalFen,
      district: e.district,
      domicile: e.domicile,
      industry_class: e.industryClass,
      business_scope: e.businessScope,
      employees: e.employees,
      revenue_fen: e.revenueFen,
      assets_fen: e.assetsFen,
      established_on: e.establishedOn,
      sector: e.sector,
      size_class: e.sizeClass,
      is_enterprise: e.isEnterprise,
      small_or_micro: e.smallOrMicro,
    }));
    const licences = registrations.map(({ enterprise, licence: l }) => ({
      id: l.id,
      enterprise_id: enterprise.id,
      application_id: enterprise.applicationId,
      version: l.version,
      data: l.data,
      signature: l.signature,
      key_id: l.keyId,
    }));
    const outbox = registrations.flatMap(({ enterprise, outbox: events }) =>
      events.map((o) => ({
        department: o.department,
        event_type: o.eventType,
        enterprise_id: enterprise.id,
        credit_code: enterprise.code,
        payload: o.payload,
      })),
    );
    await manager.query(
      `WITH e AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, application_id uuid, credit_code text, prefix text, sequence bigint, name text,
           trade_name_key text, entity_type text, legal_representative text, registered_capital_fen numeric, district text, domicile text,
           industry_class text, business_scope text, employees integer, revenue_fen numeric, assets_fen numeric, established_on date,
           sector text, size_class text, is_enterprise boolean, small_or_micro boolean)
       ), ledger AS (
         INSERT INTO issued_credit_code (code, prefix, sequence, subject_type, subject_id)
         SELECT credit_code, prefix, sequence, 'application', application_id::text FROM e
       ), ent AS (
         INSERT INTO enterprise (id, application_id, credit_code, name, trade_name_key, entity_type, legal_representative, registered_capital_fen,
           district, domicile, industry_class, business_scope, employees, revenue_fen, assets_fen, established_on, sector, size_class,
           is_enterprise, small_or_micro)
         SELECT id, application_id, credit_code, name, trade_name_key, entity_type, legal_representative, registered_capital_fen,
           district, domicile, industry_class, business_scope, employees, revenue_fen, assets_fen, established_on, sector, size_class,
           is_enterprise, small_or_micro FROM e
       ), lic AS (
         INSERT INTO licence (id, enterprise_id, application_id, version, data, signature, key_id)
         SELECT * FROM jsonb_to_recordset($2::jsonb)
           AS r(id uuid, enterprise_id uuid, application_id uuid, version integer, data jsonb, signature text, key_id text)
       )
       INSERT INTO outbox_event (department, event_type, enterprise_id, credit_code, payload)
       SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(department text, event_type text, enterprise_id uuid, credit_code text, payload jsonb)`,
      [JSON.stringify(enterprises), JSON.stringify(licences), JSON.stringify(outbox)],
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
    const rows = await preparedQuery<RawEnterprise & { licence: RawLicence | null }>(
      this.dataSource,
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

  /**
   * Public search: by code (exact or prefix), or by part of the name (and, for Latin text, similar names),
   * best first. At most SEARCH_MATCH_LIMIT matches are counted and ordered: `capped` says there are more.
   */
  async search(q: string, limit: number, offset: number): Promise<{ rows: EnterpriseRow[]; total: number; capped: boolean }> {
    const search = registerSearch(q, limit, offset);
    const rows = search.prepared
      ? await preparedQuery<RawEnterprise & { total: string }>(this.dataSource, search.text, search.values)
      : await this.dataSource.query<(RawEnterprise & { total: string })[]>(search.text, search.values);
    const found = (total: number) => ({ total: Math.min(total, SEARCH_MATCH_LIMIT), capped: total > SEARCH_MATCH_LIMIT });
    if (rows[0]) return { rows: rows.map(toEnterprise), ...found(Number(rows[0].total)) };
    if (offset === 0) return { rows: [], total: 0, capped: false };
    const count = await this.dataSource.query<{ count: string }[]>(search.countText, search.countValues);
    return { rows: [], ...found(Number(count[0]?.count ?? 0)) };
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

/**
 * How many matches a search counts and orders. A word found in almost every name ("大连", "有限公司") would
 * otherwise read, count and sort every one of them (0.9–1.5 s at a million enterprises) for pages nobody
 * reaches: the register's pages stop at the 10,000th result, and a narrower search finds the rest.
 */
export const SEARCH_MATCH_LIMIT = 10_000;

/**
 * The register search's SQL: one statement for a page of matches with their count (every match is read for
 * the ordering anyway, so counting them there costs little), and the count alone for a page past the last.
 * Both read at most SEARCH_MATCH_LIMIT + 1 matches (one more, to know there are more); when there are
 * more, those ordered are the first the index yields, not the best of all: the page asks for more words.
 *
 * - A code, or its beginning: by code.
 * - Two characters or more: candidates from the name's two-character pieces (ix_enterprise_name_bigrams),
 *   then the substring itself. Best first: where the words occur, then length: the exact name, then names
 *   that begin with the words, closer (shorter) names before longer ones. pg_trgm sees no trigrams in Chinese
 *   in this cluster's C locale, so similarity is 0 for Chinese names: ordering by it computed a trigram set
 *   per match (most of the query's execution at a million enterprises) to sort by name.
 * - With Latin letters or digits, or a single character: also similar names (`%`, pg_trgm), most similar first.
 *
 * The words-in-a-name search, the one the public uses, is a prepared statement. The values reach the plan
 * only through one-row subqueries (`(SELECT lower($1))`): a custom plan cannot see them either, so it costs
 * what the generic plan costs, and PostgreSQL settles on the generic plan (the GIN index) after five
 * executions instead of planning each search (0.2 ms, three times the execution). Planned with the values
 * hidden any other way, the generic plan read the table in parallel and PostgreSQL kept planning anew.
 */
export function registerSearch(
  q: string,
  limit: number,
  offset: number,
): { text: string; values: unknown[]; prepared: boolean; countText: string; countValues: unknown[] } {
  const matches = (where: string, order = '') => `(SELECT * FROM enterprise WHERE ${where}${order} LIMIT ${SEARCH_MATCH_LIMIT + 1}) e`;
  const page = (from: string, order: string, limitAndOffset: string) =>
    `SELECT ${ENTERPRISE_COLUMNS}, count(*) OVER () AS total FROM ${from} ORDER BY ${order} ${limitAndOffset}`;
  const counted = (from: string) => `SELECT count(*) AS count FROM ${from}`;
  const code = normaliseCreditCode(q);
  if (isCreditCodePrefix(code)) {
    const from = matches(`credit_code LIKE $1 || '%'`, ' ORDER BY credit_code');
    return {
      text: page(from, 'credit_code', 'LIMIT $2 OFFSET $3'),
      values: [code, limit, offset],
      prepared: false,
      countText: counted(from),
      countValues: [code],
    };
  }
  const pieces = [...q].length >= 2;
  if (pieces && !/[0-9A-Za-z]/.test(q)) {
    const from = matches(`name_bigrams(name) @> (SELECT name_bigrams($1)) AND strpos(lower(name), (SELECT lower($1))) > 0`);
    return {
      text: page(
        from,
        'strpos(lower(name), (SELECT lower($1))), char_length(name), name',
        'LIMIT (SELECT $2::int) OFFSET (SELECT $3::int)',
      ),
      values: [q, limit, offset],
      prepared: true,
      countText: counted(from),
      countValues: [q],
    };
  }
  const from = matches(
    pieces
      ? `(name % $1 OR (name_bigrams(name) @> name_bigrams($1) AND strpos(lower(name), lower($1)) > 0))`
      : `(name % $1 OR name ILIKE '%' || $2 || '%')`,
  );
  const values: unknown[] = pieces ? [q] : [q, q.replace(/[\\%_]/g, '\\$&')];
  return {
    text: page(from, 'similarity(name, $1) DESC, name', `LIMIT $${values.length + 1} OFFSET $${values.length + 2}`),
    values: [...values, limit, offset],
    prepared: false,
    countText: counted(from),
    countValues: values,
  };
}
