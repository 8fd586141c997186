import { createHash, createHmac } from 'node:crypto';

/**
 * The journal's chain. Each entry's hash covers the previous entry's hash and every other column
 * of its own row (seq included), so changing, removing or reordering an entry breaks the chain
 * from that entry on. Entries are keyed: the link is HMAC-SHA-256 under the journal key (key.ts),
 * so someone who can write the file but not read the key cannot re-chain an edit. Entries written
 * before the journal was keyed (schema version 1) keep their plain SHA-256 links; the switch is an
 * entry of its own (JOURNAL_KEYED), from which every entry is keyed. Written once here so
 * appending and verifying can never disagree.
 *
 * Columns added to the table later (schema version 3 on: the fee) are in the hashed text only when
 * not null. A migrated file's older entries read null there, so their text, and their hash, stay as
 * written; a new entry's value is covered, and setting one on an older entry changes its text too.
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
  /** Schema version 3: the fee an OUTCOME charged, in won (0 when waived); null for a job without a fee. */
  fee_amount: number | null;
  /** Schema version 3: why the fee was waived (a WaiverReason code), else null. */
  fee_waiver_reason: string | null;
}

export interface EntryRow extends EntryContent {
  prev_hash: string;
  hash: string;
}

/** How the hashed text holds a column: `always`, or `unless null` for one added after version 2. */
type Coverage = 'always' | 'unless null';

// `satisfies` makes the compiler refuse a column added to EntryContent but left out of the hash.
const COVERED = {
  seq: 'always', at: 'always', kind: 'always', refers_to: 'always', job: 'always', terminal_id: 'always',
  branch_code: 'always', institution_code: 'always', teller_id: 'always', supervisor_id: 'always', customer: 'always',
  customer_ref: 'always', device: 'always', idempotency_key: 'always', result: 'always', issuer_ref: 'always',
  settled: 'always', training: 'always',
  fee_amount: 'unless null', fee_waiver_reason: 'unless null',
} as const satisfies Record<keyof EntryContent, Coverage>;

/** The columns an entry's hash covers, in table order. */
export const CONTENT_COLUMNS = Object.keys(COVERED) as Array<keyof EntryContent>;

/** The covered columns in the order the hashed text lists them: sorted, as canonical JSON is. */
export const HASHED_COLUMNS = [...CONTENT_COLUMNS].sort();
const KEY_PREFIXES = HASHED_COLUMNS.map((column) => `${JSON.stringify(column)}:`);
const UNLESS_NULL = HASHED_COLUMNS.map((column) => COVERED[column] === 'unless null');

/** The first entry's prev_hash. */
export const GENESIS_HASH = '0'.repeat(64);

/** The job of the entry from which a journal's entries are keyed, when it had unkeyed ones before. */
export const KEYED_SWITCH_JOB = 'JOURNAL_KEYED';

/**
 * `prevHash + "\n" + canonical JSON of the covered columns` (keys sorted, no spaces; a column added
 * after version 2 left out when null), from their values in HASHED_COLUMNS order: verifying reads
 * rows as arrays in that order, appending builds one.
 */
export function linkText(prevHash: string, values: readonly unknown[]): string {
  let text = `${prevHash}\n{`;
  let first = true;
  for (let i = 0; i < KEY_PREFIXES.length; i++) {
    const value = values[i] ?? null;
    if (value === null && UNLESS_NULL[i]) continue;
    text += `${first ? '' : ','}${KEY_PREFIXES[i]}${JSON.stringify(value)}`;
    first = false;
  }
  return `${text}}`;
}

/** The link of an entry: HMAC-SHA-256 under `key`, or plain SHA-256 for an entry of before the switch. */
export function linkHash(key: Buffer | null, text: string): string {
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(text, 'utf8').digest('hex');
}

/** An entry's hash as appending writes it. */
export function entryHash(key: Buffer | null, prevHash: string, content: EntryContent): string {
  // `?? null`: a stored row reads back null, never undefined.
  return linkHash(key, linkText(prevHash, HASHED_COLUMNS.map((column) => content[column] ?? null)));
}
