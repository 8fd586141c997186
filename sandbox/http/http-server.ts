import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as TlsServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { redact } from '../../issuer-api/domain.js';
import { issuerEndpoints, type IssuerEndpoint, type IssuerOperation } from '../../issuer-api/endpoints.js';
import { isJsonMediaType, MAX_REQUEST_BODY_BYTES, parseRequestTarget } from '../../issuer-api/http.js';
import { TerminalIdentitySchema } from '../../issuer-api/schemas.js';
import { IssuerError, type IssuerErrorBody } from '../../issuer-api/errors.js';
import type { SandboxIssuer } from '../sandbox-issuer.js';

export interface SandboxServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

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
  // A request the HTTP parser refuses (a request line or header that is not HTTP) still gets the
  // contract's answer, so a client sees a code rather than a bare status.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = timedOut ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    socket.end(rawErrorAnswer(new IssuerError(status, 'BAD_REQUEST', timedOut ? 'Request not received in time' : 'Malformed HTTP request', timedOut)));
  });
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

/**
 * One request, checked in the order of ISSUER-API.md v1.1 "fine print": path and query (400
 * BAD_REQUEST), the route (404), content type and size (415, 413), JSON (400 MALFORMED_JSON), the
 * terminal headers; then the sandbox itself (validation, session, approval, the rule). The body is
 * read to its end first, whatever is wrong, so that every refusal is an answer the client sees,
 * never a connection reset.
 */
async function serve(sandbox: SandboxIssuer, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  const target = parseRequestTarget(request.url ?? '');
  if (!target) throw new IssuerError(400, 'BAD_REQUEST', 'Malformed path or query');
  const match = findRoute(request.method ?? 'GET', target.path);
  if (!match) throw new IssuerError(404, 'NOT_FOUND', `No route ${request.method} ${target.path}`);
  const { route, params } = match;

  // Only a POST has a body; one sent with another method is read and ignored.
  let json: unknown;
  if (route.endpoint.method === 'POST') {
    const contentType = header(request, 'content-type');
    // A POST without a body is {} and needs no content type; a type it names must still be JSON.
    if ((body.size > 0 || contentType !== undefined) && !isJsonMediaType(contentType ?? '')) {
      throw new IssuerError(415, 'UNSUPPORTED_MEDIA_TYPE', 'A request body must be application/json');
    }
    if (body.size > MAX_REQUEST_BODY_BYTES) {
      throw new IssuerError(413, 'BODY_TOO_LARGE', `A request body may be at most ${MAX_REQUEST_BODY_BYTES} bytes`);
    }
    json = body.size > 0 ? parseJson(body.bytes) : {};
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
    { params, query: target.query, body: json },
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

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new IssuerError(400, 'MALFORMED_JSON', 'Request body is not valid JSON (UTF-8)');
  }
}

/** Route params are the path's segments as escaped; parseRequestTarget has checked they decode. */
function findRoute(method: string, pathname: string): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    if (route.endpoint.method !== method) continue;
    const found = route.pattern.exec(pathname);
    if (!found) continue;
    return { route, params: Object.fromEntries(route.paramNames.map((name, i) => [name, decodeURIComponent(found[i + 1]!)])) };
  }
  return null;
}

/**
 * The whole body, read to its end: up to the limit kept, the rest read and dropped, so that a
 * refusal of a body too large is an answer the client can read rather than a reset (the server's
 * request timeout bounds a body that never ends). `size` counts every byte sent.
 */
function readBody(request: IncomingMessage): Promise<{ bytes: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve({ bytes: size <= MAX_REQUEST_BODY_BYTES ? Buffer.concat(chunks) : Buffer.alloc(0), size }));
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

const errorBody = (error: IssuerError): IssuerErrorBody => ({
  error: { code: error.code, message: error.message, retryable: error.retryable, ...(error.details ? { details: error.details } : {}) },
});

export function sendError(response: ServerResponse, error: IssuerError): void {
  sendJson(response, error.status, errorBody(error));
}

/** An error answer written straight to a socket the HTTP parser gave up on; the connection closes after it. */
function rawErrorAnswer(error: IssuerError): string {
  const text = JSON.stringify(errorBody(error));
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    'Cache-Control: no-store',
    `Content-Length: ${Buffer.byteLength(text)}`,
    'Connection: close',
    '',
    text,
  ].join('\r\n');
}
