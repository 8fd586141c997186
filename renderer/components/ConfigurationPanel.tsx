import { useConfiguration } from '../api/hooks.js';
import { useI18n } from '../i18n/i18n.js';
import { ConfigurationTable } from './ConfigurationTable.js';
import { Modal } from './Modal.js';

/** The configuration as IT sees it, from the status bar: read-only, each value with its source. */
export function ConfigurationPanel({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const view = useConfiguration().data;
  return (
    <Modal labelledBy="config-panel-heading" onEscape={onClose} className="config-panel">
      <div className="panel-header">
        <h2 id="config-panel-heading">{t('config.panel.heading')}</h2>
        <button type="button" onClick={onClose} autoFocus>
          {t('config.panel.close')}
        </button>
      </div>
      <p className="hint">{t('config.panel.hint')}</p>
      {view && <ConfigurationTable view={view} />}
    </Modal>
  );
}
