/**
 * Error codes shared by main and renderer. A code is for programs; the message that travels with
 * it is for people and says what to do next.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'NOT_IMPLEMENTED',
  'NOT_CONNECTED',
  'AUTH',
  'KEYCHAIN_UNAVAILABLE',
  'NETWORK',
  'REJECTED',
  'CONFLICT',
  /** Saved nothing: the change needs the person's yes first (details: `{ warnings: string[] }`). */
  'NEEDS_CONFIRMATION',
  'BUSY',
  'STORAGE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Thrown inside main; the registry turns it into an `{ok:false}` envelope. */
export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toShape(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
