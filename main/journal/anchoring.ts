import { IssuerError } from '../../issuer-api/errors.js';
import type { Log } from '../app/log.js';
import type { Issuer } from '../issuer/issuer.js';
import type { JournalIntegrity } from './integrity.js';
import type { Journal } from './journal.js';

/** How far the issuer's witness may lag the journal (ISSUER-API.md v1.1 "the branch"). */
export const ANCHOR_DELAY_MS = 60_000;

/**
 * Keeps the issuer's witness of the journal's head current: after an entry is appended, the head
 * is anchored (`POST /v1/journal-anchors`) within `delayMs`, one call for all entries written
 * meanwhile, and at once at logout and at stop. An anchor the issuer refuses (the journal went
 * backwards or another head holds that seq) is a reason to check the journal (integrity.ts).
 * Nothing is anchored while the journal is unchecked or in alarm, nor below an acknowledged anchor.
 */
export class JournalAnchoring {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | null = null;
  /** Until when (ms) the scheduled anchoring keeps the witnessed head still: a day-end close is being approved at it. */
  private heldUntil = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly deps: {
      journal: Pick<Journal, 'head' | 'onAppend'>;
      issuer: Issuer;
      integrity: JournalIntegrity;
      log: Log;
      delayMs?: number;
    },
  ) {
    this.unsubscribe = deps.journal.onAppend(() => this.schedule());
  }

  /** Anchors the head now if it is ahead of the last anchor; waits for an anchoring under way. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // One call at a time; a flush during one runs again after it, for what was written meanwhile.
    while (this.flushing) await this.flushing;
    this.flushing = this.anchorHead().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /**
   * Keeps the issuer's witness where it is for `ms`: the day-end close names the anchored head,
   * and the supervisor's approval written meanwhile must not move the anchor past it. A flush
   * (logout, stop) still anchors; the close is then refused (ANCHOR_MISMATCH) and prepared again.
   */
  hold(ms: number): void {
    this.heldUntil = Date.now() + ms;
  }

  /** The close is done (or given up): what was written meanwhile is anchored as usual. */
  release(): void {
    this.heldUntil = 0;
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.unsubscribe();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (Date.now() < this.heldUntil) return this.schedule();
      void this.flush();
    }, Math.max(this.deps.delayMs ?? ANCHOR_DELAY_MS, this.heldUntil - Date.now()));
    this.timer.unref?.();
  }

  private async anchorHead(): Promise<void> {
    const { integrity, issuer, log } = this.deps;
    if (integrity.needsCheck()) await integrity.check();
    const view = integrity.view();
    // Unchecked: the head might sit on a rolled-back journal. In alarm: a supervisor looks first.
    if (view.state === 'UNVERIFIED' || view.state === 'ALARM' || view.state === 'CHECKING') return this.schedule();
    const head = this.deps.journal.head();
    if (head.seq === 0 || (view.anchoredSeq !== null && head.seq <= view.anchoredSeq)) return;
    try {
      const { anchoredAt } = await issuer.call('anchorJournal', { body: { seq: head.seq, headHash: head.hash, entryCount: head.entryCount } });
      integrity.anchored({ seq: head.seq, headHash: head.hash, entryCount: head.entryCount, anchoredAt });
      log.debug(`journal anchored at the issuer: entry #${head.seq}`);
    } catch (error) {
      if (error instanceof IssuerError && (error.code === 'ANCHOR_REGRESSION' || error.code === 'ANCHOR_MISMATCH')) {
        log.error(`journal anchor #${head.seq} refused by the issuer (${error.code}); checking the journal`);
        return integrity.check();
      }
      log.warn(`journal anchor #${head.seq} not sent (${(error as Error).message}); trying again`);
      this.schedule();
    }
  }
}
