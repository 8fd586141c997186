import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startPcscd, type PcscdHandle } from '../../scripts/lib/pcscd.mjs';
import { realReaderService, waitForState } from '../support/reader.js';
import { VirtualCard } from '../support/virtual-card.js';

// Real pcscd with vsmartcard's vpcd driver, and a virtual card connecting to its reader.
describe('reader state through real pcscd', () => {
  let pcscd: PcscdHandle | undefined;
  const { service, counter } = realReaderService();

  afterEach(async () => {
    await pcscd?.stop();
    pcscd = undefined;
  });
  afterAll(() => service.stop());

  it('says the PC/SC service is not running, without touching PC/SC, until pcscd appears', async () => {
    service.start();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(service.snapshot().state).toBe('PCSC_UNAVAILABLE');
    expect(counter.nfcCreated).toBe(0);

    pcscd = await startPcscd();
    const ready = await waitForState(service, 'READER_READY');
    expect(ready.readers).toContain('Virtual PCD 00 00');
  });

  it('shows a card present while a virtual card is in the field, and ready again once it leaves', async () => {
    pcscd = await startPcscd();
    await waitForState(service, 'READER_READY');
    const card = await VirtualCard.insert();
    await waitForState(service, 'CARD_PRESENT');
    await card.remove();
    await waitForState(service, 'READER_READY');
  });

  it('recovers after pcscd is killed and restarted, with a fresh PC/SC binding', async () => {
    pcscd = await startPcscd();
    await waitForState(service, 'READER_READY');
    const before = counter.nfcCreated;

    await pcscd.stop('SIGKILL');
    await waitForState(service, 'RECONNECTING');
    pcscd = await startPcscd();
    await waitForState(service, 'READER_READY');
    expect(counter.nfcCreated).toBeGreaterThan(before);

    const card = await VirtualCard.insert();
    await waitForState(service, 'CARD_PRESENT');
    await card.remove();
  });

  it('says no reader when pcscd runs without any reader configured', async () => {
    const emptyConfig = mkdtempSync(join(tmpdir(), 'pcscd-no-readers-'));
    pcscd = await startPcscd({ args: ['--config', emptyConfig] });
    const snapshot = await waitForState(service, 'NO_READER');
    expect(snapshot.readers).toEqual([]);
  });
});
