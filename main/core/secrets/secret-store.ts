import { forgetSecret } from '../log';

/**
 * Where API keys live: the OS keychain (keytar) in the app. Only main reads them. There is no
 * plain-text fallback: when the keychain is unavailable the store throws KEYCHAIN_UNAVAILABLE.
 */
export interface SecretStore {
  get(ref: string): Promise<string | null>;
  set(ref: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(ref: string): Promise<boolean>;
}

/** The keychain service name every key is stored under. */
export const KEYCHAIN_SERVICE = 'RestoreAssist Desk';

/**
 * The same store, forgetting a key in this thread once the keychain no longer holds it: on delete
 * (disconnect) and on set with a new key (replace key). Main's thread and the core worker each wrap
 * their own store, since each keeps its own mask list (log.ts).
 */
export function forgettingReplacedKeys(store: SecretStore): SecretStore {
  return {
    get: (ref) => store.get(ref),
    async set(ref, secret) {
      const previous = await store.get(ref).catch(() => null);
      await store.set(ref, secret);
      if (previous && previous !== secret) forgetSecret(previous);
    },
    async delete(ref) {
      const previous = await store.get(ref).catch(() => null);
      const deleted = await store.delete(ref);
      if (previous) forgetSecret(previous);
      return deleted;
    },
  };
}
