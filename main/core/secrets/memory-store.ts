import type { SecretStore } from './secret-store';

/**
 * An in-memory secret store for tests of OTHER seams (services, sync) only. The app always uses
 * the OS keychain (keytar-store.ts); keychain behaviour is tested against the real one.
 */
export function createMemorySecretStore(): SecretStore & { readonly size: number } {
  const secrets = new Map<string, string>();
  return {
    get: async (ref) => secrets.get(ref) ?? null,
    set: async (ref, secret) => {
      secrets.set(ref, secret);
    },
    delete: async (ref) => secrets.delete(ref),
    get size() {
      return secrets.size;
    },
  };
}
