import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DayEndRequest } from '../../issuer-api/schemas.js';
import type { DaySummary } from '../../shared/day-end.js';
import type { JournalPage } from '../../shared/journal.js';
import type { ConsoleStatus } from '../../shared/status.js';
import type { Result } from '../../shared/result.js';
import { JOURNAL_FILE } from '../../main/app/console.js';
import { Journal } from '../../main/journal/journal.js';
import { verifyJournal } from '../../main/journal/verify.js';
import { identityCheckBody } from '../support/issuer-fixtures.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// The day-end close through the console's router, with the in-process sandbox and the journal file
// behind it: the summary is the journal's, the close names the head the issuer witnessed.

const TELLER = { staffId: 'T0001', password: 'teller-pass-1' };
const SUPERVISOR = { supervisorId: 'S0001', password: 'super-pass-1' };
const TERMINAL = { institutionCode: '088', branchCode: '0101', terminalId: 'T-TRAINING' };

const ok = <T>(result: Result<unknown>) => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value as T;
};
const codeOf = (result: Result<unknown>) => (result.ok ? 'OK' : result.error.code);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Prepared = DayEndRequest & { summary: DaySummary };

describe('the day-end close', () => {
  const consoles: TestConsole[] = [];
  afterEach(async () => {
    for (const c of consoles.splice(0)) await c.dispose();
  });
  function start(dataDir?: string) {
    // Anchors follow the journal within 20 ms: a close not held at its head would be refused.
    const testConsole = createTestConsole('day-end', {}, dataDir, undefined, { anchorDelayMs: 20 });
    consoles.push(testConsole);
    const call = (channel: string, input: unknown = {}) => testConsole.main.router.call(channel, input);
    return { ...testConsole, call };
  }
  type Console = ReturnType<typeof start>;
  const approve = async ({ call }: Console, request: object) =>
    ok<{ approvalToken: string }>(await call('approval.request', { ...SUPERVISOR, request })).approvalToken;
  const close = async (c: Console, prepared: Prepared) =>
    c.call('dayEnd.close', { close: prepared, approvalToken: await approve(c, { action: 'DAY_END_CLOSE', close: prepared }), idempotencyKey: randomUUID() });
  const dayOf = async ({ call }: Console) => ok<ConsoleStatus>(await call('status.get')).day;
  const journal = async ({ call }: Console) => ok<JournalPage>(await call('journal.list', { todayOnly: true })).jobs;

  it("closes the day at the journal's witnessed head with a supervisor's approval; jobs are refused until a reopen", async () => {
    const c = start();
    ok(await c.call('staff.login', TELLER));
    ok(await c.call('customer.identify', identityCheckBody('hong')));
    expect(codeOf(await c.call('customer.identify', { ...identityCheckBody('hong'), name: '홍길순' }))).toBe('OK');

    const summary = ok<DaySummary>(await c.call('dayEnd.summary'));
    expect(summary.jobs).toEqual([
      { staffId: 'T0001', job: 'IDENTITY_CHECK', result: 'MISMATCH', count: 1 },
      { staffId: 'T0001', job: 'IDENTITY_CHECK', result: 'OK', count: 1 },
    ]);
    expect(summary).toMatchObject({ training: true, approvals: [], unsettled: { count: 0, jobs: [] }, stockCount: null, fees: { total: 0 } });

    const prepared = ok<Prepared>(await c.call('dayEnd.prepare', {}));
    const head = ok<{ headSeq: number; anchoredSeq: number }>(await c.call('journal.checkIntegrity'));
    expect(prepared.journalSeq).toBe(head.anchoredSeq);
    expect(prepared.summary.jobs).toEqual(summary.jobs);

    // The approval is journaled after the head; held, the anchor stays where the close names it.
    const approvalToken = await approve(c, { action: 'DAY_END_CLOSE', close: prepared });
    await sleep(150);
    const closed = ok<{ closeRef: string }>(await c.call('dayEnd.close', { close: prepared, approvalToken, idempotencyKey: randomUUID() }));
    expect(await dayOf(c)).toMatchObject({ state: 'CLOSED', closeRef: closed.closeRef });
    expect(codeOf(await c.call('customer.identify', identityCheckBody('hong')))).toBe('TERMINAL_CLOSED');
    expect(codeOf(await c.call('dayEnd.prepare', {}))).toBe('TERMINAL_CLOSED');

    const closeJob = (await journal(c)).find((job) => job.job === 'DAY_END_CLOSE');
    expect(closeJob).toMatchObject({ result: 'OK', supervisorId: 'S0001', tellerId: 'T0001', issuerRef: closed.closeRef });

    const reason = 'a customer came back after the close';
    const reopenToken = await approve(c, { action: 'DAY_END_REOPEN', reopen: { reason } });
    ok(await c.call('dayEnd.reopen', { reason, approvalToken: reopenToken, idempotencyKey: randomUUID() }));
    expect(await dayOf(c)).toMatchObject({ state: 'OPEN' });
    expect(codeOf(await c.call('customer.identify', identityCheckBody('hong')))).toBe('OK');
    expect((await journal(c)).find((job) => job.job === 'DAY_END_REOPEN')).toMatchObject({ result: 'OK', supervisorId: 'S0001' });
  });

  it("follows the issuer when a reopen finds the issuer's day open (a training sandbox reset to its seed)", async () => {
    const c = start();
    ok(await c.call('staff.login', TELLER));
    ok(await close(c, ok<Prepared>(await c.call('dayEnd.prepare', {}))));
    ok(await c.call('training.reset'));
    ok(await c.call('staff.login', TELLER));
    expect(await dayOf(c)).toMatchObject({ state: 'CLOSED' });
    const reason = 'the training sandbox was reset';
    const token = await approve(c, { action: 'DAY_END_REOPEN', reopen: { reason } });
    expect(codeOf(await c.call('dayEnd.reopen', { reason, approvalToken: token, idempotencyKey: randomUUID() }))).toBe('TERMINAL_NOT_CLOSED');
    expect(await dayOf(c)).toMatchObject({ state: 'OPEN' });
  });

  it('refuses a close whose summary differs from the one approved, and the day stays open', async () => {
    const c = start();
    ok(await c.call('staff.login', TELLER));
    const prepared = ok<Prepared>(await c.call('dayEnd.prepare', {}));
    const approvalToken = await approve(c, { action: 'DAY_END_CLOSE', close: prepared });
    const changed = { ...prepared, summary: { ...prepared.summary, training: false } };
    expect(codeOf(await c.call('dayEnd.close', { close: changed, approvalToken, idempotencyKey: randomUUID() }))).toBe('APPROVAL_INVALID');
    expect(await dayOf(c)).toMatchObject({ state: 'OPEN' });
    // A teller alone cannot close: the channel is a supervisor's.
    expect(codeOf(await c.call('dayEnd.close', { close: prepared, approvalToken: 'forged-approval-token-0000', idempotencyKey: randomUUID() }))).toBe(
      'FORBIDDEN_ROLE',
    );
  });

  it('asks for an explanation of a job whose result is not known, and reports it with the summary', async () => {
    const first = start();
    await first.main.stop();
    // A lookup the console stopped in the middle of: it has no key to ask the issuer about, so it settles UNKNOWN.
    const file = join(first.dataDir, JOURNAL_FILE);
    const crashed = Journal.open(file, { ...TERMINAL, training: true });
    crashed.begin({ job: 'CARD_LOOKUP', tellerId: 'T0001', device: '001/1000****0001' });
    crashed.close();

    const c = start(first.dataDir);
    ok(await c.call('staff.login', TELLER));
    let summary = ok<DaySummary>(await c.call('dayEnd.summary'));
    for (let tries = 0; summary.unsettled.jobs[0]?.result !== 'UNKNOWN' && tries < 50; tries++) {
      await sleep(20);
      summary = ok<DaySummary>(await c.call('dayEnd.summary'));
    }
    expect(summary.unsettled).toMatchObject({ count: 1, jobs: [{ job: 'CARD_LOOKUP', result: 'UNKNOWN' }] });

    const refused = await c.call('dayEnd.prepare', {});
    expect(codeOf(refused)).toBe('INVALID_INPUT');
    expect(refused.ok ? null : refused.error.details).toEqual({ unsettledExplanation: 'EXPLANATION_REQUIRED' });
    expect(codeOf(await c.call('dayEnd.prepare', { unsettledExplanation: '   ' }))).toBe('INVALID_INPUT');

    const explanation = 'the reader was unplugged during the lookup; no card was issued';
    const prepared = ok<Prepared>(await c.call('dayEnd.prepare', { unsettledExplanation: explanation }));
    expect(prepared.summary.unsettled.explanation).toBe(explanation);
    const closed = ok<{ closeRef: string }>(await close(c, prepared));
    expect(closed.closeRef).toMatch(/\w/);

    // A restart reads the closed day from the journal.
    await c.main.stop();
    const again = start(first.dataDir);
    expect(await dayOf(again)).toMatchObject({ state: 'CLOSED', closeRef: closed.closeRef });
    expect(verifyJournal(file)).toMatchObject({ ok: true });
  });

  it("counts the day's approvals per supervisor and a job's own refusal apart from its success", async () => {
    const c = start();
    ok(await c.call('staff.login', TELLER));
    // A teller cannot approve: refused, and journaled as such.
    expect(codeOf(await c.call('approval.request', { supervisorId: 'T0002', password: 'teller-pass-2', request: { action: 'DAY_END_REOPEN', reopen: { reason: 'x' } } }))).toBe(
      'NOT_A_SUPERVISOR',
    );
    await approve(c, { action: 'DAY_END_REOPEN', reopen: { reason: 'x' } });
    const summary = ok<DaySummary>(await c.call('dayEnd.summary'));
    expect(summary.approvals).toEqual([
      { supervisorId: 'S0001', job: 'SUPERVISOR_APPROVAL', result: 'OK', count: 1 },
      { supervisorId: 'T0002', job: 'SUPERVISOR_APPROVAL', result: 'NOT_A_SUPERVISOR', count: 1 },
    ]);
    // An approval is not one of the day's jobs: it is counted under approvals only.
    expect(summary.jobs.filter((job) => job.job === 'SUPERVISOR_APPROVAL')).toEqual([]);
  });
});
