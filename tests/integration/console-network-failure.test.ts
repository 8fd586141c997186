import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../main/config.js';
import { createConsole, type ConsoleMain } from '../../main/console.js';
import { startSandboxServer, type SandboxServer } from '../../main/issuer/sandbox/http-server.js';
import { SandboxIssuer } from '../../main/issuer/sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../main/issuer/sandbox/store.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { identityCheckBody } from '../support/issuer-fixtures.js';

// A teller's action when the network fails: the console says it does not know whether it
// happened, and the teller's retry (the same idempotency key) settles it without doing it twice.
describe('a teller action through a failing network', () => {
  let dir: string;
  let db: SandboxDb;
  let server: SandboxServer;
  let proxy: FaultProxy;
  let main: ConsoleMain;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-network-'));
    process.env.PCSCLITE_CSOCK_NAME = join(dir, 'no-pcscd.comm');
    db = openSandboxDb(':memory:');
    server = await startSandboxServer({ sandbox: new SandboxIssuer({ db }), log: () => {} });
    proxy = await FaultProxy.start(server.url);
    main = createConsole({
      config: loadConfig(undefined, { issuer: { url: proxy.url, timeoutMs: 1000, retries: 1 } }),
      dataDir: dir,
      createNfc: () => {
        throw new Error('no PC/SC in this test');
      },
      log: () => {},
    });
  });
  afterAll(async () => {
    await main.stop();
    await proxy.close();
    await server.close();
    db.close();
    delete process.env.PCSCLITE_CSOCK_NAME;
    rmSync(dir, { recursive: true, force: true });
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
