import type { DayState } from '../../shared/day-end.js';
import type { ConsoleStatus, IssuerReachability, JournalIntegrity } from '../../shared/status.js';
import type { TerminalIdentity } from '../../issuer-api/schemas.js';
import type { ConsoleEvents } from './events.js';
import type { Issuer } from '../issuer/issuer.js';
import type { Log } from './log.js';
import type { ReaderService, ReaderSnapshot } from '../reader/reader-service.js';

/**
 * The status bar's facts, kept current: issuer reachability by polling health, reader state by
 * events. Each change is also a line in the log, for IT reading it after a counter's bad morning.
 */
export class StatusService {
  private issuerState: IssuerReachability = 'CHECKING';
  private timer: ReturnType<typeof setInterval> | undefined;
  private unsubscribeReader: (() => void) | undefined;
  private lastReader: ReaderSnapshot | null = null;

  constructor(
    private readonly deps: {
      trainingMode: boolean;
      terminal: TerminalIdentity;
      issuer: Issuer;
      reader: ReaderService;
      events: ConsoleEvents;
      healthPollMs: number;
      /** The journal's integrity as JournalIntegrity sees it (main/journal/integrity.ts). */
      journal: () => JournalIntegrity;
      day: () => DayState;
      log: Log;
    },
  ) {}

  start(): void {
    this.unsubscribeReader = this.deps.reader.onChange((snapshot) => {
      this.logReader(snapshot);
      this.publish();
    });
    this.timer = setInterval(() => void this.checkIssuer(), this.deps.healthPollMs);
    void this.checkIssuer();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribeReader?.();
  }

  get(): ConsoleStatus {
    return {
      trainingMode: this.deps.trainingMode,
      issuer: this.issuerState,
      reader: this.deps.reader.snapshot(),
      terminal: this.deps.terminal,
      journal: this.deps.journal(),
      day: this.deps.day(),
    };
  }

  /** Something the status shows changed elsewhere (the journal's integrity): the renderer hears it. */
  changed(): void {
    this.publish();
  }

  private async checkIssuer(): Promise<void> {
    let next: IssuerReachability;
    let why = '';
    try {
      await this.deps.issuer.call('health', {});
      next = 'REACHABLE';
    } catch (error) {
      next = 'UNREACHABLE';
      why = error instanceof Error ? `: ${error.message}` : '';
    }
    if (next !== this.issuerState) {
      if (next === 'REACHABLE') this.deps.log.info('issuer reachable');
      else this.deps.log.warn(`issuer unreachable${why}`);
      this.issuerState = next;
      this.publish();
    }
  }

  /** A tap (CARD_PRESENT and back) is only debug; the service or a reader coming and going is news. */
  private logReader(snapshot: ReaderSnapshot): void {
    const last = this.lastReader;
    this.lastReader = snapshot;
    const readers = snapshot.readers.length ? snapshot.readers.join(', ') : 'none';
    const line = `reader state ${snapshot.state}; readers: ${readers}`;
    const tapOnly =
      last !== null &&
      last.readers.join('\n') === snapshot.readers.join('\n') &&
      [last.state, snapshot.state].every((state) => state === 'CARD_PRESENT' || state === 'READER_READY');
    if (tapOnly) this.deps.log.debug(line);
    else if (snapshot.state === 'PCSC_UNAVAILABLE' || snapshot.state === 'RECONNECTING') this.deps.log.warn(line);
    else this.deps.log.info(line);
  }

  private publish(): void {
    this.deps.events.emit('status', this.get());
  }
}
