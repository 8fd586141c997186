import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CardEvent } from '../../shared/card.js';
import { startPcscd, type PcscdHandle } from '../../scripts/lib/pcscd.mjs';
import { realReaderService, waitForState } from '../support/reader.js';
import { smartOtpCard, VirtualCard, type SmartOtpCardOptions } from '../support/virtual-card.js';

// Smart OTP cards read through real pcscd: a virtual card connects to vpcd's reader, and the
// reader service reads it over PC/SC exactly as it reads a card on a counter.
describe('reading Smart OTP cards through real pcscd', () => {
  let pcscd: PcscdHandle;
  const { service } = realReaderService();
  const events: CardEvent[] = [];
  let card: VirtualCard | undefined;

  beforeAll(async () => {
    pcscd = await startPcscd();
    service.onCard((event) => events.push(event));
    service.start();
    await waitForState(service, 'READER_READY');
  });
  afterEach(async () => {
    await card?.remove();
    card = undefined;
    await waitForState(service, 'READER_READY');
  });
  afterAll(async () => {
    await service.stop();
    await pcscd.stop();
  });

  /** Taps a card and resolves with the first read or error event it causes. */
  async function tap(options: SmartOtpCardOptions): Promise<CardEvent> {
    events.length = 0;
    card = await VirtualCard.insert({ respond: smartOtpCard(options) });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no read/error event; saw ${JSON.stringify(events)}`)), 15_000);
      const poll = setInterval(() => {
        const outcome = events.find((event) => event.type === 'read' || event.type === 'error');
        if (!outcome) return;
        clearInterval(poll);
        clearTimeout(timer);
        resolve(outcome);
      }, 20);
    });
  }

  it('reads vendor code, serial, issuing institution and UID from a good card', async () => {
    const outcome = await tap({ vendorCode: '003', serial: '300000000004', institution: '020' });
    expect(outcome).toEqual({
      type: 'read',
      reader: 'Virtual PCD 00 00',
      uid: '04112233445566',
      card: { vendorCode: '003', serial: '300000000004', issuingInstitutionCode: '020' },
    });
    expect(events[0]).toEqual({ type: 'present', reader: 'Virtual PCD 00 00' });
  });

  it('reads a card that answers SELECT with an FCI, and one without the optional institution tag', async () => {
    expect(await tap({ mode: 'fci', serial: '100000000001', vendorCode: '001' })).toMatchObject({
      type: 'read',
      card: { vendorCode: '001', serial: '100000000001' },
    });
    await card!.remove();
    await waitForState(service, 'READER_READY');
    const outcome = await tap({ institution: null });
    expect(outcome).toMatchObject({ type: 'read' });
    expect(outcome.type === 'read' && outcome.card.issuingInstitutionCode).toBeUndefined();
  });

  it.each([
    [{ mode: 'not-smart-otp' }, 'NOT_SMART_OTP', '6A82'],
    [{ mode: 'status' }, 'CONDITIONS_NOT_SATISFIED', '6985'],
    [{ mode: 'status', status: [0x6d, 0x00] }, 'UNKNOWN_INSTRUCTION', '6D00'],
    [{ mode: 'status', status: [0x6f, 0x00] }, 'UNEXPECTED_STATUS', '6F00'],
    [{ mode: 'garbage' }, 'MALFORMED_RESPONSE', 'length form 85'],
    [{ mode: 'short' }, 'MALFORMED_RESPONSE', '1 byte answer'],
    [{ mode: 'tlv-overrun' }, 'TLV_OVERRUN', 'value of C4'],
    [{ mode: 'wrong-digits' }, 'BAD_VALUE', 'serial: 11 bytes'],
    [{ mode: 'missing-tag' }, 'MISSING_TAG', 'serial'],
  ] as const)('names a card answering %j precisely: %s', async (options, code, detail) => {
    expect(await tap(options as SmartOtpCardOptions)).toEqual({ type: 'error', reader: 'Virtual PCD 00 00', code, detail });
  });

  it('says the card left when it leaves the field in the middle of the read, then that it was removed', async () => {
    expect(await tap({ mode: 'leave-mid-command' })).toMatchObject({ type: 'error', code: 'CARD_REMOVED' });
    await waitForState(service, 'READER_READY');
    expect(events.at(-1)).toEqual({ type: 'removed', reader: 'Virtual PCD 00 00' });
    card = undefined;
  });

  it('times out a card that stops answering instead of hanging', async () => {
    expect(await tap({ mode: 'silent' })).toMatchObject({ type: 'error', code: 'CARD_TIMEOUT' });
  });

  it('reads the next card after a faulty one', async () => {
    expect(await tap({ mode: 'not-smart-otp' })).toMatchObject({ type: 'error' });
    await card!.remove();
    await waitForState(service, 'READER_READY');
    expect(await tap({ serial: '300000000005' })).toMatchObject({ type: 'read', card: { serial: '300000000005' } });
  });
});
