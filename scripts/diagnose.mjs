// `npm run diagnose [-- --json] [--data-dir DIR] [--config FILE] [--policy FILE]`: checks the console on this machine.
import { resolvePathOptions, runBuilt } from './lib/run-built.mjs';

resolvePathOptions(['data-dir', 'config', 'policy']);
await runBuilt('dist/main/diagnose/cli.js', 'start');
