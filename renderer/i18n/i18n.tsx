import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { ErrorCode, ErrorInfo } from '../../shared/errors.js';
import type { Locale } from '../../shared/preferences.js';
import { en, errors as enErrors } from './en.js';
import { ko, errors as koErrors, type MessageKey } from './ko.js';

const catalogues = { ko: { messages: ko, errors: koErrors }, en: { messages: en, errors: enErrors } } as const;

type Params = Record<string, string | number | boolean>;

export interface Translator {
  locale: Locale;
  t(key: MessageKey, params?: Params): string;
  /** The translated explanation of an error code, with the facts it carries (e.g. attempts left). */
  error(info: Pick<ErrorInfo, 'code' | 'details'>): string;
}

const fill = (text: string, params: Params = {}) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

export function createTranslator(locale: Locale): Translator {
  const { messages, errors } = catalogues[locale];
  return {
    locale,
    t: (key, params) => fill(messages[key], params),
    error: ({ code, details }) => {
      const parts = [errors[code as ErrorCode] ?? errors.INTERNAL];
      // The facts a teller acts on: how many tries remain, how many failures so far.
      if (typeof details?.attemptsLeft === 'number') parts.push(fill(messages['error.attemptsLeft'], details));
      if (typeof details?.failCount === 'number') parts.push(fill(messages['error.failCount'], details));
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
