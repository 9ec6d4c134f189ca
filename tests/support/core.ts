/** A CoreContext over a real SQLite file, for service tests. */
import type { Clock } from '../../main/core/clock';
import { systemClock } from '../../main/core/clock';
import type { CoreContext } from '../../main/core/context';
import { EventBus } from '../../main/core/events';
import { createLogger, silentLogger } from '../../main/core/log';
import { DATABASE_KEY_REF_PREFIX } from '../../main/core/db/database-key';
import { keychainUnavailable } from '../../main/core/secrets/keytar-store';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';
import { createTestDatabase, type TestDatabase } from './db';

export interface TestCore extends CoreContext {
  database: TestDatabase;
  emitted: { name: string; payload: unknown }[];
  close(): void;
}

export function createTestCore(options: { secrets?: SecretStore; clock?: Clock } = {}): TestCore {
  const database = createTestDatabase();
  const events = new EventBus();
  const emitted: { name: string; payload: unknown }[] = [];
  events.subscribe((event) => emitted.push(event));
  return {
    db: database.db,
    sqlite: database.sqlite,
    dataDir: database.dir,
    events,
    // The keychain is tested on its own against the real Secret Service (tests/secrets).
    secrets: options.secrets ?? createMemorySecretStore(),
    clock: options.clock ?? systemClock,
    logger: process.env.TEST_LOG ? createLogger() : silentLogger,
    database,
    emitted,
    close: () => database.close(),
  };
}

/** A clock whose sleeps return at once and are recorded, so backoff is tested without waiting. */
export function createFakeClock(
  start = Date.UTC(2026, 10, 24, 0, 0, 0),
): Clock & { sleeps: number[]; advance(ms: number): void } {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance(ms: number) {
      now += ms;
    },
    sleeps,
  };
}

/**
 * A memory keychain that keeps API keys but will not hold the local copy's key, as a keychain that
 * is not available would: the core keeps the mirror plain. For tests of what the database file's
 * own bytes hold after a wipe (encrypted, they hold no text at all: tests/db/encryption).
 */
export function keychainForPlainMirror(): SecretStore & { readonly size: number } {
  const store = createMemorySecretStore();
  const refused = (ref: string) =>
    ref.startsWith(DATABASE_KEY_REF_PREFIX)
      ? Promise.reject(keychainUnavailable(new Error('test: plain mirror')))
      : null;
  return {
    get: (ref) => refused(ref) ?? store.get(ref),
    set: (ref, secret) => refused(ref) ?? store.set(ref, secret),
    delete: (ref) => store.delete(ref),
    get size() {
      return store.size;
    },
  };
}
