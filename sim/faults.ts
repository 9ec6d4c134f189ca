/**
 * Faults the simulator can inject per route, for the sync engine's tests: each fires either for
 * the next `times` matching requests or at a seeded `rate`.
 */
import { createRandom, type Random } from './random';

export type FaultKind =
  | { kind: 'latency'; ms: number }
  /** A 5xx answer before anything is applied (Ascora, or a proxy in front of it, is unwell). */
  | { kind: 'status'; status: 500 | 502 | 503 | 504 }
  /** The write IS applied, then a 5xx answer: the client must not take 5xx to mean "not applied". */
  | { kind: 'statusAfterCommit'; status: 500 | 502 | 503 | 504 }
  /**
   * Ascora refuses the request (after the key is checked): this status with `{success: false,
   * message}`, and nothing applied. For a validation or conflict answer the simulator's own rules
   * would not give.
   */
  | { kind: 'reject'; status: 400 | 404 | 409 | 422; message: string }
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  | { kind: 'dropBeforeCommit' }
  /** The write is applied, then the socket is destroyed with no response. */
  | { kind: 'dropAfterCommit' }
  | { kind: 'truncatedJson' }
  /** The write is applied and answered 200, but the record in the answer has a broken id (valid JSON). */
  | { kind: 'unreadableRecord' }
  | { kind: 'invalidJson' }
  | { kind: 'slowBody'; ms: number }
  /** The answer padded with JSON whitespace to at least this many bytes (still valid JSON). */
  | { kind: 'oversizeBody'; bytes: number }
  /** The answer sent one byte each `intervalMs`: never silent long enough for a stall guard. */
  | { kind: 'trickleBody'; intervalMs: number };

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

  /**
   * The faults `which` selects (all by default) that fire for this request; `times` and `skip`
   * count down only for them, so a fault checked later in a request (after the key) is not used
   * up by a request that never got that far.
   */
  take(route: RouteKey, which: (kind: FaultKind['kind']) => boolean = () => true): FaultKind[] {
    const fired: FaultKind[] = [];
    for (const key of [normaliseRoute(route), '*']) {
      const list = this.faults.get(key);
      if (!list) continue;
      for (const fault of [...list]) {
        if (!which(fault.kind)) continue;
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
