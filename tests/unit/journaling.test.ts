import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract.js';
import { JOB_NAMES } from '../../shared/journal.js';
import { JOURNALING, journalingOf, type JournalingTable } from '../../main/journal/journaling.js';
import { SessionFacts } from '../../main/journal/session-facts.js';

// Every channel's journaling is decided in one table the compiler holds to the contract. The
// `@ts-expect-error` lines are checked by the tests' typecheck: each fails it if its error goes away.

describe('the journaling table', () => {
  it('does not compile without a decision for every channel, or with one for a channel the contract lacks', () => {
    const { 'otp.status': _undecided, ...withoutOne } = JOURNALING;
    // @ts-expect-error a channel without a decision (here otp.status) is a compile error
    const missing: JournalingTable = withoutOne;
    // @ts-expect-error a decision for a channel that is not in the contract
    const extra: JournalingTable = { ...JOURNALING, 'otp.renamed': { kind: 'not journaled', why: 'gone' } };
    expect(Object.keys(missing)).not.toContain('otp.status');
    expect(Object.keys(extra)).toContain('otp.renamed');
  });

  it("does not compile an entry that reads a field its channel's input or output does not have", () => {
    const table: JournalingTable = {
      ...JOURNALING,
      // @ts-expect-error otp.checkOtp's input has a deviceId and an otp, no customerRef
      'otp.checkOtp': { kind: 'job', job: 'OTP_CHECK', facts: (input, known) => known.customer(input.customerRef) },
      'device.reportLoss': {
        kind: 'job',
        job: 'LOSS_REPORT',
        // @ts-expect-error a loss report answers a reportRef, not a registrationId
        outcome: (output) => ({ issuerRef: output.registrationId }),
      },
    };
    expect(table['otp.checkOtp'].kind).toBe('job');
  });

  it('has a decision for every channel of the contract at run time, and none for anything else', () => {
    expect(Object.keys(JOURNALING).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(journalingOf(channel), channel).toBe(JOURNALING[channel]);
    expect(journalingOf('no.such')).toBeUndefined();
    expect(journalingOf('toString')).toBeUndefined();
  });

  it('names a job for every journaled channel, and why for every other', () => {
    for (const channel of CHANNELS) {
      const decision = JOURNALING[channel];
      if (decision.kind === 'not journaled') expect(decision.why, channel).toMatch(/\w{3,}/);
      else expect(JOB_NAMES, channel).toContain(decision.job);
    }
    // The reads the console polls, its configuration, the preferences and the training phone are not the counter's work.
    const notJournaled = CHANNELS.filter((channel) => JOURNALING[channel].kind === 'not journaled');
    expect(notJournaled.sort()).toEqual([
      'config.get',
      'customer.devices',
      'dayEnd.prepare',
      'dayEnd.summary',
      'fees.get',
      'journal.checkIntegrity',
      'journal.list',
      'preferences.get',
      'preferences.setLocale',
      'staff.activity',
      'staff.current',
      'status.get',
      'stock.list',
      'training.activateApp',
      'training.advanceClock',
      'training.clock',
      'training.currentOtp',
      'training.reset',
      'training.smsOutbox',
      'training.useOtp',
      'worklist.pendingActivations',
      'worklist.restrictedDevices',
    ]);
    expect(CHANNELS.filter((channel) => JOURNALING[channel].kind === 'watch')).toEqual(['otp.status']);
  });

  it('lets only staff coming and going, slips, the export and the acknowledgement run during a journal alarm', () => {
    const duringAlarm = CHANNELS.filter((channel) => {
      const decision = JOURNALING[channel];
      return decision.kind === 'job' && decision.duringAlarm === true;
    });
    expect(duringAlarm.sort()).toEqual([
      'journal.acknowledgeAlarm',
      'journal.exportCsv',
      'journal.reprint',
      'staff.lock',
      'staff.login',
      'staff.logout',
      'staff.unlockConsole',
    ]);
  });

  it("a worklist of pending activations names the registrations this session did not start, and never over what it learned itself", () => {
    const decision = JOURNALING['worklist.pendingActivations'];
    if (decision.kind !== 'not journaled' || !decision.remember) throw new Error('the worklist read teaches the session nothing');
    const facts = new SessionFacts();
    const started = { customerRef: 'cus-hong', customer: '홍*동 900101-1******', device: '010-****-5678' };
    facts.rememberRegistration('reg-1', started);
    const item = { staffId: 'T0001', appCodeExpiresAt: '2025-03-03T01:00:00.000Z', maskedMobile: '010-****-5678' };
    decision.remember(
      { items: [{ ...item, registrationId: 'reg-1', maskedName: '홍*동' }, { ...item, registrationId: 'reg-2', maskedName: '김*희', maskedMobile: '010-****-6789' }] },
      facts,
    );
    expect(facts.registration('reg-1')).toEqual(started);
    expect(facts.registration('reg-2')).toEqual({ customer: '김*희', device: '010-****-6789' });
  });
});
