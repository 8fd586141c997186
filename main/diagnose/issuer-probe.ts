import type { ClientRequest, IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { checkServerIdentity, connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { issuerEndpoints } from '../../issuer-api/endpoints.js';

/** The PEM material of the issuer connection (readTlsFiles), as the console's client uses it. */
export interface IssuerTlsMaterial {
  cert?: Buffer;
  key?: Buffer;
  ca?: Buffer;
}

export type TlsProbe =
  | {
      ok: true;
      host: string;
      port: number;
      protocol: string | null;
      cipher: string;
      server: { subject: string; issuer: string; validFrom: string; validTo: string; fingerprint256: string };
      /** Null when the chain and the host name check out against the configured CA (or the system's). */
      untrusted: string | null;
    }
  | { ok: false; host: string; port: number; reason: string };

/**
 * One TLS handshake with the issuer, the way the console's client makes it (its CA and client
 * certificate), but without refusing an untrusted server: diagnose reports what it found instead.
 */
export function probeTls(url: URL, tls: IssuerTlsMaterial, timeoutMs: number): Promise<TlsProbe> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve) => {
    let socket: TLSSocket;
    try {
      socket = connect({ host, port, ...(isIp(host) ? {} : { servername: host }), ...tls, rejectUnauthorized: false });
    } catch (error) {
      // Material Node refuses before connecting, e.g. a key that does not fit the certificate.
      return resolve({ ok: false, host, port, reason: (error as Error).message });
    }
    const done = (probe: TlsProbe) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(probe);
    };
    const timer = setTimeout(() => done({ ok: false, host, port, reason: `no handshake within ${timeoutMs} ms` }), timeoutMs);
    socket.once('error', (error: Error) => done({ ok: false, host, port, reason: error.message }));
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      const identity = socket.authorized ? checkServerIdentity(host, peer) : undefined;
      const untrusted = !socket.authorized ? String(socket.authorizationError) : identity ? identity.message : null;
      done({
        ok: true,
        host,
        port,
        protocol: socket.getProtocol(),
        cipher: socket.getCipher().name,
        server: {
          subject: distinguishedName(peer.subject),
          issuer: distinguishedName(peer.issuer),
          validFrom: new Date(peer.valid_from).toISOString(),
          validTo: new Date(peer.valid_to).toISOString(),
          fingerprint256: peer.fingerprint256,
        },
        untrusted,
      });
    });
  });
}

export type HealthProbe =
  | {
      ok: true;
      status: number;
      body: string;
      /** The answer's HTTP Date header, if it had one. */
      date: string | null;
      /** The local clock when the request left and when the answer arrived. */
      sentAt: Date;
      receivedAt: Date;
    }
  | { ok: false; reason: string };

/** GET /v1/health over the console's TLS settings, keeping what the client drops: the answer's Date header. */
export function probeHealth(baseUrl: string, tls: IssuerTlsMaterial, timeoutMs: number, now: () => Date): Promise<HealthProbe> {
  const url = new URL(issuerEndpoints.health.path, baseUrl);
  return new Promise((resolve) => {
    const sentAt = now();
    const answered = (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => resolve({ ok: false, reason: error.message }));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8').slice(0, 1000);
        resolve({ ok: true, status: response.statusCode ?? 0, body, date: response.headers.date ?? null, sentAt, receivedAt: now() });
      });
    };
    let req: ClientRequest;
    try {
      req = request(url, { method: 'GET', headers: { Accept: 'application/json' }, ...tls, timeout: timeoutMs }, answered);
    } catch (error) {
      return resolve({ ok: false, reason: (error as Error).message });
    }
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: Error) => resolve({ ok: false, reason: error.message }));
    req.end();
  });
}

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

/** `CN=server, O=Bank` from Node's certificate fields. */
function distinguishedName(fields: PeerCertificate['subject'] | undefined): string {
  if (!fields) return '(none)';
  return Object.entries(fields)
    .map(([name, value]) => `${name}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}
