// `npm run issuer -- --port <n> --db <file|:memory:>`: the standalone sandbox issuer on 127.0.0.1.
import { runBuilt } from './lib/run-built.mjs';

await runBuilt('dist/sandbox/http/cli.js', 'issuer');
