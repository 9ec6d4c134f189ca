/**
 * The log people can send to support: `logs/restoreassist.log` in the data folder, one JSON line
 * per entry (time, level, message, fields), rotated at about 1 MB with 5 files kept
 * (restoreassist.log, .1 ... .4; .4 is the oldest). Lines come from createLogger (log.ts), which has
 * already masked every registered secret: this sink only stores them.
 *
 * Each line is appended synchronously (open, write, close). That is a few tens of microseconds for
 * a line of at most 64 KB, the app logs a handful of lines per sync run, and a synchronous append
 * cannot lose the line before a crash or interleave lines; an async queue would buy nothing here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createLogger, type Logger, type LogLevel } from './log';
import { makePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from './private-files';

export const LOG_FOLDER = 'logs';
export const LOG_FILE = 'restoreassist.log';
export const LOG_MAX_BYTES = 1_000_000;
export const LOG_FILES_KEPT = 5;
/** A longer line (a huge field) is cut, so one entry can never push the rest out of the log. */
export const LOG_MAX_LINE_BYTES = 64 * 1024;

export const logFolder = (dataDir: string): string => path.join(dataDir, LOG_FOLDER);

export interface RotatingFileOptions {
  dir: string;
  fileName?: string;
  maxBytes?: number;
  /** Files kept in all, the current one included. */
  keep?: number;
}

export interface RotatingFile {
  readonly file: string;
  write(line: string): void;
}

export function createRotatingFile(options: RotatingFileOptions): RotatingFile {
  const file = path.join(options.dir, options.fileName ?? LOG_FILE);
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
  const keep = Math.max(1, options.keep ?? LOG_FILES_KEPT);
  let size = 0;
  let failed = false;
  const complain = (error: unknown) => {
    // A full disk or an unwritable folder must never stop the app through its log; say so once.
    if (!failed)
      process.stderr.write(`RestoreAssist Desk could not write its log file ${file}: ${(error as Error).message}\n`);
    failed = true;
  };
  try {
    makePrivateDir(options.dir);
    makePrivateFile(file);
    size = fs.statSync(file).size;
  } catch (error) {
    complain(error);
  }

  function rotate(): void {
    fs.rmSync(`${file}.${keep - 1}`, { force: true });
    for (let n = keep - 2; n >= 1; n--) {
      if (fs.existsSync(`${file}.${n}`)) fs.renameSync(`${file}.${n}`, `${file}.${n + 1}`);
    }
    if (keep > 1) fs.renameSync(file, `${file}.1`);
    else fs.rmSync(file, { force: true });
    makePrivateFile(file);
    size = 0;
  }

  return {
    file,
    write(line) {
      let text = `${line}\n`;
      if (Buffer.byteLength(text) > LOG_MAX_LINE_BYTES)
        text = `${Buffer.from(line)
          .subarray(0, LOG_MAX_LINE_BYTES - 32)
          .toString()} [line cut]\n`;
      const bytes = Buffer.byteLength(text);
      try {
        if (size > 0 && size + bytes > maxBytes) rotate();
        // Were the file deleted by hand meanwhile, appendFile recreates it: at most 0600 then too.
        fs.appendFileSync(file, text, { mode: PRIVATE_FILE_MODE });
        size += bytes;
        failed = false;
      } catch (error) {
        complain(error);
      }
    },
  };
}

export interface AppLoggerOptions {
  /** Also to stderr (a terminal, the Electron console). Default true. */
  stderr?: boolean;
  minLevel?: LogLevel;
  maxBytes?: number;
  keep?: number;
}

/** The logger both hosts use: the rotating file in the data folder, and stderr. */
export function createAppLogger(dataDir: string, options: AppLoggerOptions = {}): Logger & { file: string } {
  const sink = createRotatingFile({ dir: logFolder(dataDir), maxBytes: options.maxBytes, keep: options.keep });
  const toStderr = options.stderr ?? true;
  const logger = createLogger((line) => {
    if (toStderr) process.stderr.write(`${line}\n`);
    sink.write(line);
  }, options.minLevel ?? 'info');
  return Object.assign(logger, { file: sink.file });
}
