import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/events.js';
import type { JournalPage } from '../../shared/journal.js';
import type { Result } from '../../shared/result.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// The issuer ends a session on its own when the staff account is locked (401 SESSION_ENDED). The
// console must not go on believing in it: the session ends as an expiry does, the renderer is told
// why, and the journal says so.
describe('a session the issuer ended', () => {
  let testConsole: TestConsole;
  let pushed: { name: EventName; payload: unknown }[];

  const call = (channel: string, input: unknown = {}) => testConsole.main.router.call(channel, input);
  const failure = (result: Result<unknown>) => (result.ok ? null : result.error.code);

  beforeEach(() => {
    testConsole = createTestConsole('session-ended');
    pushed = [];
    testConsole.main.events.subscribe((name, payload) => pushed.push({ name, payload }));
  });
  afterEach(async () => {
    await testConsole.dispose();
  });

  it("ends the console's session when a job is refused SESSION_ENDED because the account was locked", async () => {
    expect(await call('staff.login', { staffId: 'T0001', password: 'teller-pass-1' })).toMatchObject({ ok: true });
    expect(await call('customer.devices', { customerRef: 'cus-kim' })).toMatchObject({ ok: true });

    // Someone tries T0001's password five times wrong (here at this console's login screen): the
    // issuer locks the account and ends its open sessions. The console's session is still T0001's.
    for (let attempt = 1; attempt < 5; attempt++) {
      expect(failure(await call('staff.login', { staffId: 'T0001', password: 'wrong-pass' }))).toBe('INVALID_CREDENTIALS');
    }
    expect(failure(await call('staff.login', { staffId: 'T0001', password: 'wrong-pass' }))).toBe('STAFF_LOCKED');
    expect(await call('staff.current')).toMatchObject({ ok: true, value: { staffId: 'T0001' } });
    expect(pushed.filter((event) => event.name === 'session.ended')).toEqual([]);

    // The next job meets the issuer's refusal, which still reaches the caller as it was.
    const identify = await call('customer.identify', {
      name: '홍길동',
      rrn: '900101-1123459',
      document: { type: 'RESIDENT_CARD', issueDate: '2015-03-02' },
    });
    expect(failure(identify)).toBe('SESSION_ENDED');

    expect(await call('staff.current')).toEqual({ ok: true, value: null });
    expect(pushed.filter((event) => event.name === 'session.ended')).toEqual([
      { name: 'session.ended', payload: { reason: 'ENDED_BY_ISSUER', issuerCode: 'SESSION_ENDED' } },
    ]);
    // The console does not go on with the dead token: the next staff call is refused by the console.
    expect(failure(await call('customer.devices', { customerRef: 'cus-kim' }))).toBe('NOT_LOGGED_IN');

    // The journal, read by the next staff member at the counter.
    expect(await call('staff.login', { staffId: 'T0002', password: 'teller-pass-2' })).toMatchObject({ ok: true });
    const journal = (await call('journal.list', { todayOnly: false })) as { ok: true; value: JournalPage };
    const jobs = journal.value.jobs.map((job) => [job.job, job.tellerId, job.result]);
    expect(jobs).toContainEqual(['IDENTITY_CHECK', 'T0001', 'SESSION_ENDED']);
    expect(jobs).toContainEqual(['SESSION_ENDED_BY_ISSUER', 'T0001', 'SESSION_ENDED']);
    const ended = journal.value.jobs.find((job) => job.job === 'SESSION_ENDED_BY_ISSUER')!;
    const identityCheck = journal.value.jobs.find((job) => job.job === 'IDENTITY_CHECK')!;
    expect(ended.seq).toBeGreaterThan(identityCheck.seq);
  });

  it('leaves nothing of the ended session for the next login to take over', async () => {
    expect(await call('staff.login', { staffId: 'T0001', password: 'teller-pass-1' })).toMatchObject({ ok: true });
    for (let attempt = 1; attempt <= 5; attempt++) await call('staff.login', { staffId: 'T0001', password: 'wrong-pass' });
    expect(failure(await call('customer.devices', { customerRef: 'cus-kim' }))).toBe('SESSION_ENDED');
    expect(await call('staff.current')).toEqual({ ok: true, value: null });
    // Another staff member takes the counter: nothing of the ended session is cancelled or journaled as taken over.
    expect(await call('staff.login', { staffId: 'T0002', password: 'teller-pass-2' })).toMatchObject({ ok: true, value: { staffId: 'T0002' } });
    const journal = (await call('journal.list', { todayOnly: false })) as { ok: true; value: JournalPage };
    expect(journal.value.jobs.map((job) => job.job)).not.toContain('SESSION_TAKEN_OVER');
    expect(pushed.filter((event) => event.name === 'session.ended')).toEqual([
      { name: 'session.ended', payload: { reason: 'ENDED_BY_ISSUER', issuerCode: 'SESSION_ENDED' } },
    ]);
  });
});
