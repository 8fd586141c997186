import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as TlsServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { redact } from '../../issuer-api/domain.js';
import { issuerEndpoints, type IssuerEndpoint, type IssuerOperation } from '../../issuer-api/endpoints.js';
import { TerminalIdentitySchema } from '../../issuer-api/schemas.js';
import { IssuerError, type IssuerErrorBody } from '../../issuer-api/errors.js';
import type { SandboxIssuer } from '../sandbox-issuer.js';

export interface SandboxServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

interface Route {
  op: IssuerOperation;
  endpoint: IssuerEndpoint;
  pattern: RegExp;
  paramNames: string[];
}

/** One regular expression per endpoint path, `{name}` capturing one path segment. */
const routes: Route[] = Object.entries(issuerEndpoints as Record<IssuerOperation, IssuerEndpoint>).map(([op, endpoint]) => {
  const paramNames: string[] = [];
  const source = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    paramNames.push(name);
    return '([^/]+)';
  });
  return { op: op as IssuerOperation, endpoint, pattern: new RegExp(`^${source}$`), paramNames };
});

/**
 * The sandbox issuer over HTTP (ISSUER-API.md): what tests and integrators call. It translates
 * HTTP to `SandboxIssuer.handle` and back, and nothing more: every rule lives in the sandbox.
 * With `tls` it serves HTTPS and can require a client certificate, as the production issuer does.
 */
export async function startSandboxServer(options: {
  sandbox: SandboxIssuer;
  port?: number;
  tls?: TlsServerOptions;
  log?: (line: string) => void;
}): Promise<SandboxServer> {
  const log = options.log ?? ((line: string) => console.error(redact(line)));
  const handler = (request: IncomingMessage, response: ServerResponse) =>
    void serve(options.sandbox, request, response).catch((error: unknown) => {
      if (error instanceof IssuerError) return sendError(response, error);
      log(`sandbox server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sendError(response, new IssuerError(500, 'INTERNAL_ERROR', 'Internal error', true));
    });
  const server: Server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(sandbox: SandboxIssuer, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sandbox');
  const match = findRoute(request.method ?? 'GET', url.pathname);
  if (!match) throw new IssuerError(404, 'NOT_FOUND', `No route ${request.method} ${url.pathname}`);
  const { route, params } = match;

  const text = await readBody(request);
  let body: unknown;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new IssuerError(400, 'MALFORMED_JSON', 'Request body is not valid JSON');
    }
  } else if (route.endpoint.body) {
    body = {};
  }

  // Terminal identity: every call a counter makes; the phone and health routes are not a counter's.
  const terminal = TerminalIdentitySchema.safeParse({
    institutionCode: request.headers['x-institution-code'],
    branchCode: request.headers['x-branch-code'],
    terminalId: request.headers['x-terminal-id'],
  });
  const needsTerminal = route.op !== 'health' && !route.endpoint.sandboxOnly;
  if (needsTerminal && !terminal.success) {
    throw new IssuerError(400, 'MISSING_TERMINAL_HEADERS', 'X-Institution-Code, X-Branch-Code and X-Terminal-Id are required');
  }

  // Checked by the sandbox itself, as for an in-process call.
  const idempotencyKey = header(request, 'idempotency-key');
  const authorization = header(request, 'authorization');
  const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : undefined;

  const result = await sandbox.handle(
    route.op,
    { params, query: Object.fromEntries(url.searchParams), body },
    {
      terminal: terminal.success ? terminal.data : { institutionCode: '000', branchCode: '0000', terminalId: 'phone' },
      token,
      approvalToken: header(request, 'x-approval-token'),
      idempotencyKey,
    },
  );
  if (route.endpoint.status === 204) {
    response.writeHead(204).end();
    return;
  }
  sendJson(response, route.endpoint.status, result);
}

function findRoute(method: string, pathname: string): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    if (route.endpoint.method !== method) continue;
    const found = route.pattern.exec(pathname);
    if (!found) continue;
    try {
      const params = Object.fromEntries(route.paramNames.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
      return { route, params };
    } catch {
      return null; // a malformed escape names no resource
    }
  }
  return null;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new IssuerError(413, 'VALIDATION_FAILED', 'Request body too large', false, { body: 'TOO_LARGE' }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const header = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

export function sendError(response: ServerResponse, error: IssuerError): void {
  const body: IssuerErrorBody = {
    error: { code: error.code, message: error.message, retryable: error.retryable, ...(error.details ? { details: error.details } : {}) },
  };
  sendJson(response, error.status, body);
}
