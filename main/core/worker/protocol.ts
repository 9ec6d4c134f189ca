/**
 * What main and the core's worker thread say to each other over the worker's MessagePort
 * (structured clone; no functions, no class instances). Calls carry the registry's own `{ok,
 * value}` envelope; the worker asks main for what only main may do (the keychain, opening a folder).
 */
import type { AppEvent } from '../../../shared/events';
import type { AppErrorShape } from '../../../shared/errors';
import type { Result } from '../../../shared/result';

/** Everything createCore needs that can cross a thread: the rest (keychain, logger) stays in main. */
export interface WorkerConfig {
  dataDir: string;
  migrationsFolder?: string;
  appName?: string;
  demo?: { seed?: number; jobs?: number };
  syncPageSize?: number;
  checkAnswers?: boolean;
  /** Main can open a folder in the file manager (Electron); the browser host cannot. */
  canOpenFolder: boolean;
  /** Main can open an attachment's copy in the OS viewer (Electron); the browser host cannot. */
  canOpenFile: boolean;
  /** Tests only: lets the host crash the worker and run a long write in it (core-worker.ts `test`). */
  testHooks: boolean;
  /** A query slower than this is logged with its channel (reader-channels.ts SLOW_QUERY_MS by default). */
  slowQueryMs?: number;
}

/** A reader thread's workerData (reader.ts): the same bundled script, told apart by its role. */
export interface ReaderConfig {
  role: 'reader';
  dataDir: string;
  /** Names the thread in its log lines: 'reader 1'. */
  name: string;
  /** The mirror's key (null: plain), from the writer's core; never logged. */
  databaseKey: Uint8Array | null;
  slowQueryMs?: number;
  /** Tests only: lets the host leave a read transaction open on the reader's connection. */
  testHooks?: boolean;
}

/** main -> a reader */
export type ToReader =
  | { type: 'invoke'; id: number; channel: string; input: unknown }
  /** Close the connection (a wipe is about to delete and rewrite files); 'done' once closed. */
  | { type: 'suspend'; id: number }
  /** Open it again; 'done' once open. */
  | { type: 'resume'; id: number; databaseKey: Uint8Array | null }
  /**
   * Tests only (testHooks): begins a read transaction and leaves it open, a snapshot held as a
   * long query holds one, until the connection is closed.
   */
  | { type: 'holdRead'; id: number };

/** a reader -> main */
export type FromReader =
  | { type: 'ready' }
  | { type: 'failed'; error: AppErrorShape }
  | { type: 'done'; id: number; result: Result<unknown> }
  | { type: 'log'; line: string };

export type TestAction =
  | { kind: 'throw' }
  | { kind: 'exit' }
  /**
   * One transaction of inserts (into a TEMP table) that sets flag[1] once begun and goes on until
   * main sets flag[0] to 1: Int32Array over the buffer (tests/worker).
   */
  | { kind: 'busyWrite'; flag: SharedArrayBuffer; renameFirstJob?: string };

/** main -> worker */
export type ToWorker =
  | { type: 'invoke'; id: number; channel: string; input: unknown }
  | { type: 'start' }
  | { type: 'openDemo'; id: number }
  | { type: 'close'; id: number }
  | { type: 'answer'; id: number; result: Result<unknown> }
  | { type: 'test'; id: number; action: TestAction };

export type Ask =
  | { op: 'secret.get'; ref: string }
  | { op: 'secret.set'; ref: string; secret: string }
  | { op: 'secret.delete'; ref: string }
  | { op: 'openFolder'; dir: string }
  | { op: 'openFile'; file: string }
  /** A wipe: the readers close their connections (readers.ts), and open them again after. */
  | { op: 'readers.suspend' }
  /** The key may be new (the last connection's wipe renews it). */
  | { op: 'readers.resume'; databaseKey: Uint8Array | null };

/** worker -> main */
export type FromWorker =
  /** The core is open; the readers open the mirror with its key (null: plain). */
  | { type: 'ready'; databaseKey: Uint8Array | null }
  /** createCore failed (the data folder is in use, a migration failed): the worker then ends. */
  | { type: 'failed'; error: AppErrorShape }
  | { type: 'done'; id: number; result: Result<unknown> }
  | { type: 'event'; event: AppEvent }
  /** A log line the worker's logger wrote (already masked there); main writes it to the log file. */
  | { type: 'log'; line: string }
  | { type: 'ask'; id: number; ask: Ask };
