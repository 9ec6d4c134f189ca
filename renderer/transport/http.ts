/** The browser host's transport: POST per channel, Server-Sent Events for events. */
import { EVENT_NAMES, type AppEvent } from '../../shared/events';
import type { Result } from '../../shared/result';
import type { Transport } from '../../shared/transport';

const TOKEN_KEY = 'restoreassist.token';
const RECONNECT_MS = 3000;
/**
 * How long a call waits for the event stream's first opening. A call answered before the stream is
 * live may predate a change whose event the window never hears: until then calls wait, but not for
 * ever (a host whose stream cannot open still answers calls).
 */
const FIRST_STREAM_WAIT_MS = 2000;
/** EventSource.CLOSED, spelled out so an injected implementation need not carry the constant. */
const CLOSED = 2;

/**
 * A tab left open from an earlier `npm run start:web`: each start has a new token (and usually a
 * new port), so nothing this tab asks can work again. Said once, plainly, with the way back.
 */
export const STALE_TAB_MESSAGE =
  'RestoreAssist Desk was restarted, so this tab no longer works. Open it again from the address `npm run start:web` printed when it started.';
/** Nothing answers at this tab's address: stopped, or started again on another port. */
export const NOT_ANSWERING_MESSAGE =
  'RestoreAssist Desk is not responding at this address. If it was stopped, start it with `npm run start:web`; if it was restarted, open the address it printed.';

export interface HttpTransportOptions {
  baseUrl?: string;
  token: string;
  fetchImpl?: typeof fetch;
  EventSourceImpl?: typeof EventSource;
}

export function createHttpTransport(options: HttpTransportOptions): Transport {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const listeners = new Set<(event: AppEvent) => void>();
  const resyncListeners = new Set<() => void>();
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  /** Whether a stream of this transport has opened: every opening after the first follows a gap. */
  let hasOpened = false;
  let releaseCalls: () => void = () => {};
  /** Settles when the first stream opens or fails; calls wait on it (FIRST_STREAM_WAIT_MS at most). */
  const firstOpening = new Promise<void>((resolve) => (releaseCalls = resolve));

  const openStream = () => {
    const Impl = options.EventSourceImpl ?? EventSource;
    const stream = new Impl(`${base}/api/events?token=${encodeURIComponent(options.token)}`);
    source = stream;
    // EventSource opens again by itself after a dropped connection; both kinds of reopening count.
    stream.addEventListener('open', () => {
      if (hasOpened) for (const listener of resyncListeners) listener();
      hasOpened = true;
      releaseCalls();
    });
    for (const name of EVENT_NAMES) {
      stream.addEventListener(name, (message) => {
        let payload: unknown;
        try {
          payload = JSON.parse((message as MessageEvent<string>).data);
        } catch {
          return; // A torn frame is dropped; the next change event refreshes the screen anyway.
        }
        for (const listener of listeners) listener({ name, payload } as AppEvent);
      });
    }
    // EventSource retries dropped connections itself, but gives up for good after an HTTP error
    // (the host restarting): then open a new one a little later while anyone still listens.
    stream.onerror = () => {
      releaseCalls();
      if (stream.readyState !== CLOSED || source !== stream) return;
      source = null;
      retry = setTimeout(() => {
        retry = null;
        if (listeners.size > 0 && !source) openStream();
      }, RECONNECT_MS);
    };
  };

  return {
    async invoke(channel, input): Promise<Result<unknown>> {
      if (source && !hasOpened) await waitAtMost(firstOpening, FIRST_STREAM_WAIT_MS);
      try {
        const response = await doFetch(`${base}/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
          body: JSON.stringify(input ?? {}),
        });
        // The host knows only this launch's token: a refused token is a tab of an earlier start.
        if (response.status === 401) return { ok: false, error: { code: 'AUTH', message: STALE_TAB_MESSAGE } };
        return (await response.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'NETWORK', message: NOT_ANSWERING_MESSAGE } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!source && !retry) openStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        if (retry) clearTimeout(retry);
        retry = null;
        source?.close();
        source = null;
      };
    },
    onResync(listener) {
      resyncListeners.add(listener);
      return () => resyncListeners.delete(listener);
    },
  };
}

function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * The token comes in the URL fragment (never sent to a server or kept in history); it is moved to
 * sessionStorage so a reload of the tab still works.
 */
export function readLaunchToken(
  location: Location,
  storage: Storage = sessionStorage,
  history: History = window.history,
): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9]+)/.exec(location.hash);
  if (match) {
    storage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1]!;
  }
  return storage.getItem(TOKEN_KEY);
}
