import { EventEmitter } from 'node:events';
import type { NFC, Reader } from 'nfc-pcsc';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CardEvent } from '../../shared/card.js';
import { ReaderService, type ReaderSnapshot } from '../../main/reader/reader-service.js';

// vpcd's readers cannot be unplugged, so these cases use the smallest stand-in for nfc-pcsc's
// objects (an EventEmitter with a name and transmit). Everything pcscd can do is tested for real
// in tests/integration/.
class FakeReader extends EventEmitter {
  autoProcessing = true;
  closed = false;
  constructor(readonly name: string) {
    super();
  }
  transmit(): Promise<Buffer> {
    return Promise.resolve(Buffer.alloc(0));
  }
  close() {
    this.closed = true;
  }
}

class FakeNfc extends EventEmitter {
  closed = false;
  close() {
    this.closed = true;
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ReaderService supervision (readers plugged, unplugged, failing)', () => {
  let service: ReaderService;
  let instance: string | null;
  const created: FakeNfc[] = [];

  function start(apduTimeoutMs = 2000) {
    instance = 'pcscd-1';
    created.length = 0;
    service = new ReaderService({
      apduTimeoutMs,
      createNfc: () => {
        const nfc = new FakeNfc();
        created.push(nfc);
        return nfc as unknown as NFC;
      },
      serviceInstance: async () => instance,
      pollMs: 10,
    });
    const snapshots: ReaderSnapshot[] = [];
    service.onChange((snapshot) => snapshots.push(snapshot));
    service.start();
    return snapshots;
  }
  afterEach(() => service.stop());

  const plug = (name: string) => {
    const reader = new FakeReader(name);
    created.at(-1)!.emit('reader', reader as unknown as Reader);
    return reader;
  };

  it('follows readers as they are plugged and unplugged', async () => {
    start();
    await flush();
    expect(service.snapshot().state).toBe('NO_READER');
    const a = plug('ACS ACR1252 00 00');
    plug('Virtual PCD 00 01');
    expect(service.snapshot()).toEqual({ state: 'READER_READY', readers: ['ACS ACR1252 00 00', 'Virtual PCD 00 01'] });
    expect(a.autoProcessing).toBe(false);
    a.emit('end');
    expect(service.snapshot().readers).toEqual(['Virtual PCD 00 01']);
  });

  it('calls a failed read whose card leaves right after it the card leaving, and a failed read of a card that stays a reader error', async () => {
    start();
    await flush();
    const events: CardEvent[] = [];
    service.onCard((event) => events.push(event));
    const reader = plug('Busy Reader 00 00');
    // PC/SC fails the transmit first and reports the card gone a moment later, as it does on a busy machine.
    reader.transmit = () => Promise.reject(new Error('An error occurred while transmitting.'));
    reader.emit('card', {});
    await flush();
    setTimeout(() => reader.emit('card.off', {}), 100);
    await vi.waitFor(() => expect(events.some((e) => e.type === 'error')).toBe(true), { timeout: 2000 });
    expect(events.find((e) => e.type === 'error')).toMatchObject({ code: 'CARD_REMOVED' });

    events.length = 0;
    reader.emit('card', {});
    await vi.waitFor(() => expect(events.some((e) => e.type === 'error')).toBe(true), { timeout: 2000 });
    expect(events.find((e) => e.type === 'error')).toMatchObject({ code: 'READER_ERROR' });
  });

  it('survives a reader error (every reader has a listener, so nothing is thrown)', async () => {
    start();
    await flush();
    const reader = plug('Flaky Reader 00 00');
    expect(() => reader.emit('error', new Error('SCardGetStatusChange failed'))).not.toThrow();
    expect(service.snapshot().state).toBe('READER_READY');
  });

  it('reports a card that vanished before the read as CARD_REMOVED', async () => {
    start();
    await flush();
    const events: CardEvent[] = [];
    service.onCard((event) => events.push(event));
    const reader = plug('ACS ACR1252 00 00');
    reader.emit('card', {});
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(events).toEqual([
      { type: 'present', reader: 'ACS ACR1252 00 00' },
      { type: 'error', reader: 'ACS ACR1252 00 00', code: 'CARD_REMOVED' },
    ]);
  });

  it('never lets a slow read of an earlier tap speak for the card tapped since', async () => {
    start(30);
    await flush();
    const events: CardEvent[] = [];
    service.onCard((event) => events.push(event));
    const reader = plug('ACS ACR1252 00 00');
    reader.transmit = () => new Promise<Buffer>(() => {}); // the first card goes quiet
    reader.emit('card', {});
    reader.transmit = () => Promise.resolve(Buffer.from([0x6a, 0x82])); // the next is no Smart OTP card
    reader.emit('card', {});
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'error')).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 60)); // past the quiet card's timeout
    expect(events.filter((e) => e.type === 'error')).toEqual([{ type: 'error', reader: 'ACS ACR1252 00 00', code: 'NOT_SMART_OTP', detail: '6A82' }]);
  });

  it('throws away a binding that failed and builds a fresh one, closing every reader of the old', async () => {
    start();
    await flush();
    const reader = plug('ACS ACR1252 00 00');
    created[0]!.emit('error', new Error('PC/SC service stopped'));
    await flush();
    await flush();
    expect(reader.closed).toBe(true);
    expect(created[0]!.closed).toBe(true);
    await vi.waitFor(() => expect(created.length).toBeGreaterThanOrEqual(2));
  });

  it('rebuilds when a different PC/SC service instance answers (pcscd restarted between two looks)', async () => {
    start();
    await flush();
    plug('ACS ACR1252 00 00');
    instance = 'pcscd-2';
    await vi.waitFor(() => expect(created.length).toBe(2));
    expect(created[0]!.closed).toBe(true);
    expect(service.snapshot().state).toBe('NO_READER');
  });
});
