import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { ErrorCode, ErrorInfo } from '../../shared/errors.js';
import type { Locale } from '../../shared/preferences.js';
import { en, errors as enErrors } from './en.js';
import { ko, errors as koErrors, type MessageKey } from './ko.js';
import { formatters, type Formatters } from './format.js';

const catalogues = { ko: { messages: ko, errors: koErrors }, en: { messages: en, errors: enErrors } } as const;

type Params = Record<string, string | number | boolean>;

export interface Translator {
  locale: Locale;
  /** Dates, times, numbers and plurals in this language (format.ts). */
  format: Formatters;
  t(key: MessageKey, params?: Params): string;
  /** The translated explanation of an error code, with the facts it carries (e.g. attempts left). */
  error(info: Pick<ErrorInfo, 'code' | 'details'>): string;
}

/** ICU's plural form, the part of it the catalogues use: `{count, plural, one {# resend} other {# resends}}`. */
const PLURAL = /\{(\w+), plural,((?:\s*\w+ \{[^{}]*\})+)\s*\}/g;

/** A message with its parameters: numbers as the language writes them, a count's plural form. */
function fill(format: Formatters, text: string, params: Params = {}) {
  const value = (name: string) => {
    const param = params[name];
    return typeof param === 'number' ? format.number(param) : param === undefined ? undefined : String(param);
  };
  return text
    .replace(PLURAL, (whole, name: string, forms: string) => {
      const count = params[name];
      if (typeof count !== 'number') return whole;
      const form = new Map([...forms.matchAll(/(\w+) \{([^{}]*)\}/g)].map(([, category, words]) => [category, words]));
      return (form.get(format.plural(count)) ?? form.get('other') ?? whole).replace('#', format.number(count));
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => value(name) ?? whole);
}

export function createTranslator(locale: Locale): Translator {
  const { messages, errors } = catalogues[locale];
  const format = formatters(locale);
  return {
    locale,
    format,
    t: (key, params) => fill(format, messages[key], params),
    error: ({ code, details }) => {
      const parts = [errors[code as ErrorCode] ?? errors.INTERNAL];
      // The facts a teller acts on: how many tries remain, how many failures so far.
      if (typeof details?.attemptsLeft === 'number') parts.push(fill(format, messages['error.attemptsLeft'], details));
      if (typeof details?.failCount === 'number') parts.push(fill(format, messages['error.failCount'], details));
      return parts.join(' ');
    },
  };
}

/**
 * The catalogue key of a rule a shared schema names in its issue message (`RRN_DATE` →
 * `validation.RRN_DATE`): the one place where a schema's rule meets the catalogue.
 */
export const validationKey = (rule: string | undefined) => `validation.${rule}` as MessageKey;

const I18nContext = createContext<Translator>(createTranslator('ko'));

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const translator = useMemo(() => createTranslator(locale), [locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translator.t('app.title');
  }, [locale, translator]);
  return <I18nContext.Provider value={translator}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);

/** Dates, times, numbers and plurals in the console's language (format.ts). */
export const useFormat = (): Formatters => useI18n().format;
