import { businessDateOf } from '../../issuer-api/domain.js';
import type { DayEndRequest, DayEndResponse, DayEndReopenResponse } from '../../issuer-api/schemas.js';
import type { ChannelArgs } from '../../shared/contract.js';
import type { DayState, DaySummary } from '../../shared/day-end.js';
import { IssuerError } from '../../issuer-api/errors.js';
import { ConsoleError } from '../app/errors.js';
import type { Issuer } from '../issuer/issuer.js';
import type { JournalAnchoring } from '../journal/anchoring.js';
import type { JournalIntegrity } from '../journal/integrity.js';
import type { Journal } from '../journal/journal.js';
import type { HeldApprovals } from '../staff/approvals.js';

/** How long the witnessed head waits for the supervisor's approval of a close prepared at it. */
export const CLOSE_HOLD_MS = 10 * 60_000;

/**
 * The terminal's day-end close (마감, ISSUER-API.md v1.1 "the branch"). The summary is read from
 * the journal; the close names the journal's head as the issuer witnessed it, so a report's hash
 * and seq are the ones the issuer holds. Whether the day is closed is read from the journal too
 * (the day's last close that no reopen followed), so it survives a restart.
 */
export class DayEnd {
  constructor(
    private readonly deps: {
      issuer: Issuer;
      journal: Pick<Journal, 'daySummary' | 'dayState' | 'head'>;
      anchoring: Pick<JournalAnchoring, 'flush' | 'hold' | 'release'>;
      integrity: Pick<JournalIntegrity, 'view'>;
      approvals: Pick<HeldApprovals, 'spend'>;
      now: () => Date;
    },
  ) {}

  /** Today's business date in Asia/Seoul, on this console's clock. */
  private today(): string {
    return businessDateOf(this.deps.now());
  }

  state(): DayState {
    return this.deps.journal.dayState(this.today());
  }

  /** Today's summary as it stands, for the teller to read (nothing is anchored or held). */
  summary(): DaySummary {
    const summary = this.deps.journal.daySummary(this.today());
    return { ...summary, unsettled: { ...summary.unsettled, explanation: null } };
  }

  /**
   * The close request for the supervisor to approve: today's summary at the journal's head, the
   * head anchored at the issuer first and held there until the close is sent. Unsettled jobs need
   * the teller's explanation.
   */
  async prepare({ unsettledExplanation }: ChannelArgs<'dayEnd.prepare'>): Promise<DayEndRequest & { summary: DaySummary }> {
    if (this.state().state === 'CLOSED') throw new ConsoleError('TERMINAL_CLOSED', 'The day is closed already');
    const summary = this.summary();
    if (summary.unsettled.count > 0 && !unsettledExplanation) {
      throw new ConsoleError('INVALID_INPUT', 'Unsettled jobs need an explanation', { unsettledExplanation: 'EXPLANATION_REQUIRED' });
    }
    const { anchoring, integrity, journal } = this.deps;
    await anchoring.flush();
    const head = journal.head();
    if (integrity.view().anchoredSeq !== head.seq) {
      throw new ConsoleError('JOURNAL_NOT_ANCHORED', `The issuer has not witnessed the journal's head (#${head.seq})`);
    }
    anchoring.hold(CLOSE_HOLD_MS);
    return {
      businessDate: summary.businessDate,
      journalSeq: head.seq,
      headHash: head.hash,
      summary: { ...summary, unsettled: { ...summary.unsettled, explanation: unsettledExplanation ?? null } },
    };
  }

  /** The approved close, exactly as prepared; afterwards what was written meanwhile is anchored. */
  async close(input: ChannelArgs<'dayEnd.close'>, token: string): Promise<DayEndResponse> {
    const { close, approvalToken, idempotencyKey } = input;
    try {
      const closed = await this.deps.approvals.spend(approvalToken, () =>
        this.deps.issuer.call('closeDay', { body: close }, { token, approvalToken, idempotencyKey }),
      );
      this.deps.anchoring.release();
      return closed;
    } catch (error) {
      // Unanswered, the retry (same key) must still find the head it names witnessed.
      if (error instanceof IssuerError) this.deps.anchoring.release();
      throw error;
    }
  }

  reopen(input: ChannelArgs<'dayEnd.reopen'>, token: string): Promise<DayEndReopenResponse> {
    const { reason, approvalToken, idempotencyKey } = input;
    return this.deps.approvals.spend(approvalToken, () =>
      this.deps.issuer.call('reopenDay', { body: { reason } }, { token, approvalToken, idempotencyKey }),
    );
  }
}
