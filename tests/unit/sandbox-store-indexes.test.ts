import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totp } from '../../sandbox/rules/totp.js';
import type { SandboxDb } from '../../sandbox/store/store.js';
import { errorOf, SandboxHarness } from './support/sandbox.js';

/**
 * A request must cost the same with a hundred thousand registrations on file as with none: no
 * statement the rules run may read a whole table, nor sort what it found. Every statement the rules
 * prepare while a counter works through its day is caught as it is prepared, and SQLite is asked
 * for its plan. (SQLite plans without statistics of the rows, so a small store gives the plan a
 * large one would get.)
 */
describe('sandbox store: every query the rules run uses a key or an index', () => {
  let h: SandboxHarness;
  const prepared = new Set<string>();

  beforeEach(() => {
    h = new SandboxHarness();
    prepared.clear();
    const prepare = h.db.prepare.bind(h.db);
    h.db.prepare = ((source: string) => {
      prepared.add(source);
      return prepare(source);
    }) as SandboxDb['prepare'];
  });
  afterEach(() => h.close());

  /** SQLite's plan of one statement, its parameters bound to NULL (the plan does not depend on them). */
  function planOf(source: string): string[] {
    const statement = h.db.prepare(`EXPLAIN QUERY PLAN ${source}`);
    const named = [...source.matchAll(/@(\w+)/g)].map((m) => m[1]!);
    const args = named.length > 0 ? [Object.fromEntries(named.map((name) => [name, null]))] : Array<null>(source.split('?').length - 1).fill(null);
    return (statement.all(...args) as { detail: string }[]).map((row) => row.detail);
  }

  /** A counter's day: every rule that reads or writes by something other than a primary key, and most others. */
  async function aDayAtTheCounter(): Promise<void> {
    const token = await h.login();
    const call = (op: Parameters<SandboxHarness['call']>[0], request: object, ctx: object = {}) =>
      h.call(op, request as never, { token, ...ctx });

    const digital = await h.activatedDigitalOtp(token, '홍길동');
    await h.call('registrationSms', { params: { registrationId: digital.registrationId } });
    const { otp } = await h.call('appOtp', { body: { deviceId: digital.deviceId } });
    await call('otpCheck', { params: { deviceId: digital.deviceId }, body: { otp } });
    await errorOf(call('otpCheck', { params: { deviceId: digital.deviceId }, body: { otp: otp === '000000' ? '111111' : '000000' } }));
    await call('devices', { params: { customerRef: digital.customerRef } });

    const resent = await h.startRegistration(token, '박서준');
    await call('resendSms', { params: { registrationId: resent.registrationId }, body: {} });
    await call('cancelRegistration', { params: { registrationId: resent.registrationId }, body: {} });

    // A card lost and found (every record of it), and a restricted device unlocked: both approved.
    await call('reportLoss', { params: { deviceId: 'dev-kim-card-020' }, body: { reason: 'LOST' } });
    const release = await h.approval(token, 'LOSS_REPORT_RELEASE', { op: 'releaseLoss', deviceId: 'dev-kim-card-020', body: {} });
    await call('releaseLoss', { params: { deviceId: 'dev-kim-card-020' }, body: {} }, { approvalToken: release });
    const choi = await h.verified(token, '최지우');
    const unlockBody = { reason: 'customer forgot PIN', identityCheckId: choi.checkId };
    const unlock = await h.approval(token, 'DEVICE_UNLOCK', { op: 'unlock', deviceId: 'dev-choi-digital', body: unlockBody });
    await call('unlock', { params: { deviceId: 'dev-choi-digital' }, body: unlockBody }, { approvalToken: unlock });
    await h.call('appAuthenticate', {
      body: { deviceId: 'dev-choi-digital', otp: totp(Buffer.from(h.device('dev-choi-digital')!.otp_seed!, 'hex'), h.clock.now().getTime()) },
    });

    const park = await h.verified(token, '박서준');
    await call('cardLookup', { body: { vendorCode: '001', serial: '100000000001' } });
    await call('issueCard', { body: { customerRef: park.customerRef, identityCheckId: park.checkId, vendorCode: '001', serial: '100000000001' } });

    // The branch's stock and worklists: a delivery received, counted, one card disposed of.
    const receipt = { vendorCode: '004', deliveryRef: 'DLV-1', serialFrom: '400000000001', serialTo: '400000000003' };
    const received = await h.approval(token, 'STOCK_RECEIPT', { op: 'receiveStock', body: receipt });
    await call('receiveStock', { body: receipt }, { approvalToken: received });
    await call('stock', {});
    await call('countStock', { body: { cards: [{ vendorCode: '004', serial: '400000000001' }, { vendorCode: '009', serial: '900000000009' }] } });
    const disposal = { vendorCode: '004', serial: '400000000002', reason: 'DAMAGED' };
    const disposed = await h.approval(token, 'STOCK_DISPOSAL', { op: 'disposeStock', body: disposal });
    await call('disposeStock', { body: disposal }, { approvalToken: disposed });
    await h.appCodeIssued(token, '최지우');
    await call('pendingActivations', {});
    await call('restrictedDevices', {});

    const key = randomUUID();
    await h.call('anchorJournal', { body: { seq: 1, headHash: 'a'.repeat(64), entryCount: 1 } }, { idempotencyKey: key });
    await h.call('anchorJournal', { body: { seq: 1, headHash: 'a'.repeat(64), entryCount: 1 } }, { idempotencyKey: key });
    await h.call('latestJournalAnchor', {});
    await h.call('requestOutcome', { params: { idempotencyKey: key }, query: {} });
    await call('logout', {});

    // Five wrong passwords lock an account and end its open sessions.
    await h.login('T0002');
    for (let i = 0; i < 5; i++) await errorOf(h.call('login', { body: { staffId: 'T0002', password: 'wrong-pass' } }));
  }

  it('reads no table whole and sorts nothing', async () => {
    await aDayAtTheCounter();
    const plans = [...prepared].map((source) => ({ source: source.replace(/\s+/g, ' '), plan: planOf(source) }));
    const costly = plans.filter(({ plan }) => plan.some((step) => /^SCAN |TEMP B-TREE/.test(step)));
    expect(costly).toEqual([]);
    // The queries that grow with the store, by the index each needs.
    const indexOf = (fragment: string) => plans.find(({ source }) => source.includes(fragment))?.plan.join('; ');
    expect(indexOf('WHERE app_code_hash = ?')).toMatch(/USING INDEX registrations_by_app_code/);
    expect(indexOf('FROM devices WHERE customer_ref = ? ORDER BY')).toMatch(/USING INDEX devices_by_customer/);
    expect(indexOf("SET status = 'REPLACED' WHERE customer_ref = ?")).toMatch(/USING INDEX devices_by_customer/);
    expect(indexOf('FROM sms_outbox WHERE mobile = ?')).toMatch(/USING INDEX sms_outbox_by_mobile/);
    expect(indexOf('WHERE card_vendor_code = ? AND card_serial = ?')).toMatch(/USING INDEX devices_by_card/);
    expect(indexOf("ended_reason = 'STAFF_LOCKED' WHERE staff_id = ?")).toMatch(/USING INDEX staff_sessions_open_by_staff/);
    expect(indexOf("FROM cards WHERE status = 'IN_STOCK'")).toMatch(/USING INDEX cards_in_stock/);
    expect(indexOf('FROM cards WHERE vendor_code = ? AND serial >= ?')).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_cards_1 \(vendor_code=\? AND serial>\? AND serial<\?\)/);
    expect(indexOf('FROM registrations r JOIN customers')).toMatch(/USING INDEX registrations_pending_activation/);
    expect(indexOf('FROM devices d JOIN customers')).toMatch(/USING INDEX devices_restricted/);
  });
});
