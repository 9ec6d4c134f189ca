/**
 * The seam between the renderer and main. The Electron preload and the browser host both implement
 * it; the renderer's client never learns which one it has.
 */
import type { Result } from './result';
import type { AppEvent } from './events';

export interface Transport {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: AppEvent) => void): () => void;
  /**
   * Calls `listener` when the events stopped for a while and came back (the browser host's stream
   * opened again): whatever was announced meanwhile was missed, so every answer may be old. The
   * Electron bridge has no such gap and leaves it out. Returns an unsubscribe function.
   */
  onResync?(listener: () => void): () => void;
}

/** The object the Electron preload exposes on `window` under this name. */
export const BRIDGE_GLOBAL = 'restoreAssist';
