/**
 * The browser host: the contract over HTTP (POST per channel) and Server-Sent Events, plus the
 * built renderer, on 127.0.0.1 only. Guarded by a random per-launch token, an Origin check and a
 * Host check (against DNS rebinding). It must behave exactly as the Electron transport does.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isLoopbackHost } from '../../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import type { AppErrorShape } from '../../../shared/errors';
import type { EventBus } from '../events';
import type { Registry } from '../ipc/registry';
import { silentLogger, type Logger } from '../log';

export interface BrowserHostOptions {
  registry: Pick<Registry, 'invoke'>;
  events: EventBus;
  /** The built renderer (dist/renderer). Without it only the API is served. */
  staticDir?: string;
  port?: number;
  host?: string;
  token?: string;
  logger?: Logger;
  /** How long a client may take to send a request's headers (default 10 s; tests use less). */
  headersTimeoutMs?: number;
  /** Simultaneous connections at most (default 64). */
  maxConnections?: number;
}

export interface BrowserHost {
  url: string;
  /** The URL to open: carries the token in the fragment, which never reaches a server log. */
  launchUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;
/**
 * One browser uses at most 6 connections per host plus the event stream, a few tabs a few dozen;
 * past 64 the host is being flooded (by another local program), and Node would otherwise accept
 * sockets until it runs out of file descriptors, taking the app's database and keychain with it.
 */
const MAX_CONNECTIONS = 64;
/**
 * A browser sends its headers at once; a client trickling them, or sending nothing (Node counts
 * from the connection), is holding one of those connections. Node answers 408 and closes.
 */
const HEADERS_TIMEOUT_MS = 10_000;
/** Headers and body: a 16 MB body over loopback takes well under a second. */
const REQUEST_TIMEOUT_MS = 60_000;
/** An idle keep-alive connection is closed after this (Node's default, said out loud). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new Error(`The browser host listens on loopback addresses only, not ${host}.`);
  }
  const token = options.token ?? randomBytes(32).toString('hex');
  const logger = options.logger ?? silentLogger;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const server = http.createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(REQUEST_TIMEOUT_MS, headersTimeout),
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      // Node checks the two timeouts above only this often (30 s by default), so a 10 s limit
      // would really be up to 40 s.
      connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        logger.error('browser host request failed', { error: error instanceof Error ? error.message : String(error) });
        if (!res.headersSent)
          sendJson(res, 500, envelopeError('INTERNAL', 'Something went wrong in RestoreAssist Desk.'));
        else res.end();
      });
    },
  );
  // Past the limit Node closes each new socket as soon as it is accepted.
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    if (!isLoopbackHost(req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '')) {
      return sendJson(res, 403, envelopeError('AUTH', 'Only this computer may use RestoreAssist Desk.'));
    }
    if (!allowedHostHeader(req.headers.host, port)) {
      return sendJson(res, 421, envelopeError('AUTH', 'Open RestoreAssist Desk at the address it printed.'));
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      res.setHeader('Cache-Control', 'no-store');
      if (!allowedOrigin(req.headers.origin, port)) {
        return sendJson(res, 403, envelopeError('AUTH', 'Requests from other web pages are refused.'));
      }
      if (url.pathname === '/api/events' && req.method === 'GET') {
        // EventSource cannot send headers, so the stream takes the token from the query.
        if (!tokenMatches(url.searchParams.get('token'), token)) return unauthorised(res);
        return openEventStream(res);
      }
      if (!tokenMatches(bearer(req.headers.authorization), token)) return unauthorised(res);
      const match = /^\/api\/invoke\/([A-Za-z0-9.]{1,80})$/.exec(url.pathname);
      if (!match || req.method !== 'POST') {
        return sendJson(res, 404, envelopeError('NOT_FOUND', 'There is no such address in RestoreAssist Desk.'));
      }
      const body = await readBody(req);
      if (body === 'too_large') return refuseTooLarge(req, res);
      let input: unknown;
      try {
        input = body.length === 0 ? undefined : JSON.parse(body);
      } catch {
        return sendJson(res, 200, envelopeError('VALIDATION', 'The request was not valid JSON.'));
      }
      return sendJson(res, 200, await options.registry.invoke(match[1]!, input));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(res, 405, envelopeError('NOT_FOUND', 'Not allowed.'));
    }
    return serveStatic(url.pathname, res);
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.events.subscribe((event) => {
      res.write(`event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    const root = options.staticDir ? path.resolve(options.staticDir) : null;
    if (!root || !fs.existsSync(root)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The user interface has not been built. Run `npm run build:renderer` and reload.');
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.resolve(root, relative || 'index.html');
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    // Source maps give away the source; the build writes them for debugging, they are never
    // served. Any case, and trailing dots or spaces (which Windows drops from file names).
    if (/\.map[. ]*$/i.test(file)) {
      res.writeHead(404).end();
      return;
    }
    // Unknown paths fall back to the app's page (client-side navigation).
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) file = path.join(root, 'index.html');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cache-Control': 'no-cache',
    });
    fs.createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    launchUrl: `${url}#token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function allowedHostHeader(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/** Our own page, or no Origin at all (a non-browser client such as a test or the CLI). */
function allowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9]+)$/.exec(header ?? '');
  return match ? match[1]! : null;
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function unauthorised(res: ServerResponse): void {
  sendJson(res, 401, envelopeError('AUTH', 'This address needs the token RestoreAssist Desk printed when it started.'));
}

function envelopeError(code: AppErrorShape['code'], message: string): { ok: false; error: AppErrorShape } {
  return { ok: false, error: { code, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * The body, or 'too_large' as soon as it is known to pass the limit: from Content-Length before
 * reading anything, or when the bytes read pass it. The rest is never read.
 */
function readBody(req: IncomingMessage): Promise<string | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return Promise.resolve('too_large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve('too_large');
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * 413, then the connection goes: otherwise the client could go on streaming the body it was
 * refused, and Node would read (and discard) all of it to reach the next request.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  res.once('finish', () => closeAfterRefusal(req));
  sendJson(res, 413, envelopeError('VALIDATION', 'The request is too large (at most 16 MB).'));
}

/** How long a refused request's connection is read and drained before it is dropped. */
const REFUSED_LINGER_MS = 2_000;

/**
 * A "lingering close": the connection's end is sent after the answer, what the client had already
 * sent is read and dropped, and the socket goes when the client closes its side or after
 * REFUSED_LINGER_MS. Destroyed at once with the refused body still arriving, the socket was
 * closed with bytes unread, so the kernel sent a reset, and a reset that reaches the client before
 * it has read the 413 loses the answer (seen once in CI under load: the client read nothing).
 */
function closeAfterRefusal(req: IncomingMessage): void {
  const socket = req.socket;
  socket.end();
  req.on('data', () => undefined);
  req.resume();
  const drop = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
  socket.once('close', () => clearTimeout(drop));
}
