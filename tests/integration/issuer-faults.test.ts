import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../main/app/errors.js';
import { approvalDigest } from '../../issuer-api/approval-digest.js';
import { fetchTransport, HttpIssuer, HttpSandboxPhone, type HttpIssuerOptions } from '../../main/issuer/http-client.js';
import { IssuerError } from '../../issuer-api/errors.js';
import { startSandboxServer, type SandboxServer } from '../../sandbox/http/http-server.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../sandbox/store/store.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { BRANCH_088, CUSTOMERS, identityCheckBody } from '../support/issuer-fixtures.js';

// Faults injected between the client and the sandbox (a proxy on 127.0.0.1). Whatever the network
// does, a retried call never registers, sends an SMS, issues a card or unlocks twice: the rows in
// the sandbox's database say so.
describe('issuer client under network faults', () => {
  let dir: string;
  let db: SandboxDb;
  let server: SandboxServer;
  let proxy: FaultProxy;
  let direct: HttpIssuer;
  let token: string;

  const TIMEOUT_MS = 300;
  const client = (overrides: Partial<HttpIssuerOptions> = {}) =>
    new HttpIssuer({ baseUrl: proxy.url, terminal: BRANCH_088, timeoutMs: TIMEOUT_MS, retries: 2, backoffMs: 20, ...overrides });
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'issuer-faults-'));
    db = openSandboxDb(join(dir, 'sandbox.sqlite'));
    server = await startSandboxServer({ sandbox: new SandboxIssuer({ db }), log: () => {} });
    proxy = await FaultProxy.start(server.url, { delayMs: TIMEOUT_MS * 4 });
    direct = new HttpIssuer({ baseUrl: server.url, terminal: BRANCH_088, retries: 0 });
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await new HttpSandboxPhone({ baseUrl: server.url, terminal: BRANCH_088 }).call('reset', { body: {} });
    token = (await direct.call('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } })).token;
    proxy.plan();
    proxy.seen.length = 0;
  });

  async function startBody() {
    const check = await direct.call('identityCheck', { body: identityCheckBody('hong') }, { token });
    return { customerRef: check.customerRef!, identityCheckId: check.checkId, mobileNumber: CUSTOMERS.hong.mobile };
  }

  it.each([['500-after'], ['reset-after'], ['slow']] as const)(
    'starts one registration and sends one SMS when the answer is lost (%s) and the call is retried',
    async (fault) => {
      const body = await startBody();
      proxy.plan(fault);
      const answer = await client().call('startRegistration', { body }, { token });
      expect(answer.status).toBe('SMS_SENT');
      expect(count('SELECT count(*) AS n FROM registrations')).toBe(1);
      expect(count('SELECT count(*) AS n FROM sms_outbox')).toBe(1);
      // Both attempts carried the same key: that is what made the second one harmless.
      expect(proxy.seen).toHaveLength(2);
      expect(proxy.seen[1]!.idempotencyKey).toBe(proxy.seen[0]!.idempotencyKey);
    },
  );

  // Node's fetch stands in for Electron's net.fetch, the transport of a counter whose certificate is
  // in the Windows certificate store: the same keys, retries and timeouts through a WHATWG fetch.
  it.each([['500-after'], ['reset-after'], ['slow']] as const)(
    'through a fetch transport too: one registration and one SMS when the answer is lost (%s)',
    async (fault) => {
      const body = await startBody();
      proxy.plan(fault);
      const answer = await client({ transport: fetchTransport(fetch) }).call('startRegistration', { body }, { token });
      expect(answer.status).toBe('SMS_SENT');
      expect(count('SELECT count(*) AS n FROM registrations')).toBe(1);
      expect(count('SELECT count(*) AS n FROM sms_outbox')).toBe(1);
      expect(proxy.seen).toHaveLength(2);
      expect(proxy.seen[1]!.idempotencyKey).toBe(proxy.seen[0]!.idempotencyKey);
    },
  );

  it('through a fetch transport: unreachable after its retries, and a cancelled call is CANCELLED', async () => {
    proxy.plan('reset-before', 'reset-before', 'reset-before');
    await expect(client({ transport: fetchTransport(fetch) }).call('health', {})).rejects.toMatchObject({ code: 'ISSUER_UNREACHABLE' });
    proxy.plan('slow');
    const controller = new AbortController();
    const call = client({ transport: fetchTransport(fetch), timeoutMs: 5000 }).call('health', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('gives up after its retries when the issuer keeps failing, and nothing happened', async () => {
    const body = await startBody();
    proxy.plan('500-before', '500-before', '500-before');
    const error = await client().call('startRegistration', { body }, { token }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssuerError);
    expect(error).toMatchObject({ code: 'INTERNAL_ERROR', retryable: true });
    expect(proxy.seen).toHaveLength(3);
    expect(count('SELECT count(*) AS n FROM registrations')).toBe(0);
  });

  it('says the issuer is unreachable when no attempt gets an answer', async () => {
    const body = await startBody();
    proxy.plan('reset-before', 'reset-before', 'reset-before');
    const error = await client().call('startRegistration', { body }, { token }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error).toMatchObject({ code: 'ISSUER_UNREACHABLE' });
    expect(count('SELECT count(*) AS n FROM sms_outbox')).toBe(0);
  });

  it.each([['malformed-json'], ['wrong-schema']] as const)('refuses an answer that breaks the contract (%s), never passing it on', async (fault) => {
    const body = await startBody();
    proxy.plan(fault);
    const error = await client().call('startRegistration', { body }, { token }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error).toMatchObject({ code: 'ISSUER_BAD_RESPONSE' });
    // The issuer did act; the same key settles it without a second SMS.
    const key = proxy.seen[0]!.idempotencyKey!;
    const settled = await client().call('startRegistration', { body }, { token, idempotencyKey: key });
    expect(settled.status).toBe('SMS_SENT');
    expect(count('SELECT count(*) AS n FROM sms_outbox')).toBe(1);
  });

  it('does not retry what the issuer refused', async () => {
    proxy.plan();
    const error = await client().call('login', { body: { staffId: 'T0001', password: 'wrong' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(proxy.seen).toHaveLength(1);
  });

  it('issues one card when the answer is cut off and the call retried', async () => {
    const check = await direct.call('identityCheck', { body: identityCheckBody('hong') }, { token });
    proxy.plan('reset-after');
    const device = await client().call(
      'issueCard',
      { body: { customerRef: check.customerRef!, identityCheckId: check.checkId, vendorCode: '001', serial: '100000000001' } },
      { token },
    );
    expect(device.status).toBe('ACTIVE');
    expect(count("SELECT count(*) AS n FROM devices WHERE card_serial = '100000000001'")).toBe(1);
  });

  it('unlocks once with one approval when the first answer is lost', async () => {
    const check = await direct.call('identityCheck', { body: identityCheckBody('choi') }, { token });
    const unlock = { params: { deviceId: 'dev-choi-digital' }, body: { reason: 'forgot PIN', identityCheckId: check.checkId } };
    const { approvalToken } = await direct.call(
      'approve',
      { body: { supervisorId: 'S0001', password: 'super-pass-1', action: 'DEVICE_UNLOCK', actionDigest: approvalDigest('unlock', unlock) } },
      { token },
    );
    proxy.plan('500-after');
    // The retry reuses a now-used approval token: the stored first answer comes back, not APPROVAL_INVALID.
    expect(await client().call('unlock', unlock, { token, approvalToken })).toMatchObject({ status: 'ACTIVE', failCount: 0 });
    expect(count('SELECT count(*) AS n FROM approvals WHERE used_at IS NOT NULL')).toBe(1);
  });

  it('can be cancelled while it waits, and says so', async () => {
    const body = await startBody();
    proxy.plan('slow');
    const controller = new AbortController();
    const call = client({ timeoutMs: 5000 }).call('startRegistration', { body }, { token, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
