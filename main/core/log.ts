/**
 * Main's logger. Secrets never reach it: every registered secret is masked in messages and
 * fields before they are written, as a last line of defence behind not logging them at all.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const knownSecrets = new Set<string>();

/** Register a secret (an API key) so any accidental appearance in a log line is masked. */
export function registerSecret(secret: string): void {
  if (secret.length >= 6) knownSecrets.add(secret);
}

/**
 * Drop a key that was deleted or replaced: the mask list is the one place a key outlived its
 * connection in memory (clients are made per call and let go). JavaScript cannot zero a string;
 * without a reference the collector frees it.
 */
export function forgetSecret(secret: string): void {
  knownSecrets.delete(secret);
}

/** Whether a secret is still held for masking (for tests of what a disconnect leaves in memory). */
export function isRegisteredSecret(secret: string): boolean {
  return knownSecrets.has(secret);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of knownSecrets) out = out.split(secret).join('[redacted]');
  return out;
}

export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  minLevel: LogLevel = 'info',
): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const log = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
    write(redact(line));
  };
  return {
    log,
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

/** For tests and tools that want silence. */
export const silentLogger: Logger = createLogger(() => {}, 'error');
