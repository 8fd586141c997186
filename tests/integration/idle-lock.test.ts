import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../main/host/browser-host.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// Main keeps the idle lock: a client that logs in and then sends nothing (no renderer, so no
// renderer idle timer at all) is locked by main, told so by a pushed event, and refused after.
const IDLE_SECONDS = 5; // the least the configuration accepts

describe('idle lock kept by main, over the browser host', () => {
  let testConsole: TestConsole;
  let host: BrowserHost;

  beforeAll(async () => {
    testConsole = createTestConsole('idle-lock', { idleLockSeconds: IDLE_SECONDS });
    testConsole.main.start();
    host = await startBrowserHost({ console: testConsole.main, rendererDir: join(testConsole.dataDir, 'no-renderer'), port: 0 });
  });
  afterAll(async () => {
    await host.close();
    await testConsole.dispose();
  });

  it('locks a session whose client stopped sending input, pushes session.locked, and staff.current says locked', async () => {
    const secret = new URL(host.url).hash.replace('#secret=', '');
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc?secret=${secret}`, { headers: { Origin: `http://127.0.0.1:${host.port}` } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const replies: { type: string; id?: number; name?: string; payload?: unknown; result?: unknown }[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (data) => {
      replies.push(JSON.parse(data.toString()));
      for (const wake of waiters.splice(0)) wake();
    });
    const until = async <T>(find: () => T | undefined): Promise<T> => {
      for (;;) {
        const found = find();
        if (found !== undefined) return found;
        await new Promise<void>((wake) => waiters.push(wake));
      }
    };
    let nextId = 1;
    const call = async (channel: string, input: unknown) => {
      const id = nextId++;
      ws.send(JSON.stringify({ type: 'call', id, channel, input }));
      return until(() => replies.find((reply) => reply.type === 'result' && reply.id === id)?.result);
    };

    expect(await call('staff.login', { staffId: 'T0001', password: 'teller-pass-1' })).toMatchObject({ ok: true, value: { locked: false } });
    const since = Date.now();
    // No timeout here: the suite's own bounds a lock that never comes.
    const locked = await until(() => replies.find((reply) => reply.type === 'event' && reply.name === 'session.locked'));
    console.log(`idle lock: main locked the session ${((Date.now() - since) / 1000).toFixed(1)} s after the last call (idleLockSeconds ${IDLE_SECONDS})`);
    expect(locked.payload).toMatchObject({ staffId: 'T0001', locked: true });
    expect(await call('staff.current', {})).toMatchObject({ ok: true, value: { staffId: 'T0001', locked: true } });
    expect(await call('customer.devices', { customerRef: 'cus-kim' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    const journal = await call('staff.unlockConsole', { password: 'teller-pass-1' });
    expect(journal).toMatchObject({ ok: true, value: { locked: false } });
    const jobs = (await call('journal.list', { todayOnly: false })) as { ok: true; value: { jobs: { job: string; tellerId: string | null }[] } };
    expect(jobs.value.jobs.filter((job) => job.job === 'SESSION_LOCKED')).toEqual([expect.objectContaining({ tellerId: 'T0001' })]);
    ws.close();
  });
});
