/**
 * The Ascora API client (ascora-api.md): the `Auth` header, envelopes checked on every 2xx, errors
 * sorted into retryable / rejected / auth / not_found / unknown_outcome, reads retried with backoff
 * and jitter on the injected clock, records validated one by one. It has no call that marks
 * invoices or payments as sent, and never will: those flags belong to the accounting link.
 */
import type { Readable } from 'node:stream';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { isLoopbackHost } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { systemClock, type Clock } from '../clock';
import { registerSecret, silentLogger, type Logger } from '../log';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './backoff';
import { AscoraError } from './errors';
import { jsonArrayText, JsonArrayText } from './json-array-text';
import { ListAnswer } from './list-answer';
import { CONNECT_TIMEOUT_CODE, RESPONSE_TIMEOUT_CODE, timedTransport } from './timeouts';
import {
  normaliseInvoiceKeys,
  wireCustomerSchema,
  wireInvoiceSchema,
  wireJobSchema,
  type AscoraClient,
  type AscoraCustomer,
  type InvalidRecord,
  type ListPage,
  type RetryListener,
  type ValidatedBatches,
  type ValidRecord,
} from './types';

export const ASCORA_BASE_URL = 'https://api.ascora.com.au';

export interface AscoraClientOptions {
  baseUrl?: string;
  apiKey: string;
  clock?: Clock;
  logger?: Logger;
  /** No connection within this: nothing was sent (default 10 s). */
  connectTimeoutMs?: number;
  /** Connected but no answer within this: a create's outcome is unknown (default 30 s). */
  responseTimeoutMs?: number;
  /**
   * The most an answer may hold, decompressed (default 32 MB, ANSWER_SIZE_CAP_BYTES): a larger
   * one is cut off and the call fails (retryable) instead of filling the memory.
   */
  maxAnswerBytes?: number;
  /**
   * The whole call, from sending to the answer's last byte (default 60 s, CALL_DEADLINE_MS): an
   * answer trickled in slowly enough to keep the socket busy still ends here.
   */
  callDeadlineMs?: number;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
}

/**
 * The largest real page is a list of 250 jobs with their addresses and descriptions, about 1 MB
 * (a few KB a job), or GetInvoicesToSend's bare array, a few thousand invoices of about 2 KB:
 * 32 MB leaves tenfold room over either and still stops a 300 MB answer early.
 */
export const ANSWER_SIZE_CAP_BYTES = 32 * 1024 * 1024;
/**
 * A 1 MB page takes 8 s on a 1 Mbit/s van's link; 60 s is far beyond any real answer. Such a call
 * is not tried again at once (it would only repeat): the sync's next run tries it again.
 */
export const CALL_DEADLINE_MS = 60_000;

/** Refuses plain http except to this computer (the simulator). */
export function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('VALIDATION', `"${raw.slice(0, 100)}" is not a web address. Use https://api.ascora.com.au.`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return url.origin;
  throw new AppError(
    'VALIDATION',
    'The Ascora address must start with https:// (plain http is allowed only for 127.0.0.1 or localhost).',
  );
}

type Write = 'read' | 'create' | 'update';

export function createAscoraClient(options: AscoraClientOptions): AscoraClient {
  const baseURL = checkBaseUrl(options.baseUrl ?? ASCORA_BASE_URL);
  registerSecret(options.apiKey);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  const timeouts = {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    responseTimeoutMs: options.responseTimeoutMs ?? 30_000,
  };
  const maxAnswerBytes = options.maxAnswerBytes ?? ANSWER_SIZE_CAP_BYTES;
  const callDeadlineMs = options.callDeadlineMs ?? CALL_DEADLINE_MS;
  const http: AxiosInstance = axios.create({
    // Node's http in main, always: never a browser XHR or fetch, whatever globals the process has.
    adapter: 'http',
    // Also a stall guard: a socket silent this long is given up.
    timeout: timeouts.connectTimeoutMs + timeouts.responseTimeoutMs,
    baseURL,
    headers: { Auth: options.apiKey, Accept: 'application/json' },
    // Every status comes back as a response; this client sorts them itself.
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxRedirects: 0,
    maxContentLength: maxAnswerBytes,
  });
  // Ascora's clock minus this computer's, from the Date header of its latest answer (issue 19):
  // Ascora stamps created dates with its own clock, and this computer's may be days off.
  let clockOffsetMs: number | null = null;

  async function request(
    method: 'GET' | 'POST',
    path: string,
    write: Write,
    init: CallInit & { onRetry?: RetryListener },
  ): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(method, path, write, init);
      } catch (error) {
        if (
          !(error instanceof AscoraError) ||
          error.kind !== 'retryable' ||
          !error.worthRetryingNow ||
          attempt >= policy.maxAttempts ||
          init.signal?.aborted
        )
          throw error;
        const wait =
          error.retryAfterMs !== null
            ? Math.min(error.retryAfterMs, policy.maxRetryAfterMs)
            : backoffDelay(attempt, policy, random);
        logger.info('ascora call will be retried', { method, path, attempt, waitMs: wait, reason: error.message });
        init.onRetry?.(error);
        await clock.sleep(wait, init.signal);
      }
    }
  }

  async function once(method: 'GET' | 'POST', path: string, write: Write, init: CallInit): Promise<unknown> {
    let response: AxiosResponse<string | Readable>;
    /** A long list's answer: the chunks it came in (JsonArrayText), never joined or decoded whole. */
    let chunks: Buffer[] | null = null;
    // The stall guard (axios's timeout) restarts on every byte; this one does not.
    const deadline = new AbortController();
    const deadlineTimer = setTimeout(() => deadline.abort(), callDeadlineMs);
    // Set once Ascora's answer has begun: a body cut off after it was still an answer, not "offline".
    let answeredStatus: number | null = null;
    try {
      response = await http.request<string | Readable>({
        method,
        url: path,
        responseType: init.arrayAsText ? 'stream' : 'text',
        transport: timedTransport({ ...timeouts, onAnswerHead: (status) => (answeredStatus = status) }),
        params: init.params,
        data: init.data,
        signal: init.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal,
      });
      // Read here, so a body cut off, too large or past the deadline fails as any answer does.
      if (init.arrayAsText) chunks = await readChunks(response.data as Readable);
    } catch (error) {
      if (deadline.signal.aborted && !init.signal?.aborted) {
        throw new AscoraError(
          write !== 'read' ? 'unknown_outcome' : 'retryable',
          `Ascora's answer did not arrive in full within ${callDeadlineMs / 1000} s.`,
          answeredStatus,
          null,
          false,
        );
      }
      if ((error as { message?: string }).message?.startsWith('maxContentLength')) {
        throw new AscoraError(
          write !== 'read' ? 'unknown_outcome' : 'retryable',
          `Ascora's answer was larger than ${formatBytes(maxAnswerBytes)}, more than any real page; it was cut off.`,
          answeredStatus,
          null,
          false,
        );
      }
      throw networkError(error, write);
    } finally {
      clearTimeout(deadlineTimer);
    }
    // Whole seconds, so up to a second behind (plus the trip back): plenty for day windows.
    const ascoraTime = Date.parse(String(response.headers.date ?? ''));
    if (Number.isFinite(ascoraTime)) clockOffsetMs = ascoraTime - clock.now();
    const status = response.status;
    // A long list (GetInvoicesToSend) is kept as bytes and parsed an element at a time by its reader.
    const arrayText = chunks && status >= 200 && status < 300 ? jsonArrayText(chunks) : null;
    if (arrayText) return arrayText;
    const text = chunks ? Buffer.concat(chunks).toString('utf8') : (response.data as string);
    let body: unknown;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const message = bodyMessage(body);
    if (status === 401 || status === 403) throw new AscoraError('auth', 'Ascora refused the API key.', status);
    if (status === 404) throw new AscoraError('not_found', message ?? 'Not found in Ascora.', status);
    if (status === 429 || status === 408) {
      throw new AscoraError(
        'retryable',
        `Ascora asked to slow down (HTTP ${status}).`,
        status,
        parseRetryAfter(response.headers['retry-after'] as string | undefined, clock.now()),
      );
    }
    if (status >= 500) {
      // The server got a write and failed: it may still have been applied (an update too).
      throw new AscoraError(
        write !== 'read' ? 'unknown_outcome' : 'retryable',
        `Ascora had a problem (HTTP ${status}).`,
        status,
      );
    }
    if (status >= 400)
      throw new AscoraError('rejected', message ?? `Ascora refused the request (HTTP ${status}).`, status);
    if (body === undefined) {
      throw new AscoraError(
        write !== 'read' ? 'unknown_outcome' : 'retryable',
        'Ascora sent an answer that is not JSON.',
        status,
      );
    }
    if (body && typeof body === 'object' && !Array.isArray(body) && (body as { success?: unknown }).success === false) {
      throw new AscoraError('rejected', message ?? 'Ascora refused the request.', status);
    }
    return body;
  }

  function networkError(error: unknown, write: Write): AscoraError {
    // A write stopped mid-request may still have reached Ascora.
    if (axios.isCancel(error))
      return new AscoraError(write !== 'read' ? 'unknown_outcome' : 'retryable', 'The request was cancelled.');
    const code = (error as { code?: string }).code ?? '';
    // Refused or unresolved: nothing reached Ascora, so even a create is safe to send again.
    const notSent = [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ENETUNREACH',
      'EHOSTUNREACH',
      CONNECT_TIMEOUT_CODE,
    ].includes(code);
    const reason =
      code === 'ECONNABORTED' || code === RESPONSE_TIMEOUT_CODE
        ? 'Ascora did not answer in time'
        : 'Ascora could not be reached';
    return new AscoraError(
      write !== 'read' && !notSent ? 'unknown_outcome' : 'retryable',
      `${reason} (${code || 'network error'}).`,
    );
  }

  /** A list page from its answer: its envelope checked now, its records validated when first read (ListAnswer). */
  function list<T>(body: unknown, schema: z.ZodType<T>, page: number): ListPage<T> {
    const envelope = body as { results?: unknown; totalPages?: unknown; totalRecords?: unknown };
    if (!envelope || typeof envelope !== 'object' || !Array.isArray(envelope.results)) {
      throw new AscoraError('retryable', 'Ascora sent a list without results.');
    }
    return new ListAnswer(
      envelope.results,
      page,
      typeof envelope.totalPages === 'number' ? envelope.totalPages : page,
      typeof envelope.totalRecords === 'number' ? envelope.totalRecords : envelope.results.length,
      (results) => validateEach(results, schema),
    );
  }

  /** Validates elements [from, to), each taken (and so let go by the answer) as it is reached. */
  function validateRange<T>(
    elements: AnswerElements,
    from: number,
    to: number,
    schema: z.ZodType<T>,
    normalise?: (raw: unknown) => unknown,
  ) {
    const records: ValidRecord<T>[] = [];
    const invalid: InvalidRecord[] = [];
    for (let index = from; index < to; index++) {
      let item: unknown;
      try {
        item = elements.take(index);
      } catch {
        // One element of a long answer kept as bytes that is not JSON by itself: that record only.
        const problems = ['record: Ascora sent it as something other than JSON.'];
        logger.warn('ascora record isolated', { id: null, problems });
        invalid.push({ index, id: null, problems });
        continue;
      }
      const raw = normalise ? normalise(item) : item;
      const parsed = schema.safeParse(raw);
      if (parsed.success) records.push({ value: parsed.data, raw: raw as Record<string, unknown> });
      else {
        const id = recordId(
          raw,
          schema === wireJobSchema ? 'jobId' : schema === wireCustomerSchema ? 'customerId' : 'id',
        );
        const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'record'}: ${i.message}`);
        logger.warn('ascora record isolated', { id, problems });
        invalid.push({ index, id, problems });
      }
    }
    return { records, invalid };
  }

  const validateEach = <T>(items: unknown[], schema: z.ZodType<T>) =>
    validateRange(arrayElements(items), 0, items.length, schema);

  function validateInBatches<T>(
    elements: AnswerElements,
    schema: z.ZodType<T>,
    normalise?: (raw: unknown) => unknown,
  ): ValidatedBatches<T> {
    let taken = 0;
    return {
      total: elements.length,
      next(size) {
        if (taken >= elements.length) return null;
        const from = taken;
        taken = Math.min(elements.length, taken + Math.max(1, size));
        const batch = validateRange(elements, from, taken, schema, normalise);
        if (taken >= elements.length) elements.release?.();
        return batch;
      },
    };
  }

  const single = <T>(
    body: unknown,
    key: string,
    schema: z.ZodType<T>,
  ): { value: T; raw: Record<string, unknown> } | null => {
    const raw = (body as Record<string, unknown> | null)?.[key];
    if (raw === undefined || raw === null) return null;
    const parsed = schema.safeParse(raw);
    // Ascora's data, not a refusal: never parks a change as "refused by Ascora"; tried again later.
    if (!parsed.success) throw new AscoraError('retryable', `Ascora sent a ${key} this app cannot read.`);
    return { value: parsed.data, raw: raw as Record<string, unknown> };
  };

  return {
    async listJobs(q, signal, onRetry) {
      const params = {
        Page: q.page,
        PageSize: q.pageSize ?? 250,
        StartDate: q.startDate,
        EndDate: q.endDate,
        FilterText: q.filterText,
        CustomerName: q.customerName,
      };
      return list(await request('GET', '/Jobs/Jobs', 'read', { params, signal, onRetry }), wireJobSchema, q.page);
    },
    async getJob(jobNumber, signal, onRetry) {
      try {
        return single(
          await request('GET', `/Jobs/Job/${encodeURIComponent(jobNumber)}`, 'read', { signal, onRetry }),
          'job',
          wireJobSchema,
        );
      } catch (error) {
        if (error instanceof AscoraError && error.kind === 'not_found') return null;
        throw error;
      }
    },
    async createJob(body, signal) {
      const raw = await request('POST', '/Jobs/Job', 'create', { data: body, signal });
      let job;
      try {
        job = single(raw, 'job', wireJobSchema)?.value ?? null;
      } catch {
        job = null; // Created, but unreadable: the caller finds it by its marker.
      }
      return { job, raw };
    },
    async listCustomers(q, signal, onRetry) {
      const params = {
        Page: q.page,
        PageSize: q.pageSize ?? 250,
        filterText: q.filterText,
        phoneNumber: q.phoneNumber,
        siteBillingType: 'All',
      };
      return list(
        await request('GET', '/Customers/Customers', 'read', { params, signal, onRetry }),
        wireCustomerSchema,
        q.page,
      );
    },
    async getCustomer(customerId, signal, onRetry) {
      try {
        return single(
          await request('GET', `/Customers/Customer/${encodeURIComponent(customerId)}`, 'read', { signal, onRetry }),
          'customer',
          wireCustomerSchema,
        );
      } catch (error) {
        if (error instanceof AscoraError && error.kind === 'not_found') return null;
        throw error;
      }
    },
    async saveCustomer(body, signal) {
      const raw = await request('POST', '/Customers/Customer', body.customerId ? 'update' : 'create', {
        data: body,
        signal,
      });
      let customer: ReturnType<typeof single<AscoraCustomer>>;
      try {
        customer = single(raw, 'customer', wireCustomerSchema);
      } catch {
        // A 2xx is Ascora's yes: an answer this app cannot read never makes the save "refused".
        // A create is looked up before any re-send; an update is read back (safe to send again).
        throw new AscoraError(
          'unknown_outcome',
          'Ascora saved the customer but sent back something this app cannot read.',
        );
      }
      if (!customer) throw new AscoraError('unknown_outcome', 'Ascora saved the customer but sent it back empty.');
      return { customer: customer.value, raw: customer.raw };
    },
    async invoicesToSend(priorToDate, signal) {
      const body = await request('GET', '/Accounting/GetInvoicesToSend', 'read', {
        params: { priorToDate },
        signal,
        arrayAsText: true,
      });
      if (body instanceof JsonArrayText)
        return validateInBatches(textElements(body), wireInvoiceSchema, normaliseInvoiceKeys);
      // Observed as a bare array; accept the documented envelope too.
      const items = Array.isArray(body) ? body : (body as { results?: unknown })?.results;
      if (!Array.isArray(items))
        throw new AscoraError('retryable', 'Ascora sent an invoice list this app cannot read.');
      return validateInBatches(arrayElements(items), wireInvoiceSchema, normaliseInvoiceKeys);
    },
    async createPayment(body, signal) {
      const raw = await request('POST', '/Accounting/CreatePayment', 'create', { data: body, signal });
      return { message: bodyMessage(raw) };
    },
    clockOffsetMs: () => clockOffsetMs,
    async testConnection(signal) {
      const jobs = await this.listJobs({ page: 1, pageSize: 1 }, signal);
      const customers = await this.listCustomers({ page: 1, pageSize: 1 }, signal);
      return { jobCount: jobs.totalRecords, customerCount: customers.totalRecords };
    },
  };
}

/** What `once` takes besides the method and path. */
interface CallInit {
  params?: object;
  data?: unknown;
  signal?: AbortSignal;
  /** A 2xx answer that is a JSON array comes back as its bytes (JsonArrayText), not parsed. */
  arrayAsText?: boolean;
}

/**
 * An answer's elements, each taken once: from a parsed array, which lets go of each as it is taken
 * (only the validated record is kept), or from the answer's text, parsed one at a time.
 */
interface AnswerElements {
  length: number;
  take(index: number): unknown;
  release?(): void;
}

const arrayElements = (items: unknown[]): AnswerElements => ({
  length: items.length,
  take(index) {
    const item = items[index];
    items[index] = undefined;
    return item;
  },
});

const textElements = (text: JsonArrayText): AnswerElements => ({
  length: text.length,
  take(index) {
    // Parsed before the chunks up to it are let go: a SyntaxError still lets them go.
    try {
      return text.element(index);
    } finally {
      text.releaseBefore(index + 1);
    }
  },
  release: () => text.release(),
});

/** A streamed answer's chunks, as they came (axios enforces maxContentLength on the stream). */
async function readChunks(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks;
}

function bodyMessage(body: unknown): string | null {
  const message =
    (body as { message?: unknown; Message?: unknown } | null)?.message ??
    (body as { Message?: unknown } | null)?.Message;
  return typeof message === 'string' && message.trim() ? message.trim().slice(0, 500) : null;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The record's own id: an invoice also carries a jobId, which names its job, not the invoice. */
function recordId(raw: unknown, key: 'jobId' | 'customerId' | 'id'): string | null {
  if (!raw || typeof raw !== 'object') return null;
  const id = (raw as Record<string, unknown>)[key];
  return typeof id === 'string' ? id.slice(0, 100) : null;
}
