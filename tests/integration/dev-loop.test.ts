import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

// `npm run dev` as it is run: Vite's dev server serves the page, and the real main process runs in
// the browser host behind it, reached through the dev server's /rpc.
describe('npm run dev', () => {
  let dev: ChildProcess;
  let dataDir: string;
  let page: URL;
  let secret: string;
  const output: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dev-loop-'));
    dev = spawn(process.execPath, ['scripts/dev.mjs', '--data-dir', dataDir], {
      env: { ...process.env, CONSOLE_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: dev.stderr! }).on('line', (line) => output.push(line));
    const address = await new Promise<string>((resolve, reject) => {
      createInterface({ input: dev.stdout! }).on('line', (line) => {
        output.push(line);
        const open = /^dev: open (\S+)/.exec(line);
        if (open) resolve(open[1]!);
      });
      dev.once('exit', (code) => reject(new Error(`npm run dev exited with ${code}:\n${output.join('\n')}`)));
    });
    page = new URL(address);
    secret = page.hash.replace('#secret=', '');
  }, 180_000);

  afterAll(async () => {
    if (dev.exitCode === null) {
      dev.kill('SIGTERM');
      await new Promise((resolve) => dev.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const open = (origin: string | null, key = secret) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://${page.host}/rpc?secret=${encodeURIComponent(key)}`, { headers: origin ? { Origin: origin } : {} });
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      ws.once('error', reject);
    });

  const call = (ws: WebSocket, id: number, channel: string, input: unknown) =>
    new Promise<unknown>((resolve) => {
      ws.on('message', (data) => {
        const reply = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
        if (reply.type === 'result' && reply.id === id) resolve(reply.result);
      });
      ws.send(JSON.stringify({ type: 'call', id, channel, input }));
    });

  it('prints one address to open: the dev server\'s page, carrying the secret', () => {
    expect(page.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#secret=[\w-]{43}$/);
    expect(output.join('\n').match(/http:\/\//g)).toHaveLength(1);
  });

  it('serves the renderer from source with hot reload and React fast refresh', async () => {
    const html = await (await fetch(page.origin)).text();
    expect(html).toContain('/@vite/client');
    // The browser host's CSP as a meta tag, inline styles allowed for Vite's injected <style>s.
    expect(html.replaceAll('&#39;', "'")).toContain("style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*;");
    const screen = await (await fetch(`${page.origin}/screens/LoginScreen.tsx`)).text();
    expect(screen).toContain('$RefreshReg$');
  });

  it('reaches the real main process through /rpc, with the secret and from the page only', async () => {
    const ws = await open(page.origin);
    expect(await call(ws, 1, 'status.get', {})).toMatchObject({ ok: true, value: { trainingMode: true } });
    expect(await call(ws, 2, 'staff.login', { staffId: 'T0001', password: 'teller-pass-1' })).toMatchObject({
      ok: true,
      value: { staffId: 'T0001', role: 'TELLER' },
    });
    ws.close();
    await expect(open('http://evil.example')).rejects.toThrow('HTTP 403');
    await expect(open(null)).rejects.toThrow('HTTP 403');
    await expect(open(page.origin, 'x'.repeat(43))).rejects.toThrow('HTTP 403');
  });

  it('stops the browser host when it stops', async () => {
    dev.kill('SIGTERM');
    expect(await new Promise((resolve) => dev.once('exit', resolve))).toBe(0);
    // The host is the one process started with this test's data folder.
    expect(spawnSync('pgrep', ['-f', dataDir]).status).toBe(1);
  });
});
