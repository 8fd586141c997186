import { NFC } from 'nfc-pcsc';
import type { ReaderState } from '../../shared/status.js';
import { ReaderService, type ReaderSnapshot } from '../../main/reader/reader-service.js';

/** A reader service on the real PC/SC stack, with a fast supervisor poll for tests. */
export function realReaderService(counter = { nfcCreated: 0 }) {
  const service = new ReaderService({
    createNfc: () => {
      counter.nfcCreated += 1;
      return new NFC();
    },
    pollMs: 200,
  });
  return { service, counter };
}

/** Resolves with the snapshot once the service reaches `state`; rejects after `timeoutMs`. */
export function waitForState(service: ReaderService, state: ReaderState, timeoutMs = 10_000): Promise<ReaderSnapshot> {
  return new Promise((resolve, reject) => {
    if (service.snapshot().state === state) return resolve(service.snapshot());
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`reader state stayed ${service.snapshot().state}, expected ${state}`));
    }, timeoutMs);
    const stop = service.onChange((snapshot) => {
      if (snapshot.state !== state) return;
      clearTimeout(timer);
      stop();
      resolve(snapshot);
    });
  });
}
