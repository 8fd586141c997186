import type { ConfigProblem, ConfigurationView } from '../../shared/configuration.js';
import { ConfigurationTable } from '../components/ConfigurationTable.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * What the console shows instead of working when its configuration is wrong: each bad setting,
 * where it came from and how to fix it. Nothing else runs, not even training mode.
 */
export function ConfigErrorScreen({ view }: { view: ConfigurationView }) {
  const { t } = useI18n();
  return (
    <main className="config-error card" aria-labelledby="config-error-heading">
      <div className="panel-header">
        <h1 id="config-error-heading">{t('config.error.heading')}</h1>
        <LanguageSwitch />
      </div>
      <p>{t('config.error.explain')}</p>
      <ol className="config-problems">
        {view.problems.map((problem, index) => (
          <ProblemItem key={`${problem.key}-${index}`} problem={problem} />
        ))}
      </ol>
      <p className="notice">{t('config.error.restart')}</p>
      <details>
        <summary>{t('config.error.allSettings')}</summary>
        <ConfigurationTable view={view} />
      </details>
    </main>
  );
}

function ProblemItem({ problem }: { problem: ConfigProblem }) {
  const { t } = useI18n();
  const where = { origin: problem.origin ?? '', policy: problem.policy ?? problem.key };
  return (
    <li className="config-problem" data-testid="config-problem">
      <p>
        <strong>
          <code>{problem.key}</code>
        </strong>{' '}
        · {t(`config.source.${problem.source}`)}
        {problem.origin && <span className="origin"> ({problem.origin})</span>}
      </p>
      <p className="error">
        {t(`config.rule.${problem.rule}`)} <span className="hint">({problem.detail})</span>
      </p>
      <p>
        {t(`config.fix.${problem.rule}`)} {t(`config.where.${problem.source}`, where)}
      </p>
    </li>
  );
}
