import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../main/app/errors.js';
import { fetchTransport, HttpIssuer, MAX_ANSWER_BYTES, nodeTransport, type HttpTransport } from '../../main/issuer/http-client.js';
import { BRANCH_088 } from '../support/issuer-fixtures.js';

// The console's issuer client caps what it reads of an answer (1 MiB): more is ISSUER_BAD_RESPONSE,
// read no further and not retried, through either transport. A server on 127.0.0.1 plays an issuer
// whose answers are too large, one of them without end.

/** A health answer of exactly `bytes` bytes: valid against the contract, padded in its version. */
const healthOfSize = (bytes: number) => {
  const empty = JSON.stringify({ status: 'ok', version: '' });
  return JSON.stringify({ status: 'ok', version: 'v'.repeat(bytes - Buffer.byteLength(empty)) });
};

/** How much an endless answer may send before the test's server stops by itself. */
const ENDLESS_CAP_BYTES = 256 * 1024 * 1024;

describe('the issuer client caps the size of an answer', () => {
  let server: Server;
  let baseUrl: string;
  let requests = 0;
  /** Bytes the endless answer had written when the client went away. */
  let endlessSent = 0;

  function endless(response: ServerResponse): void {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.write('{"status":"ok","version":"');
    const chunk = Buffer.alloc(64 * 1024, 'v');
    const pump = () => {
      while (!response.destroyed && endlessSent < ENDLESS_CAP_BYTES) {
        endlessSent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      if (!response.destroyed) response.end('"}');
    };
    pump();
  }

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests++;
      request.resume();
      const answer = new URL(request.url ?? '/', 'http://x').searchParams.get('answer') ?? '';
      if (answer === 'endless') return endless(response);
      if (answer === 'declared') {
        // Content-Length says more than the cap; the body that follows is small.
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(MAX_ANSWER_BYTES * 4) });
        return void response.write('{"status":"ok",');
      }
      const size = Number(answer);
      const body = healthOfSize(size);
      const chunked = new URL(request.url ?? '/', 'http://x').searchParams.has('chunked');
      response.writeHead(200, { 'Content-Type': 'application/json', ...(chunked ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    requests = 0;
    endlessSent = 0;
  });

  /** A transport that sends every request to this server's path with `?answer=…` (the client's path is the health call's). */
  const toAnswer = (transport: HttpTransport, answer: string, extra = ''): HttpTransport => (url, attempt) =>
    transport(new URL(`${url.pathname}?answer=${answer}${extra}`, baseUrl), attempt);

  const transports = [
    ['the node transport', nodeTransport(undefined)],
    ['a fetch transport', fetchTransport(fetch)],
  ] as const;

  const health = (transport: HttpTransport) =>
    new HttpIssuer({ baseUrl, terminal: BRANCH_088, retries: 2, backoffMs: 1, timeoutMs: 20_000, transport }).call('health', {}).then(
      (answer) => answer,
      (error: unknown) => error,
    );

  describe.each(transports)('through %s', (_name, transport) => {
    it('takes an answer of exactly the cap', async () => {
      expect(MAX_ANSWER_BYTES).toBe(1024 * 1024);
      const answer = await health(toAnswer(transport, String(MAX_ANSWER_BYTES)));
      expect(answer).toMatchObject({ status: 'ok' });
      expect(requests).toBe(1);
    });

    it.each([[''], ['&chunked']])('refuses one byte more as ISSUER_BAD_RESPONSE, without a retry (%s)', async (extra) => {
      const error = await health(toAnswer(transport, String(MAX_ANSWER_BYTES + 1), extra));
      expect(error).toBeInstanceOf(ConsoleError);
      expect(error).toMatchObject({ code: 'ISSUER_BAD_RESPONSE' });
      expect(requests).toBe(1);
    });

    it('refuses an answer whose Content-Length is over the cap', async () => {
      const error = await health(toAnswer(transport, 'declared'));
      expect(error).toMatchObject({ code: 'ISSUER_BAD_RESPONSE' });
      expect(requests).toBe(1);
    });

    it('stops reading an answer that never ends, and hangs up', async () => {
      const error = await health(toAnswer(transport, 'endless'));
      expect(error).toMatchObject({ code: 'ISSUER_BAD_RESPONSE' });
      expect(requests).toBe(1);
      // The client went away long before the server's own cap on what it sends.
      expect(endlessSent).toBeLessThan(ENDLESS_CAP_BYTES);
    });
  });
});
