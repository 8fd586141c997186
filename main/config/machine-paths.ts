import { posix, win32 } from 'node:path';
import { POLICY_REGISTRY_KEY } from './policies.js';

/** The folder of the terminal's data under ProgramData (Windows) or /var/lib (elsewhere). */
export const DATA_FOLDER = { win32: 'Branch OTP Console', other: 'branch-otp-console' } as const;

/** Machine policy outside Windows: a JSON file of policy names, as VS Code keeps /etc/…/policy.json. */
export const POLICY_FILE = posix.join('/etc', DATA_FOLDER.other, 'policy.json');

export type PolicyLocation = { kind: 'registry'; key: string } | { kind: 'file'; file: string };

export interface MachineLocations {
  /** One per terminal, not per Windows user: the journal, logs, preferences, training data. */
  dataDir: string;
  /** The machine's config.json, beside the data it configures. */
  configFile: string;
  policy: PolicyLocation;
}

/**
 * Where a packaged console keeps its machine-wide configuration and data. Windows: machine policy
 * in the registry, data in %ProgramData%. Elsewhere (as VS Code does): a policy file under /etc.
 */
export function machineLocations(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): MachineLocations {
  if (platform === 'win32') {
    const dataDir = win32.join(env.ProgramData ?? 'C:\\ProgramData', DATA_FOLDER.win32);
    return { dataDir, configFile: win32.join(dataDir, 'config.json'), policy: { kind: 'registry', key: POLICY_REGISTRY_KEY } };
  }
  const dataDir = posix.join('/var/lib', DATA_FOLDER.other);
  return { dataDir, configFile: posix.join(dataDir, 'config.json'), policy: { kind: 'file', file: POLICY_FILE } };
}
