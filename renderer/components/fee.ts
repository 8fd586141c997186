import type { Translator } from '../i18n/i18n.js';

/** An amount in whole won as the teller says it: `5,000원` / `KRW 5,000`. */
export const won = (t: Translator['t'], format: { number: (value: number) => string }, amount: number) =>
  t('fee.won', { amount: format.number(amount) });
