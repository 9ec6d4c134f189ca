/**
 * Which start failures the recovery screen answers (issue 22): the error that stops createCore
 * carries its reason in `details.recovery` (and, where its message also says what to do, the
 * screen's shorter words in `details.whatHappened`), so it survives the worker's message port (an
 * AppErrorShape) and the hosts can start the recovery core instead of failing to start.
 */
import { RECOVERY_REASONS, type RecoveryReason } from '../../../shared/domain';
import { AppError, type AppErrorShape, type ErrorCode } from '../../../shared/errors';

/**
 * An AppError that sends the app to its recovery screen. `whatHappened`, for a message that also
 * says what to do (for the log, and wherever no recovery screen answers), is that message without
 * the advice the screen offers as its own choices.
 */
export function recoveryError(
  code: ErrorCode,
  reason: RecoveryReason,
  message: string,
  whatHappened?: string,
): AppError {
  return new AppError(code, message, whatHappened ? { recovery: reason, whatHappened } : { recovery: reason });
}

/** What the recovery screen says happened, for an error that sends the app there. */
export function whatHappenedOf(error: unknown): string {
  const details = (error as Partial<AppErrorShape> | null)?.details as { whatHappened?: unknown } | undefined;
  if (typeof details?.whatHappened === 'string') return details.whatHappened;
  return error instanceof Error ? error.message : String((error as { message?: unknown }).message);
}

/** The reason an error (thrown here, or its shape from the worker) sends the app to recovery; null for any other. */
export function recoveryReasonOf(error: unknown): RecoveryReason | null {
  const details = (error as Partial<AppErrorShape> | null)?.details as { recovery?: unknown } | undefined;
  const reason = details?.recovery;
  return (RECOVERY_REASONS as readonly unknown[]).includes(reason) ? (reason as RecoveryReason) : null;
}

/** SQLite says the file is damaged, or is not a database (a damaged first page, or another key). */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}
