import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConsoleMain } from '../app/console.js';
import { BrowserHostMessageSchema, type BrowserHostReply } from '../../shared/browser-host-protocol.js';
import { contentSecurityPolicy } from '../app/content-security-policy.js';
import { fail, type Result } from '../../shared/result.js';

/** The browser host's renderer talks to the host over its WebSocket on 127.0.0.1. */
const HOST_CSP = contentSecurityPolicy('ws://127.0.0.1:*');

export interface BrowserHost {
  /** Open this in a browser: it carries the per-launch secret in its fragment. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The browser host: the same router the Electron transport serves, behind a WebSocket on
 * 127.0.0.1, plus the built renderer as static files. It exists for machines without the Electron
 * binary (tests, demos). A caller needs the per-launch secret and our own Origin, so neither
 * another local user's process nor a web page in the teller's browser can drive the console.
 */
export async function startBrowserHost(options: {
  console: Pick<ConsoleMain, 'router' | 'events'>;
  rendererDir: string;
  port?: number;
  secret?: string;
}): Promise<BrowserHost> {
  if ('electron' in process.versions) {
    // Never in a packaged or running Electron app: the desktop console uses IPC only.
    throw new Error('the browser host is a development and test tool and does not run inside Electron');
  }
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  if (secret.length < 43) throw new Error('a browser host secret must carry at least 32 random bytes (43 base64url characters)');
  const sockets = new Set<WebSocket>();
  let origin = '';

  const server = createServer((request, response) => serveStatic(options.rendererDir, request, response));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  server.on('upgrade', (request, socket, head) => {
    // A socket error before or during the upgrade ends that socket, never the host.
    socket.on('error', () => socket.destroy());
    const url = URL.parse(request.url ?? '/', origin); // any web page can ask for '//'
    if (!url || url.pathname !== '/rpc' || request.headers.origin !== origin || !sameSecret(url.searchParams.get('secret'), secret)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A frame over maxPayload or text that is not UTF-8: ws closes the socket (1009, 1007) and
      // reports it here; without a listener the report would end the process.
      ws.on('error', () => ws.terminate());
      ws.on('message', (data) => void answer(ws, data.toString()));
    });
  });

  const answer = async (ws: WebSocket, text: string) => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = undefined;
    }
    const parsed = BrowserHostMessageSchema.safeParse(message);
    if (!parsed.success) {
      ws.close(1003, 'malformed message');
      return;
    }
    // The router answers every refusal itself; a rejection is a failure below it (e.g. the journal
    // file), answered as INTERNAL like any other unexpected failure.
    const result = await options.console.router
      .call(parsed.data.channel, parsed.data.input)
      .catch((): Result<unknown> => fail({ code: 'INTERNAL', message: 'Internal error' }));
    send(ws, { type: 'result', id: parsed.data.id, result });
  };

  const unsubscribe = options.console.events.subscribe((name, payload) => {
    for (const ws of sockets) send(ws, { type: 'event', name, payload });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#secret=${secret}`,
    port,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(ws: WebSocket, reply: BrowserHostReply) {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
}

function sameSecret(given: string | null, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Serves the built renderer; unknown paths get index.html so a reload on any screen works. */
function serveStatic(root: string, request: IncomingMessage, response: ServerResponse) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
  } catch {
    response.writeHead(400).end();
    return;
  }
  let file = normalize(join(root, pathname));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || !isFile(file)) file = join(root, 'index.html');
  if (!isFile(file)) {
    response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('renderer not built: run npm run build');
    return;
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': HOST_CSP,
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
