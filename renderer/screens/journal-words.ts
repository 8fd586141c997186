import { maskName } from '../../issuer-api/domain.js';
import type { WaiverReason } from '../../issuer-api/schemas.js';
import { ErrorCodeSchema, type ErrorCode } from '../../shared/errors.js';
import { stockTallyOf } from '../../shared/day-end.js';
import { JOB_NAMES, type JobFee, type JobName, type JournalJob } from '../../shared/journal.js';
import type { Translator } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';

/**
 * The journal's codes as the screen shows them, and a search over those words: the journal holds
 * codes (`LOSS_REPORT`, `SMS_CODE_MISMATCH`), the teller reads and types the words of the current
 * language (분실, "Loss report"), so the words typed are turned back into the codes they show.
 */

/** Results that are no error code, with the words shown for them. */
const RESULT_WORDS: Record<string, MessageKey> = {
  OK: 'journal.result.OK',
  PENDING: 'journal.result.PENDING',
  NOT_DONE: 'journal.result.NOT_DONE',
  UNKNOWN: 'journal.result.UNKNOWN',
  // An identity check's own results.
  MISMATCH: 'identity.result.MISMATCH',
  DOCUMENT_REPORTED_LOST: 'identity.result.DOCUMENT_REPORTED_LOST',
};
const ERROR_CODES: readonly string[] = ErrorCodeSchema.options;
const ALL_RESULTS = [...Object.keys(RESULT_WORDS), ...ERROR_CODES];

export const jobText = (t: Translator['t'], job: JobName) => t(`journal.job.${job}`);

/** A result in words: the translated error for an error code; a code the console does not know, as it is. */
export function resultText(translator: Translator, result: string): string {
  const key = RESULT_WORDS[result];
  if (key) return translator.t(key);
  return ERROR_CODES.includes(result) ? translator.error({ code: result as ErrorCode }) : result;
}

const WAIVER_WORDS: Record<WaiverReason, MessageKey> = {
  DEFECT_WITHIN_1_YEAR: 'waiver.DEFECT_WITHIN_1_YEAR',
  SUPERVISOR_DISCRETION: 'waiver.SUPERVISOR_DISCRETION',
};

/** A job's fee in words: `5,000원` / `KRW 5,000`, or `면제: 책임자 재량`; a reason the console does not know, as its code. */
export function feeText(t: Translator['t'], fee: JobFee): string {
  if (fee.waiverReason === null) return t('fee.won', { amount: fee.amount });
  const words = Object.hasOwn(WAIVER_WORDS, fee.waiverReason) ? WAIVER_WORDS[fee.waiverReason as WaiverReason] : undefined;
  return t('journal.fee.waived', { reason: words ? t(words) : fee.waiverReason });
}

/** What a job was about: its device, or a stock count's tally in words. */
export function deviceText(t: Translator['t'], job: Pick<JournalJob, 'job' | 'device'>): string {
  const tally = job.job === 'STOCK_COUNT' ? stockTallyOf(job.device) : undefined;
  return tally ? t('journal.stockTally', { ...tally }) : (job.device ?? '');
}

/** The first sentence of a result, which fits a table cell; the rest goes to the cell's title. */
export const firstSentence = (text: string) => text.split(/(?<=[.!?])\s/)[0] ?? text;

export interface JournalSearch {
  /** Free text for the masked customer, device and references; any full name in it masked. */
  text: string;
  jobs: JobName[];
  results: string[];
}

/**
 * What the search box asks the journal for: the jobs and results whose words (in this language)
 * hold every typed word, and the typed text itself with each Hangul name masked the way the
 * journal stores it (홍길동 → 홍*동), so a full name never leaves the screen.
 */
export function journalSearch(translator: Translator, typed: string): JournalSearch {
  const words = typed.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { text: '', jobs: [], results: [] };
  const shows = (shown: string) => words.every((word) => shown.toLowerCase().includes(word));
  return {
    // Two or more syllables may be a name; a word that is not (분실) matches no masked customer anyway.
    text: typed.trim().replace(/[가-힣]{2,}/g, maskName),
    jobs: JOB_NAMES.filter((job) => shows(jobText(translator.t, job))),
    results: ALL_RESULTS.filter((result) => shows(resultText(translator, result))),
  };
}
