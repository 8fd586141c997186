// `npm run support-bundle -- --out DIR [--data-dir DIR] [--config FILE] [--policy FILE]`: writes a folder for IT to zip.
import { resolvePathOptions, runBuilt } from './lib/run-built.mjs';

resolvePathOptions(['out', 'data-dir', 'config', 'policy']);
await runBuilt('dist/main/diagnose/bundle-cli.js', 'start');
