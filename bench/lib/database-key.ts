/**
 * Encryption at rest in the benchmark: by default the mirror is encrypted as the app's is, with
 * one key for the whole run (run.ts makes it and hands it to each case's process in
 * RA_BENCH_DATABASE_KEY); `--plain` runs without it, as on a computer without a keychain, to
 * state what encryption costs. The keychain itself is not measured: a memory store holds the key.
 */
import { DATABASE_KEY_REF_PREFIX, PENDING_KEY_SUFFIX } from '../../main/core/db/database-key';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import { keychainUnavailable } from '../../main/core/secrets/keytar-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';

export const BENCH_KEY_ENV = 'RA_BENCH_DATABASE_KEY';

/** The run's key, or null in a --plain run. */
export function benchDatabaseKey(): Buffer | null {
  const hex = process.env[BENCH_KEY_ENV];
  return hex ? Buffer.from(hex, 'hex') : null;
}

/**
 * The secrets createCore reads in a case: the run's database key, or no keychain for it at all
 * (--plain, or `plain` for the plain copy case 6 compares with).
 */
export function benchSecretStore(options: { plain?: boolean } = {}): SecretStore {
  const store = createMemorySecretStore();
  const key = options.plain ? null : benchDatabaseKey();
  const isDatabaseKey = (ref: string) => ref.startsWith(DATABASE_KEY_REF_PREFIX);
  const refuse = () => Promise.reject(keychainUnavailable(new Error('the bench runs --plain')));
  return {
    get: (ref) =>
      !isDatabaseKey(ref)
        ? store.get(ref)
        : !key
          ? refuse()
          : Promise.resolve(ref.endsWith(PENDING_KEY_SUFFIX) ? null : key.toString('hex')),
    set: (ref, secret) => (!isDatabaseKey(ref) ? store.set(ref, secret) : refuse()),
    delete: (ref) => store.delete(ref),
  };
}
