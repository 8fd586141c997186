import { createHash, createHmac } from 'node:crypto';

/**
 * The journal's chain. Each entry's hash covers the previous entry's hash and every other column
 * of its own row (seq included), so changing, removing or reordering an entry breaks the chain
 * from that entry on. Entries are keyed: the link is HMAC-SHA-256 under the journal key (key.ts),
 * so someone who can write the file but not read the key cannot re-chain an edit. Entries written
 * before the journal was keyed (schema version 1) keep their plain SHA-256 links; the switch is an
 * entry of its own (JOURNAL_KEYED), from which every entry is keyed. Written once here so
 * appending and verifying can never disagree.
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

/** The covered columns in the order the hashed text lists them: sorted, as canonical JSON is. */
export const HASHED_COLUMNS = [...CONTENT_COLUMNS].sort();
const KEY_PREFIXES = HASHED_COLUMNS.map((column) => `${JSON.stringify(column)}:`);

/** The first entry's prev_hash. */
export const GENESIS_HASH = '0'.repeat(64);

/** The job of the entry from which a journal's entries are keyed, when it had unkeyed ones before. */
export const KEYED_SWITCH_JOB = 'JOURNAL_KEYED';

/**
 * `prevHash + "\n" + canonical JSON of the covered columns` (keys sorted, no spaces), from their
 * values in HASHED_COLUMNS order: verifying reads rows as arrays in that order, appending builds one.
 */
export function linkText(prevHash: string, values: readonly unknown[]): string {
  let text = `${prevHash}\n{`;
  for (let i = 0; i < KEY_PREFIXES.length; i++) text += `${i ? ',' : ''}${KEY_PREFIXES[i]}${JSON.stringify(values[i] ?? null)}`;
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
