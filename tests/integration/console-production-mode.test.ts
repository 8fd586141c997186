import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleMain } from '../../main/app/console.js';
import { startSandboxServer, type SandboxServer } from '../../sandbox/http/http-server.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../sandbox/store/store.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// The console configured with an issuer URL: no training mode, every call over HTTP.
describe('the console connected to an issuer over HTTP', () => {
  let db: SandboxDb;
  let server: SandboxServer;
  let testConsole: TestConsole;
  let main: ConsoleMain;

  beforeAll(async () => {
    db = openSandboxDb(':memory:');
    server = await startSandboxServer({ sandbox: new SandboxIssuer({ db }), log: () => {} });
    testConsole = createTestConsole('console-prod', { issuer: { url: server.url, timeoutMs: 2000, retries: 1 } });
    main = testConsole.main;
    main.start();
  });
  afterAll(async () => {
    await testConsole.dispose();
    await server.close();
    db.close();
  });

  it('is not in training mode, and logs a teller in at the HTTP issuer', async () => {
    expect(await main.router.call('status.get', {})).toMatchObject({ ok: true, value: { trainingMode: false } });
    expect(await main.router.call('staff.login', { staffId: 'T0001', password: 'teller-pass-1' })).toMatchObject({
      ok: true,
      value: { staffId: 'T0001', name: '김민지' },
    });
    expect(db.prepare('SELECT count(*) AS n FROM staff_sessions WHERE ended_at IS NULL').get()).toEqual({ n: 1 });
  });

  it('refuses the training phone: there is no sandbox behind a real issuer', async () => {
    expect(await main.router.call('training.smsOutbox', { mobileNumber: '010-1234-5678' })).toMatchObject({
      ok: false,
      error: { code: 'TRAINING_ONLY' },
    });
  });

  it('passes the issuer’s refusal codes through the router with their details', async () => {
    expect(await main.router.call('staff.login', { staffId: 'T0002', password: 'wrong' })).toEqual({
      ok: false,
      error: { code: 'INVALID_CREDENTIALS', message: expect.any(String), details: { attemptsLeft: 4 } },
    });
  });
});
