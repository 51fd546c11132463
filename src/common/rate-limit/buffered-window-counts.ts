/**
 * Fixed-window hit counts kept per instance and written to the shared store in batches, for allowances
 * that are generous compared with normal use (public pages: 120 a minute per address).
 *
 * A key's hits are counted here while this instance's view of its total (the shared count as last read,
 * plus the hits not written yet) is at most half the limit: no database round trip on the request, and
 * all keys' counts written together once a second. Past half, every hit is counted exactly in the shared
 * store, in the request, so the limit itself is enforced as exactly as with no buffering. An instance sees
 * other instances' hits only when it writes its own, so with N instances a key gets at most
 * (N − 1) × half the limit more than the limit in one window.
 *
 * Pure: the clock is passed in and the store is the caller's (RateLimiterService).
 */
export interface WindowKey {
  key: string;
  /** Start of the window, in whole seconds since the epoch. */
  windowStart: number;
}

export interface PendingCount extends WindowKey {
  hits: number;
}

interface Entry extends WindowKey {
  /** The shared total as last read from the store (including what this instance wrote). */
  shared: number;
  /** Hits counted here and not written yet. */
  pending: number;
}

export type BufferedDecision = { kind: 'counted'; allowed: true } | { kind: 'exact'; key: WindowKey };

export class BufferedWindowCounts {
  private readonly entries = new Map<string, Entry>();

  /**
   * @param maxKeys how many keys to remember per window before every further new key is counted exactly
   * (a flood of distinct addresses costs round trips, not memory).
   */
  constructor(private readonly maxKeys = 100_000) {}

  /** Counts a hit here if it is safely under the limit; otherwise says to count it exactly. */
  hit(key: string, limit: number, windowSeconds: number, nowMs: number): BufferedDecision {
    const windowStart = Math.floor(nowMs / 1000 / windowSeconds) * windowSeconds;
    const id = `${windowStart}\u0000${key}`;
    let entry = this.entries.get(id);
    if (!entry) {
      if (this.entries.size >= this.maxKeys) return { kind: 'exact', key: { key, windowStart } };
      entry = { key, windowStart, shared: 0, pending: 0 };
      this.entries.set(id, entry);
    }
    if (entry.shared + entry.pending + 1 > Math.floor(limit / 2)) return { kind: 'exact', key: { key, windowStart } };
    entry.pending += 1;
    return { kind: 'counted', allowed: true };
  }

  /** The hits to write, taken out of the pending counts (give them back with restore if the write fails). */
  takePending(): PendingCount[] {
    const out: PendingCount[] = [];
    for (const entry of this.entries.values()) {
      if (entry.pending === 0) continue;
      out.push({ key: entry.key, windowStart: entry.windowStart, hits: entry.pending });
      entry.pending = 0;
    }
    return out;
  }

  /** The pending hits of a key for this window, taken out (the exact path writes them with its own hit). */
  takePendingOf(key: WindowKey): number {
    const entry = this.entries.get(`${key.windowStart}\u0000${key.key}`);
    if (!entry) return 0;
    const pending = entry.pending;
    entry.pending = 0;
    return pending;
  }

  restore(counts: readonly PendingCount[]): void {
    for (const c of counts) {
      const entry = this.entries.get(`${c.windowStart}\u0000${c.key}`);
      if (entry) entry.pending += c.hits;
    }
  }

  /** Records the shared totals the store answered with. */
  learn(totals: readonly PendingCount[]): void {
    for (const t of totals) {
      const entry = this.entries.get(`${t.windowStart}\u0000${t.key}`);
      if (entry) entry.shared = Math.max(entry.shared, t.hits);
    }
  }

  /** Forgets windows that have ended and have nothing left to write. */
  forgetBefore(nowMs: number, windowSeconds: number): void {
    const current = Math.floor(nowMs / 1000 / windowSeconds) * windowSeconds;
    for (const [id, entry] of this.entries) if (entry.windowStart < current && entry.pending === 0) this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
