import { readPolicyFile, type PolicyLayer } from './load.js';
import type { PolicyLocation } from './machine-paths.js';
import { queryRegistryKey } from './windows-registry.js';

/** The machine policy where this platform keeps it: null when IT has set none. */
export async function readMachinePolicy(location: PolicyLocation): Promise<PolicyLayer | null> {
  if (location.kind === 'file') return readPolicyFile(location.file);
  try {
    const values = await queryRegistryKey(location.key);
    return Object.keys(values).length === 0 ? null : { origin: location.key, values };
  } catch (error) {
    return { origin: location.key, unreadable: (error as Error).message };
  }
}
