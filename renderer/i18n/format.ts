import type { Locale } from '../../shared/preferences.js';
import { useI18n } from './i18n.js';

/** The Intl locale of each console language: one place, so dates read the same on every screen and slip. */
const INTL_LOCALE: Record<Locale, string> = { ko: 'ko-KR', en: 'en-GB' };

/** Dates and times in the console's language; every screen and slip formats through these. */
export function formatters(locale: Locale) {
  const intl = INTL_LOCALE[locale];
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
  };
}

export type Formatters = ReturnType<typeof formatters>;

export function useFormat(): Formatters {
  return formatters(useI18n().locale);
}
