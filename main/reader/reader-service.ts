import type { NFC, Reader } from 'nfc-pcsc';
import type { CardEvent } from '../../shared/card.js';
import type { ReaderState } from '../../shared/status.js';
import { CardReadError, DEFAULT_CARD_PROTOCOL, type CardProtocolConfig } from './card-protocol.js';
import type { Log } from '../app/log.js';
import { pcscServiceInstance } from './pcscd.js';
import { readSmartOtpCard } from './read-card.js';

export interface ReaderSnapshot {
  state: ReaderState;
  readers: string[];
}

export interface ReaderServiceOptions {
  /** Creates the PC/SC binding; only called once the service is known to be running. */
  createNfc: () => NFC;
  /** Which PC/SC service instance is up (null: none); a new instance means a fresh binding. */
  serviceInstance?: () => Promise<string | null>;
  /** How often the supervisor checks on pcscd. */
  pollMs?: number;
  /** AID and tags of the card protocol (configurable so a real applet can be mapped onto it). */
  protocol?: CardProtocolConfig;
  /** A card that does not answer one command within this is CARD_TIMEOUT. */
  apduTimeoutMs?: number;
  /** After losing the PC/SC service, how long to say RECONNECTING before PCSC_UNAVAILABLE. */
  reconnectGraceMs?: number;
  now?: () => number;
  log?: Log;
}

/**
 * The counter's card readers, supervised. It waits for the PC/SC service instead of spinning,
 * rebuilds its binding after the service dies and returns (nfc-pcsc never recovers on its own),
 * and gives every reader an error listener so that no reader fault can crash the process.
 */
export class ReaderService {
  private nfc: NFC | null = null;
  /** Per reader: whether a card is there, and which tap is current (a newer tap outdates a slow read). */
  private readonly readers = new Map<string, { reader: Reader; cardPresent: boolean; tap: number }>();
  private stopping = false;
  private serviceInstance: string | null = null;
  /** Whether the service has been up since start, and when it was last lost (null: up). */
  private wasUp = false;
  private lostAt: number | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private checking = false;
  private readonly listeners = new Set<(snapshot: ReaderSnapshot) => void>();
  private readonly cardListeners = new Set<(event: CardEvent) => void>();
  private last: ReaderSnapshot = { state: 'PCSC_UNAVAILABLE', readers: [] };
  private readonly probeService: () => Promise<string | null>;
  private readonly log: Pick<Log, 'warn'>;

  constructor(private readonly options: ReaderServiceOptions) {
    this.probeService = options.serviceInstance ?? (() => pcscServiceInstance());
    this.log = options.log ?? { warn: () => {} };
  }

  start(): void {
    if (this.timer) return;
    this.stopping = false;
    this.timer = setInterval(() => void this.supervise(), this.options.pollMs ?? 1000);
    void this.supervise();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.teardown();
  }

  snapshot(): ReaderSnapshot {
    return this.last;
  }

  onChange(listener: (snapshot: ReaderSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cards as they come and go: present, read (or a precise error), removed. */
  onCard(listener: (event: CardEvent) => void): () => void {
    this.cardListeners.add(listener);
    return () => this.cardListeners.delete(listener);
  }

  /** One supervisor tick: bring the binding up when pcscd is there, down when it is gone. */
  private async supervise(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const instance = await this.probeService();
      if (!this.timer) return; // stopped while we asked
      if (this.nfc && instance !== this.serviceInstance) {
        this.log.warn(instance ? 'PC/SC service restarted; rebuilding the binding' : 'PC/SC service went away; waiting for it');
        await this.teardown();
        if (!this.timer) return; // stopped during the teardown: build nothing new
      }
      if (instance) this.lostAt = null;
      this.serviceInstance = instance;
      if (instance && !this.nfc) this.bringUp();
      this.publish();
    } finally {
      this.checking = false;
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private bringUp(): void {
    this.wasUp = true;
    const nfc = this.options.createNfc();
    this.nfc = nfc;
    nfc.on('reader', (reader) => this.attach(reader));
    nfc.on('error', (error) => {
      if (this.stopping) return; // closing the binding cancels its pending calls: expected, not news
      // Raised when pcscd dies under us: the binding is dead for good, build a fresh one.
      this.log.warn(`PC/SC error: ${error.message}`);
      if (this.nfc === nfc) void this.teardown().then(() => this.publish());
    });
  }

  private attach(reader: Reader): void {
    reader.autoProcessing = false;
    const entry = { reader, cardPresent: false, tap: 0 };
    this.readers.set(reader.name, entry);
    reader.on('error', (error) => this.log.warn(`reader ${reader.name}: ${error.message}`));
    reader.on('card', () => {
      entry.cardPresent = true;
      this.publish();
      entry.tap += 1;
      this.emitCard({ type: 'present', reader: reader.name });
      void this.read(reader, entry);
    });
    reader.on('card.off', () => {
      entry.cardPresent = false;
      this.publish();
      this.emitCard({ type: 'removed', reader: reader.name });
    });
    reader.on('end', () => {
      if (this.readers.get(reader.name)?.reader === reader) this.readers.delete(reader.name);
      this.publish();
    });
    this.publish();
  }

  /** Reads the tapped card; every outcome, good or bad, becomes one event. */
  private async read(reader: Reader, entry: { tap: number; cardPresent: boolean }): Promise<void> {
    const tap = entry.tap;
    let event: CardEvent;
    try {
      const { uid, card } = await readSmartOtpCard((command, max) => reader.transmit(command, max), {
        protocol: this.options.protocol ?? DEFAULT_CARD_PROTOCOL,
        apduTimeoutMs: this.options.apduTimeoutMs ?? 2000,
      });
      event = { type: 'read', reader: reader.name, uid, card };
    } catch (error) {
      let failure = error instanceof CardReadError ? error : new CardReadError('READER_ERROR', String(error).slice(0, 64));
      // PC/SC may fail the transmit before it reports the card gone (on a busy machine, by some
      // 100 ms): a "reader error" whose card left right after is the card leaving mid-read.
      if (failure.code === 'READER_ERROR' && (await cardLeavesWithin(entry, tap, CARD_LEFT_GRACE_MS))) failure = new CardReadError('CARD_REMOVED');
      event = { type: 'error', reader: reader.name, code: failure.code, ...(failure.detail ? { detail: failure.detail } : {}) };
    }
    // A read that outlived its card must not speak for the card tapped since.
    if (entry.tap === tap) this.emitCard(event);
  }

  private emitCard(event: CardEvent): void {
    for (const listener of this.cardListeners) listener(event);
  }

  private async teardown(): Promise<void> {
    const nfc = this.nfc;
    const readers = [...this.readers.values()].map((entry) => entry.reader);
    this.nfc = null;
    this.readers.clear();
    this.serviceInstance = null;
    if (this.wasUp) this.lostAt ??= this.now();
    if (!nfc) return;
    // Closing a reader synchronously from inside one of its own callbacks deadlocks the addon.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const reader of readers) {
      try {
        reader.close();
      } catch {
        // already gone with the service
      }
    }
    try {
      nfc.close();
    } catch {
      // already gone with the service
    }
  }

  private publish(): void {
    const entries = [...this.readers.values()];
    const next: ReaderSnapshot = {
      state: !this.serviceInstance || !this.nfc
        ? this.lostAt !== null && this.now() - this.lostAt < (this.options.reconnectGraceMs ?? 30_000)
          ? 'RECONNECTING'
          : 'PCSC_UNAVAILABLE'
        : entries.some((entry) => entry.cardPresent)
          ? 'CARD_PRESENT'
          : entries.length > 0
            ? 'READER_READY'
            : 'NO_READER',
      readers: [...this.readers.keys()].sort(),
    };
    if (next.state === this.last.state && next.readers.join('\n') === this.last.readers.join('\n')) return;
    this.last = next;
    for (const listener of this.listeners) listener(next);
  }
}

/** How long a failed read waits to see whether its card is leaving the field. */
const CARD_LEFT_GRACE_MS = 500;

/** Whether the card of tap `tap` is gone from the field (or replaced) now or within `ms`. */
async function cardLeavesWithin(entry: { tap: number; cardPresent: boolean }, tap: number, ms: number): Promise<boolean> {
  const gone = () => !entry.cardPresent || entry.tap !== tap;
  for (const deadline = Date.now() + ms; !gone() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
  return gone();
}
