import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHANNELS, contract } from '../../shared/contract.js';
import { issuerEndpoints } from '../../issuer-api/endpoints.js';
import { startBrowserHost, type BrowserHost } from '../../main/host/browser-host.js';
import { REFUSALS_PER_MINUTE } from '../../main/journal/job-journal.js';
import { journalingOf } from '../../main/journal/journaling.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { startSandboxServer, type SandboxServer } from '../../sandbox/http/http-server.js';
import { openSandboxDb, type SandboxDb } from '../../sandbox/store/store.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// Every way into the console, fed generated messages: the browser host's WebSocket, every channel
// through the router (with and without a staff session), the issuer's HTTP API. Nothing may crash,
// nothing may reject unhandled, the heap must come back, and refusals must not flood the journal.
const RUNS = 1000;
/** The highest id a generated call frame carries; the test's own calls are numbered above it. */
const GENERATED_ID_LIMIT = 1_000_000;
const WARM_UP = 100;
const HEAP_TOLERANCE_MB = 16;
const TELLER = { staffId: 'T0001', password: 'teller-pass-1' };
const REFUSAL_CODES = new Set(['INVALID_INPUT', 'NOT_LOGGED_IN', 'SESSION_EXPIRED', 'SESSION_LOCKED', 'FORBIDDEN_ROLE']);

type Result = { ok: boolean; value?: unknown; error?: { code: string } };

let testConsole: TestConsole;
let host: BrowserHost;
let unhandled = 0;
const onUnhandled = () => void unhandled++;
/** The (channel, code) pairs refused without a session: the journal may hold a few of each per minute. */
const refusedPairs = new Set<string>();
let refusedCalls = 0;
const startedAt = Date.now();

const heapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
let baselineMb = 0;
let issuerDir: string;
let issuerDb: SandboxDb;
let server: SandboxServer;
/** The sandbox server's last log line. */
let serverLog = '';

const noteRefusal = (channel: string, result: Result) => {
  if (!result.ok && REFUSAL_CODES.has(result.error!.code) && journalingOf(channel)?.kind === 'job') {
    refusedCalls++;
    refusedPairs.add(`${channel} ${result.error!.code}`);
  }
};

/** Anything a channel's input might be: junk, or the channel's own fields holding junk. */
const inputFor = (channel: string) => {
  const shape = (contract as Record<string, { input: { shape?: Record<string, unknown> } }>)[channel]!.input.shape ?? {};
  const keys = Object.keys(shape);
  return fc.oneof(
    fc.jsonValue(),
    keys.length ? fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.jsonValue(), fc.string(), fc.integer())) : fc.constant({}),
    fc.record(Object.fromEntries(keys.map((key) => [key, fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean(), fc.constant(null))]))),
  );
};
const realCall = fc.constantFrom(...CHANNELS).chain((channel) => inputFor(channel).map((input) => ({ channel, input })));

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  testConsole = createTestConsole('fuzz');
  testConsole.main.start();
  host = await startBrowserHost({ console: testConsole.main, rendererDir: join(testConsole.dataDir, 'no-renderer'), port: 0 });
  issuerDir = mkdtempSync(join(tmpdir(), 'fuzz-issuer-'));
  issuerDb = openSandboxDb(join(issuerDir, 'sandbox.sqlite'));
  // Its log holds only internal errors (a 500's stack): kept for the failure message.
  server = await startSandboxServer({ sandbox: new SandboxIssuer({ db: issuerDb }), log: (line) => void (serverLog = line) });
  // The baseline is taken after a short warm-up of every way in: first use fills caches (modules,
  // schemas, prepared statements) that are not what a leak looks like.
  await fuzzWebSocket(WARM_UP);
  await fuzzRouter(WARM_UP);
  await fuzzIssuer(WARM_UP);
  baselineMb = heapMb();
});

afterAll(async () => {
  await host.close();
  await testConsole.dispose();
  await server.close();
  issuerDb.close();
  rmSync(issuerDir, { recursive: true, force: true });
  process.off('unhandledRejection', onUnhandled);
});

/** Sends `runs` generated frames, each followed by a good call that must be answered (on a new socket if the host closed it). */
async function fuzzWebSocket(runs: number): Promise<{ frames: number; closedByHost: number }> {
    const secret = new URL(host.url).hash.replace('#secret=', '');
    let ws: WebSocket | null = null;
    const open = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${host.port}/rpc?secret=${secret}`, { headers: { Origin: `http://127.0.0.1:${host.port}` } });
        socket.once('open', () => resolve(noteCalls(socket))).once('error', reject);
        socket.on('error', () => undefined);
      });
    // The test's own calls are numbered above every generated frame's id: the answer to a generated
    // call (an unknown channel, say) can never be taken for the answer to the good call.
    let nextId = GENERATED_ID_LIMIT + 1;
    const calls = new Map<number, string>();
    const noteCalls = (socket: WebSocket) =>
      socket.on('message', (raw: WebSocket.RawData) => {
        const reply = JSON.parse(raw.toString()) as { type: string; id?: number; result: Result };
        const channel = reply.id === undefined ? undefined : calls.get(reply.id);
        if (reply.type === 'result' && channel) noteRefusal(channel, reply.result);
      });
    /** A good call; the answer proves the host lives. Null when the host closed this socket (a bad frame). */
    const good = (socket: WebSocket) =>
      new Promise<Result | null>((resolve) => {
        const id = nextId++;
        const onMessage = (data: WebSocket.RawData) => {
          const reply = JSON.parse(data.toString()) as { type: string; id?: number; result: Result };
          if (reply.type === 'result' && reply.id === id) done(reply.result);
        };
        const onClose = () => done(null);
        const done = (result: Result | null) => {
          socket.off('message', onMessage).off('close', onClose);
          resolve(result);
        };
        socket.on('message', onMessage).once('close', onClose);
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'call', id, channel: 'status.get', input: {} }));
        else done(null);
      });
    const counts = { frames: 0, closedByHost: 0 };
    const frame = fc.oneof(
      { weight: 3, arbitrary: fc.json().map((text) => ({ data: text as string | Buffer, binary: false })) },
      { weight: 3, arbitrary: fc.record({ type: fc.constant('call'), id: fc.nat({ max: GENERATED_ID_LIMIT }), channel: fc.string({ maxLength: 140 }), input: fc.jsonValue() }).map((m) => ({ data: JSON.stringify(m) as string | Buffer, binary: false })) },
      { weight: 6, arbitrary: realCall.map(({ channel, input }) => ({ data: JSON.stringify({ type: 'call', id: 0, channel, input }) as string | Buffer, binary: false, channel, input })) },
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 256 }).map((bytes) => ({ data: Buffer.from(bytes) as string | Buffer, binary: true })) },
      { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ data: Buffer.concat([Buffer.from('{"type":"call"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(bytes)]) as string | Buffer, binary: false })) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 4096 }).map((extra) => ({ data: 'x'.repeat(1024 * 1024 + extra) as string | Buffer, binary: false })) },
    );
    await fc.assert(
      fc.asyncProperty(frame, async (generated) => {
        ws ??= await open();
        let { data } = generated;
        if ('channel' in generated) {
          // A real channel's call: its answer is read, so its refusal counts like the router's.
          const id = nextId++;
          calls.set(id, generated.channel);
          data = JSON.stringify({ type: 'call', id, channel: generated.channel, input: generated.input });
        }
        ws.send(data, { binary: generated.binary });
        counts.frames++;
        const answer = await good(ws);
        if (answer === null) {
          counts.closedByHost++;
          ws = await open();
          expect(await good(ws)).toMatchObject({ ok: true });
        } else expect(answer).toMatchObject({ ok: true });
      }),
      { numRuns: runs },
    );
    (ws as WebSocket | null)?.close();
    return counts;
}

/** Generated calls of every channel straight into the router; refusals without a session are noted. */
async function fuzzRouter(runs: number, call = realCall, before: () => Promise<void> = async () => undefined): Promise<void> {
  await fc.assert(
    fc.asyncProperty(call, async ({ channel, input }) => {
      await before();
      const session = testConsole.main.router.call('staff.current', {});
      const result = (await testConsole.main.router.call(channel, input)) as Result;
      expect(typeof result.ok).toBe('boolean');
      if ((await session as Result).value === null) noteRefusal(channel, result);
    }),
    { numRuns: runs },
  );
}

describe('fuzz: the browser host protocol (WebSocket on 127.0.0.1)', () => {
  it(`survives ${RUNS} generated frames and still answers a good call`, async () => {
    const counts = await fuzzWebSocket(RUNS);
    console.log(`fuzz websocket: ${counts.frames} frames, ${counts.closedByHost} closed by the host (malformed, binary, oversized, not UTF-8)`);
    expect(counts.frames).toBe(RUNS);
  });
});

describe('fuzz: every IPC channel through the router', () => {
  const router = () => testConsole.main.router;

  it(`without a session: ${RUNS} generated calls are refused or answered, never thrown`, async () => {
    await fuzzRouter(RUNS);
    expect(await router().call('status.get', {})).toMatchObject({ ok: true });
  });

  it('journals refusals without a session rate-limited', async () => {
    expect(await router().call('staff.login', TELLER)).toMatchObject({ ok: true });
    const list = (await router().call('journal.list', { todayOnly: false })) as { ok: true; value: { jobs: { tellerId: string | null; result: string; device: string | null }[] } };
    const refusedEntries = list.value.jobs.filter((e) => e.tellerId === null && REFUSAL_CODES.has(e.result) && !e.device?.endsWith('more refused'));
    const minutes = Math.ceil((Date.now() - startedAt) / 60_000) + 1;
    console.log(
      `fuzz journal: ${refusedCalls} journaled-channel refusals without a session, ${refusedPairs.size} channel+code pairs, ${refusedEntries.length} entries written (limit ${REFUSALS_PER_MINUTE}/min per pair)`,
    );
    expect(refusedCalls).toBeGreaterThan(refusedEntries.length);
    expect(refusedEntries.length).toBeLessThanOrEqual(refusedPairs.size * REFUSALS_PER_MINUTE * minutes);
    await router().call('staff.logout', {});
  });

  it(`with a session: ${RUNS} generated calls are refused or answered, never thrown`, async () => {
    /** Back to a working teller session whatever the last call did (logout, lock, a training reset). */
    const ensureSession = async () => {
      const current = (await router().call('staff.current', {})) as Result;
      const session = current.value as { locked: boolean } | null;
      if (session?.locked) await router().call('staff.unlockConsole', { password: TELLER.password });
      else if (!session) expect(await router().call('staff.login', TELLER)).toMatchObject({ ok: true });
    };
    // A random password at the lock screen counts toward the teller's lock-out: keep the unlock out.
    const call = realCall.filter(({ channel }) => channel !== 'staff.unlockConsole' && channel !== 'staff.login');
    await fuzzRouter(RUNS, call, ensureSession);
    await router().call('staff.logout', {});
    expect(await router().call('status.get', {})).toMatchObject({ ok: true });
  });
});

/** The error of the last request that got no answer (a reset connection), for the failure message. */
let lastReset = '';
const send = (method: string, path: string, headers: Record<string, string>, body: Buffer | null) =>
  new Promise<number | 'reset'>((resolve) => {
    const reset = (error: NodeJS.ErrnoException) => {
      lastReset = `${error.code ?? ''} ${error.message}`;
      resolve('reset');
    };
    // A connection of its own (agent: false): a kept-alive socket that the server closes as the next
    // request goes out would be a reset of the client's making, not the issuer's.
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0)).on('error', reset);
    });
    req.on('error', reset);
    if (body) req.end(body);
    else req.end();
  });

/** `runs` generated requests to the sandbox issuer over HTTP: how many of each status (or reset). */
async function fuzzIssuer(runs: number): Promise<Map<string, number>> {
  const paths = Object.values(issuerEndpoints).map((endpoint) => endpoint.path);
  const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/);
  const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,80}$/);
  const requestArb = fc.record({
    method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), token.map((t) => t.toUpperCase())),
    path: fc.oneof(
      fc.tuple(fc.constantFrom(...paths), fc.string({ maxLength: 30 })).map(([path, value]) => path.replace(/\{\w+\}/g, encodeURIComponent(value))),
      fc.webPath(),
      fc.constantFrom(...paths).map((path) => `${path}?${'q=1&'.repeat(5)}`),
    ),
    headers: fc.dictionary(token.filter((name) => !['host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade'].includes(name.toLowerCase())), headerValue, { maxKeys: 5 }),
    contentType: fc.option(fc.oneof(fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1'), headerValue)),
    body: fc.option(
      fc.oneof(
        fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
        fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
        fc.integer({ min: 1, max: 64 }).map((kb) => Buffer.alloc(kb * 2048, 0x7b)),
      ),
    ),
  });
  const statuses = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(requestArb, async ({ method, path, headers, contentType, body }) => {
      const all = { ...headers, ...(contentType !== null ? { 'Content-Type': contentType } : {}) };
      const status = await send(method, path, all, method === 'GET' || method === 'HEAD' ? null : body);
      const key = status === 'reset' ? 'reset' : String(status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      // Whatever arrives, the issuer answers it: a refusal (4xx), never a server error or a cut connection.
      // Failing here, fast-check shrinks the request and names it.
      expect(status === 'reset' || status >= 500, `${method} ${path} answered ${status === 'reset' ? `reset (${lastReset})` : `${key} (${serverLog})`}`).toBe(false);
    }),
    { numRuns: runs },
  );
  return statuses;
}

describe('fuzz: the issuer HTTP API (the sandbox over real HTTP)', () => {
  it(`answers ${RUNS} generated requests and is still up after`, async () => {
    const statuses = await fuzzIssuer(RUNS);
    const seen = [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([status, n]) => `${status}×${n}`);
    console.log(`fuzz issuer HTTP: ${RUNS} requests; statuses ${seen.join(' ')}`);
    expect([...statuses.keys()].filter((status) => status === 'reset' || Number(status) >= 500)).toEqual([]);
    expect(await send('GET', '/v1/health', {}, null)).toBe(200);
  });
});

describe('fuzz: afterwards', () => {
  it('left no unhandled rejection and the heap back near its baseline', async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const afterMb = heapMb();
    console.log(`fuzz memory: heapUsed ${baselineMb.toFixed(1)} MB before, ${afterMb.toFixed(1)} MB after (tolerance ${HEAP_TOLERANCE_MB} MB); unhandled rejections ${unhandled}`);
    expect((globalThis as { gc?: unknown }).gc).toBeTypeOf('function');
    expect(unhandled).toBe(0);
    expect(afterMb - baselineMb).toBeLessThan(HEAP_TOLERANCE_MB);
  });
});
