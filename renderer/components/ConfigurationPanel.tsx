import { useConfiguration } from '../api/hooks.js';
import { useI18n } from '../i18n/i18n.js';
import { ConfigurationTable } from './ConfigurationTable.js';
import { backOutOnEscape } from './escape.js';

/** The configuration as IT sees it, from the status bar: read-only, each value with its source. */
export function ConfigurationPanel({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const view = useConfiguration().data;
  return (
    <div className="dialog-backdrop" onKeyDown={backOutOnEscape(onClose)}>
      <section role="dialog" aria-modal="true" aria-labelledby="config-panel-heading" className="config-panel card">
        <div className="panel-header">
          <h2 id="config-panel-heading">{t('config.panel.heading')}</h2>
          <button type="button" onClick={onClose} autoFocus>
            {t('config.panel.close')}
          </button>
        </div>
        <p className="hint">{t('config.panel.hint')}</p>
        {view && <ConfigurationTable view={view} />}
      </section>
    </div>
  );
}
