import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConsoleMain } from '../../main/app/console.js';
import { startSandboxServer, type SandboxServer } from '../../sandbox/http/http-server.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../sandbox/store/store.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { CUSTOMERS, identityCheckBody } from '../support/issuer-fixtures.js';
import { memoryLog, type MemoryLog } from '../support/memory-log.js';
import { describeFindings, findPersonalData } from '../support/personal-data.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// What the console tells IT in its log while it serves customers: its start, the issuer coming and
// going, every job by its code; and never what the customers typed.
describe("the console's log at the counter", () => {
  let db: SandboxDb;
  let server: SandboxServer;
  let proxy: FaultProxy;
  let testConsole: TestConsole;
  let main: ConsoleMain;
  let logged: MemoryLog;

  beforeAll(async () => {
    db = openSandboxDb(':memory:');
    server = await startSandboxServer({ sandbox: new SandboxIssuer({ db }), log: () => {} });
    proxy = await FaultProxy.start(server.url, { delayMs: 0 });
    logged = memoryLog('info');
    testConsole = createTestConsole('console-log', { issuer: { url: proxy.url, timeoutMs: 1000, retries: 0 }, issuerHealthPollSeconds: 0.2 }, undefined, logged.log);
    main = testConsole.main;
    main.start();
  });
  afterAll(async () => {
    await testConsole.dispose();
    await proxy.close();
    await server.close();
    db.close();
  });

  const entries = () => logged.entries();

  it('says it started, against which issuer and as which terminal', async () => {
    expect(entries()[0]).toBe(`INFO console started: issuer ${new URL(proxy.url).origin}, terminal 088/0101/T-TRAINING`);
    await vi.waitFor(() => expect(entries()).toContain('INFO issuer reachable'));
  });

  it('logs each job by its journal entry and result code, never the customer', async () => {
    expect(await main.router.call('staff.login', { staffId: 'T0001', password: 'teller-pass-1' })).toMatchObject({ ok: true });
    expect(await main.router.call('customer.identify', identityCheckBody('hong'))).toMatchObject({ ok: true });
    const typo = { ...identityCheckBody('lee'), name: `${CUSTOMERS.lee.name} ${CUSTOMERS.lee.mobile}` };
    expect(await main.router.call('customer.identify', typo)).toMatchObject({ ok: true, value: { result: 'MISMATCH' } });
    expect(await main.router.call('customer.identify', { ...identityCheckBody('park'), rrn: '0102033123452000' })).toMatchObject({ ok: false });
    const jobs = entries().filter((entry) => entry.includes(' job '));
    expect(jobs).toEqual([
      expect.stringMatching(/^INFO job STAFF_LOGIN #\d+: OK$/),
      expect.stringMatching(/^INFO job IDENTITY_CHECK #\d+: OK$/),
      expect.stringMatching(/^INFO job IDENTITY_CHECK #\d+: MISMATCH$/),
      expect.stringMatching(/^INFO job IDENTITY_CHECK #\d+: INVALID_INPUT$/),
    ]);
    const findings = findPersonalData(logged.lines.join('\n'));
    expect(findings, describeFindings(findings.map((f) => ({ ...f, file: 'log' })))).toEqual([]);
  });

  it('logs the issuer becoming unreachable, with why, and reachable again', async () => {
    proxy.plan(...Array<'reset-before'>(6).fill('reset-before'));
    await vi.waitFor(() => expect(entries().filter((entry) => entry.startsWith('WARN issuer unreachable'))).toHaveLength(1), { timeout: 10_000 });
    expect(entries()).toContainEqual(expect.stringMatching(/^WARN issuer unreachable: Issuer did not answer health \(.+\)$/));
    await vi.waitFor(() => expect(entries().filter((entry) => entry === 'INFO issuer reachable')).toHaveLength(2), { timeout: 10_000 });
  });
});
