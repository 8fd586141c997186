import { join } from 'node:path';
import type { NFC } from 'nfc-pcsc';
import type { JournalKey } from '../journal/key.js';
import { loadConfiguration } from '../config/load.js';
import { readMachinePolicy } from '../config/machine-policy.js';
import type { PolicyLocation } from '../config/machine-paths.js';
import { runDiagnose } from './diagnose.js';
import { exitCodeOf, formatJson, formatText } from './report.js';
import { writeSupportBundle } from './support-bundle.js';

/** IT's commands on the console's command line, instead of opening it. */
export type ConsoleCommand = { kind: 'diagnose'; json: boolean } | { kind: 'support-bundle'; out: string } | { kind: 'usage'; message: string };

export const USAGE = 'usage: --diagnose [--json] | --support-bundle <folder>';

/**
 * The packaged console's arguments: `--diagnose [--json]` or `--support-bundle <folder>` (also
 * `--support-bundle=<folder>`); null for a normal start. Anything malformed is a usage message,
 * never a start: IT typing a command must not open the counter's window.
 */
export function consoleCommandOf(argv: readonly string[]): ConsoleCommand | null {
  const diagnose = argv.includes('--diagnose');
  const at = argv.findIndex((arg) => arg === '--support-bundle' || arg.startsWith('--support-bundle='));
  if (!diagnose && at < 0) return null;
  if (diagnose && at >= 0) return { kind: 'usage', message: `--diagnose and --support-bundle are two commands: give one. ${USAGE}` };
  if (diagnose) return { kind: 'diagnose', json: argv.includes('--json') };
  const arg = argv[at]!;
  const out = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
  if (!out || out.startsWith('--')) return { kind: 'usage', message: `--support-bundle needs the folder to write into. ${USAGE}` };
  return { kind: 'support-bundle', out };
}

export interface CommandPlaces {
  dataDir: string;
  configFile: string;
  policy: PolicyLocation | null;
  /** Where the console keeps the journal key, when not in journal.key beside the journal (safeStorage on Windows). */
  journalKey?: JournalKey;
}

export interface CommandIo {
  createNfc: () => NFC;
  /** stdout (the report, the bundle's path) and stderr (what went wrong). */
  out: (text: string) => void;
  err: (text: string) => void;
  now?: () => Date;
}

/**
 * Runs a command against this machine's configuration and data, as the console would load them;
 * resolves to the exit code: 0, 1 when a diagnose check FAILs, 2 for a usage error or a bundle
 * that cannot be written. Shared by the packaged console and `npm run diagnose / support-bundle`.
 */
export async function runConsoleCommand(command: ConsoleCommand, places: CommandPlaces, io: CommandIo): Promise<number> {
  if (command.kind === 'usage') {
    io.err(command.message);
    return 2;
  }
  const policy = places.policy ? await readMachinePolicy(places.policy) : null;
  const configuration = loadConfiguration({ policy, file: places.configFile });
  const deps = {
    configuration,
    dataDir: places.dataDir,
    createNfc: io.createNfc,
    ...(io.now ? { now: io.now } : {}),
    ...(places.journalKey ? { journalKey: places.journalKey } : {}),
  };
  if (command.kind === 'diagnose') {
    const report = await runDiagnose(deps);
    io.out(command.json ? formatJson(report) : formatText(report));
    return exitCodeOf(report);
  }
  try {
    const bundle = await writeSupportBundle(command.out, deps);
    io.out(bundle.dir);
    return 0;
  } catch (error) {
    io.err(`support bundle: cannot write into ${command.out}: ${(error as Error).message}`);
    return 2;
  }
}

/** The data folder's own config.json, as the console reads it. */
export const configFileIn = (dataDir: string) => join(dataDir, 'config.json');
