import { MAX_STOCK_RECEIPT, serialRangeProblem, serialRangeSize, type StockCard } from '../../issuer-api/schemas.js';
import { newId, refuse, sessionOf, type Env, type Rule } from './context.js';
import { requireInStock } from './smart-otp.js';
import { sql } from '../store/store.js';

/**
 * The branch's stock of Smart OTP cards (ISSUER-API.md v1.1 "the branch"). "This branch" is the
 * request's institution and X-Branch-Code: another branch sees, counts and disposes of none of it.
 * A card received here is IN_STOCK of this branch until it is issued (smart-otp.ts) or disposed of.
 */

interface StockRow {
  vendor_code: string;
  serial: string;
  delivery_ref: string;
  received_at: string;
}

const IN_STOCK_HERE = "status = 'IN_STOCK' AND issuing_institution = @institutionCode AND branch_code = @branchCode";

const stockHere = (env: Env) =>
  sql(env.db, `SELECT vendor_code, serial, delivery_ref, received_at FROM cards WHERE ${IN_STOCK_HERE} ORDER BY vendor_code, serial`).all({
    institutionCode: env.terminal.institutionCode,
    branchCode: env.terminal.branchCode,
  }) as StockRow[];

/**
 * A delivery, all or nothing. Checks, in order: the range (same length and serialFrom <= serialTo:
 * 422 VALIDATION_FAILED; SerialSchema makes every serial 12 digits, so the same length holds once the
 * body is valid), its size (422 RANGE_TOO_LARGE), then that no card of it is known anywhere
 * (409 CARD_ALREADY_EXISTS).
 */
export const receiveStock: Rule<'receiveStock'> = (env, { body }) => {
  const { vendorCode, serialFrom, serialTo } = body;
  const problem = serialRangeProblem(serialFrom, serialTo);
  if (problem === 'SERIAL_RANGE_ORDER') {
    throw refuse(422, 'VALIDATION_FAILED', 'serialFrom must not be after serialTo', { serialTo: 'SERIAL_RANGE_ORDER' });
  }
  const received = serialRangeSize(serialFrom, serialTo);
  if (problem === 'SERIAL_RANGE_TOO_LARGE') {
    throw refuse(422, 'RANGE_TOO_LARGE', `At most ${MAX_STOCK_RECEIPT} cards in one receipt`, { requested: received, max: MAX_STOCK_RECEIPT });
  }
  // Same length: the text order of the serials is their number order, so the key's range finds them.
  const known = sql(env.db, 'SELECT count(*) FROM cards WHERE vendor_code = ? AND serial >= ? AND serial <= ?')
    .pluck()
    .get(vendorCode, serialFrom, serialTo) as number;
  if (known > 0) throw refuse(409, 'CARD_ALREADY_EXISTS', 'Cards of this range are known to the issuer already', { known });

  const insert = sql(
    env.db,
    `INSERT INTO cards (vendor_code, serial, status, issuing_institution, branch_code, delivery_ref, received_at)
     VALUES (?, ?, 'IN_STOCK', ?, ?, ?, ?)`,
  );
  const first = Number(serialFrom);
  for (let i = 0; i < received; i++) {
    const serial = String(first + i).padStart(serialFrom.length, '0');
    insert.run(vendorCode, serial, env.terminal.institutionCode, env.terminal.branchCode, body.deliveryRef, env.now.toISOString());
  }
  return { received, deliveryRef: body.deliveryRef };
};

export const stock: Rule<'stock'> = (env) => {
  const cards = stockHere(env).map((c) => ({ vendorCode: c.vendor_code, serial: c.serial, deliveryRef: c.delivery_ref, receivedAt: c.received_at }));
  return { count: cards.length, cards };
};

/**
 * A physical count against this branch's stock, recorded. A card listed twice is counted once; one
 * not in this branch's stock (unknown to the issuer, issued, or another branch's) is `unexpected`.
 */
export const countStock: Rule<'countStock'> = (env, { body }) => {
  const keyOf = (c: StockCard) => `${c.vendorCode}/${c.serial}`;
  const counted = new Map(body.cards.map((c) => [keyOf(c), { vendorCode: c.vendorCode, serial: c.serial }]));
  const inStock = stockHere(env).map((c) => ({ vendorCode: c.vendor_code, serial: c.serial }));
  const stockKeys = new Set(inStock.map(keyOf));
  const missing = inStock.filter((c) => !counted.has(keyOf(c)));
  const unexpected = [...counted.values()].filter((c) => !stockKeys.has(keyOf(c)));
  const countId = newId('cnt');
  sql(
    env.db,
    `INSERT INTO stock_counts (count_id, institution_code, branch_code, expected, counted, missing, unexpected, counted_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    countId, env.terminal.institutionCode, env.terminal.branchCode, inStock.length, counted.size, JSON.stringify(missing), JSON.stringify(unexpected),
    sessionOf(env).staffId, env.now.toISOString(),
  );
  return { countId, expected: inStock.length, counted: counted.size, missing, unexpected };
};

/** A damaged or defective card leaves this branch's stock for good (404 CARD_NOT_FOUND, 409 CARD_NOT_IN_STOCK). */
export const disposeStock: Rule<'disposeStock'> = (env, { body }) => {
  const card = requireInStock(env, body.vendorCode, body.serial);
  sql(env.db, "UPDATE cards SET status = 'REVOKED' WHERE vendor_code = ? AND serial = ?").run(card.vendor_code, card.serial);
  const disposalRef = newId('dsp');
  const disposedAt = env.now.toISOString();
  sql(
    env.db,
    `INSERT INTO stock_disposals (disposal_ref, vendor_code, serial, reason, institution_code, branch_code, disposed_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(disposalRef, card.vendor_code, card.serial, body.reason, env.terminal.institutionCode, env.terminal.branchCode, sessionOf(env).staffId, disposedAt);
  return { disposalRef, status: 'REVOKED', disposedAt };
};
