import { refuse, type Env, type Rule } from './context.js';
import { clockOffsetMs, seed, setClockOffsetMs, sql } from '../store/store.js';

/**
 * The sandbox's own routes (ISSUER-API.md "The phone side"): the customer's SMS inbox, the clock
 * that expiry tests move forward, and the reset to the seed.
 */

export const smsOutbox: Rule<'smsOutbox'> = (env, { query }) => ({ messages: messagesTo(env, query.mobileNumber) });

/** The training phone of a registration: the SMS sent to its number since it started, so nobody types the number. */
export const registrationSms: Rule<'registrationSms'> = (env, { params }) => {
  const registration = sql(env.db, 'SELECT mobile, created_at FROM registrations WHERE registration_id = ?').get(params.registrationId) as
    | { mobile: string; created_at: string }
    | undefined;
  if (!registration) throw refuse(404, 'REGISTRATION_NOT_FOUND', 'No registration with this ID');
  return { mobileNumber: registration.mobile, messages: messagesTo(env, registration.mobile, registration.created_at) };
};

/** Newest first; rows sent in the same instant keep their sending order by id. */
function messagesTo(env: Env, mobile: string, since = '') {
  const rows = sql(env.db, 'SELECT text, sent_at FROM sms_outbox WHERE mobile = ? AND sent_at >= ? ORDER BY id DESC').all(mobile, since) as {
    text: string;
    sent_at: string;
  }[];
  return rows.map((row) => ({ mobileNumber: mobile, text: row.text, sentAt: row.sent_at }));
}

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
