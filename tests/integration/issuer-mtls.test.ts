import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfiguration } from '../../main/config/load.js';
import { readTlsFiles } from '../../main/config/settings.js';
import { HttpIssuer } from '../../main/issuer/http-client.js';
import { startSandboxServer, type SandboxServer } from '../../sandbox/http/http-server.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../sandbox/store/store.js';
import { BRANCH_088 } from '../support/issuer-fixtures.js';
import { makeTestPki, type Pki } from '../support/test-pki.js';

// Mutual TLS as production runs it: the issuer requires the terminal's client certificate.
describe('issuer client over mutual TLS', () => {
  let dir: string;
  let pki: Pki;
  let db: SandboxDb;
  let server: SandboxServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'issuer-mtls-'));
    pki = makeTestPki(dir);
    db = openSandboxDb(':memory:');
    server = await startSandboxServer({
      sandbox: new SandboxIssuer({ db }),
      tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert, requestCert: true, rejectUnauthorized: true },
      log: () => {},
    });
  });
  afterAll(async () => {
    await server.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const client = (tls: ConstructorParameters<typeof HttpIssuer>[0]['tls']) =>
    new HttpIssuer({ baseUrl: server.url, terminal: BRANCH_088, tls, retries: 0, timeoutMs: 3000 });

  it('logs in with the terminal certificate, key and CA bundle named in the configuration, relative to its file', async () => {
    for (const [file, content] of [['terminal.crt', pki.clientCert], ['terminal.key', pki.clientKey], ['ca.crt', pki.caCert]] as const) {
      writeFileSync(join(dir, `cfg-${file}`), content);
    }
    const configFile = join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        issuer: { url: server.url, clientCertFile: 'cfg-terminal.crt', clientKeyFile: 'cfg-terminal.key', caFile: 'cfg-ca.crt' },
      }),
    );
    // Loaded from another working directory: the paths are the config file's, not the process's.
    const loaded = loadConfiguration({ policy: null, file: configFile });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.view.problems));
    expect(loaded.config.issuer?.caFile).toBe(join(dir, 'cfg-ca.crt'));
    const issuer = client(readTlsFiles(loaded.config.issuer!));
    const session = await issuer.call('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } });
    expect(session).toMatchObject({ staffId: 'T0001', role: 'TELLER' });
  });

  it('cannot connect without a client certificate', async () => {
    await expect(client({ ca: pki.caCert }).call('health', {})).rejects.toMatchObject({ code: 'ISSUER_UNREACHABLE' });
  });

  it('cannot connect with a certificate from a CA the issuer does not trust', async () => {
    await expect(client({ cert: pki.strangerCert, key: pki.strangerKey, ca: pki.caCert }).call('health', {})).rejects.toMatchObject({
      code: 'ISSUER_UNREACHABLE',
    });
  });

  it('does not trust an issuer whose certificate is not from the configured CA', async () => {
    await expect(client({ cert: pki.clientCert, key: pki.clientKey, ca: pki.strangerCert }).call('health', {})).rejects.toMatchObject({
      code: 'ISSUER_UNREACHABLE',
    });
  });

  it('refuses a configuration with a certificate but no key, naming the rule', () => {
    const configFile = join(dir, 'half.json');
    writeFileSync(configFile, JSON.stringify({ issuer: { url: server.url, clientCertFile: 'cfg-terminal.crt' } }));
    const loaded = loadConfiguration({ policy: null, file: configFile });
    expect(loaded.ok).toBe(false);
    expect(loaded.view.problems).toEqual([expect.objectContaining({ key: 'issuer.clientKeyFile', rule: 'CERT_AND_KEY_TOGETHER', source: 'file', origin: configFile })]);
  });
});
