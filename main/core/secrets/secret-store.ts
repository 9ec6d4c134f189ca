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
