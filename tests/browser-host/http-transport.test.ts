/**
 * The renderer's HTTP transport against a real browser host on 127.0.0.1: the same envelopes the
 * Electron bridge gives, events over Server-Sent Events, and a dead host answering NETWORK.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../main/core/events';
import { startBrowserHost, type BrowserHost } from '../../main/core/browser-host/server';
import { createRegistry } from '../../main/core/ipc/registry';
import type { AppEvent } from '../../shared/events';
import { AppError } from '../../shared/errors';
import { createHttpTransport, STALE_TAB_MESSAGE } from '../../renderer/transport/http';
import { SAMPLE_SETTINGS } from '../support/settings';

/**
 * Node 20 has no EventSource: this is the smallest real one (a streaming GET that parses
 * `event:`/`data:` frames), so the transport is exercised over the host's real SSE stream.
 */
class NodeEventSource {
  private readonly listeners = new Map<string, Array<(message: { data: string }) => void>>();
  private request: http.ClientRequest | null = null;
  static readonly opened: Array<Promise<void>> = [];
  static readonly failed: Array<Promise<void>> = [];
  static readonly made: NodeEventSource[] = [];
  /** A stream slow to open, as on a loaded machine: each new one connects this much later. */
  static connectDelayMs = 0;
  private markOpen: () => void = () => {};
  private markFailed: () => void = () => {};
  onerror: (() => void) | null = null;
  readyState = 0;

  constructor(url: string) {
    // The host writes `: connected` after it has subscribed to the bus: the stream is live then.
    NodeEventSource.opened.push(new Promise((resolve) => (this.markOpen = resolve)));
    NodeEventSource.failed.push(new Promise((resolve) => (this.markFailed = resolve)));
    NodeEventSource.made.push(this);
    if (NodeEventSource.connectDelayMs > 0) setTimeout(() => this.connect(url), NodeEventSource.connectDelayMs);
    else this.connect(url);
  }

  private connect(url: string): void {
    if (this.readyState === 2) return;
    this.request = http.get(url, (res) => {
      // Like a browser's EventSource: an HTTP error closes the stream for good and reports it.
      if (res.statusCode !== 200) {
        this.readyState = 2;
        res.resume();
        this.onerror?.();
        this.markFailed();
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        if (this.readyState === 0) {
          this.readyState = 1;
          this.emit('open', '');
          this.markOpen();
        }
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (name && data !== undefined) this.emit(name, data);
        }
      });
    });
    this.request.on('error', () => (this.readyState = 2));
  }

  private emit(name: string, data: string): void {
    for (const listener of this.listeners.get(name) ?? []) listener({ data });
  }

  /** The connection lost: closed, and reported as a browser's EventSource reports it. */
  drop(): void {
    if (this.readyState === 2) return;
    this.readyState = 2;
    this.request?.destroy();
    this.onerror?.();
    this.markFailed();
  }

  addEventListener(name: string, listener: (message: { data: string }) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }

  close(): void {
    this.readyState = 2;
    this.request?.destroy();
  }
}

let host: BrowserHost;
let events: EventBus;

beforeAll(async () => {
  events = new EventBus();
  const registry = createRegistry({
    'settings.get': () => SAMPLE_SETTINGS,
    // A command, whose change is announced while the host handles it.
    'settings.update': () => {
      events.emit('record.changed', { entity: 'settings', ids: 'many' });
      return SAMPLE_SETTINGS;
    },
    'jobs.get': () => {
      throw new AppError('NOT_FOUND', 'That job is no longer in the mirror. Refresh the list.');
    },
  });
  host = await startBrowserHost({ registry, events });
});
afterAll(async () => {
  await host.close();
});

function transportFor(token: string, baseUrl = host.url.replace(/\/$/, '')) {
  return createHttpTransport({ baseUrl, token, EventSourceImpl: NodeEventSource as unknown as typeof EventSource });
}

describe('the renderer HTTP transport', () => {
  it('returns the ok envelope of a channel with a handler', async () => {
    const result = await transportFor(host.token).invoke('settings.get', {});

    expect(result).toEqual({
      ok: true,
      value: SAMPLE_SETTINGS,
    });
  });

  it('returns the error envelope a handler threw, unchanged', async () => {
    const result = await transportFor(host.token).invoke('jobs.get', { jobId: 1 });

    expect(result).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That job is no longer in the mirror. Refresh the list.' },
    });
  });

  it('returns a VALIDATION envelope for input the contract rejects', async () => {
    const result = await transportFor(host.token).invoke('jobs.get', { jobId: 'not a number' });

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('VALIDATION');
  });

  it('does not get through with a wrong token, and says the tab is from an earlier start (the host was restarted)', async () => {
    const result = await transportFor('0'.repeat(64)).invoke('settings.get', {});

    expect(result).toEqual({ ok: false, error: { code: 'AUTH', message: STALE_TAB_MESSAGE } });
    expect(STALE_TAB_MESSAGE).toMatch(/was restarted.*npm run start:web/);
  });

  it('delivers events emitted on the bus to a subscriber', async () => {
    const transport = transportFor(host.token);
    const received = new Promise<AppEvent>((resolve) => {
      const unsubscribe = transport.subscribe((event) => {
        unsubscribe();
        resolve(event);
      });
    });
    const payload = { entity: 'job' as const, ids: [7] };
    await NodeEventSource.opened.at(-1);

    events.emit('record.changed', payload);

    expect(await received).toEqual({ name: 'record.changed', payload });
  });

  it('opens a new event stream after the host refused one, while someone still listens', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const before = NodeEventSource.failed.length;
      const unsubscribe = transportFor('0'.repeat(64)).subscribe(() => {});
      await NodeEventSource.failed[before];

      vi.advanceTimersByTime(3000);

      expect(NodeEventSource.failed.length).toBe(before + 2);
      await NodeEventSource.failed[before + 1];
      unsubscribe();
      vi.advanceTimersByTime(3000);
      expect(NodeEventSource.failed.length).toBe(before + 2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("holds a call made while the event stream is opening until it is live: the call's own change is heard", async () => {
    NodeEventSource.connectDelayMs = 200;
    try {
      const transport = transportFor(host.token);
      const heard: AppEvent[] = [];
      const unsubscribe = transport.subscribe((event) => heard.push(event));

      const result = await transport.invoke('settings.update', { closeToTray: true });

      expect(result.ok).toBe(true);
      // Sent before the stream was live, the call's event would have been emitted to no one.
      await vi.waitFor(() =>
        expect(heard).toEqual([{ name: 'record.changed', payload: { entity: 'settings', ids: 'many' } }]),
      );
      unsubscribe();
    } finally {
      NodeEventSource.connectDelayMs = 0;
    }
  });

  it('says when the events come back after the stream was lost (answers meanwhile may be old), not at its first opening', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const transport = transportFor(host.token);
      let resyncs = 0;
      const offResync = transport.onResync!(() => resyncs++);
      const unsubscribe = transport.subscribe(() => {});
      const first = NodeEventSource.made.length - 1;
      await NodeEventSource.opened[first];
      expect(resyncs).toBe(0);

      NodeEventSource.made[first]!.drop();
      vi.advanceTimersByTime(3000);
      await NodeEventSource.opened[first + 1];

      expect(resyncs).toBe(1);
      unsubscribe();
      offResync();
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers NETWORK instead of throwing when the host is not running', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = http.createServer().listen(0, '127.0.0.1', () => {
        const port = (server.address() as { port: number }).port;
        server.close(() => resolve(port));
      });
    });

    const result = await transportFor(host.token, `http://127.0.0.1:${closed}`).invoke('settings.get', {});

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('NETWORK');
      expect(result.error.message).toMatch(
        /^RestoreAssist Desk is not responding at this address\..*npm run start:web/,
      );
    }
  });
});
