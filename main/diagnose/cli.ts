import { NFC } from 'nfc-pcsc';
import { runConsoleCommand } from './command.js';
import { parseToolArgs } from './cli-options.js';

/**
 * `npm run diagnose [-- --json] [--data-dir DIR] [--config FILE] [--policy FILE]`: checks this
 * machine's console (configuration, issuer, PC/SC, journal, disk) and prints one line per check;
 * exits 1 when a check FAILs, 2 on a usage error. The packaged console runs the same with --diagnose.
 */
const USAGE = 'usage: npm run diagnose -- [--json] [--data-dir DIR] [--config FILE] [--policy FILE]';

let parsed;
try {
  parsed = parseToolArgs(process.argv.slice(2), { json: { type: 'boolean', default: false } }, USAGE);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const code = await runConsoleCommand({ kind: 'diagnose', json: parsed.values.json === true }, parsed.places, {
  createNfc: () => new NFC(),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
// The PC/SC binding can hold the event loop open after it is closed.
process.exit(code);
