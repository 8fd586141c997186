import { usePreferences, useSetLocale } from '../api/hooks.js';
import { useI18n } from '../i18n/i18n.js';

/** Korean ⇄ English; disabled, saying why, when machine policy fixes the language. */
export function LanguageSwitch() {
  const { t, locale } = useI18n();
  const setLocale = useSetLocale();
  const localeSetByPolicy = usePreferences().data?.localeSetByPolicy ?? false;
  return (
    <button
      type="button"
      className="language-switch"
      lang={locale === 'ko' ? 'en' : 'ko'}
      aria-label={t('language.switchLabel')}
      disabled={localeSetByPolicy}
      title={localeSetByPolicy ? t('language.setByPolicy') : undefined}
      onClick={() => setLocale.mutate(locale === 'ko' ? 'en' : 'ko')}
    >
      {t('language.switch')}
      {localeSetByPolicy && ` · ${t('language.policyBadge')}`}
    </button>
  );
}
