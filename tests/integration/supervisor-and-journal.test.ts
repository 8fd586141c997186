import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalPage } from '../../shared/journal.js';
import type { Result } from '../../shared/result.js';
import { JOURNAL_FILE, type ConsoleMain } from '../../main/app/console.js';
import { Journal } from '../../main/journal/journal.js';
import { verifyJournal } from '../../main/journal/verify.js';
import { codeFromSms, identityCheckBody } from '../support/issuer-fixtures.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// The supervisor's part and the journal, through the console's router with the real services
// behind it: the in-process sandbox on a SQLite file (read back here) and the journal file.

const TELLER = { staffId: 'T0001', password: 'teller-pass-1' };
const OTHER_TELLER = { staffId: 'T0002', password: 'teller-pass-2' };
const SUPERVISOR = { supervisorId: 'S0001', password: 'super-pass-1' };
const CHOI_DEVICE = 'dev-choi-digital';
const FULL_RRNS = ['9208142987655', '920814-2987655', '8506152234565', '9001011123459'];

type Ok<T> = { ok: true; value: T };
const ok = <T>(result: Result<unknown>) => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return (result as Ok<T>).value;
};
const codeOf = (result: Result<unknown>) => (result.ok ? 'OK' : result.error.code);

describe('supervisor jobs and the electronic journal', () => {
  let testConsole: TestConsole;
  let main: ConsoleMain;
  let sandboxDir: string;
  let sandboxFile: string;
  const call = (channel: string, input: unknown = {}) => main.router.call(channel, input);
  const sandbox = () => new Database(sandboxFile, { readonly: true });
  const deviceRow = (deviceId: string) => {
    const db = sandbox();
    try {
      return db.prepare('SELECT status, fail_count FROM devices WHERE device_id = ?').get(deviceId) as { status: string; fail_count: number };
    } finally {
      db.close();
    }
  };
  const journal = async () => ok<JournalPage>(await call('journal.list', { todayOnly: true })).jobs;

  async function identify(who: 'choi' | 'kim' | 'hong') {
    const value = ok<{ checkId: string; customer: { customerRef: string } }>(await call('customer.identify', identityCheckBody(who)));
    return { checkId: value.checkId, customerRef: value.customer.customerRef };
  }
  const unlockRequest = (checkId: string, reason = 'customer forgot the app password') =>
    ({ action: 'DEVICE_UNLOCK', deviceId: CHOI_DEVICE, reason, identityCheckId: checkId }) as const;

  beforeEach(() => {
    sandboxDir = mkdtempSync(join(tmpdir(), 'supervisor-sandbox-'));
    sandboxFile = join(sandboxDir, 'sandbox.sqlite');
    testConsole = createTestConsole('supervisor-journal', { sandboxDb: sandboxFile });
    main = testConsole.main;
  });
  afterEach(async () => {
    await testConsole.dispose();
    rmSync(sandboxDir, { recursive: true, force: true });
  });

  it('refuses the supervisor channels to a teller session called directly, and the issuer is never asked', async () => {
    ok(await call('staff.login', TELLER));
    const { checkId, customerRef } = await identify('choi');
    const unlock = { customerRef, deviceId: CHOI_DEVICE, reason: 'forgot', identityCheckId: checkId, idempotencyKey: randomUUID() };

    expect(codeOf(await call('device.unlock', { ...unlock, approvalToken: 'forged-approval-token-0000' }))).toBe('FORBIDDEN_ROLE');
    expect(codeOf(await call('device.releaseLoss', { customerRef, deviceId: CHOI_DEVICE, approvalToken: 'forged-approval-token-0000', idempotencyKey: randomUUID() }))).toBe('FORBIDDEN_ROLE');
    expect(codeOf(await call('journal.exportCsv', { todayOnly: true }))).toBe('FORBIDDEN_ROLE');
    expect(deviceRow(CHOI_DEVICE)).toEqual({ status: 'RESTRICTED', fail_count: 10 });

    // The refusals are journaled too, with the teller who tried.
    const refused = (await journal()).filter((job) => job.result === 'FORBIDDEN_ROLE');
    expect(refused.map((job) => job.job).sort()).toEqual(['DEVICE_UNLOCK', 'JOURNAL_EXPORT', 'LOSS_RELEASE']);
    expect(refused.every((job) => job.tellerId === 'T0001')).toBe(true);
  });

  it('refuses each wrong approval with its own code: wrong password, a teller, self-approval', async () => {
    ok(await call('staff.login', TELLER));
    const { checkId, customerRef } = await identify('choi');
    const ask = (who: { supervisorId: string; password: string }) =>
      call('approval.request', { customerRef, ...who, request: unlockRequest(checkId) });

    const wrong = await ask({ supervisorId: 'S0001', password: 'not-it' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS', details: { attemptsLeft: 4 } } });
    expect(codeOf(await ask(OTHER_TELLER_AS_SUPERVISOR))).toBe('NOT_A_SUPERVISOR');

    // A supervisor working the counter cannot approve their own request.
    ok(await call('staff.login', { staffId: 'S0001', password: 'super-pass-1' }));
    const again = await identify('choi');
    const self = await call('approval.request', { customerRef: again.customerRef, ...SUPERVISOR, request: unlockRequest(again.checkId) });
    expect(codeOf(self)).toBe('SELF_APPROVAL');

    const approvals = (await journal()).filter((job) => job.job === 'SUPERVISOR_APPROVAL').map((job) => job.result);
    expect(approvals.sort()).toEqual(['INVALID_CREDENTIALS', 'NOT_A_SUPERVISOR', 'SELF_APPROVAL']);
  });

  it('unlocks with an approval for that exact request, once; an approval for another request is refused by the issuer', async () => {
    ok(await call('staff.login', TELLER));
    const { checkId, customerRef } = await identify('choi');
    const approval = ok<{ approvalToken: string }>(
      await call('approval.request', { customerRef, ...SUPERVISOR, request: unlockRequest(checkId, 'reason A') }),
    );
    const unlock = (reason: string, approvalToken: string, idempotencyKey = randomUUID()) =>
      call('device.unlock', { customerRef, deviceId: CHOI_DEVICE, reason, identityCheckId: checkId, approvalToken, idempotencyKey });

    // Approved for "reason A", sent with "reason B": the digest differs, the issuer refuses.
    expect(codeOf(await unlock('reason B', approval.approvalToken))).toBe('APPROVAL_INVALID');
    expect(deviceRow(CHOI_DEVICE)).toEqual({ status: 'RESTRICTED', fail_count: 10 });

    const second = ok<{ approvalToken: string }>(
      await call('approval.request', { customerRef, ...SUPERVISOR, request: unlockRequest(checkId, 'reason A') }),
    );
    const key = randomUUID();
    expect(ok<{ status: string; failCount: number }>(await unlock('reason A', second.approvalToken, key))).toMatchObject({
      status: 'ACTIVE',
      failCount: 0,
    });
    expect(deviceRow(CHOI_DEVICE)).toEqual({ status: 'ACTIVE', fail_count: 0 });
    // Spent: the console no longer holds it, so the router refuses before the issuer would.
    expect(codeOf(await unlock('reason A', second.approvalToken))).toBe('FORBIDDEN_ROLE');

    const unlocked = (await journal()).find((job) => job.job === 'DEVICE_UNLOCK' && job.result === 'OK');
    expect(unlocked).toMatchObject({ tellerId: 'T0001', supervisorId: 'S0001', customer: '최*우 920814-2******', device: CHOI_DEVICE });
  });

  it('releases a loss report with an approval; the device returns to the status it had', async () => {
    ok(await call('staff.login', TELLER));
    const { customerRef } = await identify('kim');
    ok(await call('device.reportLoss', { customerRef, deviceId: 'dev-kim-digital', reason: 'LOST', idempotencyKey: randomUUID() }));
    const approval = ok<{ approvalToken: string }>(
      await call('approval.request', { customerRef, ...SUPERVISOR, request: { action: 'LOSS_REPORT_RELEASE', deviceId: 'dev-kim-digital' } }),
    );
    const released = await call('device.releaseLoss', {
      customerRef,
      deviceId: 'dev-kim-digital',
      approvalToken: approval.approvalToken,
      idempotencyKey: randomUUID(),
    });
    expect(ok<{ status: string }>(released).status).toBe('ACTIVE');
    const release = (await journal()).find((job) => job.job === 'LOSS_RELEASE');
    expect(release).toMatchObject({ result: 'OK', supervisorId: 'S0001', customer: '김*희 850615-2******' });
  });

  it('locks the console: staff channels stop, only the same teller’s password opens it', async () => {
    ok(await call('staff.login', TELLER));
    expect(ok<{ locked: boolean }>(await call('staff.lock')).locked).toBe(true);
    expect(codeOf(await call('customer.identify', identityCheckBody('choi')))).toBe('SESSION_LOCKED');
    expect(ok<{ locked: boolean; staffId: string }>(await call('staff.current'))).toMatchObject({ locked: true, staffId: 'T0001' });

    expect(await call('staff.unlockConsole', { password: 'teller-pass-2' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CREDENTIALS', details: { attemptsLeft: 4 } },
    });
    expect(ok<{ locked: boolean }>(await call('staff.unlockConsole', { password: 'teller-pass-1' })).locked).toBe(false);
    expect(codeOf(await call('customer.identify', identityCheckBody('choi')))).toBe('OK');

    const jobs = (await journal()).map((job) => `${job.job}:${job.result}`);
    expect(jobs).toEqual(expect.arrayContaining(['SESSION_LOCKED:OK', 'SESSION_UNLOCKED:INVALID_CREDENTIALS', 'SESSION_UNLOCKED:OK']));
  });

  it('another teller logging in takes over: the open registration is cancelled at the issuer and journaled', async () => {
    ok(await call('staff.login', TELLER));
    const { checkId, customerRef } = await identify('hong');
    const started = ok<{ registrationId: string }>(
      await call('otp.start', { customerRef, identityCheckId: checkId, mobileNumber: '010-****-5678', idempotencyKey: randomUUID() }),
    );
    ok(await call('staff.lock'));
    ok(await call('staff.login', OTHER_TELLER));

    const db = sandbox();
    const registration = db.prepare('SELECT status FROM registrations WHERE registration_id = ?').get(started.registrationId);
    db.close();
    expect(registration).toEqual({ status: 'CANCELLED' });
    const jobs = await journal();
    expect(jobs.find((job) => job.job === 'DIGITAL_OTP_CANCEL')).toMatchObject({
      tellerId: 'T0001',
      result: 'OK',
      issuerRef: null,
      customer: '홍*동 900101-1******',
      device: '010-****-5678',
    });
    expect(jobs.find((job) => job.job === 'SESSION_TAKEN_OVER')).toMatchObject({ tellerId: 'T0001', result: 'OK' });

    // What the first session learned went with it: the next teller's entry does not name the customer from it.
    await call('card.lookup', { customerRef, vendorCode: '003', serial: '300000000004' });
    expect((await journal()).find((job) => job.job === 'CARD_LOOKUP')).toMatchObject({ tellerId: 'T0002', customer: null });
  });

  it('keeps what a session learned across the idle lock, and ends it with a logout', async () => {
    const lookup = (customerRef: string) => call('card.lookup', { customerRef, vendorCode: '003', serial: '300000000004' });
    const lastLookup = async () => (await journal()).find((job) => job.job === 'CARD_LOOKUP');
    ok(await call('staff.login', TELLER));
    const { customerRef } = await identify('kim');
    ok(await call('staff.lock'));
    ok(await call('staff.unlockConsole', { password: TELLER.password }));
    await lookup(customerRef);
    expect(await lastLookup()).toMatchObject({ tellerId: 'T0001', customer: '김*희 850615-2******' });

    ok(await call('staff.logout'));
    ok(await call('staff.login', TELLER));
    await lookup(customerRef);
    expect(await lastLookup()).toMatchObject({ tellerId: 'T0001', customer: null });
  });

  it('journals a whole Digital OTP registration, its activation once however often it is polled', async () => {
    ok(await call('staff.login', TELLER));
    const { checkId, customerRef } = await identify('hong');
    const { registrationId } = ok<{ registrationId: string }>(
      await call('otp.start', { customerRef, identityCheckId: checkId, mobileNumber: '010-****-5678', idempotencyKey: randomUUID() }),
    );
    // The training phone finds the registration's SMS by the registration; the number comes back masked only.
    const outbox = ok<{ maskedMobile: string; messages: Array<{ text: string }> }>(await call('training.smsOutbox', { registrationId }));
    expect(outbox.maskedMobile).toBe('010-****-5678');
    expect(JSON.stringify(outbox)).not.toContain('1234');
    ok(await call('otp.verifySms', { registrationId, code: codeFromSms(outbox.messages), idempotencyKey: randomUUID() }));
    const { appRegistrationCode } = ok<{ appRegistrationCode: string }>(await call('otp.issueAppCode', { registrationId, idempotencyKey: randomUUID() }));
    ok(await call('training.activateApp', { appRegistrationCode }));
    for (let poll = 0; poll < 3; poll++) expect(ok<{ status: string }>(await call('otp.status', { registrationId })).status).toBe('ACTIVATED');

    const jobs = (await journal()).filter((job) => job.job.startsWith('DIGITAL_OTP')).reverse();
    expect(jobs.map((job) => `${job.job}:${job.result}`)).toEqual([
      'DIGITAL_OTP_START:OK',
      'DIGITAL_OTP_SMS_VERIFY:OK',
      'DIGITAL_OTP_APP_CODE:OK',
      'DIGITAL_OTP_ACTIVATED:OK',
    ]);
    expect(jobs.every((job) => job.customer === '홍*동 900101-1******' && job.issuerRef === registrationId)).toBe(true);
    // The app registration code is a live credential: it is never journaled.
    expect(JSON.stringify(jobs)).not.toContain(appRegistrationCode);
  });

  it("leaves an issued app code to the customer at a takeover; the next teller cancels it from the worklist, journaled with what the worklist named", async () => {
    ok(await call('staff.login', TELLER));
    const { checkId, customerRef } = await identify('hong');
    const { registrationId } = ok<{ registrationId: string }>(
      await call('otp.start', { customerRef, identityCheckId: checkId, mobileNumber: '010-****-5678', idempotencyKey: randomUUID() }),
    );
    const outbox = ok<{ messages: Array<{ text: string }> }>(await call('training.smsOutbox', { registrationId }));
    ok(await call('otp.verifySms', { registrationId, code: codeFromSms(outbox.messages), idempotencyKey: randomUUID() }));
    ok(await call('otp.issueAppCode', { registrationId, idempotencyKey: randomUUID() }));
    ok(await call('staff.lock'));
    ok(await call('staff.login', OTHER_TELLER));
    expect((await journal()).filter((job) => job.job === 'DIGITAL_OTP_CANCEL')).toEqual([]);

    // The new session never saw this registration: the worklist is what names it.
    const pending = ok<{ items: unknown[] }>(await call('worklist.pendingActivations'));
    expect(pending.items).toEqual([
      { registrationId, maskedName: '홍*동', maskedMobile: '010-****-5678', staffId: 'T0001', appCodeExpiresAt: expect.any(String) },
    ]);
    const restricted = ok<{ items: Array<{ deviceId: string }> }>(await call('worklist.restrictedDevices'));
    expect(restricted.items.map((item) => item.deviceId)).toEqual([CHOI_DEVICE]);
    ok(await call('otp.cancel', { registrationId, idempotencyKey: randomUUID() }));
    expect(codeOf(await call('otp.cancel', { registrationId, idempotencyKey: randomUUID() }))).toBe('INVALID_REGISTRATION_STATE');

    const cancels = (await journal()).filter((job) => job.job === 'DIGITAL_OTP_CANCEL').reverse();
    expect(cancels).toMatchObject([
      { tellerId: 'T0002', result: 'OK', customer: '홍*동', device: '010-****-5678', issuerRef: registrationId },
      { tellerId: 'T0002', result: 'INVALID_REGISTRATION_STATE', customer: '홍*동', device: '010-****-5678' },
    ]);
    expect(ok<{ items: unknown[] }>(await call('worklist.pendingActivations')).items).toEqual([]);
    // The worklists are reads: nothing of them in the journal.
    expect((await journal()).some((job) => job.job.startsWith('WORKLIST'))).toBe(false);
  });

  it('settles at start the jobs a crash left pending, by asking the issuer; the chain verifies', async () => {
    ok(await call('staff.login', TELLER));
    const { customerRef } = await identify('kim');
    // The console "crashed" mid-call twice: once after the issuer acted, once before it saw the request.
    const acted = randomUUID();
    ok(await call('device.reportLoss', { customerRef, deviceId: 'dev-kim-digital', reason: 'STOLEN', idempotencyKey: acted }));
    const journalFile = join(testConsole.dataDir, JOURNAL_FILE);
    const dataDir = testConsole.dataDir;
    await main.stop();

    const crashed = Journal.open(journalFile, { institutionCode: '088', branchCode: '0101', terminalId: 'T-TRAINING', training: true });
    const happened = crashed.begin({ job: 'LOSS_REPORT', tellerId: 'T0001', device: 'dev-kim-digital', idempotencyKey: acted });
    const neverSent = crashed.begin({ job: 'LOSS_REPORT', tellerId: 'T0001', device: 'dev-kim-card-020', idempotencyKey: randomUUID() });
    const keyless = crashed.begin({ job: 'IDENTITY_CHECK', tellerId: 'T0001' });
    crashed.close();

    testConsole = createTestConsole('supervisor-journal', { sandboxDb: sandboxFile }, dataDir);
    main = testConsole.main;
    main.start();
    ok(await call('staff.login', TELLER));
    await expect.poll(async () => (await journal()).filter((job) => job.settledAfterRestart).length).toBe(3);
    const bySeq = new Map((await journal()).map((job) => [job.seq, job]));
    expect(bySeq.get(happened)).toMatchObject({ result: 'OK', settledAfterRestart: true });
    expect(bySeq.get(neverSent)).toMatchObject({ result: 'NOT_DONE', settledAfterRestart: true });
    expect(bySeq.get(keyless)).toMatchObject({ result: 'UNKNOWN', settledAfterRestart: true });
    expect(verifyJournal(journalFile)).toMatchObject({ ok: true });
  });

  it('journals masked data only: no full RRN in the journal file or its CSV export', async () => {
    ok(await call('staff.login', { staffId: 'S0001', password: 'super-pass-1' }));
    await identify('choi');
    await identify('kim');
    // A wrong-format RRN is refused by the router and journaled without its input.
    expect(codeOf(await call('customer.identify', { ...identityCheckBody('hong'), rrn: '900101-11234' }))).toBe('INVALID_INPUT');
    const csv = ok<{ csv: string }>(await call('journal.exportCsv', { todayOnly: true })).csv;
    expect(csv).toContain('최*우 920814-2******');
    expect(csv).toContain('INVALID_INPUT');

    const raw = new Database(join(testConsole.dataDir, JOURNAL_FILE), { readonly: true });
    const dump = JSON.stringify(raw.prepare('SELECT * FROM entries').all());
    raw.close();
    for (const rrn of FULL_RRNS) {
      expect(dump).not.toContain(rrn);
      expect(csv).not.toContain(rrn);
    }
  });
});

const OTHER_TELLER_AS_SUPERVISOR = { supervisorId: OTHER_TELLER.staffId, password: OTHER_TELLER.password };
