import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { SEED_CARDS, SEED_CUSTOMERS, SEED_DEVICES, SEED_STAFF } from '../../sandbox/store/seed.js';
import { openSandboxDb, SANDBOX_APPLICATION_ID } from '../../sandbox/store/store.js';
import { T0 } from './support/clock.js';
import { expectRefusal, SandboxHarness, TERMINAL } from './support/sandbox.js';

/** Every table's rows except the salted password columns, which a reseed renews on purpose. */
function snapshot(h: SandboxHarness): Record<string, unknown[]> {
  const tables = h.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (h.db.prepare(`SELECT * FROM ${name} ORDER BY rowid`).all() as Record<string, unknown>[]).map(({ password_salt, password_hash, ...rest }) => rest),
    ]),
  );
}

describe('sandbox routes: SMS outbox, clock, reset', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  describe('SMS outbox', () => {
    it('lists the messages to one number, newest first, found by any spelling of it', async () => {
      const first = await h.startRegistration(token);
      h.clock.advance(1000);
      await h.call('resendSms', { params: { registrationId: first.registrationId }, body: {} }, { token });
      await h.startRegistration(token, '김영희');

      const messages = await h.outbox('010-1234-5678');
      expect(messages.map((m) => m.sentAt)).toEqual(['2025-03-03T00:30:01.000Z', '2025-03-03T00:30:00.000Z']);
      expect(messages.every((m) => m.mobileNumber === '01012345678')).toBe(true);
      expect(await h.outbox('+82 10 2345 6789')).toHaveLength(1);
      await expect(h.outbox('01099998888')).resolves.toEqual([]);
    });
  });

  describe('clock', () => {
    it('moves the sandbox clock forward and answers the new time', async () => {
      await expect(h.call('advanceClock', { body: { advanceSeconds: 90 } })).resolves.toEqual({ now: '2025-03-03T00:31:30.000Z' });
      await expect(h.call('advanceClock', { body: { advanceSeconds: 30 } })).resolves.toEqual({ now: '2025-03-03T00:32:00.000Z' });
      expect(h.sandbox.clock().toISOString()).toBe('2025-03-03T00:32:00.000Z');
      // The injected clock keeps running underneath.
      h.clock.advance(1000);
      expect(h.sandbox.clock().toISOString()).toBe('2025-03-03T00:32:01.000Z');
    });

    it('keeps the offset in the store, so another issuer on the same store agrees', async () => {
      await h.call('advanceClock', { body: { advanceSeconds: 3600 } });
      const other = new SandboxIssuer({ db: h.db, now: h.clock.now });
      expect(other.clock().toISOString()).toBe('2025-03-03T01:30:00.000Z');
    });

    it('refuses to move backwards or not at all', async () => {
      await expectRefusal(h.raw('advanceClock', { body: { advanceSeconds: -60 } }), 400, 'VALIDATION_FAILED', { advanceSeconds: 'too_small' });
      await expectRefusal(h.raw('advanceClock', { body: { advanceSeconds: 0 } }), 400, 'VALIDATION_FAILED');
    });

    it('expires staff sessions too (the sandbox clock is the one clock of every rule)', async () => {
      await h.call('advanceClock', { body: { advanceSeconds: 8 * 3600 } });
      await expectRefusal(h.call('devices', { params: { customerRef: 'cus-kim' } }, { token }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('reset', () => {
    it('restores the seed exactly and the clock offset 0', async () => {
      const fresh = new SandboxHarness();
      const seeded = snapshot(fresh);
      fresh.close();

      // Change a bit of everything.
      await h.activatedDigitalOtp(token, '김영희');
      await h.call('reportLoss', { params: { deviceId: 'dev-kim-card-020' }, body: { reason: 'LOST' } }, { token });
      const { customerRef, checkId } = await h.verified(token, '홍길동');
      await h.call('issueCard', { body: { customerRef, identityCheckId: checkId, vendorCode: '001', serial: '100000000001' } }, { token });
      await h.approval(token, 'LOSS_REPORT_RELEASE', { op: 'releaseLoss', deviceId: 'dev-kim-card-020', body: {} });
      await expectRefusal(h.call('login', { body: { staffId: 'T0002', password: 'x' } }), 401, 'INVALID_CREDENTIALS');
      await h.call('advanceClock', { body: { advanceSeconds: 600 } }, { idempotencyKey: randomUUID() });
      expect(snapshot(h)).not.toEqual(seeded);

      await expect(h.call('reset', { body: {} })).resolves.toEqual({ reset: true });
      expect(snapshot(h)).toEqual(seeded);
      expect(h.sandbox.clock().toISOString()).toBe(T0);
    });

    it('ends every staff session (the seed has none)', async () => {
      await h.call('reset', { body: {} });
      await expectRefusal(h.call('devices', { params: { customerRef: 'cus-kim' } }, { token }), 401, 'UNAUTHENTICATED');
      expect(h.count('staff_sessions')).toBe(0);
    });
  });

  describe('the seed', () => {
    it('has the staff, customers, cards and devices of ISSUER-API.md', async () => {
      expect(SEED_STAFF.map((s) => `${s.staffId} ${s.name} ${s.password} ${s.role}`)).toEqual([
        'T0001 김민지 teller-pass-1 TELLER',
        'T0002 이준호 teller-pass-2 TELLER',
        'S0001 박지성 super-pass-1 SUPERVISOR',
        'S0002 최수진 super-pass-2 SUPERVISOR',
      ]);
      expect(SEED_CUSTOMERS.map((c) => [c.name, c.rrn, c.document.type, c.document.issueDate, c.mobiles.join(), c.type, c.document.reportedLost])).toEqual([
        ['홍길동', '900101-1123459', 'RESIDENT_CARD', '2015-03-02', '01012345678', 'INDIVIDUAL', false],
        ['김영희', '850615-2234565', 'DRIVER_LICENSE', '2019-07-10', '01023456789', 'INDIVIDUAL', false],
        ['이철수', '750505-1543214', 'RESIDENT_CARD', '2012-01-20', '01034567890', 'SOLE_PROPRIETOR', false],
        ['박서준', '010203-3123452', 'RESIDENT_CARD', '2021-05-05', '01045678901', 'INDIVIDUAL', false],
        ['최지우', '920814-2987655', 'RESIDENT_CARD', '2016-09-09', '01056789012', 'INDIVIDUAL', false],
        ['정우성', '711231-1123455', 'RESIDENT_CARD', '2010-10-10', '01067890123', 'INDIVIDUAL', true],
      ]);
      expect(SEED_CARDS.map((c) => `${c.vendorCode}/${c.serial} ${c.status} ${c.issuingInstitutionCode} ${c.holderRef ?? '-'}`)).toEqual([
        '001/100000000001 IN_STOCK 088 -',
        '001/100000000002 IN_STOCK 088 -',
        '002/200000000003 IN_STOCK 088 -',
        '003/300000000004 ACTIVE 020 cus-kim',
        '003/300000000005 ACTIVE 020 cus-lee',
        '002/200000000006 LOST 020 cus-hong',
      ]);
      expect(SEED_DEVICES.map((d) => `${d.deviceId} ${d.kind} ${d.status} ${d.failCount}/${d.maxFail} ${d.institutionCode} ${d.customerRef}`)).toEqual([
        'dev-kim-digital DIGITAL_OTP ACTIVE 0/10 088 cus-kim',
        'dev-kim-card-020 SMART_OTP ACTIVE 0/10 020 cus-kim',
        'dev-lee-card-020 SMART_OTP ACTIVE 0/10 020 cus-lee',
        'dev-choi-digital DIGITAL_OTP RESTRICTED 10/10 088 cus-choi',
      ]);
    });

    it('is what a new store holds: every row of the seed data, no sessions, no checks', () => {
      expect(h.count('staff')).toBe(SEED_STAFF.length);
      expect(h.count('customers')).toBe(SEED_CUSTOMERS.length);
      expect(h.count('cards')).toBe(SEED_CARDS.length);
      expect(h.count('devices')).toBe(SEED_DEVICES.length);
      for (const table of ['identity_checks', 'registrations', 'sms_outbox', 'loss_reports', 'approvals', 'idempotency']) {
        expect(h.count(table), table).toBe(0);
      }
      expect(h.count('devices', "device_id = 'dev-kim-card-020' AND card_vendor_code = '003' AND card_serial = '300000000004'")).toBe(1);
      expect(h.count('devices', "device_id = 'dev-lee-card-020' AND card_vendor_code = '003' AND card_serial = '300000000005'")).toBe(1);
    });
  });
});

describe('the sandbox store on a file', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-store-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses WAL and keeps its state across reopening (no reseed)', async () => {
    const file = join(dir, 'sandbox.db');
    const first = openSandboxDb(file);
    expect(first.pragma('journal_mode', { simple: true })).toBe('wal');
    const issuer = new SandboxIssuer({ db: first, now: () => new Date(T0) });
    await issuer.handle('advanceClock', { body: { advanceSeconds: 60 } }, { terminal: TERMINAL });
    const { token } = await issuer.handle('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } }, { terminal: TERMINAL });
    first.close();

    const again = openSandboxDb(file);
    const reopened = new SandboxIssuer({ db: again, now: () => new Date(T0) });
    expect(reopened.clock().toISOString()).toBe('2025-03-03T00:31:00.000Z');
    await expect(reopened.handle('devices', { params: { customerRef: 'cus-kim' } }, { terminal: TERMINAL, token })).resolves.toBeDefined();
    again.close();
  });

  it('rebuilds a store of its own of an older schema from the seed', async () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.pragma(`application_id = ${SANDBOX_APPLICATION_ID}`);
    old.pragma('user_version = 1');
    old.exec("CREATE TABLE staff (staff_id TEXT PRIMARY KEY, name TEXT); INSERT INTO staff VALUES ('X0001', 'old');");
    old.close();

    const db = openSandboxDb(file);
    const issuer = new SandboxIssuer({ db, now: () => new Date(T0) });
    await expect(issuer.handle('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } }, { terminal: TERMINAL })).resolves.toMatchObject({
      staffId: 'T0001',
    });
    expect((db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n).toBe(SEED_CUSTOMERS.length);
    db.close();
  });
});
