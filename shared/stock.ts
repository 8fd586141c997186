import { z } from 'zod';
import { SerialSchema } from '../issuer-api/domain.js';
import { MAX_STOCK_COUNT, serialRangeProblem, serialRangeSize, StockCardSchema, StockReceiptRequestSchema, type StockCard } from '../issuer-api/schemas.js';

/**
 * The branch's card stock (ISSUER-API.md v1.1 "the branch"): what the console, main and renderer
 * alike, says of a delivery's serial range and of a card in a count.
 */

/** A receipt's range as the journal and the supervisor read it: `001 100000000001-100000000010 (10)`. */
export const serialRangeText = (r: { vendorCode: string; serialFrom: string; serialTo: string }) =>
  `${r.vendorCode} ${r.serialFrom}-${r.serialTo} (${serialRangeSize(r.serialFrom, r.serialTo)})`;

/** One card of the stock, for sets and lists: `001/100000000001`. */
export const cardKey = (card: { vendorCode: string; serial: string }) => `${card.vendorCode}/${card.serial}`;

/**
 * A delivery as the teller types it: the issuer's rules, checked before anything is sent (a range
 * that runs backwards, or of more than 1,000 cards, is refused on screen, not at the issuer).
 */
export const StockReceiptInputSchema = StockReceiptRequestSchema.superRefine((r, ctx) => {
  // A serial refused already (SERIAL_FORMAT) says all there is to say about the range.
  if (!SerialSchema.safeParse(r.serialFrom).success || !SerialSchema.safeParse(r.serialTo).success) return;
  const problem = serialRangeProblem(r.serialFrom, r.serialTo);
  if (problem) ctx.addIssue({ code: 'custom', path: ['serialTo'], message: problem });
});
export type StockReceiptInput = z.output<typeof StockReceiptInputSchema>;

/** The cards of a count, at most the issuer's limit. */
export const StockCountCardsSchema = z.array(StockCardSchema).max(MAX_STOCK_COUNT, 'TOO_MANY_CARDS');

/** A card the teller counts: added once, however often it is tapped. */
export interface CountedCard extends StockCard {
  source: 'reader' | 'typed';
  /** Not in the branch's stock as last listed: said at once, and the count will list it. */
  unexpected: boolean;
}

/**
 * Adds a card to a count in progress: a card counted already is not added again (`duplicate`).
 * `inStock` holds the keys of the branch's stock as listed when the count began.
 */
export function addCounted(
  counted: readonly CountedCard[],
  card: StockCard & { source: CountedCard['source'] },
  inStock: ReadonlySet<string>,
): { counted: CountedCard[]; duplicate: boolean } {
  const key = cardKey(card);
  if (counted.some((c) => cardKey(c) === key)) return { counted: [...counted], duplicate: true };
  const added: CountedCard = { vendorCode: card.vendorCode, serial: card.serial, source: card.source, unexpected: !inStock.has(key) };
  return { counted: [added, ...counted], duplicate: false };
}
