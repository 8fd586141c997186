import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IssuerError } from '../../issuer-api/errors.js';
import { MAX_REQUEST_BODY_BYTES } from '../../issuer-api/http.js';
import { ConsoleError } from '../../main/app/errors.js';
import { fetchTransport, HttpIssuer, nodeTransport, type HttpTransport } from '../../main/issuer/http-client.js';
import { startSandboxServer, type SandboxServer } from '../../sandbox/http/http-server.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../sandbox/store/store.js';
import { BRANCH_088 } from '../support/issuer-fixtures.js';

// How the sandbox's HTTP server takes a request apart, in the order of ISSUER-API.md v1.1 "fine
// print": path and query (400 BAD_REQUEST), content type and size (415, 413), JSON (400
// MALFORMED_JSON), then the session. Raw requests on 127.0.0.1, so each malformed part can be sent.

interface Answer {
  status: number;
  code: string | undefined;
  retryable: boolean | undefined;
  /** Set when the connection failed instead of answering (a reset): the finding this guards against. */
  socketError?: string;
}

const TERMINAL_HEADERS = { 'X-Institution-Code': '088', 'X-Branch-Code': '0101', 'X-Terminal-Id': 'T-FRAMING' };

describe('the sandbox over HTTP: request framing', () => {
  let db: SandboxDb;
  let server: SandboxServer;
  let port: number;

  beforeAll(async () => {
    db = openSandboxDb(':memory:');
    server = await startSandboxServer({ sandbox: new SandboxIssuer({ db }), log: () => {} });
    port = server.port;
  });
  afterAll(async () => {
    await server.close();
    db.close();
  });
  beforeEach(() => {
    db.prepare('DELETE FROM staff_sessions').run();
    db.prepare("UPDATE devices SET fail_count = 0 WHERE device_id = 'dev-kim-digital'").run();
  });

  /** One request with exactly these headers and body bytes; an answer, or the socket error that came instead. */
  function send(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Answer> {
    return new Promise((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...TERMINAL_HEADERS, ...headers } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let error: { code?: string; retryable?: boolean } | undefined;
          try {
            error = (JSON.parse(text) as { error?: { code?: string; retryable?: boolean } }).error;
          } catch {
            error = undefined;
          }
          resolve({ status: response.statusCode ?? 0, code: error?.code, retryable: error?.retryable });
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, code: undefined, retryable: undefined, socketError: error.code ?? error.message }));
      req.end(body);
    });
  }

  const json = (value: unknown) => JSON.stringify(value);
  const LOGIN = json({ staffId: 'T0001', password: 'teller-pass-1' });
  const sessions = () => (db.prepare('SELECT count(*) AS n FROM staff_sessions').get() as { n: number }).n;
  const failCount = () => (db.prepare("SELECT fail_count AS n FROM devices WHERE device_id = 'dev-kim-digital'").get() as { n: number }).n;

  /** A JSON login body of exactly `bytes` bytes: the login, padded with whitespace JSON allows. */
  const loginOfSize = (bytes: number) => `${LOGIN}${' '.repeat(bytes - Buffer.byteLength(LOGIN))}`;

  describe('content type (415 UNSUPPORTED_MEDIA_TYPE)', () => {
    it('refuses a text/plain POST, the no-cors request any web page can send, and changes nothing', async () => {
      const answer = await send('POST', '/v1/sandbox/app/authenticate', { 'Content-Type': 'text/plain;charset=UTF-8' }, json({ deviceId: 'dev-kim-digital', otp: '000000' }));
      expect(answer).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', retryable: false });
      expect(failCount()).toBe(0);
      expect(await send('POST', '/v1/staff/sessions', { 'Content-Type': 'text/plain' }, LOGIN)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(sessions()).toBe(0);
    });

    it.each([
      ['application/x-www-form-urlencoded'],
      ['multipart/form-data; boundary=x'],
      ['application/jsonx'],
      ['application/json-patch+json'],
      ['application/json; charset=iso-8859-1'],
      ['json'],
    ])('refuses a body sent as %s', async (contentType) => {
      expect(await send('POST', '/v1/staff/sessions', { 'Content-Type': contentType }, LOGIN)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(sessions()).toBe(0);
    });

    it('refuses a body without a content type', async () => {
      expect(await send('POST', '/v1/staff/sessions', {}, LOGIN)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it.each([['application/json'], ['application/json; charset=utf-8'], ['Application/JSON; Charset="UTF-8"'], ['application/json;charset=UTF-8']])(
      'takes a body sent as %s',
      async (contentType) => {
        expect(await send('POST', '/v1/staff/sessions', { 'Content-Type': contentType }, LOGIN)).toMatchObject({ status: 201 });
      },
    );

    it('takes a POST without a body as {}, with no content type', async () => {
      expect(await send('POST', '/v1/sandbox/reset')).toMatchObject({ status: 200 });
      expect(await send('POST', '/v1/sandbox/reset', { 'Content-Length': '0' }, '')).toMatchObject({ status: 200 });
    });
  });

  describe('size (413 BODY_TOO_LARGE, answered, never a reset)', () => {
    it('takes 65,536 bytes and refuses 65,537', async () => {
      expect(MAX_REQUEST_BODY_BYTES).toBe(65_536);
      const json = { 'Content-Type': 'application/json' };
      expect(await send('POST', '/v1/staff/sessions', json, loginOfSize(65_536))).toMatchObject({ status: 201 });
      expect(await send('POST', '/v1/staff/sessions', json, loginOfSize(65_537))).toEqual({ status: 413, code: 'BODY_TOO_LARGE', retryable: false });
      expect(sessions()).toBe(1);
    });

    it.each([[256 * 1024], [4 * 1024 * 1024]])('answers a body of %i bytes with 413 instead of resetting the connection', async (bytes) => {
      const answer = await send('POST', '/v1/staff/sessions', { 'Content-Type': 'application/json' }, loginOfSize(bytes));
      expect(answer).toEqual({ status: 413, code: 'BODY_TOO_LARGE', retryable: false });
    });

    it('answers a chunked body past the limit with 413 too', async () => {
      const answer = await send('POST', '/v1/staff/sessions', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, loginOfSize(100_000));
      expect(answer).toEqual({ status: 413, code: 'BODY_TOO_LARGE', retryable: false });
    });

    it.each([
      ['the node transport', nodeTransport(undefined)],
      ['a fetch transport', fetchTransport(fetch)],
    ] as const)('reaches the console’s client through %s as BODY_TOO_LARGE, not retried', async (_name, transport: HttpTransport) => {
      let attempts = 0;
      const counting: HttpTransport = (url, attempt) => {
        attempts++;
        return transport(url, attempt);
      };
      const client = new HttpIssuer({ baseUrl: server.url, terminal: BRANCH_088, retries: 2, backoffMs: 1, transport: counting });
      const token = (await client.call('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } })).token;
      attempts = 0;
      const error = await client
        .call('reportLoss', { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'LOST', note: 'x'.repeat(70_000) } }, { token })
        .then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(IssuerError);
      expect(error).toMatchObject({ status: 413, code: 'BODY_TOO_LARGE', retryable: false });
      expect(attempts).toBe(1);
    });
  });

  describe('path and query (400 BAD_REQUEST, not retryable)', () => {
    it.each([
      ['//'],
      ['//v1/health'],
      ['/v1//health'],
      ['/v1/customers/%zz/devices'],
      ['/v1/customers/%E0%A4%A/devices'],
      ['/v1/customers/../health'],
      ['/v1/customers/%2e%2e/devices'],
      ['/v1/sandbox/sms-outbox?mobileNumber=%zz'],
      ['/v1/sandbox/sms-outbox?mobileNumber=01012345678&mobileNumber=01023456789'],
      ['/v1/sandbox/sms-outbox?=01012345678'],
      ['/v1/health#fragment'],
      ['*'],
      ['http://127.0.0.1/v1/health'],
    ])('answers GET %s with 400 BAD_REQUEST', async (path) => {
      expect(await send('GET', path)).toEqual({ status: 400, code: 'BAD_REQUEST', retryable: false });
    });

    it('answers a request line the HTTP parser refuses with the contract’s 400 BAD_REQUEST too', async () => {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end('GET /v1/he\x7falth HTTP/1.1\r\nHost: x\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'BAD_REQUEST', retryable: false } });
    });

    it('still routes well-formed paths and queries, escapes included', async () => {
      expect(await send('GET', '/v1/health')).toMatchObject({ status: 200 });
      expect(await send('GET', '/v1/sandbox/sms-outbox?mobileNumber=010-1234-5678')).toMatchObject({ status: 200 });
      expect(await send('GET', '/v1/sandbox/sms-outbox?mobileNumber=010%2D1234%2D5678&')).toMatchObject({ status: 200 });
      expect(await send('GET', '/v1/no/such/route')).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });

    it('reaches the console’s client as BAD_REQUEST, not retried', async () => {
      let attempts = 0;
      const transport: HttpTransport = (url, attempt) => {
        attempts++;
        return nodeTransport(undefined)(new URL('/v1/customers/%zz/devices', url), attempt);
      };
      const client = new HttpIssuer({ baseUrl: server.url, terminal: BRANCH_088, retries: 2, backoffMs: 1, transport });
      const error = await client.call('devices', { params: { customerRef: 'cus-kim' } }, { token: 'x'.repeat(20) }).then(() => null, (e: unknown) => e);
      expect(error).toMatchObject({ status: 400, code: 'BAD_REQUEST', retryable: false });
      expect(error).not.toBeInstanceOf(ConsoleError);
      expect(attempts).toBe(1);
    });
  });

  describe('the order of checks', () => {
    const big = loginOfSize(100_000);

    it('path before content type and size', async () => {
      expect(await send('POST', '/v1//staff/sessions', { 'Content-Type': 'text/plain' }, big)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    });

    it('content type before size', async () => {
      expect(await send('POST', '/v1/staff/sessions', { 'Content-Type': 'text/plain' }, big)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('size before JSON', async () => {
      expect(await send('POST', '/v1/staff/sessions', { 'Content-Type': 'application/json' }, `{${big}`)).toMatchObject({ status: 413, code: 'BODY_TOO_LARGE' });
    });

    it('JSON before the session', async () => {
      const path = '/v1/devices/dev-kim-digital/loss-reports';
      expect(await send('POST', path, { 'Content-Type': 'application/json' }, '{"reason": ')).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
      expect(await send('POST', path, { 'Content-Type': 'application/json' }, json({ reason: 'LOST' }))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });

    it('content type before the session and the terminal headers', async () => {
      const answer = await new Promise<Answer>((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/identity-checks', headers: { 'Content-Type': 'text/plain' } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error: { code: string; retryable: boolean } };
            resolve({ status: response.statusCode ?? 0, code: body.error.code, retryable: body.error.retryable });
          });
        });
        req.end('{}');
      });
      expect(answer).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });
  });
});
