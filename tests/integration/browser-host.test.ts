import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ConsoleMain } from '../../main/app/console.js';
import { startBrowserHost, type BrowserHost } from '../../main/host/browser-host.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// The browser host over real HTTP and WebSocket on 127.0.0.1, with the real services behind it.
describe('browser host', () => {
  let testConsole: TestConsole;
  let main: ConsoleMain;
  let host: BrowserHost;
  let origin: string;
  let secret: string;

  beforeAll(async () => {
    testConsole = createTestConsole('browser-host');
    main = testConsole.main;
    main.start();
    host = await startBrowserHost({ console: main, rendererDir: join(testConsole.dataDir, 'no-renderer'), port: 0 });
    origin = `http://127.0.0.1:${host.port}`;
    secret = new URL(host.url).hash.replace('#secret=', '');
  });

  afterAll(async () => {
    await host.close();
    await testConsole.dispose();
  });

  const open = (query: string, headers: Record<string, string> = { Origin: origin }) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc${query}`, { headers });
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      ws.once('error', reject);
    });

  const call = (ws: WebSocket, id: number, channel: string, input: unknown) =>
    new Promise<unknown>((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
        if (reply.type === 'result' && reply.id === id) {
          ws.off('message', onMessage);
          resolve(reply.result);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ type: 'call', id, channel, input }));
    });

  it('listens on 127.0.0.1 only and prints a URL carrying the secret in its fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#secret=[\w-]{40,}$/);
  });

  it('refuses a connection without the secret, with a wrong one, or from another origin', async () => {
    await expect(open('')).rejects.toThrow('HTTP 403');
    await expect(open('?secret=wrong')).rejects.toThrow('HTTP 403');
    await expect(open(`?secret=${secret}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(open(`?secret=${secret}`, {})).rejects.toThrow('HTTP 403');
  });

  it('serves the contract: login, a refused bad input, a staff channel without a session', async () => {
    const ws = await open(`?secret=${secret}`);
    expect(await call(ws, 1, 'staff.logout', {})).toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN' } });
    expect(await call(ws, 2, 'staff.login', { staffId: '12', password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { staffId: 'STAFF_ID_FORMAT' } },
    });
    expect(await call(ws, 3, 'staff.login', { staffId: 'S0001', password: 'super-pass-1' })).toMatchObject({
      ok: true,
      value: { staffId: 'S0001', name: '박지성', role: 'SUPERVISOR' },
    });
    const status = (await call(ws, 4, 'status.get', {})) as { ok: true; value: { trainingMode: boolean; reader: { state: string } } };
    expect(status.value.trainingMode).toBe(true);
    expect(status.value.reader.state).toBe('PCSC_UNAVAILABLE');
    expect(await call(ws, 5, 'no.such.channel', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    ws.close();
  });

  it('closes a connection that sends garbage, and keeps serving others', async () => {
    const bad = await open(`?secret=${secret}`);
    const closed = new Promise<number>((resolve) => bad.once('close', (code) => resolve(code)));
    bad.send('{not json');
    expect(await closed).toBe(1003);

    const good = await open(`?secret=${secret}`);
    expect(await call(good, 1, 'preferences.get', {})).toEqual({ ok: true, value: { locale: 'ko', localeSetByPolicy: false } });
    good.close();
  });

  /** The status line the host answers to a hand-written upgrade request for `path`. */
  const rawUpgrade = (path: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(host.port, '127.0.0.1', () =>
        socket.write(
          `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        ),
      );
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
      socket.on('error', reject);
    });
  const serving = async () => {
    const good = await open(`?secret=${secret}`);
    expect(await call(good, 1, 'preferences.get', {})).toMatchObject({ ok: true });
    good.close();
  };

  it('refuses an upgrade whose path is no URL (any web page can ask for //), and keeps serving', async () => {
    for (const path of ['//', '//[', 'http://%zz/rpc']) expect(await rawUpgrade(path), path).toMatch(/^HTTP\/1\.1 (400|403) /);
    await serving();
  });

  it.each([
    ['a frame over 1 MiB', 'x'.repeat(1024 * 1024 + 1), 1009],
    ['invalid UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), 1007],
  ] as const)('closes a connection that sends %s, and keeps serving', async (_what, frame, code) => {
    const bad = await open(`?secret=${secret}`);
    bad.on('error', () => {}); // the host's close may reach this client as an error first
    const closed = new Promise<number>((resolve) => bad.once('close', (closeCode) => resolve(closeCode)));
    bad.send(frame, { binary: false });
    expect(await closed).toBe(code);
    await serving();
  });

  it('pushes events to connected pages', async () => {
    const ws = await open(`?secret=${secret}`);
    const ended = new Promise<unknown>((resolve) =>
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { type: string; name?: string; payload?: unknown };
        if (message.type === 'event' && message.name === 'session.ended') resolve(message.payload);
      }),
    );
    await call(ws, 1, 'staff.login', { staffId: 'T0001', password: 'teller-pass-1' });
    await call(ws, 2, 'staff.logout', {});
    expect(await ended).toEqual({ reason: 'LOGGED_OUT' });
    ws.close();
  });

  it('answers a static request without the renderer built with a clear 503, and refuses other methods', async () => {
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('renderer not built');
    expect((await fetch(`${origin}/`, { method: 'POST' })).status).toBe(405);
  });

  it('answers a malformed path with 400 and keeps serving', async () => {
    expect((await fetch(`${origin}/%`)).status).toBe(400);
    expect((await fetch(`${origin}/`)).status).toBe(503);
  });
});

describe('browser host over a console whose calls fail', () => {
  it('answers INTERNAL when the console rejects a call (e.g. a journal write failing) instead of crashing', async () => {
    const failing = {
      router: { call: () => Promise.reject(new Error('SQLITE_CORRUPT: database disk image is malformed')) },
      events: { subscribe: () => () => {} },
    } as unknown as Pick<ConsoleMain, 'router' | 'events'>;
    const host = await startBrowserHost({ console: failing, rendererDir: '/nonexistent', port: 0 });
    try {
      const origin = `http://127.0.0.1:${host.port}`;
      const secret = new URL(host.url).hash.replace('#secret=', '');
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc?secret=${secret}`, { headers: { Origin: origin } });
      await new Promise((resolve) => ws.once('open', resolve));
      const reply = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
      ws.send(JSON.stringify({ type: 'call', id: 7, channel: 'status.get', input: {} }));
      expect(await reply).toEqual({ type: 'result', id: 7, result: { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } } });
      ws.close();
    } finally {
      await host.close();
    }
  });
});
