// `npm run dev [-- <browser host options>]`: the loop for working on the console, in training mode.
// - renderer: Vite's dev server, hot reload with React fast refresh;
// - main side (main/, shared/, issuer-api/, sandbox/): tsc's watch mode (lib/watch-main.mjs),
//   compiling incrementally into dist/ as `npm run build` does; a compile that writes JavaScript
//   restarts the browser host, which runs the real main process;
// - the page reaches the host's WebSocket (/rpc) through Vite's proxy. The host accepts only its
//   own origin: the proxy presents the dev page's origin as the host's, and no other. The secret is
//   made here once and handed to every restart, so the open page reconnects by itself.
// Prints one address to open; CONSOLE_PORT picks its port (default 4780).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build, pruneMain } from './build.mjs';
import { setup } from './setup.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
await setup('start');

const secret = randomBytes(32).toString('base64url');
const hostArgs = process.argv.slice(2);
let host = null;
let hostPort = 0;
let stopping = false;
let restarting = null;
let nextChange = null;
/** The page's WebSockets through the proxy. */
const pageSockets = new Set();

// Start from what `npm run build` would leave, so the page is up before tsc's watch has parsed
// the whole program (several seconds); the watch then takes over main's compiles.
try {
  await build({ mainOnly: true });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
host = await startHost();
hostPort = host.port;
const page = await startPage();
console.log(`dev: open ${page.origin}/#secret=${secret}  (up in ${seconds(0)})`);
const compiler = new Worker(new URL('lib/watch-main.mjs', import.meta.url));
compiler.on('message', (change) => {
  pruneMain();
  void restartHost(change);
});
compiler.on('error', (error) => console.error(`dev: main's compiler stopped: ${error.stack}`));

// Whatever ends this process, the host goes with it.
process.on('exit', () => host?.child.kill('SIGTERM'));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all([compiler.terminate(), stopHost(), page.server.close()]);
    process.exit(0);
  });
}

/** Starts the built browser host with this session's secret; resolves once it listens. */
function startHost() {
  const child = spawn(process.execPath, ['dist/main/host/cli.js', '--port', String(hostPort), ...hostArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CONSOLE_HOST_SECRET: secret },
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const listening = /^browser host listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
      // The host's own address serves dist/renderer, not this loop's page: keep it off the screen.
      if (listening) resolve({ child, port: Number(listening[1]) });
      else console.log(line);
    });
    child.on('exit', (code, signal) => {
      reject(new Error(`the browser host stopped before listening (${signal ?? `exit ${code}`})`));
      if (host?.child === child && !stopping) {
        console.log(`dev: the browser host stopped (${signal ?? `exit ${code}`}); save a main-side file to start it again`);
        host = null;
      }
    });
  });
}

function stopHost() {
  const child = host?.child;
  host = null;
  // Close the page's side first: the host resets its sockets, which the proxy would log as errors.
  for (const socket of pageSockets) socket.destroy();
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** One restart at a time; a compile that lands during one gets one more. */
async function restartHost(change) {
  nextChange = change;
  if (restarting) return;
  restarting = (async () => {
    while (nextChange && !stopping) {
      const { files, changedAt } = nextChange;
      nextChange = null;
      await stopHost();
      try {
        host = await startHost();
        if (host.port !== hostPort) console.log(`dev: the host's port ${hostPort} was taken; restart npm run dev`);
        console.log(`dev: main recompiled (${files} files), host restarted ${((Date.now() - changedAt) / 1000).toFixed(1)} s after the change`);
      } catch (error) {
        console.log(`dev: ${error.message}`);
      }
    }
  })();
  await restarting;
  restarting = null;
}

/** Vite's dev server for the renderer, proxying /rpc to the host. */
async function startPage() {
  const { createServer } = await import('vite');
  // Built by the main-only build above: the one CSP, as the browser host sends it.
  const { contentSecurityPolicy } = await import('../dist/main/app/content-security-policy.js');
  let pageOrigin = '';
  const before = process.listeners('SIGTERM');
  const stdinBefore = process.stdin.listeners('end');
  const server = await createServer({
    configFile: 'vite.config.ts',
    clearScreen: false,
    // Pre-bundled dependencies are built output too: in dist/, which `build --clean` empties.
    cacheDir: fileURLToPath(new URL('../dist/.vite', import.meta.url)),
    plugins: [
      {
        // The browser host's CSP, as a meta tag (Vite serves this page, not the host), with inline
        // styles allowed on this page only: Vite's dev server injects each stylesheet as <style>.
        name: 'dev-content-security-policy',
        apply: 'serve',
        transformIndexHtml: () => [
          {
            tag: 'meta',
            attrs: {
              'http-equiv': 'Content-Security-Policy',
              content: contentSecurityPolicy('ws://127.0.0.1:*').replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
            },
            injectTo: 'head-prepend',
          },
        ],
      },
    ],
    server: {
      host: '127.0.0.1',
      port: Number(process.env.CONSOLE_PORT ?? '4780'),
      strictPort: true,
      proxy: {
        '/rpc': {
          target: `http://127.0.0.1:${hostPort}`,
          ws: true,
          // While the host restarts, refuse at once (the page retries) rather than log refused connections.
          bypass: () => (host ? undefined : false),
          configure: (proxy) =>
            proxy.on('proxyReqWs', (proxyRequest, request, socket) => {
              if (request.headers.origin === pageOrigin) proxyRequest.setHeader('origin', `http://127.0.0.1:${hostPort}`);
              pageSockets.add(socket);
              socket.once('close', () => pageSockets.delete(socket));
            }),
        },
      },
    },
  });
  // Vite's dev server exits the process on SIGTERM by itself; here the host must stop first.
  for (const listener of process.listeners('SIGTERM')) if (!before.includes(listener)) process.off('SIGTERM', listener);
  for (const listener of process.stdin.listeners('end')) if (!stdinBefore.includes(listener)) process.stdin.off('end', listener);
  await server.listen();
  pageOrigin = `http://127.0.0.1:${server.httpServer.address().port}`;
  return { server, origin: pageOrigin };
}

function seconds(started) {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}
