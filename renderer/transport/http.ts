/** The browser host's transport: POST per channel, Server-Sent Events for events. */
import { EVENT_NAMES, type AppEvent } from '../../shared/events';
import type { Result } from '../../shared/result';
import type { Transport } from '../../shared/transport';

const TOKEN_KEY = 'restoreassist.token';

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
  let source: EventSource | null = null;

  const openStream = () => {
    const Impl = options.EventSourceImpl ?? EventSource;
    source = new Impl(`${base}/api/events?token=${encodeURIComponent(options.token)}`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (message) => {
        const payload = JSON.parse((message as MessageEvent<string>).data);
        for (const listener of listeners) listener({ name, payload } as AppEvent);
      });
    }
  };

  return {
    async invoke(channel, input): Promise<Result<unknown>> {
      try {
        const response = await doFetch(`${base}/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as Result<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'NETWORK', message: 'RestoreAssist Desk is not responding. Check that it is still running, then try again.' },
        };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!source) openStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}

/**
 * The token comes in the URL fragment (never sent to a server or kept in history); it is moved to
 * sessionStorage so a reload of the tab still works.
 */
export function readLaunchToken(location: Location, storage: Storage = sessionStorage, history: History = window.history): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9]+)/.exec(location.hash);
  if (match) {
    storage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1]!;
  }
  return storage.getItem(TOKEN_KEY);
}
