import type { ChannelArgs, ChannelOutput } from '../../shared/contract.js';
import { cardKey } from '../../shared/stock.js';
import type { Issuer } from '../issuer/issuer.js';
import type { HeldApprovals } from '../staff/approvals.js';

/**
 * The branch's card stock (ISSUER-API.md v1.1 "the branch"): deliveries received and cards
 * disposed of on a supervisor's approval of exactly that request, the stock as the issuer holds
 * it, and physical counts recorded at the issuer. Every call that changes something carries the
 * renderer's idempotency key, so a retry happens once.
 */
export class StockJobs {
  constructor(private readonly deps: { issuer: Issuer; approvals: Pick<HeldApprovals, 'spend'> }) {}

  /** The branch's IN_STOCK cards, newest delivery first (then by vendor and serial). */
  async list(token: string): Promise<ChannelOutput<'stock.list'>> {
    const stock = await this.deps.issuer.call('stock', {}, { token });
    const cards = [...stock.cards].sort(
      (a, b) => b.receivedAt.localeCompare(a.receivedAt) || a.vendorCode.localeCompare(b.vendorCode) || a.serial.localeCompare(b.serial),
    );
    return { count: stock.count, cards };
  }

  /** A delivery, all or nothing, as the supervisor approved it. */
  receive({ receipt, approvalToken, idempotencyKey }: ChannelArgs<'stock.receive'>, token: string): Promise<ChannelOutput<'stock.receive'>> {
    return this.deps.approvals.spend(approvalToken, () =>
      this.deps.issuer.call('receiveStock', { body: receipt }, { token, approvalToken, idempotencyKey }),
    );
  }

  /** A physical count: the cards the teller has in hand, each once. */
  count({ cards, idempotencyKey }: ChannelArgs<'stock.count'>, token: string): Promise<ChannelOutput<'stock.count'>> {
    const seen = new Set<string>();
    const once = cards.filter((card) => {
      const key = cardKey(card);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return this.deps.issuer.call('countStock', { body: { cards: once } }, { token, idempotencyKey });
  }

  /** A damaged or defective card leaves the stock, as the supervisor approved it. */
  dispose({ disposal, approvalToken, idempotencyKey }: ChannelArgs<'stock.dispose'>, token: string): Promise<ChannelOutput<'stock.dispose'>> {
    return this.deps.approvals.spend(approvalToken, () =>
      this.deps.issuer.call('disposeStock', { body: disposal }, { token, approvalToken, idempotencyKey }),
    );
  }
}
