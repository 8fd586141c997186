import { useState } from 'react';
import { useStatus } from '../api/hooks.js';
import { useI18n } from '../i18n/i18n.js';
import { ConfigurationPanel } from './ConfigurationPanel.js';
import { LanguageSwitch } from './LanguageSwitch.js';

/**
 * Always on screen: training banner, issuer reachability, card reader state, the journal's
 * integrity when it is not in step with the issuer, the configuration
 * (for IT) and the language switch (disabled, with the reason, when policy fixes the language).
 */
export function StatusBar({ onToggleTraining, trainingOpen }: { onToggleTraining?: () => void; trainingOpen: boolean }) {
  const { t } = useI18n();
  const status = useStatus().data;
  const [configOpen, setConfigOpen] = useState(false);

  return (
    <header className="status-bar">
      {status?.trainingMode && (
        <div className="training-banner" role="note" data-testid="training-banner">
          {t('training.banner')}
        </div>
      )}
      <div className="status-row" role="status" aria-label={t('status.label')}>
        <span className="app-title">{t('app.title')}</span>
        {status && (
          <>
            <span className={`pill issuer-${status.issuer.toLowerCase()}`} data-testid="issuer-state">
              {t(`status.issuer.${status.issuer}`)}
            </span>
            <span className={`pill reader-${status.reader.state.toLowerCase()}`} data-testid="reader-state">
              {t(`status.reader.${status.reader.state}`)}
            </span>
            {/* In step is the normal case and says nothing; anything else is for everyone to see. */}
            {status.journal.state !== 'OK' && status.journal.state !== 'CHECKING' && (
              <span className={`pill journal-${status.journal.state.toLowerCase()}`} data-testid="journal-integrity">
                {t(`status.journal.${status.journal.state}`)}
              </span>
            )}
            <span className="terminal">{t('status.terminal', status.terminal)}</span>
          </>
        )}
        {onToggleTraining && (
          <button type="button" className="training-toggle" aria-expanded={trainingOpen} onClick={onToggleTraining}>
            {t('training.open')}
          </button>
        )}
        <button type="button" className="config-open" aria-haspopup="dialog" onClick={() => setConfigOpen(true)}>
          {t('config.panel.open')}
        </button>
        <LanguageSwitch />
      </div>
      {configOpen && <ConfigurationPanel onClose={() => setConfigOpen(false)} />}
    </header>
  );
}
