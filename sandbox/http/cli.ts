import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSandboxServer } from './http-server.js';
import { SandboxIssuer } from '../sandbox-issuer.js';
import { openSandboxDb } from '../store/store.js';

/**
 * The standalone sandbox issuer: `npm run issuer -- --port <n> --db <file|:memory:>`.
 * Prints exactly one line, `issuer sandbox listening on http://127.0.0.1:<port>`, once ready.
 * `--tls-cert/--tls-key` serve HTTPS; with `--tls-client-ca` a client certificate is required.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    db: { type: 'string', default: ':memory:' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'tls-client-ca': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be 0–65535, not ${values.port}`);
  process.exit(2);
}

const db = openSandboxDb(values.db);
const sandbox = new SandboxIssuer({ db });
const tls =
  values['tls-cert'] && values['tls-key']
    ? {
        cert: readFileSync(values['tls-cert']),
        key: readFileSync(values['tls-key']),
        ...(values['tls-client-ca'] ? { ca: readFileSync(values['tls-client-ca']), requestCert: true, rejectUnauthorized: true } : {}),
      }
    : undefined;
const server = await startSandboxServer({ sandbox, port, ...(tls ? { tls } : {}) });
console.log(`issuer sandbox listening on ${server.url}`);

const stop = async () => {
  await server.close();
  db.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
