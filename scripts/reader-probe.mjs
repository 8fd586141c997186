// `npm run reader:probe [-- --json]`: lists readers, waits for cards, prints every event until Ctrl-C.
import { runBuilt } from './lib/run-built.mjs';

await runBuilt('dist/main/reader/probe-cli.js', 'start');
