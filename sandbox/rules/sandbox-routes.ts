import type { Rule } from './context.js';
import { clockOffsetMs, seed, setClockOffsetMs, sql } from '../store/store.js';

/**
 * The sandbox's own routes (ISSUER-API.md "The phone side"): the customer's SMS inbox, the clock
 * that expiry tests move forward, and the reset to the seed.
 */

export const smsOutbox: Rule<'smsOutbox'> = (env, { query }) => {
  // Newest first; rows sent in the same instant keep their sending order by id.
  const rows = sql(env.db, 'SELECT mobile, text, sent_at FROM sms_outbox WHERE mobile = ? ORDER BY id DESC').all(query.mobileNumber) as {
    mobile: string;
    text: string;
    sent_at: string;
  }[];
  return { messages: rows.map((row) => ({ mobileNumber: row.mobile, text: row.text, sentAt: row.sent_at })) };
};

/** Moves the sandbox clock forward; the offset lives in the store, so it survives a restart. */
export const advanceClock: Rule<'advanceClock'> = (env, { body }) => {
  const advanceMs = body.advanceSeconds * 1000;
  setClockOffsetMs(env.db, clockOffsetMs(env.db) + advanceMs);
  return { now: new Date(env.now.getTime() + advanceMs).toISOString() };
};

/** Back to the seed exactly: every record since is dropped and the clock offset is 0 again. */
export const reset: Rule<'reset'> = (env) => {
  seed(env.db);
  return { reset: true };
};
