import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contract, type Channel, type ChannelInput } from '../../shared/contract.js';
import { IssuerError } from '../../issuer-api/errors.js';
import { ConsoleError } from '../../main/app/errors.js';
import type { Handlers } from '../../main/app/router.js';
import { JobJournal, REFUSALS_PER_MINUTE } from '../../main/journal/job-journal.js';
import { Journal } from '../../main/journal/journal.js';
import type { ActiveSession } from '../../main/staff/sessions.js';
import { CUSTOMERS, identityCheckBody } from '../support/issuer-fixtures.js';
import { silentLog } from '../support/memory-log.js';
import { identity, journalFileEachTest } from './support/journal.js';

// The router's journal on a real journal file. Each call's input is parsed by the contract, as the
// router does before the journal sees it; the handler answers what the issuer's would.

const TELLER: ActiveSession = { staffId: 'T0001', name: '김민지', role: 'TELLER', expiresAt: '2099-01-01T00:00:00.000Z', token: 'teller-token-0000' };
const HONG_MASKED = '홍*동 900101-1******';
const at = journalFileEachTest();

let journal: Journal;
let jobs: JobJournal;
beforeEach(() => {
  journal = Journal.open(at.file, identity);
  jobs = new JobJournal(journal, { lockedStaffId: () => null, supervisorOf: () => null, log: silentLog });
});
afterEach(() => journal.close());

type Answer<C extends Channel> = Awaited<ReturnType<Handlers[C]>>;

/** One call as the router makes it: parsed input, the session, the handler. */
function call<C extends Channel>(channel: C, input: ChannelInput<C>, answer: () => Answer<C> | Promise<Answer<C>>, session: ActiveSession | null = TELLER) {
  return jobs.run(channel, contract[channel].input.parse(input), session, async () => answer());
}

const all = () => journal.jobs({ todayOnly: false, text: '' });

async function identifyHong(): Promise<string> {
  const customerRef = 'cus-hong';
  await call('customer.identify', identityCheckBody('hong'), () => ({
    checkId: 'IC-1',
    result: 'VERIFIED',
    maskedRrn: '900101-1******',
    rrnChecksumWarning: false,
    customer: { customerRef, customerType: 'INDIVIDUAL', name: '홍길동', maskedRrn: '900101-1******', mobileNumbers: ['010-****-5678'], devices: [] },
  }));
  return customerRef;
}

async function startRegistration(customerRef: string, registrationId = 'REG-1'): Promise<string> {
  const start = { customerRef, identityCheckId: 'IC-1', mobileNumber: CUSTOMERS.hong.mobile, idempotencyKey: randomUUID() };
  await call('otp.start', start, () => ({ registrationId, status: 'SMS_SENT', smsExpiresAt: '2099-01-01T00:03:00.000Z', resendsLeft: 2 }));
  return registrationId;
}

const activated = (registrationId: string) => () => ({ registrationId, status: 'ACTIVATED' as const, deviceId: 'dev-new-digital' });

describe('jobs', () => {
  it('writes the entry PENDING before the handler runs and completes it with the outcome after', async () => {
    const customerRef = await identifyHong();
    let seenByHandler: unknown;
    const key = randomUUID();
    const start = { customerRef, identityCheckId: 'IC-1', mobileNumber: CUSTOMERS.hong.mobile, idempotencyKey: key };
    await call('otp.start', start, () => {
      seenByHandler = all()[0];
      return { registrationId: 'REG-7', status: 'SMS_SENT', smsExpiresAt: '2099-01-01T00:03:00.000Z', resendsLeft: 2 };
    });
    expect(seenByHandler).toMatchObject({ job: 'DIGITAL_OTP_START', result: 'PENDING', finishedAt: null, customer: HONG_MASKED });
    expect(all()[0]).toMatchObject({ job: 'DIGITAL_OTP_START', result: 'OK', tellerId: 'T0001', customer: HONG_MASKED, device: '010-****-5678', issuerRef: 'REG-7' });
    expect(journal.unsettled()).toEqual([]);
    // The identity check: masked name and RRN, its result and reference.
    expect(all()[1]).toMatchObject({ job: 'IDENTITY_CHECK', result: 'OK', customer: HONG_MASKED, issuerRef: 'IC-1' });
  });

  it("hands a job's handler the receipt number its journal entry is listed under", async () => {
    const customerRef = await identifyHong();
    const input = { customerRef, deviceId: 'dev-hong-digital', reason: 'LOST' as const, idempotencyKey: randomUUID() };
    let given: string | undefined;
    await jobs.run('device.reportLoss', contract['device.reportLoss'].input.parse(input), TELLER, async (receiptNo) => {
      given = receiptNo;
      return { reportRef: 'loss-1', receiptNo: receiptNo!, reportedAt: '2099-01-01T00:00:00.000Z', device: {} as never };
    });
    const listed = all().find((job) => job.job === 'LOSS_REPORT');
    expect(given).toMatch(/^\d{8}-\d{6}$/);
    expect(given).toBe(listed?.receiptNo);
  });

  it('journals a failed job with its error code, and an unknown failure as INTERNAL', async () => {
    const customerRef = await identifyHong();
    const loss = { customerRef, deviceId: 'dev-hong-digital', reason: 'LOST' as const, idempotencyKey: randomUUID() };
    await expect(call('device.reportLoss', loss, () => Promise.reject(new IssuerError(404, 'DEVICE_NOT_FOUND', 'no such device')))).rejects.toThrow();
    await expect(call('otp.checkOtp', { deviceId: 'dev-1', otp: '123456' }, () => Promise.reject(new ConsoleError('NOT_LOGGED_IN', 'no')))).rejects.toThrow();
    await expect(call('otp.checkOtp', { deviceId: 'dev-2', otp: '123456' }, () => Promise.reject(new Error('database is locked')))).rejects.toThrow();
    expect(all().map((job) => [job.job, job.result, job.device])).toEqual([
      ['OTP_CHECK', 'INTERNAL', 'dev-2'],
      ['OTP_CHECK', 'NOT_LOGGED_IN', 'dev-1'],
      ['LOSS_REPORT', 'DEVICE_NOT_FOUND', 'dev-hong-digital'],
      ['IDENTITY_CHECK', 'OK', null],
    ]);
    expect(all()[2]!.customer).toBe(HONG_MASKED);
  });

  it('does not run the handler when the journal cannot be written', async () => {
    journal.close();
    let ran = false;
    await expect(call('otp.checkOtp', { deviceId: 'dev-1', otp: '123456' }, () => ((ran = true), { ok: true as const }))).rejects.toThrow();
    expect(ran).toBe(false);
    journal = Journal.open(at.file, identity); // for afterEach
  });

  it('journals a refused call without its input, and nothing for a channel that is not journaled', () => {
    jobs.refused('customer.identify', TELLER, 'INVALID_INPUT');
    jobs.refused('customer.devices', TELLER, 'SESSION_LOCKED');
    expect(all()).toEqual([expect.objectContaining({ job: 'IDENTITY_CHECK', result: 'INVALID_INPUT', tellerId: 'T0001', customer: null, device: null })]);
  });

  it('runs reads, preferences and the training phone without an entry', async () => {
    await call('customer.devices', { customerRef: 'cus-hong' }, () => []);
    await call('preferences.setLocale', { locale: 'en' }, () => ({ locale: 'en', localeSetByPolicy: false }));
    await call('training.advanceClock', { minutes: 5 }, () => ({ now: '2099-01-01T00:05:00.000Z' }));
    expect(all()).toEqual([]);
  });

  it('refuses a channel with no journaling decision rather than run it unjournaled', async () => {
    let ran = false;
    await expect(jobs.run('no.such', {}, TELLER, async () => (ran = true))).rejects.toThrow(/no journaling decision/);
    expect(ran).toBe(false);
  });
});

describe('the activation watch', () => {
  it('journals the first ACTIVATED answer of a registration once, with its customer and new device', async () => {
    const registrationId = await startRegistration(await identifyHong());
    await call('otp.status', { registrationId }, () => ({ registrationId, status: 'APP_CODE_ISSUED' }));
    for (let poll = 0; poll < 3; poll++) await call('otp.status', { registrationId }, activated(registrationId));
    const seen = all().filter((job) => job.job === 'DIGITAL_OTP_ACTIVATED');
    expect(seen).toEqual([
      expect.objectContaining({ result: 'OK', tellerId: 'T0001', customer: HONG_MASKED, device: 'dev-new-digital', issuerRef: registrationId }),
    ]);
  });

  it('does not journal the activation of a registration this session did not start', async () => {
    await call('otp.status', { registrationId: 'REG-ELSEWHERE' }, activated('REG-ELSEWHERE'));
    expect(all()).toEqual([]);
  });
});

describe('what a session taught', () => {
  it('ends with the session: the next entries name no customer the ended session identified', async () => {
    const customerRef = await identifyHong();
    const registrationId = await startRegistration(customerRef);
    expect(jobs.registrationFacts(registrationId)).toMatchObject({ customer: HONG_MASKED, device: '010-****-5678' });

    jobs.sessionEnded();

    expect(jobs.registrationFacts(registrationId)).toEqual({});
    const next: ActiveSession = { ...TELLER, staffId: 'T0002', token: 'other-token-0000' };
    const lookup = { customerRef, vendorCode: '003', serial: '300000000004' };
    await call('card.lookup', lookup, () => Promise.reject(new IssuerError(404, 'CARD_NOT_FOUND', 'no')), next).catch(() => {});
    await call('otp.resendSms', { registrationId, idempotencyKey: randomUUID() }, () => Promise.reject(new IssuerError(401, 'UNAUTHENTICATED', 'no')), next).catch(() => {});
    await call('otp.status', { registrationId }, activated(registrationId), next);
    const [resend, card] = all();
    expect(card).toMatchObject({ job: 'CARD_LOOKUP', tellerId: 'T0002', customer: null });
    expect(resend).toMatchObject({ job: 'DIGITAL_OTP_SMS_RESEND', tellerId: 'T0002', customer: null, device: null });
    expect(all().some((job) => job.job === 'DIGITAL_OTP_ACTIVATED')).toBe(false);
  });
});

describe('refused calls without a session: rate-limited', () => {
  const MINUTE = 60_000;
  let limited: JobJournal;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    limited = new JobJournal(journal, { lockedStaffId: () => null, supervisorOf: () => null, log: silentLog });
  });
  afterEach(() => vi.useRealTimers());
  const pass = (ms: number) => vi.advanceTimersByTime(ms);

  it('writes at most REFUSALS_PER_MINUTE per channel and code, then one "M more refused" entry when the minute ends', () => {
    for (let i = 0; i < 372; i++) limited.refused('otp.start', null, 'NOT_LOGGED_IN');
    expect(all()).toHaveLength(REFUSALS_PER_MINUTE);
    pass(MINUTE);
    const entries = all();
    expect(entries).toHaveLength(REFUSALS_PER_MINUTE + 1);
    expect(entries.filter((e) => e.device === `${372 - REFUSALS_PER_MINUTE} more refused`)).toEqual([
      expect.objectContaining({ job: 'DIGITAL_OTP_START', result: 'NOT_LOGGED_IN', tellerId: null }),
    ]);
    // The next minute starts afresh, and a quiet one writes nothing.
    limited.refused('otp.start', null, 'NOT_LOGGED_IN');
    pass(MINUTE * 3);
    expect(all()).toHaveLength(REFUSALS_PER_MINUTE + 2);
  });

  it('counts each channel and code on its own, and never limits a refusal in a staff session', () => {
    for (let i = 0; i < 20; i++) {
      limited.refused('otp.start', null, 'NOT_LOGGED_IN');
      limited.refused('otp.start', null, 'INVALID_INPUT');
      limited.refused('card.enroll', null, 'NOT_LOGGED_IN');
      limited.refused('card.enroll', TELLER, 'INVALID_INPUT');
    }
    expect(all()).toHaveLength(3 * REFUSALS_PER_MINUTE + 20);
    pass(MINUTE);
    expect(all().filter((e) => e.device === `${20 - REFUSALS_PER_MINUTE} more refused`)).toHaveLength(3);
  });
});
