/**
 * The steps of one sync run, in the order engine.ts runs them (Joplin's synchronizer/utils/*Step.ts):
 * open the run's log row, pull the recent jobs before job creates are pushed, push the outbox, pull
 * each list, and finish (the connection's state, the log row, the log file). Each step adds to the
 * run's summary; a step that must stop the run throws, and `finishRun` says why.
 */
import { eq } from 'drizzle-orm';
import { assertNever } from '../../../shared/assert-never';
import type { SyncEntity, SyncRunKind, SyncRunSummary } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { AscoraError } from '../ascora/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraIntegrations, ascoraSyncLogs } from '../db/schema';
import { storageError } from '../db/storage-error';
import { pullCustomers, pullInvoices, pullJobs, type PullOptions, type PullResult } from './pull';
import { pushOutbox, type PushOptions } from './push';

/** One run as its steps see it: what it is, what it has done so far, and how it tells the window. */
export interface RunState {
  ctx: CoreContext;
  integrationId: number;
  runId: string;
  kind: SyncRunKind;
  summary: SyncRunSummary;
  signal: AbortSignal;
  progress(phase: 'push' | 'pull' | 'done', entity: SyncEntity | null, done: number, total: number | null): void;
}

const PULLS: Record<SyncEntity, (o: PullOptions) => Promise<PullResult>> = {
  customers: pullCustomers,
  jobs: pullJobs,
  invoices: pullInvoices,
};

export const stoppedError = (): AppError => new AppError('BUSY', 'The sync was stopped.');

export function newRunState(
  ctx: CoreContext,
  integrationId: number,
  runId: string,
  kind: SyncRunKind,
  signal: AbortSignal,
): RunState {
  return {
    ctx,
    integrationId,
    runId,
    kind,
    signal,
    summary: {
      runId,
      kind,
      status: 'success',
      pushed: 0,
      pulled: 0,
      written: 0,
      failed: 0,
      conflicts: 0,
      durationMs: 0,
      message: '',
    },
    progress: (phase, entity, done, total) =>
      ctx.events.emit('sync.progress', { integrationId, runId, phase, entity, done, total }),
  };
}

/**
 * The run's log row, written `running` when it starts: a run cut off by a crash or a kill is found
 * and marked interrupted at the next start (queue.recoverAbandoned), never silently missing.
 */
export function openRunLog(run: RunState): number {
  return run.ctx.db
    .insert(ascoraSyncLogs)
    .values({
      integrationId: run.integrationId,
      runId: run.runId,
      kind: 'run',
      runKind: run.kind,
      direction: 'none',
      status: 'running',
      // On the app's clock, as the rows' pulledAt are: the Today screen reads what a run wrote by it.
      createdAt: isoNow(run.ctx.clock),
      message: run.kind === 'full' ? 'Full check running.' : 'Sync running.',
    })
    .returning({ id: ascoraSyncLogs.id })
    .get().id;
}

/**
 * Another desktop on this Ascora account may have made the job of a report queued here: the recent
 * created-date window of jobs comes into the mirror first, once for all of the run's creates, and
 * each create looks there before it is sent (push.ts). Answers whether the mirror now holds every
 * job (the window, and a full pass before it). Ascora refusing the window (an error page, a refused
 * date filter) is no reason to stop: each create then asks Ascora by itself; a refused key, no
 * network or a stopped run stop the run as ever.
 */
export async function pullRecentJobsStep(
  run: RunState,
  options: PullOptions,
  hadFullPass: () => boolean,
): Promise<boolean> {
  try {
    const recent = await pullJobs(options);
    addPulled(run, recent);
    if (recent.written > 0) run.ctx.events.emit('record.changed', { entity: 'job', ids: 'many' });
    return hadFullPass();
  } catch (error) {
    const answered = error instanceof AscoraError && error.kind !== 'auth' && error.status !== null;
    if (!answered || run.signal.aborted) throw error;
    return false;
  }
}

/** Sends the outbox. A refused key, no network or a full disk stop the run after it, with that cause. */
export async function pushStep(run: RunState, options: Omit<PushOptions, 'onProgress'>): Promise<void> {
  run.progress('push', null, 0, null);
  const pushed = await pushOutbox({ ...options, onProgress: (done, total) => run.progress('push', null, done, total) });
  run.summary.pushed = pushed.pushed;
  run.summary.failed += pushed.failed;
  if (pushed.authFailed) throw new AscoraError('auth', 'Ascora refused the API key.', 401);
  if (pushed.networkFailed) throw new AscoraError('retryable', 'Ascora could not be reached.');
  if (pushed.storageFailure) throw pushed.storageFailure;
  if (run.signal.aborted) throw stoppedError();
  // A pushed item changes its record's badge (job, customer, or an invoice's payment).
  if (pushed.pushed + pushed.failed > 0) {
    for (const entity of ['job', 'customer', 'invoice'] as const)
      run.ctx.events.emit('record.changed', { entity, ids: 'many' });
  }
}

/** Pulls one list into the mirror, and tells the screens what it changed. */
export async function pullListStep(run: RunState, entity: SyncEntity, options: PullOptions): Promise<void> {
  if (run.signal.aborted) throw stoppedError();
  const pulled = await PULLS[entity](options);
  addPulled(run, pulled);
  run.summary.conflicts += pulled.conflicts;
  if (pulled.nowMissing) run.summary.noLongerInAscora = (run.summary.noLongerInAscora ?? 0) + pulled.nowMissing;
  if (pulled.conflicts > 0) run.ctx.events.emit('record.changed', { entity: 'conflict', ids: 'many' });
  if (pulled.written > 0 || pulled.nowMissing)
    run.ctx.events.emit('record.changed', {
      entity: entity === 'jobs' ? 'job' : entity === 'customers' ? 'customer' : 'invoice',
      ids: 'many',
    });
}

function addPulled(run: RunState, pulled: PullResult): void {
  run.summary.pulled += pulled.processed;
  run.summary.written += pulled.written;
  run.summary.failed += pulled.invalid;
}

/**
 * Ends the run: its summary and message, the connection's state (a refused key asks for a new one;
 * no network marks it offline), the log row (interrupted when stopped), and, for a run that did not
 * fully succeed, a line in the log file people send with the cause behind what they saw.
 * `setIntegration` never writes over a connection a person disconnected meanwhile (engine.ts).
 */
export function finishRun(
  run: RunState,
  end: {
    logId: number;
    startedAt: number;
    error: unknown;
    setIntegration(fields: Partial<typeof ascoraIntegrations.$inferInsert>): void;
  },
): SyncRunSummary {
  const { ctx, summary, signal } = run;
  const error = end.error;
  summary.durationMs = ctx.clock.now() - end.startedAt;
  const now = isoNow(ctx.clock);
  if (error) {
    summary.status = 'failed';
    summary.message = describeFailure(error);
    const auth = error instanceof AscoraError && error.kind === 'auth';
    const offline =
      error instanceof AscoraError &&
      (error.kind === 'retryable' || error.kind === 'unknown_outcome') &&
      error.status === null;
    end.setIntegration({
      state: auth ? 'needs_reauth' : 'error',
      online: !offline,
      lastSyncAt: now,
      lastError: summary.message,
    });
  } else {
    summary.status = summary.failed > 0 ? 'partial' : 'success';
    summary.message = describeSuccess(summary);
    end.setIntegration({
      state: 'ok',
      online: true,
      lastSyncAt: now,
      lastSuccessAt: now,
      lastError: summary.failed > 0 ? summary.message : null,
    });
  }
  ctx.db
    .update(ascoraSyncLogs)
    .set({
      status: signal.aborted ? 'interrupted' : summary.status,
      message: summary.message,
      error: error ? describeFailure(error) : null,
      recordsProcessed: summary.pulled + summary.pushed,
      recordsWritten: summary.written,
      durationMs: summary.durationMs,
    })
    .where(eq(ascoraSyncLogs.id, end.logId))
    .run();
  if (summary.status !== 'success') {
    const unexpected = error !== null && !(error instanceof AscoraError) && !(error instanceof AppError);
    ctx.logger.log(
      summary.status === 'failed' && !signal.aborted ? 'error' : 'warn',
      `sync run ${signal.aborted ? 'stopped' : summary.status}`,
      {
        integrationId: run.integrationId,
        runId: run.runId,
        reason: summary.message,
        ...(error instanceof AscoraError ? { cause: error.message, kind: error.kind, httpStatus: error.status } : {}),
        ...(unexpected
          ? {
              cause: error instanceof Error ? error.message : String(error),
              stack: error instanceof Error ? error.stack : undefined,
            }
          : {}),
        pushed: summary.pushed,
        failed: summary.failed,
        durationMs: summary.durationMs,
      },
    );
  }
  run.progress('done', null, 1, 1);
  ctx.events.emit('record.changed', { entity: 'log', ids: 'many' });
  return summary;
}

export function describeFailure(error: unknown): string {
  if (error instanceof AscoraError) {
    switch (error.kind) {
      case 'auth':
        return 'Ascora refused the API key. Connect again with a current key (Administration › API Settings in Ascora).';
      case 'retryable':
      case 'unknown_outcome':
      case 'rejected':
      case 'not_found':
        if (error.status === null)
          return 'Ascora could not be reached. Changes are kept and will be sent when the connection is back.';
        return `Ascora had a problem: ${error.message} The sync will try again.`;
      default:
        return assertNever(error.kind, 'Ascora error kind');
    }
  }
  if (error instanceof AppError) return error.message;
  const storage = storageError(error);
  if (storage) return storage.message;
  return 'The sync stopped because of a problem in RestoreAssist Desk. The details are in the log.';
}

function describeSuccess(s: SyncRunSummary): string {
  const parts = [`${s.pushed} sent`, `${s.written} updated`];
  if (s.failed > 0) parts.push(`${s.failed} failed (see the log)`);
  if (s.conflicts > 0) parts.push(`${s.conflicts} conflicts to resolve`);
  if (s.noLongerInAscora) parts.push(`${s.noLongerInAscora} no longer in Ascora`);
  const what =
    s.kind === 'full' ? 'full check of every job, customer and invoice' : 'new and recent jobs, and invoices';
  return `Sync finished (${what}): ${parts.join(', ')}.`;
}

/** The integration row exists (a sync asked for from a stale screen after a wipe does not). */
export function integrationExists(ctx: CoreContext, integrationId: number): boolean {
  return !!ctx.db
    .select({ id: ascoraIntegrations.id })
    .from(ascoraIntegrations)
    .where(eq(ascoraIntegrations.id, integrationId))
    .get();
}
