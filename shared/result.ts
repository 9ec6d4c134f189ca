import type { AppErrorShape } from './errors';

/** The one envelope every channel answers with, on every transport. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
