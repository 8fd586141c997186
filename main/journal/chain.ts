import { createHash } from 'node:crypto';
import { canonicalJson } from '../../issuer-api/canonical-json.js';

/**
 * The journal's hash chain. Each entry's hash covers the previous entry's hash and every other
 * column of its own row (seq included), so changing, removing or reordering an entry breaks the
 * chain from that entry on. Written once here so appending and verifying can never disagree.
 */

export type EntryKind = 'PENDING' | 'OUTCOME' | 'EVENT';

/** One row of `entries` without its two hash columns, exactly as SQLite stores it. */
export interface EntryContent {
  seq: number;
  at: string;
  kind: EntryKind;
  refers_to: number | null;
  job: string;
  terminal_id: string;
  branch_code: string;
  institution_code: string;
  teller_id: string | null;
  supervisor_id: string | null;
  customer: string | null;
  customer_ref: string | null;
  device: string | null;
  idempotency_key: string | null;
  result: string | null;
  issuer_ref: string | null;
  settled: 0 | 1;
  training: 0 | 1;
}

export interface EntryRow extends EntryContent {
  prev_hash: string;
  hash: string;
}

// `satisfies` makes the compiler refuse a column added to EntryContent but left out of the hash.
const COVERED = {
  seq: true, at: true, kind: true, refers_to: true, job: true, terminal_id: true, branch_code: true,
  institution_code: true, teller_id: true, supervisor_id: true, customer: true, customer_ref: true, device: true,
  idempotency_key: true, result: true, issuer_ref: true, settled: true, training: true,
} as const satisfies Record<keyof EntryContent, true>;

/** The columns an entry's hash covers, in table order. */
export const CONTENT_COLUMNS = Object.keys(COVERED) as Array<keyof EntryContent>;

/** The first entry's prev_hash. */
export const GENESIS_HASH = '0'.repeat(64);

/** sha256 hex of `prevHash + "\n" + canonical JSON of the covered columns` (keys sorted, no spaces). */
export function entryHash(prevHash: string, content: EntryContent): string {
  // `?? null`: canonicalJson drops undefined keys, and a stored row reads back null, never undefined.
  const covered = Object.fromEntries(CONTENT_COLUMNS.map((column) => [column, content[column] ?? null]));
  return createHash('sha256').update(`${prevHash}\n${canonicalJson(covered)}`, 'utf8').digest('hex');
}
