import { parseArgs } from 'node:util';
import { NFC } from 'nfc-pcsc';
import type { CardEvent } from '../../shared/card.js';
import { createLog, stderrSink } from '../app/log.js';
import { loadConfiguration } from '../config/load.js';
import { ReaderService, type ReaderSnapshot } from './reader-service.js';

/**
 * IT's reader diagnostic: `npm run reader:probe [-- --json] [--config FILE]`. Lists readers,
 * waits for cards and prints every event until Ctrl-C; with --json one JSON object per line.
 */
const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, config: { type: 'string' } } });
const loaded = loadConfiguration({ policy: null, file: values.config ?? 'config.json' });
if (!loaded.ok) {
  for (const problem of loaded.view.problems) console.error(`configuration: ${problem.key}: ${problem.rule} ${problem.detail}`);
  process.exit(2);
}
const { config } = loaded;

type ProbeLine = Record<string, string | string[] | undefined> & { event: string };

const print = (line: ProbeLine, text: string) => {
  if (values.json) console.log(JSON.stringify(line));
  else console.log(`[${new Date().toLocaleTimeString('en-GB')}] ${text}`);
};

const STATE_TEXT: Record<ReaderSnapshot['state'], string> = {
  PCSC_UNAVAILABLE: 'PC/SC service not running (start pcscd / the Smart Card service)',
  RECONNECTING: 'PC/SC service went away; reconnecting',
  NO_READER: 'PC/SC is running but no reader is connected',
  READER_READY: 'reader ready: tap a card',
  CARD_PRESENT: 'card present',
};

function cardLine(event: CardEvent): [ProbeLine, string] {
  switch (event.type) {
    case 'present':
      return [{ event: 'card-present', reader: event.reader }, `card present on ${event.reader}`];
    case 'read': {
      const { vendorCode, serial, issuingInstitutionCode } = event.card;
      return [
        { event: 'card-read', reader: event.reader, uid: event.uid, vendorCode, serial, issuingInstitutionCode },
        `card read on ${event.reader}: vendor ${vendorCode}, serial ${serial}, issued by ${issuingInstitutionCode ?? '(not on card)'}, UID ${event.uid}`,
      ];
    }
    case 'error':
      return [
        { event: 'card-error', reader: event.reader, code: event.code, detail: event.detail },
        `card error on ${event.reader}: ${event.code}${event.detail ? ` (${event.detail})` : ''}`,
      ];
    case 'removed':
      return [{ event: 'card-removed', reader: event.reader }, `card removed from ${event.reader}`];
  }
}

const service = new ReaderService({
  createNfc: () => new NFC(),
  pollMs: config.readerPollMs,
  protocol: config.cardProtocol,
  apduTimeoutMs: config.cardApduTimeoutMs,
  log: createLog({ sinks: values.json ? [] : [stderrSink] }),
});
let lastState = '';
const showState = (snapshot: ReaderSnapshot) => {
  const state = `${snapshot.state} ${snapshot.readers.join(', ')}`;
  if (state === lastState) return;
  lastState = state;
  print(
    { event: 'readers', state: snapshot.state, readers: snapshot.readers },
    `${STATE_TEXT[snapshot.state]}${snapshot.readers.length ? ` — readers: ${snapshot.readers.join(', ')}` : ''}`,
  );
};
service.onChange(showState);
service.onCard((event) => print(...cardLine(event)));
service.start();
showState(service.snapshot());
if (!values.json) console.error('reader probe: waiting for readers and cards (Ctrl-C to stop)');

const stop = async () => {
  await service.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
