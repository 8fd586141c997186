import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  fillPath,
  issuerEndpoints,
  type IssuerEndpoint,
  type IssuerOperation,
  type IssuerRequest,
  type IssuerResponse,
  type ProductionOperation,
  type SandboxOperation,
} from '../../issuer-api/endpoints.js';
import { IssuerError, IssuerErrorBodySchema } from '../../issuer-api/errors.js';
import type { TerminalIdentity } from '../../issuer-api/schemas.js';
import { ConsoleError } from '../app/errors.js';
import type { CallOptions, Issuer } from './issuer.js';

/** The most the client reads of an answer; more is ISSUER_BAD_RESPONSE, read no further (issue 12). */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export interface HttpIssuerOptions {
  baseUrl: string;
  terminal: TerminalIdentity;
  /** Mutual TLS: the terminal's client certificate and key, and the CA bundle to trust (PEM). */
  tls?: { cert?: string | Buffer; key?: string | Buffer; ca?: string | Buffer };
  /** Per attempt. */
  timeoutMs?: number;
  timeoutMsByOperation?: Partial<Record<IssuerOperation, number>>;
  /** Further attempts after the first, for failures that a retry may cure. */
  retries?: number;
  backoffMs?: number;
  newIdempotencyKey?: () => string;
  /** How a request travels; Node's https with the PEM files above unless another is given. */
  transport?: HttpTransport;
}

/**
 * One attempt's result: an answer; no answer (network: worth a retry); or an answer over
 * MAX_ANSWER_BYTES, which the transport stopped reading (a bad response, never retried).
 */
export type Outcome = { kind: 'answer'; status: number; text: string } | { kind: 'network'; reason: string } | { kind: 'oversize' };

export interface HttpAttempt {
  method: string;
  headers: Record<string, string>;
  payload: string | undefined;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/** One attempt of one request: an answer, no answer (network), or a CANCELLED rejection. */
export type HttpTransport = (url: URL, attempt: HttpAttempt) => Promise<Outcome>;

/**
 * The production issuer client. Every POST carries an idempotency key, reused on each retry, so a
 * retry can never register, send or unlock twice. It retries only what a retry may cure (no
 * answer, a timeout, 5xx, `retryable`), with backoff, and validates every answer against the
 * contract: one that does not fit is ISSUER_BAD_RESPONSE, never passed on.
 */
export class HttpIssuer implements Issuer {
  constructor(private readonly options: HttpIssuerOptions) {}

  call<Op extends ProductionOperation>(op: Op, request: IssuerRequest<Op>, options: CallOptions = {}): Promise<IssuerResponse<Op>> {
    return callOverHttp(this.options, op, request, options);
  }
}

/**
 * The sandbox's phone and clock over HTTP: for tests and integrators driving a standalone sandbox.
 * Kept apart from HttpIssuer so the production client cannot reach those routes.
 */
export class HttpSandboxPhone {
  constructor(private readonly options: HttpIssuerOptions) {}

  call<Op extends SandboxOperation>(op: Op, request: IssuerRequest<Op>, options: CallOptions = {}): Promise<IssuerResponse<Op>> {
    return callOverHttp(this.options, op, request, options);
  }
}

async function callOverHttp<Op extends IssuerOperation>(
  config: HttpIssuerOptions,
  op: Op,
  request: IssuerRequest<Op>,
  options: CallOptions,
): Promise<IssuerResponse<Op>> {
  const endpoint = issuerEndpoints[op] as IssuerEndpoint;
  const { params, query, body } = request as { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };
  const path = fillPath(endpoint.path, params);
  const url = new URL(path, config.baseUrl);
  for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);

  const headers: Record<string, string> = {
    Accept: 'application/json',
    'X-Institution-Code': config.terminal.institutionCode,
    'X-Branch-Code': config.terminal.branchCode,
    'X-Terminal-Id': config.terminal.terminalId,
  };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.approvalToken) headers['X-Approval-Token'] = options.approvalToken;
  // One key for every attempt of this call: what makes the retries below safe.
  if (endpoint.method === 'POST') headers['Idempotency-Key'] = options.idempotencyKey ?? (config.newIdempotencyKey ?? randomUUID)();
  const payload = endpoint.method === 'POST' ? JSON.stringify(body ?? {}) : undefined;
  if (payload !== undefined) headers['Content-Type'] = 'application/json';

  const attempts = 1 + (config.retries ?? 2);
  const timeoutMs = config.timeoutMsByOperation?.[op] ?? config.timeoutMs ?? 10_000;
  let last: Outcome | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await backoff(attempt, config.backoffMs ?? 200, options.signal);
    const attemptOf = { method: endpoint.method, headers, payload, timeoutMs, signal: options.signal };
    last = await (config.transport ?? nodeTransport(config.tls))(url, attemptOf);
    if (last.kind === 'oversize' || (last.kind === 'answer' && !worthRetrying(last))) break;
  }
  if (last?.kind === 'oversize') throw badResponse(op, `answer larger than ${MAX_ANSWER_BYTES} bytes`);
  if (!last || last.kind === 'network') {
    throw new ConsoleError('ISSUER_UNREACHABLE', `Issuer did not answer ${op} (${last?.kind === 'network' ? last.reason : 'no attempt'})`, {
      attempts,
    });
  }
  return interpret(op, endpoint, last);
}

/** Turns an answer into the response, an IssuerError, or ISSUER_BAD_RESPONSE. */
function interpret<Op extends IssuerOperation>(op: Op, endpoint: IssuerEndpoint, answer: { status: number; text: string }): IssuerResponse<Op> {
  const json = parseJson(answer.text);
  if (answer.status >= 200 && answer.status < 300) {
    if (endpoint.status === 204) return undefined as IssuerResponse<Op>;
    const parsed = endpoint.response.safeParse(json);
    if (!parsed.success) throw badResponse(op, `answer does not match the contract (${parsed.error.issues[0]?.path.join('.') || 'body'})`);
    return parsed.data as IssuerResponse<Op>;
  }
  const error = IssuerErrorBodySchema.safeParse(json);
  if (!error.success) throw badResponse(op, `HTTP ${answer.status} without a contract error body`);
  const { code, message, retryable, details } = error.data.error;
  throw new IssuerError(answer.status, code, message, retryable, details);
}

const badResponse = (op: string, why: string) => new ConsoleError('ISSUER_BAD_RESPONSE', `Issuer ${op}: ${why}`);

function parseJson(text: string): unknown {
  try {
    return text.length ? JSON.parse(text) : undefined;
  } catch {
    return Symbol('not json'); // fails every schema
  }
}

/** 5xx, 429 and errors the issuer marks retryable may pass on a second try; 4xx answers will not. */
function worthRetrying(answer: { status: number; text: string }): boolean {
  if (answer.status >= 500 || answer.status === 429) return true;
  const error = IssuerErrorBodySchema.safeParse(parseJson(answer.text));
  return answer.status >= 400 && error.success && error.data.error.retryable;
}

/** Node's http(s): mutual TLS with the terminal's PEM files. */
export const nodeTransport =
  (tls: HttpIssuerOptions['tls']): HttpTransport =>
  (url, { method, headers, payload, timeoutMs, signal }) => {
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = requestFn(url, {
        method,
        headers: payload === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(payload)) },
        ...(url.protocol === 'https:' && tls ? { cert: tls.cert, key: tls.key, ca: tls.ca } : {}),
      });
      let settled = false;
      const settle = (outcome: Outcome | Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const timer = setTimeout(() => {
        req.destroy();
        settle({ kind: 'network', reason: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      const onAbort = () => {
        req.destroy();
        settle(cancelled());
      };
      signal?.addEventListener('abort', onAbort);

      req.on('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        // An answer over the cap is not read on: the connection is dropped at once.
        const oversize = () => {
          req.destroy();
          settle({ kind: 'oversize' });
        };
        if (Number(response.headers['content-length']) > MAX_ANSWER_BYTES) return oversize();
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) return oversize();
          chunks.push(chunk);
        });
        response.on('end', () => settle({ kind: 'answer', status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', (error) => settle({ kind: 'network', reason: error.message }));
        response.on('aborted', () => settle({ kind: 'network', reason: 'answer cut off' }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => settle({ kind: 'network', reason: error.code ?? error.message }));
      req.end(payload);
    });
  };

/**
 * A WHATWG fetch (Electron's net.fetch: Chromium's network stack, which takes the client
 * certificate from the Windows certificate store, key never exported) as a transport.
 */
export const fetchTransport =
  (fetchFn: (url: string, init: RequestInit) => Promise<Response>): HttpTransport =>
  async (url, { method, headers, payload, timeoutMs, signal }) => {
    if (signal?.aborted) throw cancelled();
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetchFn(url.toString(), {
        method,
        headers,
        body: payload,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        redirect: 'error',
      });
      const text = await readCapped(response);
      return text === null ? { kind: 'oversize' } : { kind: 'answer', status: response.status, text };
    } catch (error) {
      if (signal?.aborted) throw cancelled();
      if (timeout.aborted) return { kind: 'network', reason: `no answer within ${timeoutMs} ms` };
      return { kind: 'network', reason: (error as Error).message };
    }
  };

/** A fetch answer's body as text, or null once it passes MAX_ANSWER_BYTES (the rest is not read). */
async function readCapped(response: Response): Promise<string | null> {
  if (Number(response.headers.get('content-length')) > MAX_ANSWER_BYTES) {
    await response.body?.cancel().catch(() => {});
    return null;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  // As Response.text() decodes: UTF-8, a byte-order mark dropped.
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function backoff(attempt: number, baseMs: number, signal: AbortSignal | undefined): Promise<void> {
  const wait = baseMs * 2 ** (attempt - 2) * (1 + Math.random() * 0.5);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, wait);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const cancelled = () => new ConsoleError('CANCELLED', 'Issuer call cancelled');
