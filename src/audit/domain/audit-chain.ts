import { createHash } from 'node:crypto';

/** The fields that are hashed. Changing this list or its encoding breaks every existing chain. */
export interface AuditRecord {
  seq: number;
  occurredAt: string; // ISO 8601 with milliseconds, UTC
  actorId: string | null;
  actorRole: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  details: unknown;
  prevHash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  // Dates and the like are stored as their JSON form; hash that same form.
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalJson(withToJson.toJSON());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashAuditRecord(record: AuditRecord): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

export type ChainBreak =
  | { kind: 'gap'; seq: number; expectedSeq: number }
  | { kind: 'prev_hash_mismatch'; seq: number }
  | { kind: 'hash_mismatch'; seq: number }
  | { kind: 'head_mismatch'; seq: number; headSeq: number };

/**
 * Walks events in sequence order and reports the first one whose position or content does not match the
 * chain: an edited row fails its own hash, a removed row leaves a gap, an inserted row breaks the next
 * link. Feed events in pages; the verifier keeps only the last hash.
 */
export class AuditChainVerifier {
  private expectedSeq = 1;
  private lastHash = GENESIS_HASH;
  checked = 0;

  accept(record: AuditRecord, storedHash: string): ChainBreak | undefined {
    if (record.seq !== this.expectedSeq) return { kind: 'gap', seq: record.seq, expectedSeq: this.expectedSeq };
    if (record.prevHash !== this.lastHash) return { kind: 'prev_hash_mismatch', seq: record.seq };
    if (hashAuditRecord(record) !== storedHash) return { kind: 'hash_mismatch', seq: record.seq };
    this.expectedSeq += 1;
    this.lastHash = storedHash;
    this.checked += 1;
    return undefined;
  }

  /** The head row records the last event written through the portal; a missing tail shows here. */
  finish(head: { seq: number; hash: string }): ChainBreak | undefined {
    const lastSeq = this.expectedSeq - 1;
    if (head.seq !== lastSeq || head.hash !== this.lastHash) return { kind: 'head_mismatch', seq: lastSeq, headSeq: head.seq };
    return undefined;
  }
}
