import type { LoginInput, StaffSession } from '../shared/staff.js';
import { ConsoleError } from './errors.js';
import type { ConsoleEvents } from './events.js';
import type { Issuer } from './issuer/issuer.js';

/** The logged-in staff member, with the issuer's bearer token that never leaves the main process. */
export interface ActiveSession extends StaffSession {
  token: string;
}

export type SessionCheck = { session: ActiveSession } | { error: 'NOT_LOGGED_IN' | 'SESSION_EXPIRED' };

/**
 * The counter's one staff session. A console serves one teller at a time, so the session lives in
 * the main process and every window shares it. Expiry is noticed both on use and by a timer, so the
 * renderer returns to the login screen even when nobody touches it.
 */
export class StaffSessions {
  private active: ActiveSession | null = null;
  private expiredSinceLastLogin = false;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deps: {
      issuer: Issuer;
      events: ConsoleEvents;
      now: () => Date;
    },
  ) {}

  check(): SessionCheck {
    if (this.active && Date.parse(this.active.expiresAt) <= this.deps.now().getTime()) this.expire();
    if (this.active) return { session: this.active };
    return { error: this.expiredSinceLastLogin ? 'SESSION_EXPIRED' : 'NOT_LOGGED_IN' };
  }

  /** The session as the renderer may see it, or null. */
  current(): StaffSession | null {
    const check = this.check();
    return 'session' in check ? publicView(check.session) : null;
  }

  async login(input: LoginInput): Promise<StaffSession> {
    const answer = await this.deps.issuer.call('login', { body: input });
    // A new login replaces whoever was logged in; their token is ended at the issuer as well.
    if (this.active) await this.endAtIssuer(this.active.token);
    this.active = { ...answer };
    this.expiredSinceLastLogin = false;
    this.scheduleExpiry();
    return publicView(this.active);
  }

  async logout(): Promise<void> {
    const check = this.check();
    if (!('session' in check)) throw new ConsoleError(check.error, 'No staff session');
    this.clear();
    await this.endAtIssuer(check.session.token);
    this.deps.events.emit('session.ended', { reason: 'LOGGED_OUT' });
  }

  /** Drops the session without asking the issuer (whose sessions are already gone, e.g. a training reset). */
  forget(): void {
    if (!this.active) return;
    this.clear();
    this.deps.events.emit('session.ended', { reason: 'LOGGED_OUT' });
  }

  dispose(): void {
    clearTimeout(this.expiryTimer);
  }

  private expire(): void {
    this.clear();
    this.expiredSinceLastLogin = true;
    this.deps.events.emit('session.ended', { reason: 'EXPIRED' });
  }

  private clear(): void {
    this.active = null;
    clearTimeout(this.expiryTimer);
  }

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    if (!this.active) return;
    const wait = Date.parse(this.active.expiresAt) - this.deps.now().getTime();
    // setTimeout overflows past ~24.8 days; a staff session is far shorter, but stay safe.
    // If the timer fires early (a long wait is capped, or the clock moved), wait again.
    this.expiryTimer = setTimeout(() => {
      if ('session' in this.check()) this.scheduleExpiry();
    }, Math.min(Math.max(wait, 0), 2 ** 31 - 1));
    this.expiryTimer.unref?.();
  }

  /** Ending a token at the issuer is best effort: the console forgets it either way. */
  private async endAtIssuer(token: string): Promise<void> {
    try {
      await this.deps.issuer.call('logout', {}, { token });
    } catch {
      // The issuer expires tokens on its own; a failed logout must not keep the console logged in.
    }
  }
}

const publicView = ({ staffId, name, role, expiresAt }: ActiveSession): StaffSession => ({
  staffId,
  name,
  role,
  expiresAt,
});
