import type { ConfigurationView, SettingView } from '../../shared/configuration.js';
import { useI18n } from '../i18n/i18n.js';

/** Every setting, its value and where it came from: what IT checks first at a counter. */
export function ConfigurationTable({ view }: { view: ConfigurationView }) {
  const { t } = useI18n();
  return (
    <table className="config-table" data-testid="config-table">
      <caption className="hint">{t('config.origins', { policy: view.policyOrigin, file: view.fileOrigin })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('config.column.setting')}</th>
          <th scope="col">{t('config.column.value')}</th>
          <th scope="col">{t('config.column.source')}</th>
        </tr>
      </thead>
      <tbody>
        {view.settings.map((setting) => (
          <tr key={setting.key} data-source={setting.source}>
            <th scope="row">
              <code>{setting.key}</code>
              {setting.policy && <span className="hint"> ({setting.policy})</span>}
            </th>
            <td>{setting.value ?? <span className="hint">{t('config.notSet')}</span>}</td>
            <td>
              <SourceLabel setting={setting} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SourceLabel({ setting }: { setting: Pick<SettingView, 'source' | 'origin'> }) {
  const { t } = useI18n();
  return (
    <span className={`source source-${setting.source}`}>
      {t(`config.source.${setting.source}`)}
      {setting.source === 'policy' && <span className="hint"> · {t('config.lockedByPolicy')}</span>}
    </span>
  );
}
