import { businessDateOf } from '../../issuer-api/domain.js';
import { newId, refuse, sessionOf, type Env, type Rule } from './context.js';
import { sql } from '../store/store.js';

/**
 * The terminal's business day (ISSUER-API.md v1.1 "the branch" and "fine print"): a supervisor
 * closes it at the journal head the issuer last witnessed; until the next business date in
 * Asia/Seoul (sandbox clock), or a supervisor's reopen, the terminal's jobs are refused with
 * TERMINAL_CLOSED (the dispatcher asks `isClosed`; endpoints marked `whileClosed` still run).
 */

interface CloseRow {
  close_ref: string;
}

const TERMINAL = 'institution_code = @institutionCode AND branch_code = @branchCode AND terminal_id = @terminalId';

/** Today's close of this terminal that no reopen undid, if any. */
const openClose = (env: Env) =>
  sql(env.db, `SELECT close_ref FROM day_closes WHERE ${TERMINAL} AND business_date = @businessDate AND reopened_at IS NULL`).get({
    ...env.terminal,
    businessDate: businessDateOf(env.now),
  }) as CloseRow | undefined;

export const isClosed = (env: Env) => openClose(env) !== undefined;

export const closeDay: Rule<'closeDay'> = (env, { body }) => {
  if (body.businessDate !== businessDateOf(env.now)) {
    throw refuse(422, 'WRONG_BUSINESS_DATE', 'The business date is not today in Asia/Seoul', { businessDate: businessDateOf(env.now) });
  }
  // The head closed at must be the one the issuer witnessed last: nothing unwitnessed is closed.
  const latest = sql(env.db, `SELECT seq, head_hash FROM journal_anchors WHERE ${TERMINAL} ORDER BY seq DESC LIMIT 1`).get(env.terminal) as
    | { seq: number; head_hash: string }
    | undefined;
  if (!latest || latest.seq !== body.journalSeq || latest.head_hash !== body.headHash) {
    throw refuse(409, 'ANCHOR_MISMATCH', 'The journal head is not the latest anchored one', { latestSeq: latest?.seq ?? 0 });
  }
  const closeRef = newId('close');
  const closedAt = env.now.toISOString();
  sql(
    env.db,
    `INSERT INTO day_closes (close_ref, institution_code, branch_code, terminal_id, business_date, journal_seq, head_hash, summary, closed_by, closed_at)
     VALUES (@closeRef, @institutionCode, @branchCode, @terminalId, @businessDate, @journalSeq, @headHash, @summary, @closedBy, @closedAt)`,
  ).run({
    ...env.terminal, closeRef, closedAt, businessDate: body.businessDate, journalSeq: body.journalSeq, headHash: body.headHash,
    summary: JSON.stringify(body.summary), closedBy: sessionOf(env).staffId,
  });
  return { closeRef, closedAt };
};

export const reopenDay: Rule<'reopenDay'> = (env, { body }) => {
  const close = openClose(env);
  if (!close) throw refuse(409, 'TERMINAL_NOT_CLOSED', "The terminal's day is not closed");
  const reopenedAt = env.now.toISOString();
  sql(env.db, 'UPDATE day_closes SET reopened_by = ?, reopened_at = ?, reopen_reason = ? WHERE close_ref = ?').run(
    sessionOf(env).staffId, reopenedAt, body.reason, close.close_ref,
  );
  return { closeRef: close.close_ref, reopenedAt };
};
