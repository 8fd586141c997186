import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { businessDateOf } from '../../issuer-api/domain.js';
import { expectRefusal, MINUTE_MS, SandboxHarness, TERMINAL } from './support/sandbox.js';

/** The terminal's business day (ISSUER-API.md v1.1 "the branch" and "fine print"). */
describe('sandbox: day-end close and reopen', () => {
  let h: SandboxHarness;
  let token: string;
  beforeEach(async () => {
    h = new SandboxHarness();
    // 23:30 in Seoul: the next business date is half an hour away.
    h.clock.set('2026-12-02T14:30:00.000Z');
    token = await h.login();
  });
  afterEach(() => h.close());

  const HEAD = 'b'.repeat(64);
  const today = () => businessDateOf(h.clock.now());
  const anchor = (seq: number, headHash = HEAD) => h.call('anchorJournal', { body: { seq, headHash, entryCount: seq } });
  const closeBody = (over: object = {}) => ({ businessDate: today(), journalSeq: 7, headHash: HEAD, summary: { jobs: 3, fees: { charged: 5000 } }, ...over });
  async function close(over: object = {}) {
    const body = closeBody(over);
    const approvalToken = await h.approval(token, 'DAY_END_CLOSE', { op: 'closeDay', body });
    return h.call('closeDay', { body }, { token, approvalToken });
  }
  const identify = () => h.identify(token, '홍길동');

  it('closes at the anchored head with a supervisor’s approval; the summary is stored as given', async () => {
    await anchor(7);
    const closed = await close();
    expect(closed.closeRef).toMatch(/^close-/);
    const row = h.db.prepare('SELECT business_date, journal_seq, head_hash, summary, closed_by FROM day_closes').get();
    expect(row).toEqual({
      business_date: '2026-12-02', journal_seq: 7, head_hash: HEAD, summary: JSON.stringify({ jobs: 3, fees: { charged: 5000 } }), closed_by: 'T0001',
    });
  });

  it('refuses a head the issuer did not witness last, a wrong date, no approval, and a summary over 16 KiB', async () => {
    await expectRefusal(close(), 409, 'ANCHOR_MISMATCH'); // no anchor at all
    await anchor(7);
    await anchor(9, 'c'.repeat(64));
    await expectRefusal(close(), 409, 'ANCHOR_MISMATCH'); // an older head
    await expectRefusal(close({ journalSeq: 9 }), 409, 'ANCHOR_MISMATCH'); // the latest seq with another hash
    await expectRefusal(close({ journalSeq: 9, headHash: 'c'.repeat(64), businessDate: '2026-12-01' }), 422, 'WRONG_BUSINESS_DATE');
    await expectRefusal(h.call('closeDay', { body: closeBody({ journalSeq: 9, headHash: 'c'.repeat(64) }) }, { token }), 403, 'APPROVAL_REQUIRED');
    await expectRefusal(close({ journalSeq: 9, headHash: 'c'.repeat(64), summary: { text: 'x'.repeat(16 * 1024) } }), 400, 'VALIDATION_FAILED');
    expect(h.count('day_closes')).toBe(0);
    // What is left is a good close.
    await close({ journalSeq: 9, headHash: 'c'.repeat(64) });
    expect(h.count('day_closes')).toBe(1);
  });

  it("once closed, the teller's jobs are refused; login, approvals, anchors, reads and the sandbox's routes still work", async () => {
    await anchor(7);
    await close();
    await expectRefusal(identify(), 409, 'TERMINAL_CLOSED');
    await expectRefusal(
      h.call('issueCard', { body: { customerRef: 'cus-hong', identityCheckId: 'chk-x', vendorCode: '001', serial: '100000000001' } }, { token }),
      409,
      'TERMINAL_CLOSED',
    );
    await expectRefusal(close(), 409, 'TERMINAL_CLOSED');
    const again = await h.login('T0002');
    await expect(h.call('devices', { params: { customerRef: 'cus-kim' } }, { token: again })).resolves.toBeDefined();
    await expect(anchor(8)).resolves.toBeDefined();
    await expect(h.call('smsOutbox', { query: { mobileNumber: '01012345678' } })).resolves.toBeDefined();
    await expect(h.approval(token, 'DAY_END_REOPEN', { op: 'reopenDay', body: { reason: 'x' } })).resolves.toBeDefined();
    // Another terminal of the branch is not closed by this one's close.
    await expect(h.call('identityCheck', { body: { name: '홍길동', rrn: '900101-1123459', document: { type: 'RESIDENT_CARD', issueDate: '2015-03-02' } } }, {
      token, terminal: { ...TERMINAL, terminalId: 'T-TEST-02' },
    })).resolves.toMatchObject({ result: 'VERIFIED' });
  });

  it('the next business date in Seoul opens the terminal again', async () => {
    await anchor(7);
    await close();
    await expectRefusal(identify(), 409, 'TERMINAL_CLOSED');
    h.clock.advance(29 * MINUTE_MS); // 23:59 in Seoul
    await expectRefusal(identify(), 409, 'TERMINAL_CLOSED');
    h.clock.advance(MINUTE_MS); // midnight
    await expect(identify()).resolves.toMatchObject({ result: 'VERIFIED' });
  });

  it('a supervisor reopens the day; it can be closed again; a reopen of an open day is refused', async () => {
    await expectRefusal(
      h.call('reopenDay', { body: { reason: 'late job' } }, { token, approvalToken: await h.approval(token, 'DAY_END_REOPEN', { op: 'reopenDay', body: { reason: 'late job' } }) }),
      409,
      'TERMINAL_NOT_CLOSED',
    );
    await anchor(7);
    const closed = await close();
    const body = { reason: '마감 후 고객 방문' };
    await expectRefusal(h.call('reopenDay', { body }, { token }), 403, 'APPROVAL_REQUIRED');
    const approvalToken = await h.approval(token, 'DAY_END_REOPEN', { op: 'reopenDay', body });
    await expect(h.call('reopenDay', { body }, { token, approvalToken })).resolves.toMatchObject({ closeRef: closed.closeRef });
    await expect(identify()).resolves.toMatchObject({ result: 'VERIFIED' });
    await anchor(12);
    await expect(close({ journalSeq: 12 })).resolves.toBeDefined();
    await expectRefusal(identify(), 409, 'TERMINAL_CLOSED');
  });

  it('a reset restores the seed: no closed day', async () => {
    await anchor(7);
    await close();
    await h.call('reset', { body: {} });
    expect(h.count('day_closes')).toBe(0);
  });
});
