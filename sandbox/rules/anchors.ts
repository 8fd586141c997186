import type { Rule } from './context.js';
import { refuse } from './context.js';
import { sql } from '../store/store.js';

/**
 * Journal anchors (ISSUER-API.md v1.1 "the branch"): the issuer keeps each terminal's journal
 * heads as a witness. A head never moves backwards and a seq keeps the hash it was first anchored
 * with, so a terminal whose journal was rolled back, cut short or rewritten cannot make its
 * witness agree; sending the same head again changes nothing.
 */

interface AnchorRow {
  seq: number;
  head_hash: string;
  entry_count: number;
  anchored_at: string;
}

const TERMINAL = 'institution_code = @institutionCode AND branch_code = @branchCode AND terminal_id = @terminalId';

export const anchorJournal: Rule<'anchorJournal'> = (env, { body }) => {
  const latest = sql(env.db, `SELECT * FROM journal_anchors WHERE ${TERMINAL} ORDER BY seq DESC LIMIT 1`).get(env.terminal) as AnchorRow | undefined;
  const same = sql(env.db, `SELECT * FROM journal_anchors WHERE ${TERMINAL} AND seq = @seq`).get({ ...env.terminal, seq: body.seq }) as
    | AnchorRow
    | undefined;
  if (same) {
    if (same.head_hash !== body.headHash || same.entry_count !== body.entryCount) {
      throw refuse(409, 'ANCHOR_MISMATCH', 'This journal entry was anchored with another head', { seq: body.seq });
    }
    return { anchoredAt: same.anchored_at };
  }
  if (latest && body.seq < latest.seq) {
    throw refuse(409, 'ANCHOR_REGRESSION', 'The journal head is behind the latest anchor', { seq: body.seq, latestSeq: latest.seq });
  }
  const anchoredAt = env.now.toISOString();
  sql(
    env.db,
    `INSERT INTO journal_anchors (institution_code, branch_code, terminal_id, seq, head_hash, entry_count, anchored_at)
     VALUES (@institutionCode, @branchCode, @terminalId, @seq, @headHash, @entryCount, @anchoredAt)`,
  ).run({ ...env.terminal, ...body, anchoredAt });
  return { anchoredAt };
};

export const latestJournalAnchor: Rule<'latestJournalAnchor'> = (env) => {
  const latest = sql(env.db, `SELECT * FROM journal_anchors WHERE ${TERMINAL} ORDER BY seq DESC LIMIT 1`).get(env.terminal) as AnchorRow | undefined;
  if (!latest) throw refuse(404, 'NO_ANCHOR', 'This terminal has not anchored its journal');
  return { seq: latest.seq, headHash: latest.head_hash, entryCount: latest.entry_count, anchoredAt: latest.anchored_at };
};
