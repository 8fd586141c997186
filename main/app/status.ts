import type { ConsoleStatus, IssuerReachability } from '../../shared/status.js';
import type { TerminalIdentity } from '../../issuer-api/schemas.js';
import type { ConsoleEvents } from './events.js';
import type { Issuer } from '../issuer/issuer.js';
import type { ReaderService } from '../reader/reader-service.js';

/** The status bar's facts, kept current: issuer reachability by polling health, reader state by events. */
export class StatusService {
  private issuerState: IssuerReachability = 'CHECKING';
  private timer: ReturnType<typeof setInterval> | undefined;
  private unsubscribeReader: (() => void) | undefined;

  constructor(
    private readonly deps: {
      trainingMode: boolean;
      terminal: TerminalIdentity;
      issuer: Issuer;
      reader: ReaderService;
      events: ConsoleEvents;
      healthPollMs: number;
    },
  ) {}

  start(): void {
    this.unsubscribeReader = this.deps.reader.onChange(() => this.publish());
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
    };
  }

  private async checkIssuer(): Promise<void> {
    let next: IssuerReachability;
    try {
      await this.deps.issuer.call('health', {});
      next = 'REACHABLE';
    } catch {
      next = 'UNREACHABLE';
    }
    if (next !== this.issuerState) {
      this.issuerState = next;
      this.publish();
    }
  }

  private publish(): void {
    this.deps.events.emit('status', this.get());
  }
}
