/** What every pull takes and answers, and the pull's page size and concurrency. */
import type { SyncEntity, SyncRunKind } from '../../../../shared/domain';
import type { AdaptiveLimiter } from '../../ascora/limiter';
import type { AscoraClient } from '../../ascora/types';
import type { CoreContext } from '../../context';

/**
 * PageSize of every list pull, in the app (app.ts) and the benchmark: the largest Ascora is known to
 * answer. ascora-api.md section 1: the default is 250 and the maximum is [unknown]; 1000 works
 * [observed]. The simulator caps pages at 1000 too. Fewer, larger pages mean fewer round trips.
 */
export const PULL_PAGE_SIZE = 1000;

/** Pages in flight for a pull: ascora-api.md section 1 says start at 4; pages of 1000 are heavy, so 4 is also the cap. */
export const PULL_CONCURRENCY = { initial: 4, max: 4 } as const;
/** The most pages one pull keeps in flight (the bench's network floor copies it). */
export const PULL_MAX_IN_FLIGHT = PULL_CONCURRENCY.max;

/**
 * An incremental run's created-date window reaches back this far (ascora-api.md section 4: the
 * last 14 days), or to the day before the last full pass if that is older.
 */
export const RECENT_DAYS = 14;

export interface PullOptions {
  ctx: CoreContext;
  client: AscoraClient;
  integrationId: number;
  runId: string;
  pageSize: number;
  /** The pull's own requests in flight (not the push's: a page of 1000 weighs more than a write). */
  limiter: AdaptiveLimiter;
  kind: SyncRunKind;
  /** The office's time zone: its days are the days of the created-date windows. */
  timeZone: string;
  /** Ascora's clock (sync/ascora-clock.ts): its "today" is what the windows are asked about. */
  ascoraNow(): number;
  signal?: AbortSignal;
  /**
   * Work for the writer's thread while the pull waits for Ascora's answers (the search index of the
   * jobs already written: engine.ts): one short piece a call, answering whether any is left. An
   * answer that arrives meanwhile waits for one piece at most.
   */
  whileWaiting?: () => boolean;
  onProgress?: (entity: SyncEntity, done: number, total: number | null) => void;
}

export interface PullResult {
  processed: number;
  written: number;
  invalid: number;
  conflicts: number;
  /** The pass completed in this run and counted towards marking remote deletions. */
  countedPass: boolean;
  /** Rows this run's look-ups found Ascora no longer has. */
  nowMissing?: number;
}
