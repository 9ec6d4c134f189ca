/**
 * The main-side registry: one place where every contract channel is validated before its handler
 * runs, every answer is checked against the channel's output schema (outside production), and
 * every outcome becomes the one result envelope. Both transports (Electron's ipcMain and the
 * browser host) call only `invoke`.
 */
import type { z } from 'zod';
import { contract, isChannelName, type ChannelName } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { plainProblems, problemsMessage, type FieldProblem } from '../../../shared/plain-words';
import type { Result } from '../../../shared/result';
import { storageError } from '../db/storage-error';
import { isCorruption } from '../recovery/reason';
import { silentLogger, type Logger } from '../log';
import type { Handler, HandlerMap } from './types';

export interface Registry {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  has(channel: string): boolean;
}

/** A VALIDATION error's details: each problem, in plain words, with the field's path. */
export type ValidationIssue = FieldProblem;

export interface SlowQueryLog {
  /** Which channels are queries (the contract's kind): commands may take long. */
  isQuery(channel: string): boolean;
  /** A query whose handler took longer than this is logged, with its channel. */
  thresholdMs: number;
  /** Names the thread in the line: 'writer', 'reader 1'. */
  thread: string;
}

export interface RegistryOptions {
  logger?: Logger;
  /**
   * Check every answer against the channel's output schema, and answer INTERNAL (logging what did
   * not match) when it does not: development, tests and the browser host do; the packaged app skips
   * it, as the checks cost time on every call and a mismatch there is a bug found already. On by default.
   */
  checkAnswers?: boolean;
  /** Log queries slower than a threshold, with their channel and thread. */
  slowQueries?: SlowQueryLog;
  /**
   * SQLite said the database is damaged (SQLITE_CORRUPT, SQLITE_NOTADB): the core marks the file
   * for a whole check at the next start (db/open.ts), which brings the recovery screen if it fails.
   */
  onCorruption?: () => void;
}

export function createRegistry(handlers: HandlerMap, options: RegistryOptions = {}): Registry {
  const logger = options.logger ?? silentLogger;
  const checkAnswers = options.checkAnswers ?? true;
  const slow = options.slowQueries;
  /** The handler's own time, from its start to its answer. */
  const timed = async (channel: ChannelName, run: () => unknown): Promise<unknown> => {
    if (!slow?.isQuery(channel)) return run();
    const started = performance.now();
    try {
      return await run();
    } finally {
      const ms = performance.now() - started;
      if (ms > slow.thresholdMs) logger.warn('slow query', { channel, ms: Math.round(ms), thread: slow.thread });
    }
  };
  return {
    has: (channel) => isChannelName(channel) && handlers[channel] !== undefined,
    async invoke(channel, input) {
      if (!isChannelName(channel)) {
        return failure(new AppError('NOT_FOUND', `There is no operation called "${String(channel).slice(0, 80)}".`));
      }
      const spec = contract[channel];
      const parsed = (spec.input as z.ZodType).safeParse(input);
      if (!parsed.success) return failure(validationError(parsed.error));
      const handler = handlers[channel] as Handler<ChannelName> | undefined;
      if (!handler) {
        return failure(
          new AppError(
            'NOT_IMPLEMENTED',
            `This part of RestoreAssist Desk (${spec.summary.toLowerCase()}) is not available in this version yet.`,
          ),
        );
      }
      try {
        const value: unknown = await timed(channel, () => handler(parsed.data as never));
        if (checkAnswers) {
          const checked = (spec.output as z.ZodType).safeParse(value);
          if (!checked.success) return failure(answerMismatch(channel, checked.error, logger));
        }
        return { ok: true, value };
      } catch (error) {
        if (error instanceof AppError) return failure(error);
        const storage = storageError(error);
        if (storage && isCorruption(error)) options.onCorruption?.();
        if (storage) {
          logger.error('operation could not write to the database', {
            channel,
            code: (error as { code?: string }).code,
          });
          return failure(storage);
        }
        // The input is never logged: it may carry the API key.
        logger.error('operation failed', {
          channel,
          error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error),
        });
        return failure(
          new AppError('INTERNAL', 'Something went wrong in RestoreAssist Desk. The details are in the log.'),
        );
      }
    },
  };
}

/**
 * A handler answered what its channel does not promise: a bug in the core. The log names the
 * channel and each field that did not match, never a value (an answer may hold a person's data).
 */
function answerMismatch(channel: ChannelName, error: z.ZodError, logger: Logger): AppError {
  const problems = error.issues.map((issue) => `${issue.path.join('.') || '(the answer)'}: ${issue.message}`);
  logger.error('answer does not match the contract', { channel, problems: problems.slice(0, 20) });
  return new AppError(
    'INTERNAL',
    `Something went wrong in RestoreAssist Desk. The details are in the log. (The answer of ${channel} does not match the contract: ${problems.slice(0, 3).join('; ')})`,
  );
}

function failure(error: AppError): Result<never> {
  return { ok: false, error: error.toShape() };
}

/** Every problem in plain words (shared/plain-words.ts), as one message and, per field, as details; never the input itself. */
export function validationError(error: z.ZodError): AppError {
  const issues: ValidationIssue[] = plainProblems(error.issues);
  return new AppError('VALIDATION', problemsMessage(issues) || 'The request was not valid.', { issues });
}
