/**
 * The OS keychain through keytar. Every failure (no D-Bus, no Secret Service, a locked keyring, a
 * missing native module) becomes KEYCHAIN_UNAVAILABLE with what to install or unlock. There is no
 * plain-text fallback, ever.
 */
import { AppError } from '../../../shared/errors';
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store';

type Keytar = typeof import('keytar');

export const KEYCHAIN_UNAVAILABLE_MESSAGE =
  'The system keychain is not available, so the Ascora API key cannot be stored safely. ' +
  'On Linux, install and unlock a Secret Service such as gnome-keyring (package gnome-keyring) ' +
  'in your desktop session; on Windows and macOS, sign in to your user account normally. Then try again.';

export function keychainUnavailable(cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError('KEYCHAIN_UNAVAILABLE', KEYCHAIN_UNAVAILABLE_MESSAGE, { reason: reason.slice(0, 300) });
}

export function createKeytarStore(service: string = KEYCHAIN_SERVICE): SecretStore {
  let keytar: Promise<Keytar> | null = null;
  const load = (): Promise<Keytar> => {
    keytar ??= import('keytar').then((m) => ((m as { default?: Keytar }).default ?? m) as Keytar);
    return keytar;
  };
  const call = async <T>(fn: (k: Keytar) => Promise<T>): Promise<T> => {
    try {
      return await fn(await load());
    } catch (error) {
      throw keychainUnavailable(error);
    }
  };
  return {
    get: (ref) => call((k) => k.getPassword(service, ref)),
    set: (ref, secret) => call((k) => k.setPassword(service, ref, secret)),
    delete: (ref) => call((k) => k.deletePassword(service, ref)),
  };
}
