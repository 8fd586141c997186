import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IssuerOperation } from '../../issuer-api/endpoints.js';
import type { Issuer } from '../../main/issuer/issuer.js';
import { InProcessIssuer } from '../../main/issuer/in-process.js';
import { ANCHOR_DELAY_MS, JournalAnchoring } from '../../main/journal/anchoring.js';
import { JournalIntegrity, latestAnchor } from '../../main/journal/integrity.js';
import { Journal } from '../../main/journal/journal.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb } from '../../sandbox/store/store.js';
import { memoryLog } from '../support/memory-log.js';
import { identity, journalFileEachTest } from './support/journal.js';
import { TERMINAL } from './support/sandbox.js';

// Anchoring batches the journal's head to the issuer at most a minute behind, retries what could
// not be sent, and anchors nothing while the journal is unchecked or in alarm. The issuer is the
// sandbox in-process; only the timers are fake.

const at = journalFileEachTest();

describe('anchoring the journal head', () => {
  let journal: Journal;
  let sandbox: Issuer;
  let anchorCalls: number;
  let reachable: boolean;
  let issuer: Issuer;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    journal = Journal.open(at.file, identity);
    sandbox = new InProcessIssuer(new SandboxIssuer({ db: openSandboxDb(':memory:') }), TERMINAL);
    anchorCalls = 0;
    reachable = true;
    // The sandbox behind a switch: an issuer that can go away, counting anchor calls.
    issuer = {
      call: (async (op: IssuerOperation, request: never, options: never) => {
        if (!reachable) throw new Error('issuer unreachable');
        if (op === 'anchorJournal') anchorCalls++;
        return sandbox.call(op as never, request, options);
      }) as Issuer['call'],
    };
  });
  afterEach(() => {
    vi.useRealTimers();
    journal.close();
  });

  async function setUp() {
    const log = memoryLog();
    const integrity = new JournalIntegrity({ journal, issuer, log: log.log, changed: () => {} });
    await integrity.check();
    const anchoring = new JournalAnchoring({ journal, issuer, integrity, log: log.log });
    return { integrity, anchoring, log };
  }

  const write = (n: number) => {
    for (let i = 0; i < n; i++) journal.record({ job: 'SLIP_REPRINT', tellerId: 'T0001' }, { result: 'OK' });
  };

  it('sends one anchor for every entry written within the minute, a minute after the first', async () => {
    const { anchoring, integrity } = await setUp();
    write(3);
    await vi.advanceTimersByTimeAsync(ANCHOR_DELAY_MS - 1);
    expect(anchorCalls).toBe(0);
    write(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(anchorCalls).toBe(1);
    expect(await latestAnchor(sandbox)).toMatchObject({ seq: 5, entryCount: 5, headHash: journal.head().hash });
    expect(integrity.view()).toMatchObject({ state: 'OK', headSeq: 5, anchoredSeq: 5 });
    // Nothing new, nothing sent: no timer runs for a journal already witnessed.
    await vi.advanceTimersByTimeAsync(10 * ANCHOR_DELAY_MS);
    expect(anchorCalls).toBe(1);
    anchoring.stop();
  });

  it('anchors at once on flush (logout, stop), and only what is ahead of the last anchor', async () => {
    const { anchoring } = await setUp();
    write(2);
    await anchoring.flush();
    expect(anchorCalls).toBe(1);
    await anchoring.flush();
    expect(anchorCalls).toBe(1);
    expect((await latestAnchor(sandbox))?.seq).toBe(2);
    anchoring.stop();
  });

  it('tries again a minute later when the issuer cannot be reached', async () => {
    const { anchoring, log } = await setUp();
    write(1);
    reachable = false;
    await vi.advanceTimersByTimeAsync(ANCHOR_DELAY_MS);
    expect(log.entries().some((l) => /^WARN journal anchor #1 not sent/.test(l))).toBe(true);
    reachable = true;
    await vi.advanceTimersByTimeAsync(ANCHOR_DELAY_MS);
    expect((await latestAnchor(sandbox))?.seq).toBe(1);
    anchoring.stop();
  });

  it('anchors nothing in alarm, and checks the journal when the issuer refuses an anchor', async () => {
    // Another head at this terminal's seq 3 (a journal that was swapped while the console ran).
    write(3);
    await sandbox.call('anchorJournal', { body: { seq: 3, headHash: 'f'.repeat(64), entryCount: 3 } });
    const { anchoring, integrity, log } = await setUp();
    expect(integrity.view()).toMatchObject({ state: 'ALARM', reason: 'DIVERGES_FROM_ANCHOR' });
    write(1);
    await anchoring.flush();
    expect(anchorCalls).toBe(0);
    expect(log.entries().filter((l) => l.startsWith('ERROR journal integrity: ALARM'))).toHaveLength(1);
    anchoring.stop();
  });

  it('an anchor refused because the journal went backwards raises the alarm', async () => {
    write(1);
    // Opened again: a journal found at start, not one that started anew (that would be JOURNAL_MISSING).
    journal.close();
    journal = Journal.open(at.file, identity);
    const { anchoring, integrity } = await setUp();
    write(1);
    // Meanwhile the issuer witnessed seq 9 of this terminal (from a journal this one is behind).
    await sandbox.call('anchorJournal', { body: { seq: 9, headHash: 'e'.repeat(64), entryCount: 9 } });
    await anchoring.flush();
    expect(anchorCalls).toBe(1);
    expect(integrity.view()).toMatchObject({ state: 'ALARM', reason: 'BEHIND_ANCHOR', anchoredSeq: 9 });
    expect(integrity.refusesJobs()).toBe(true);
    anchoring.stop();
  });
});
