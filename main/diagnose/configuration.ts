import type { ConfigurationView, SettingSource } from '../../shared/configuration.js';
import type { LoadedConfiguration } from '../config/load.js';
import type { CheckResult } from './checks.js';

/**
 * Where the configuration came from, in one line without values: `4 from policy (<key>), 2 from
 * file (<file>), 15 defaults`. The log's start line and the diagnose report say it alike.
 */
export function configurationSummary(view: ConfigurationView): string {
  const count = (source: SettingSource) => view.settings.filter((setting) => setting.source === source).length;
  const parts = [
    view.policyOrigin === '(none)' ? 'no machine policy' : `${count('policy')} from policy (${view.policyOrigin})`,
    `${count('file')} from file (${view.fileOrigin})`,
    ...(count('launch') ? [`${count('launch')} from launch options`] : []),
    `${count('default')} defaults`,
  ];
  return parts.join(', ');
}

/**
 * The configuration as the console loads it: every setting with its source, and a FAIL naming each
 * setting that is wrong, where it came from and why. The view's values are the loader's display
 * values (a URL without its user:password), never a key's content.
 */
export function checkConfiguration(loaded: LoadedConfiguration): CheckResult {
  const { view } = loaded;
  const facts = { policyOrigin: view.policyOrigin, fileOrigin: view.fileOrigin, settings: view.settings, problems: view.problems };
  if (!loaded.ok || view.problems.length > 0) {
    const problems = view.problems.map(
      (problem) =>
        `${problem.key} (${problem.source}${problem.origin ? ` ${problem.origin}` : ''}${problem.policy ? `, policy ${problem.policy}` : ''}): ${problem.rule} ${problem.detail}`,
    );
    return { check: 'configuration', status: 'fail', detail: `${problems.length} problem(s): ${problems.join('; ')}`, facts };
  }
  return { check: 'configuration', status: 'ok', detail: configurationSummary(view), facts };
}
