import type { Locale } from '../../shared/preferences.js';

/** The Intl locale of each console language: one place, so dates and numbers read the same on every screen and slip. */
const INTL_LOCALE: Record<Locale, string> = { ko: 'ko-KR', en: 'en-GB' };

/**
 * Dates, times, numbers and plurals in the console's language; every screen, slip and catalogue
 * message formats through these (screens with `useFormat()`, messages through the translator).
 */
export function formatters(locale: Locale) {
  const intl = INTL_LOCALE[locale];
  const plurals = new Intl.PluralRules(intl);
  return {
    /** `오전 09:15` / `09:15`. */
    clock: (at: string | Date) => new Date(at).toLocaleTimeString(intl, { hour: '2-digit', minute: '2-digit' }),
    time: (at: string | Date) => new Date(at).toLocaleTimeString(intl),
    date: (at: string | Date) => new Date(at).toLocaleDateString(intl),
    dateTime: (at: string | Date) => new Date(at).toLocaleString(intl),
    /** Time left as `2:05` (minutes:seconds), whole seconds rounded up: 0:00 only once it ran out. */
    countdown: (ms: number) => {
      const seconds = Math.max(0, Math.ceil(ms / 1000));
      return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    },
    /** `1,200`. */
    number: (value: number) => value.toLocaleString(intl),
    /** The plural category of a count in this language (`one`, `other`; Korean has only `other`). */
    plural: (count: number) => plurals.select(count),
  };
}

export type Formatters = ReturnType<typeof formatters>;
