import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A misbehaving network between the HTTP client and the sandbox issuer, on 127.0.0.1. Each request
 * takes the next planned fault (then `pass`): the faults say whether the issuer saw the request,
 * so a test can prove that a retry never does anything twice.
 */
export type Fault =
  | 'pass'
  /** Forward, but hold the answer back for `delayMs` (past the client's timeout). */
  | 'slow'
  /** Answer 500 without forwarding: the issuer never saw it. */
  | '500-before'
  /** Forward, then answer 500: the issuer acted, the answer is lost. */
  | '500-after'
  /** Drop the connection without forwarding. */
  | 'reset-before'
  /** Forward, then drop the connection: the issuer acted, the answer is lost. */
  | 'reset-after'
  /** Forward, then answer 200 with a body that is not JSON. */
  | 'malformed-json'
  /** Forward, then answer 200 with JSON that breaks the contract. */
  | 'wrong-schema';

export interface SeenRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  fault: Fault;
}

export class FaultProxy {
  readonly seen: SeenRequest[] = [];
  private planned: Fault[] = [];

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
    readonly url: string,
    private readonly delayMs: number,
  ) {}

  static async start(targetUrl: string, { delayMs = 1500 } = {}): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = createServer((request, response) => void proxy!.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    proxy = new FaultProxy(server, new URL(targetUrl), `http://127.0.0.1:${(server.address() as AddressInfo).port}`, delayMs);
    return proxy;
  }

  /** The faults for the next requests, in order. */
  plan(...faults: Fault[]): void {
    this.planned = faults;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const fault = this.planned.shift() ?? 'pass';
    const body = await readAll(request);
    this.seen.push({
      method: request.method ?? '',
      path: request.url ?? '',
      idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      fault,
    });
    if (fault === '500-before') return void error500(response);
    if (fault === 'reset-before') return void request.socket.destroy();

    const answer = await this.forward(request, body);
    switch (fault) {
      case 'pass':
        return void response.writeHead(answer.status, answer.headers).end(answer.body);
      case 'slow':
        setTimeout(() => {
          if (!response.destroyed) response.writeHead(answer.status, answer.headers).end(answer.body);
        }, this.delayMs);
        return;
      case '500-after':
        return void error500(response);
      case 'reset-after':
        return void request.socket.destroy();
      case 'malformed-json':
        return void response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"registrationId": "r-1", ');
      case 'wrong-schema':
        return void response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ unexpected: true }));
    }
  }

  private forward(request: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        new URL(request.url ?? '/', this.target),
        { method: request.method, headers: { ...request.headers, host: this.target.host } },
        async (answer) => {
          const content = await readAll(answer);
          resolve({
            status: answer.statusCode ?? 502,
            headers: { 'Content-Type': String(answer.headers['content-type'] ?? 'application/json') },
            body: content,
          });
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const error500 = (response: ServerResponse) =>
  response
    .writeHead(500, { 'Content-Type': 'application/json' })
    .end(JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'injected', retryable: true } }));
