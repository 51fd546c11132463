import fc from 'fast-check';
import { BufferedWindowCounts, type PendingCount } from './buffered-window-counts';

const MINUTE = 60;
const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);

/** A shared store (the database table) and instances that buffer in front of it, as RateLimiterService does. */
class Simulation {
  readonly store = new Map<string, number>();
  readonly instances: BufferedWindowCounts[];

  constructor(instances: number) {
    this.instances = Array.from({ length: instances }, () => new BufferedWindowCounts());
  }

  private write(counts: readonly PendingCount[]): PendingCount[] {
    return counts.map((c) => {
      const id = `${c.windowStart}:${c.key}`;
      const hits = (this.store.get(id) ?? 0) + c.hits;
      this.store.set(id, hits);
      return { ...c, hits };
    });
  }

  hit(instance: number, key: string, limit: number, nowMs: number): boolean {
    const counts = this.instances[instance];
    const decision = counts.hit(key, limit, MINUTE, nowMs);
    if (decision.kind === 'counted') return true;
    const [row] = this.write([{ ...decision.key, hits: 1 + counts.takePendingOf(decision.key) }]);
    counts.learn([row]);
    return row.hits <= limit;
  }

  flush(instance: number): void {
    const counts = this.instances[instance];
    counts.learn(this.write(counts.takePending()));
  }
}

describe('BufferedWindowCounts', () => {
  it.each([
    [120, 60],
    [10, 5],
    [3, 1],
    [1, 0],
  ])('with a limit of %i, counts the first %i hits of a window locally and every later one exactly', (limit, local) => {
    const counts = new BufferedWindowCounts();
    const kinds = Array.from({ length: limit + 2 }, () => counts.hit('ip', limit, MINUTE, T0).kind);
    expect(kinds.filter((k) => k === 'counted')).toHaveLength(local);
    expect(kinds.slice(local).every((k) => k === 'exact')).toBe(true);
  });

  it('allows exactly the limit per window on one instance, and starts again in the next window', () => {
    const sim = new Simulation(1);
    const allowed = Array.from({ length: 200 }, () => sim.hit(0, 'ip', 120, T0)).filter(Boolean);
    expect(allowed).toHaveLength(120);
    expect(sim.hit(0, 'ip', 120, T0 + 60_000)).toBe(true);
  });

  it('hands pending hits over once: takePending empties them, restore puts them back after a failed write', () => {
    const counts = new BufferedWindowCounts();
    for (let i = 0; i < 7; i += 1) counts.hit('a', 120, MINUTE, T0);
    counts.hit('b', 120, MINUTE, T0);
    const pending = counts.takePending();
    expect(pending.map((p) => [p.key, p.hits])).toEqual([
      ['a', 7],
      ['b', 1],
    ]);
    expect(counts.takePending()).toEqual([]);
    counts.restore(pending);
    expect(counts.takePending()).toEqual(pending);
  });

  it('forgets ended windows once written, keeps those with hits still to write', () => {
    const counts = new BufferedWindowCounts();
    counts.hit('a', 120, MINUTE, T0);
    counts.hit('b', 120, MINUTE, T0);
    counts.forgetBefore(T0 + 60_000, MINUTE);
    expect(counts.size).toBe(2);
    counts.takePending();
    counts.forgetBefore(T0 + 60_000, MINUTE);
    expect(counts.size).toBe(0);
  });

  it('learns the shared total when it writes, and counts exactly from then on if that is past half', () => {
    const sim = new Simulation(2);
    for (let i = 0; i < 100; i += 1) sim.hit(0, 'ip', 120, T0);
    // The other instance has seen nothing of those 100: it counts locally, up to half the allowance.
    expect(sim.instances[1].hit('ip', 120, MINUTE, T0).kind).toBe('counted');
    sim.flush(1);
    expect(sim.instances[1].hit('ip', 120, MINUTE, T0).kind).toBe('exact');
  });

  it('counts new keys exactly once it remembers as many as it may', () => {
    const counts = new BufferedWindowCounts(2);
    expect(counts.hit('a', 120, MINUTE, T0).kind).toBe('counted');
    expect(counts.hit('b', 120, MINUTE, T0).kind).toBe('counted');
    expect(counts.hit('c', 120, MINUTE, T0).kind).toBe('exact');
    expect(counts.hit('a', 120, MINUTE, T0).kind).toBe('counted');
  });

  it('never lets more than the limit plus (instances − 1) × half the limit through in a window, whatever the interleaving', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.record({ instance: fc.nat(3), flush: fc.boolean() }), { minLength: 1, maxLength: 300 }),
        (instances, limit, steps) => {
          const sim = new Simulation(instances);
          let allowed = 0;
          for (const step of steps) {
            const instance = step.instance % instances;
            if (sim.hit(instance, 'ip', limit, T0)) allowed += 1;
            if (step.flush) sim.flush(instance);
          }
          for (let i = 0; i < instances; i += 1) sim.flush(i);
          // Every hit reached the store: nothing counted here is lost.
          expect(sim.store.get(`${Math.floor(T0 / 1000 / MINUTE) * MINUTE}:ip`)).toBe(steps.length);
          expect(allowed).toBeLessThanOrEqual(limit + (instances - 1) * Math.floor(limit / 2));
          // And nobody under the limit is refused: the first `limit` hits always pass.
          expect(allowed).toBeGreaterThanOrEqual(Math.min(steps.length, limit));
        },
      ),
    );
  });
});
