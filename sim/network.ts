/**
 * An Ascora-like network for the simulator (docs/network-model.md): what an office in Australia
 * waits for on each request to Ascora's servers. Off unless asked for (SimulatorOptions.network,
 * control.setNetwork); the loopback simulator otherwise answers at once, which hides what page size,
 * request count and concurrency cost against the real service.
 *
 * Each request is delayed on its own timers (requests overlap as on a real server); only the
 * bandwidth is shared, because the office's link is one pipe.
 */
import type { ServerResponse } from 'node:http';

export interface NetworkModel {
  /** One round trip between the office and Ascora, paid by every request. */
  roundTripMs: number;
  /** Extra round trips on a connection's first request: TCP's handshake and TLS 1.3's. */
  handshakeRoundTrips: number;
  /** Ascora's own time for any request (routing, the key, the query, its COUNT for totalRecords). */
  serverMs: number;
  /** Ascora's time per record in the answer (reading and serialising it). */
  perRecordMs: number;
  /** The office's download speed, on the JSON as sent; null: no cap. */
  bytesPerSecond: number | null;
  /** One link shared by all answers in flight (true), or the cap per answer. */
  sharedLink: boolean;
}

/** The defaults, and why each, are in docs/network-model.md. */
export const ASCORA_NETWORK: Readonly<NetworkModel> = Object.freeze({
  roundTripMs: 40,
  handshakeRoundTrips: 2,
  serverMs: 150,
  perRecordMs: 0.4,
  bytesPerSecond: 5_000_000,
  sharedLink: true,
});

/** null or undefined: no network model; any object: the defaults, with the fields it gives. */
export function resolveNetwork(input: Partial<NetworkModel> | null | undefined): NetworkModel | null {
  if (input === null || input === undefined) return null;
  const model: NetworkModel = { ...ASCORA_NETWORK, ...input };
  for (const key of ['roundTripMs', 'handshakeRoundTrips', 'serverMs', 'perRecordMs'] as const) {
    if (!Number.isFinite(model[key]) || model[key] < 0)
      throw new Error(`network.${key} must be a number >= 0, not ${String(model[key])}.`);
  }
  if (model.bytesPerSecond !== null && !(Number.isFinite(model.bytesPerSecond) && model.bytesPerSecond > 0)) {
    throw new Error(`network.bytesPerSecond must be a number > 0 or null, not ${String(model.bytesPerSecond)}.`);
  }
  return model;
}

/** Records in an answer, for the per-record server time: a list's results, a bare array, or one record. */
export function recordsIn(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  if (!body || typeof body !== 'object') return 0;
  const answer = body as Record<string, unknown>;
  if (Array.isArray(answer.results)) return answer.results.length;
  return answer.job || answer.customer ? 1 : 0;
}

/**
 * The bandwidth cap: a body goes out in slices of about 10 ms of link time each, each slice
 * written when the link would have delivered it. Every slice books the link after the slices
 * booked before it, so answers in flight together take turns and share the speed.
 */
export class Link {
  private freeAt = 0;

  constructor(private readonly bytesPerSecond: number | null) {}

  /** Writes the body (headers must be written) and ends the response. */
  async send(res: ServerResponse, text: string, pauseMidwayMs = 0): Promise<void> {
    const body = Buffer.from(text, 'utf8');
    const half = pauseMidwayMs > 0 ? Math.floor(body.length / 2) : body.length;
    await this.write(res, body.subarray(0, half));
    if (pauseMidwayMs > 0) {
      await sleep(pauseMidwayMs);
      await this.write(res, body.subarray(half));
    }
    if (!res.destroyed) res.end();
  }

  private async write(res: ServerResponse, bytes: Buffer): Promise<void> {
    if (this.bytesPerSecond === null) {
      if (!res.destroyed) res.write(bytes);
      return;
    }
    const slice = Math.max(1024, Math.round(this.bytesPerSecond / 100));
    for (let start = 0; start < bytes.length; start += slice) {
      if (res.destroyed) return;
      const chunk = bytes.subarray(start, start + slice);
      this.freeAt = Math.max(performance.now(), this.freeAt) + (chunk.length / this.bytesPerSecond) * 1000;
      await sleep(this.freeAt - performance.now());
      if (res.destroyed) return;
      // Loopback drains at once; waiting on a full buffer keeps a slow reader from piling it up.
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
