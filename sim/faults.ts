/**
 * Faults the simulator can inject per route, for the sync engine's tests: each fires either for
 * the next `times` matching requests or at a seeded `rate`.
 */
import { createRandom, type Random } from './random';

export type FaultKind =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: 500 | 502 | 503 | 504 }
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  | { kind: 'dropBeforeCommit' }
  /** The write is applied, then the socket is destroyed with no response. */
  | { kind: 'dropAfterCommit' }
  | { kind: 'truncatedJson' }
  | { kind: 'invalidJson' }
  | { kind: 'slowBody'; ms: number };

/** `skip` lets the first n matching requests through (fail page 3, not page 1). */
export type Fault = FaultKind & { times?: number; rate?: number; skip?: number };

/** 'GET /Jobs/Jobs', 'POST /Jobs/Job', ... or '*' for every route. */
export type RouteKey = string;

export class FaultTable {
  private readonly faults = new Map<RouteKey, Fault[]>();
  private readonly random: Random;
  offline = false;

  constructor(seed: number) {
    this.random = createRandom(seed ^ 0x5eed);
  }

  add(route: RouteKey, fault: Fault): void {
    const list = this.faults.get(normaliseRoute(route)) ?? [];
    list.push({ ...fault });
    this.faults.set(normaliseRoute(route), list);
  }

  clear(): void {
    this.faults.clear();
    this.offline = false;
  }

  /** The faults that fire for this request; `times` counts down as they fire. */
  take(route: RouteKey): FaultKind[] {
    const fired: FaultKind[] = [];
    for (const key of [normaliseRoute(route), '*']) {
      const list = this.faults.get(key);
      if (!list) continue;
      for (const fault of [...list]) {
        if (fault.skip && fault.skip > 0) {
          fault.skip--;
          continue;
        }
        const fires = fault.times !== undefined ? fault.times > 0 : this.random.next() < (fault.rate ?? 1);
        if (!fires) continue;
        fired.push(fault);
        if (fault.times !== undefined && --fault.times === 0) list.splice(list.indexOf(fault), 1);
      }
    }
    return fired;
  }
}

export function normaliseRoute(route: RouteKey): RouteKey {
  return route === '*' ? route : route.replace(/\s+/, ' ').toLowerCase();
}
