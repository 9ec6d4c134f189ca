/**
 * Connect and response timeouts mean different things for a create (design.md rule 3): no
 * connection means nothing was sent; a connection without an answer means it may have been applied.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAscoraClient } from '../../main/core/ascora/client';
import { AscoraError } from '../../main/core/ascora/errors';
import { CONNECT_TIMEOUT_CODE, RESPONSE_TIMEOUT_CODE, timedTransport } from '../../main/core/ascora/timeouts';
import { createFakeClock } from '../support/core';

// A real server on 127.0.0.1 that takes every request and never answers.
let silent: http.Server;
let silentUrl: string;
const requests: string[] = [];
beforeAll(async () => {
  silent = http.createServer((req) => requests.push(`${req.method} ${req.url}`));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe('timeouts', () => {
  it('gives up on a connection that never completes with the connect-timeout code', async () => {
    const transport = timedTransport({ connectTimeoutMs: 100, responseTimeoutMs: 5_000 });
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      // A name look-up that never answers keeps the socket connecting, as an unreachable host does.
      const req = transport.request(
        { protocol: 'http:', host: 'ascora.invalid', port: 80, path: '/', lookup: () => undefined },
        () => resolve(new Error('answered')),
      );
      req.on('error', resolve);
      req.end();
    });
    expect(error.code).toBe(CONNECT_TIMEOUT_CODE);
  });

  it('a create that got no answer is of unknown outcome; a read that got none is retried', async () => {
    const client = createAscoraClient({
      baseUrl: silentUrl,
      apiKey: 'timeout-test-key',
      clock: createFakeClock(),
      random: () => 0.5,
      responseTimeoutMs: 150,
      retry: { maxAttempts: 2 },
    });
    const create = await failure(
      client.createPayment({
        invoiceNumber: 'INV-1',
        paymentAmount: 10,
        paymentDate: '2026-11-25T00:00:00',
        paymentMethod: 'EFT',
        receiptNumber: 'RA-PAY-1',
      }),
    );
    expect(create).toBeInstanceOf(AscoraError);
    expect((create as AscoraError).kind).toBe('unknown_outcome');
    expect((create as AscoraError).message).toContain(`Ascora did not answer in time (${RESPONSE_TIMEOUT_CODE})`);
    expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);

    const read = await failure(client.testConnection());
    expect((read as AscoraError).kind).toBe('retryable');
    // Two attempts, as the policy allows.
    expect(requests.filter((r) => r.startsWith('GET'))).toHaveLength(2);
  });
});
