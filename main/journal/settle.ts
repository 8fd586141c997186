import { IssuerError } from '../../issuer-api/errors.js';
import type { Log } from '../app/log.js';
import type { Issuer } from '../issuer/issuer.js';
import { resultCodeOf } from './job-journal.js';
import type { Journal, UnsettledJob } from './journal.js';

export interface SettleReport {
  settled: number;
  /** Still PENDING: the issuer could not say what became of them; the next pass tries again. */
  left: number;
}

/**
 * Entries left PENDING by a console that stopped mid-call: the issuer is asked what became of
 * each request by its idempotency key. A job without a key changed nothing a customer owns
 * (a check, a lookup, a login) and is closed as UNKNOWN. Unreachable: left for the next try.
 */
export class CrashSettling {
  private pass: Promise<SettleReport> | null = null;

  constructor(
    private readonly journal: Journal,
    private readonly deps: {
      issuer: Issuer;
      /** Entries this process has begun and not finished yet: in flight, not left by a crash. */
      inFlight: (seq: number) => boolean;
      log: Log;
    },
  ) {}

  settleUnfinished(): Promise<SettleReport> {
    // One pass at a time: the start and a login may both ask for one.
    this.pass ??= this.settle().finally(() => (this.pass = null));
    return this.pass;
  }

  private async settle(): Promise<SettleReport> {
    let settled = 0;
    let left = 0;
    for (const pending of this.journal.unsettled()) {
      if (this.deps.inFlight(pending.seq)) continue;
      if (!pending.idempotencyKey) {
        this.journal.finish(pending.seq, { result: 'UNKNOWN', settled: true });
        settled++;
        continue;
      }
      try {
        const answer = await this.deps.issuer.call('requestOutcome', {
          params: { idempotencyKey: pending.idempotencyKey },
          query: this.scopeOf(pending),
        });
        this.journal.finish(pending.seq, { result: answer.status < 400 ? 'OK' : (answer.errorCode ?? `HTTP_${answer.status}`), settled: true });
        settled++;
      } catch (error) {
        if (error instanceof IssuerError && error.code === 'REQUEST_NOT_FOUND') {
          this.journal.finish(pending.seq, { result: 'NOT_DONE', settled: true });
          settled++;
        } else {
          this.deps.log.warn(`journal entry #${pending.seq} stays pending: the issuer could not say (${resultCodeOf(error)})`);
          left++;
        }
      }
    }
    if (settled || left) this.deps.log.info(`journal settling: ${settled} entries left pending by a stop settled, ${left} still pending`);
    return { settled, left };
  }

  /**
   * The issuer keeps a key in the scope it was sent in (ISSUER-API.md v1.1): a login's is the
   * terminal's, any other call's that of the staff member whose session sent it, the entry's teller.
   */
  private scopeOf(pending: UnsettledJob): { staffId?: string } {
    if (pending.job === 'STAFF_LOGIN') return {};
    const tellerId = this.journal.job(pending.seq)?.tellerId;
    return tellerId ? { staffId: tellerId } : {};
  }
}
