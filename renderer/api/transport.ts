import { BRIDGE_GLOBAL, type ConsoleBridge } from '../../shared/bridge.js';
import type { BrowserHostReply } from '../../shared/browser-host-protocol.js';
import type { Channel } from '../../shared/contract.js';
import type { Result } from '../../shared/result.js';

/** How the renderer reaches the main process: Electron's preload bridge, or the browser host. */
export interface Transport {
  call(channel: Channel, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

export class MissingHostSecretError extends Error {}

/** What the first screen (login, lock or home) reads: asked at once by main.tsx, prefetched by hooks.ts. */
export const FIRST_SCREEN_READS: readonly Channel[] = ['config.get', 'preferences.get', 'staff.current', 'status.get'];

export function createTransport(): Transport {
  const bridge = (window as unknown as Record<string, ConsoleBridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) {
    return {
      call: (channel, input) => (bridge.calls[channel] as (input: unknown) => Promise<Result<unknown>>)(input),
      onEvent: (listener) => bridge.onEvent(listener),
    };
  }
  const fromAddress = new URLSearchParams(location.hash.slice(1)).get('secret');
  const transport = new BrowserHostTransport(fromAddress ?? keptHostSecret());
  // Only once the socket is on its way: sessionStorage and history are slow on a page's first use of them.
  if (fromAddress) keepHostSecret(fromAddress);
  return transport;
}

/**
 * Sends the calls every start makes at once, before the screens that make them are even loaded;
 * the first call of each channel then gets the answer already on its way.
 */
export function withEarlyCalls(transport: Transport, channels: readonly Channel[]): Transport {
  const early = new Map(channels.map((channel) => [channel, transport.call(channel, {})]));
  return {
    call(channel, input) {
      const answer = early.get(channel);
      early.delete(channel);
      return answer ?? transport.call(channel, input);
    },
    onEvent: (listener) => transport.onEvent(listener),
  };
}

const SECRET_KEY = 'console.hostSecret';

/**
 * The browser host prints a URL whose fragment carries the per-launch secret. Keep it for this tab
 * (so a reload works) and take it out of the address bar.
 */
function keepHostSecret(secret: string): void {
  sessionStorage.setItem(SECRET_KEY, secret);
  history.replaceState(null, '', location.pathname + location.search);
}

/** The secret kept by an earlier load of this tab (a reload). */
function keptHostSecret(): string {
  const kept = sessionStorage.getItem(SECRET_KEY);
  if (!kept) throw new MissingHostSecretError('open the address the browser host printed');
  return kept;
}

/** The router over a WebSocket; reconnects by itself, and fails calls that lose their answer. */
class BrowserHostTransport implements Transport {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly queued: string[] = [];
  private readonly listeners = new Set<(name: string, payload: unknown) => void>();
  private retryMs = 250;

  constructor(private readonly secret: string) {
    this.connect();
  }

  call(channel: Channel, input: unknown): Promise<Result<unknown>> {
    const id = this.nextId++;
    const message = JSON.stringify({ type: 'call', id, channel, input });
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(message);
      else this.queued.push(message);
    });
  }

  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private connect(): void {
    const socket = new WebSocket(`ws://${location.host}/rpc?secret=${encodeURIComponent(this.secret)}`);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 250;
      for (const message of this.queued.splice(0)) socket.send(message);
      // After a reconnect the main process may have moved on: tell listeners to refetch.
      for (const listener of this.listeners) listener('transport.reconnected', null);
    };
    socket.onmessage = (event) => {
      const reply = JSON.parse(String(event.data)) as BrowserHostReply;
      if (reply.type === 'result') {
        this.pending.get(reply.id)?.(reply.result);
        this.pending.delete(reply.id);
      } else {
        for (const listener of this.listeners) listener(reply.name, reply.payload);
      }
    };
    socket.onclose = () => {
      // Calls already sent may or may not have run: say so, never guess.
      for (const resolve of this.pending.values()) {
        // A literal rather than shared/result's fail(): this file runs in the page's first script, which must not pull in zod.
        resolve({ ok: false, error: { code: 'TRANSPORT_FAILED', message: 'Connection to the console host was lost' } });
      }
      this.pending.clear();
      this.queued.length = 0;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
  }
}
