import type { JournalAnchor } from '../../issuer-api/schemas.js';
import { IssuerError } from '../../issuer-api/errors.js';
import type { JournalAlarmReason, JournalIntegrity as IntegrityView } from '../../shared/status.js';
import type { ActiveSession } from '../staff/sessions.js';
import { ConsoleError } from '../app/errors.js';
import type { Log } from '../app/log.js';
import type { Issuer } from '../issuer/issuer.js';
import type { JournalHead } from './journal.js';
import { describeBreak, type VerifyReport } from './verify.js';

/**
 * Is the journal what the issuer witnessed? Its chain must hold under the key, and it must still
 * reach the latest anchor (anchoring.ts): the entry at the anchor's seq, with the anchor's hash.
 * A journal rolled back to an older copy or cut short ends before the anchor; one rewritten and
 * re-chained (under another key) has another hash there; a deleted one starts anew below it.
 */

/** What the comparison needs of a journal (journal.ts). */
export interface CheckedJournal {
  created: boolean;
  lastSeq(): number;
  head(): JournalHead;
  hashAt(seq: number): string | undefined;
  verify(): VerifyReport;
  isAcknowledged(reference: string): boolean;
}

export type Finding =
  | { ok: true; anchor: JournalAnchor | null; detail: string }
  | { ok: false; reason: JournalAlarmReason; anchor: JournalAnchor | null; reference: string; detail: string };

/**
 * The journal against the issuer's latest anchor (null: it has none). `detail` is for IT (the
 * log, `journal:verify --issuer`); `reference` names this very alarm, so that a supervisor's
 * acknowledgement (journaled with it as its issuer reference) covers it and no later one.
 */
export function compareWithAnchor(journal: Omit<CheckedJournal, 'isAcknowledged' | 'lastSeq'>, anchor: JournalAnchor | null): Finding {
  const head = journal.head();
  const chain = journal.verify();
  if (!chain.ok) {
    return {
      ok: false, reason: 'CHAIN_BROKEN', anchor, reference: `chain #${chain.firstBad.seq}`,
      detail: `the chain breaks ${describeBreak(chain.firstBad)}`,
    };
  }
  if (!anchor) return { ok: true, anchor, detail: `${head.entryCount} entries, head #${head.seq}; the issuer has no anchor of this terminal yet` };
  const witnessed = `the issuer witnessed entry #${anchor.seq} (${anchor.entryCount} entries) at ${anchor.anchoredAt}`;
  const reference = `anchor #${anchor.seq} ${anchor.headHash}`;
  if (head.seq < anchor.seq) {
    return journal.created
      ? { ok: false, reason: 'JOURNAL_MISSING', anchor, reference, detail: `the journal file was missing and started anew, but ${witnessed}` }
      : {
          ok: false, reason: 'BEHIND_ANCHOR', anchor, reference,
          detail: `the journal ends at entry #${head.seq}, but ${witnessed}: entries were cut off or the file was rolled back to an older copy`,
        };
  }
  if (journal.hashAt(anchor.seq) !== anchor.headHash) {
    return {
      ok: false, reason: 'DIVERGES_FROM_ANCHOR', anchor, reference,
      detail: `entry #${anchor.seq} is not the one ${witnessed}: the journal was rewritten`,
    };
  }
  return { ok: true, anchor, detail: `${head.entryCount} entries, head #${head.seq}, reaching the issuer's anchor at #${anchor.seq}` };
}

/** The issuer's latest anchor of this terminal, or null when it has none. */
export async function latestAnchor(issuer: Issuer): Promise<JournalAnchor | null> {
  try {
    return await issuer.call('latestJournalAnchor', {});
  } catch (error) {
    if (error instanceof IssuerError && error.code === 'NO_ANCHOR') return null;
    throw error;
  }
}

/**
 * The alarms a supervisor's acknowledgement in the journal still covers at a later start: a journal
 * behind its anchor cannot be anchored again until it passes it. The entry is believed because the
 * keyed chain holds. A broken chain vouches for nothing after its break, and a diverging journal is
 * anchored anew right after the acknowledgement, so those two are raised again if found again.
 */
const STAYS_ACKNOWLEDGED: ReadonlySet<JournalAlarmReason> = new Set(['BEHIND_ANCHOR', 'JOURNAL_MISSING']);

/** The line IT greps for in the start output and the log. */
export const INTEGRITY_LINE_PREFIX = 'journal integrity:';

/**
 * The console's journal-integrity state. Checked at start, at each login until the issuer could be
 * asked, on demand, and whenever the issuer refuses an anchor. An alarm stops every job (the
 * journal writer asks `refusesJobs`) until a supervisor acknowledges it; the acknowledgement is
 * journaled with the alarm's reference, so the same alarm found again at a later start stays
 * acknowledged, and a new one is raised anew.
 */
export class JournalIntegrity {
  private finding: Finding | null = null;
  private state: IntegrityView['state'] = 'CHECKING';
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      journal: CheckedJournal;
      issuer: Issuer;
      log: Log;
      /** The integrity line also goes to the start output (the host's stdout). */
      announce?: (line: string) => void;
      /** An alarm was raised (not one acknowledged before): the console journals it. */
      raised?: (finding: Extract<Finding, { ok: false }>) => void;
      changed: () => void;
    },
  ) {}

  view(): IntegrityView {
    const finding = this.finding;
    return {
      state: this.state,
      ...(finding && !finding.ok ? { reason: finding.reason } : {}),
      headSeq: this.deps.journal.lastSeq(),
      anchoredSeq: finding?.anchor?.seq ?? null,
    };
  }

  /** While the alarm stands, no job runs. */
  refusesJobs(): boolean {
    return this.state === 'ALARM';
  }

  /** Until the issuer could be asked once, a login asks again. */
  needsCheck(): boolean {
    return this.state === 'CHECKING' || this.state === 'UNVERIFIED';
  }

  /** Checks now (one check at a time: a second caller waits for the running one). */
  check(): Promise<void> {
    this.running ??= this.runCheck().finally(() => (this.running = null));
    return this.running;
  }

  /** A new anchor was accepted: the journal reaches it, and an acknowledged alarm is behind us. */
  anchored(anchor: JournalAnchor): void {
    if (this.state === 'ALARM') return;
    const was = this.state;
    this.finding = { ok: true, anchor, detail: '' };
    this.state = 'OK';
    if (was !== 'OK') this.deps.changed();
  }

  /**
   * A supervisor acknowledges the alarm in front of them: returns the reference the journal entry
   * carries. Refused when there is no alarm (another supervisor was quicker, or it cleared).
   */
  acknowledge(session: ActiveSession): { reference: string; supervisorId: string } {
    if (session.role !== 'SUPERVISOR') throw new ConsoleError('FORBIDDEN_ROLE', 'Only a supervisor may acknowledge the journal alarm');
    const finding = this.finding;
    if (this.state !== 'ALARM' || !finding || finding.ok) {
      throw new ConsoleError('INVALID_INPUT', 'There is no journal-integrity alarm to acknowledge', { alarm: 'NO_ALARM' });
    }
    this.state = 'ACKNOWLEDGED';
    this.deps.log.warn(`${INTEGRITY_LINE_PREFIX} alarm ${finding.reason} acknowledged by supervisor ${session.staffId}; jobs run again`);
    this.deps.changed();
    return { reference: finding.reference, supervisorId: session.staffId };
  }

  private async runCheck(): Promise<void> {
    let anchor: JournalAnchor | null;
    try {
      anchor = await latestAnchor(this.deps.issuer);
    } catch (error) {
      // The chain alone is still checked: an edit shows without the issuer.
      const local = compareWithAnchor(this.deps.journal, null);
      if (!local.ok) return this.settle(local);
      if (this.state !== 'UNVERIFIED') {
        this.deps.log.warn(`${INTEGRITY_LINE_PREFIX} not checked against the issuer (${(error as Error).message}); asked again at the next login`);
      }
      this.finding = local;
      this.setState('UNVERIFIED');
      return;
    }
    this.settle(compareWithAnchor(this.deps.journal, anchor));
  }

  private settle(finding: Finding): void {
    this.finding = finding;
    if (finding.ok) {
      this.say('info', `${INTEGRITY_LINE_PREFIX} OK, ${finding.detail}`);
      return this.setState('OK');
    }
    if (STAYS_ACKNOWLEDGED.has(finding.reason) && this.deps.journal.isAcknowledged(finding.reference)) {
      this.say('warn', `${INTEGRITY_LINE_PREFIX} ${finding.reason} (acknowledged by a supervisor earlier): ${finding.detail}`);
      return this.setState('ACKNOWLEDGED');
    }
    this.say('error', `${INTEGRITY_LINE_PREFIX} ALARM ${finding.reason}: ${finding.detail}. No job runs until a supervisor acknowledges it.`);
    const was = this.state;
    this.setState('ALARM');
    if (was !== 'ALARM') this.deps.raised?.(finding);
  }

  private say(level: 'info' | 'warn' | 'error', line: string): void {
    this.deps.log[level](line);
    this.deps.announce?.(line);
  }

  private setState(state: IntegrityView['state']): void {
    this.state = state;
    this.deps.changed();
  }
}
