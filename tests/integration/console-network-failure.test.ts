import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleMain } from '../../main/app/console.js';
import { startSandboxServer, type SandboxServer } from '../../sandbox/http/http-server.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../sandbox/store/store.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { identityCheckBody } from '../support/issuer-fixtures.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// A teller's action when the network fails: the console says it does not know whether it
// happened, and the teller's retry (the same idempotency key) settles it without doing it twice.
describe('a teller action through a failing network', () => {
  let db: SandboxDb;
  let server: SandboxServer;
  let proxy: FaultProxy;
  let testConsole: TestConsole;
  let main: ConsoleMain;

  beforeAll(async () => {
    db = openSandboxDb(':memory:');
    server = await startSandboxServer({ sandbox: new SandboxIssuer({ db }), log: () => {} });
    proxy = await FaultProxy.start(server.url);
    testConsole = createTestConsole('console-network', { issuer: { url: proxy.url, timeoutMs: 1000, retries: 1 } });
    main = testConsole.main;
  });
  afterAll(async () => {
    await testConsole.dispose();
    await proxy.close();
    await server.close();
    db.close();
  });

  it('reports a loss once: unreachable first (the issuer acted, the answers were lost), settled by the retry', async () => {
    expect(await main.router.call('staff.login', { staffId: 'T0001', password: 'teller-pass-1' })).toMatchObject({ ok: true });
    const identified = (await main.router.call('customer.identify', identityCheckBody('kim'))) as { ok: true; value: { customer: { customerRef: string } } };
    const input = {
      customerRef: identified.value.customer.customerRef,
      deviceId: 'dev-kim-digital',
      reason: 'LOST',
      idempotencyKey: '9c4b1a52-6f0e-4d8b-8f5e-2a7c3d1e0b94',
    };

    proxy.plan('reset-after', 'reset-after');
    expect(await main.router.call('device.reportLoss', input)).toMatchObject({ ok: false, error: { code: 'ISSUER_UNREACHABLE' } });
    expect(db.prepare('SELECT count(*) AS n FROM loss_reports').get()).toEqual({ n: 1 });

    const retried = await main.router.call('device.reportLoss', input);
    expect(retried).toMatchObject({ ok: true, value: { device: { deviceId: 'dev-kim-digital', status: 'LOST' } } });
    expect(db.prepare('SELECT count(*) AS n FROM loss_reports').get()).toEqual({ n: 1 });
  });
});
