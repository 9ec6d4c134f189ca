/**
 * How a failed Ascora call is sorted (ascora-api.md section 1, design.md rule 4):
 * - retryable: network, timeout, 408, 429, 5xx, non-JSON: back off and try again;
 * - rejected: 4xx or success:false: Ascora said no, with a message for the user;
 * - auth: 401/403: the key is wrong or revoked: the integration needs re-authentication;
 * - not_found: 404;
 * - unknown_outcome: a create may have been applied (a reset or timeout after sending, a 5xx):
 *   the sync engine looks its marker up before it sends it again.
 */
export type AscoraErrorKind = 'retryable' | 'rejected' | 'auth' | 'not_found' | 'unknown_outcome';

export class AscoraError extends Error {
  constructor(
    readonly kind: AscoraErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
    /**
     * False when trying again at once would only repeat it (an answer over the size cap, a call
     * past its deadline): the call fails now, and the sync tries again at its next run.
     */
    readonly worthRetryingNow = true,
  ) {
    super(message);
    this.name = 'AscoraError';
  }
}
