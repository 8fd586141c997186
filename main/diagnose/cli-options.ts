import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { machineLocations } from '../config/machine-paths.js';
import { configFileIn, type CommandPlaces } from './command.js';

/** The options both command-line tools share: which machine's configuration and data to look at. */
const PLACE_OPTIONS = {
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  policy: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/**
 * Parses a tool's arguments: its own options plus --data-dir, --config and --policy, which default
 * to this machine's places as the packaged console uses them. Throws a usage message on anything
 * it does not know.
 */
export function parseToolArgs(args: string[], own: NonNullable<ParseArgsConfig['options']>, usage: string) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...PLACE_OPTIONS, ...own }, strict: true, allowPositionals: false });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${usage}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const machine = machineLocations(process.platform, process.env);
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const dataDir = resolve(text('data-dir') ?? machine.dataDir);
  const places: CommandPlaces = {
    dataDir,
    configFile: resolve(text('config') ?? configFileIn(dataDir)),
    policy: text('policy') ? { kind: 'file', file: resolve(text('policy')!) } : machine.policy,
  };
  return { places, values };
}
