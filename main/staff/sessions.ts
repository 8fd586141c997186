import type { Channel, ChannelArgs } from '../../shared/contract.js';
import type { StaffSession } from '../../shared/staff.js';
import { ConsoleError } from '../app/errors.js';
import type { ConsoleEvents } from '../app/events.js';
import { IssuerError } from '../../issuer-api/errors.js';
import type { Issuer } from '../issuer/issuer.js';

/** The logged-in staff member, with the issuer's bearer token that never leaves the main process. */
export interface ActiveSession extends Omit<StaffSession, 'locked' | 'idleLockSeconds'> {
  token: string;
}

export type SessionCheck = { session: ActiveSession } | { error: 'NOT_LOGGED_IN' | 'SESSION_EXPIRED' | 'SESSION_LOCKED' };

/**
 * Why a session is ended by the console: its open jobs are cancelled before its token dies. After
 * EXPIRED and ENDED_BY_ISSUER the token is dead already (the issuer refused it), so nothing is called with it.
 */
export type SessionEnd = 'LOGGED_OUT' | 'TAKEN_OVER' | 'EXPIRED' | 'ENDED_BY_ISSUER';

/**
 * The issuer's answers that say it no longer honours a staff token: SESSION_ENDED (the account was
 * locked, its sessions ended) and UNAUTHENTICATED (a token it does not know: logged out, expired).
 */
export const TOKEN_REFUSED = ['SESSION_ENDED', 'UNAUTHENTICATED'] as const;
export type TokenRefusal = (typeof TOKEN_REFUSED)[number];

/**
 * Staff channels that are not a person at work: reads the renderer repeats on its own (a poll, a
 * refetch after a reconnect) and the lock itself. Every other call on a `staff` or `supervisor`
 * channel counts as work, and so does `staff.activity`, which the renderer sends while the teller
 * types or clicks; so a typing teller stays unlocked and an abandoned console locks.
 */
const NOT_WORK: ReadonlySet<string> = new Set<Channel>([
  'otp.status',
  'customer.devices',
  'journal.list',
  'staff.lock',
  'staff.current',
  // The home screen refreshes its worklists on a timer: no teller at work.
  'worklist.pendingActivations',
  'worklist.restrictedDevices',
]);

/**
 * The counter's one staff session. A console serves one teller at a time, so the session lives in
 * the main process and every window shares it. Expiry is noticed both on use and by a timer, so the
 * renderer returns to the login screen even when nobody touches it. An idle console is locked:
 * every staff channel is refused until the same staff member's password opens it again, or
 * another staff member logs in and takes the counter over.
 */
export class StaffSessions {
  private active: ActiveSession | null = null;
  private locked = false;
  private expiredSinceLastLogin = false;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the session last did work (ms): the idle lock counts from here. */
  private lastWork = 0;

  constructor(
    private readonly deps: {
      issuer: Issuer;
      events: ConsoleEvents;
      now: () => Date;
      idleLockSeconds: number;
      /**
       * Runs while the ending session's token still works (not after EXPIRED or ENDED_BY_ISSUER):
       * cancels its open jobs, journals them. `issuerCode` is the issuer's refusal for ENDED_BY_ISSUER.
       */
      beforeEnd?: (session: ActiveSession, why: SessionEnd, issuerCode?: TokenRefusal) => Promise<void>;
      /**
       * Runs once a session is over, however it ended (logout, takeover, expiry, lock-out, a training
       * reset), after beforeEnd: what the console kept for that session goes with it.
       */
      ended?: (session: ActiveSession) => void;
      /**
       * The same staff member goes on with a new token (an unlock, or logging in again at the lock
       * screen): the work the screen kept is theirs still, so what the console kept for the old token
       * (open registrations) follows to the new one, to be cancelled if another teller takes over.
       */
      renewed?: (from: ActiveSession, to: ActiveSession) => void;
      /** The console locked itself (no work for idleLockSeconds): journaled like a teller's own lock. */
      idleLocked?: (session: ActiveSession) => void;
    },
  ) {}

  check(): SessionCheck {
    if (this.active && Date.parse(this.active.expiresAt) <= this.deps.now().getTime()) this.expire();
    if (this.active) return this.locked ? { error: 'SESSION_LOCKED' } : { session: this.active };
    return { error: this.expiredSinceLastLogin ? 'SESSION_EXPIRED' : 'NOT_LOGGED_IN' };
  }

  /** The session as the renderer may see it (locked or not), or null. */
  current(): StaffSession | null {
    this.check();
    return this.active ? this.publicView(this.active) : null;
  }

  /** The session behind a locked console: only its own staff member may open it. */
  lockedSession(): ActiveSession | null {
    this.check();
    return this.locked ? this.active : null;
  }

  /**
   * A new login replaces whoever was logged in. Another staff member's session is taken over:
   * its open jobs are cancelled while its token still works, then the token is ended at the issuer.
   */
  async login(input: ChannelArgs<'staff.login'>): Promise<StaffSession> {
    const answer = await this.deps.issuer.call('login', { body: input });
    const previous = this.active;
    if (previous && previous.staffId !== input.staffId) {
      await this.deps.beforeEnd?.(previous, 'TAKEN_OVER');
      this.deps.ended?.(previous);
    }
    if (previous) await this.endAtIssuer(previous.token);
    this.start({ ...answer });
    if (previous && previous.staffId === input.staffId) this.deps.renewed?.(previous, this.active!);
    return this.publicView(this.active!);
  }

  async logout(): Promise<void> {
    const check = this.check();
    if (!('session' in check)) throw new ConsoleError(check.error, 'No staff session');
    await this.deps.beforeEnd?.(check.session, 'LOGGED_OUT');
    this.clear();
    this.deps.ended?.(check.session);
    await this.endAtIssuer(check.session.token);
    this.deps.events.emit('session.ended', { reason: 'LOGGED_OUT' });
  }

  /** The teller locks the console (or the renderer saw no input): staff channels stop until the password is given. */
  lock(): StaffSession {
    const check = this.check();
    if (!('session' in check)) throw new ConsoleError(check.error, 'No staff session');
    return this.lockNow(check.session);
  }

  /** A call on a staff channel went through the router: unless it is NOT_WORK, the idle time starts again. */
  touched(channel: string): void {
    if (!this.active || this.locked || NOT_WORK.has(channel)) return;
    this.lastWork = this.deps.now().getTime();
  }

  /**
   * Opens a locked console. The password is checked by the issuer as a new login of the same staff
   * member, so wrong tries count toward the account's lock exactly as at the login screen; a
   * locked-out account ends the session.
   */
  async unlockConsole(password: string): Promise<StaffSession> {
    const session = this.lockedSession();
    if (!session) throw new ConsoleError('NOT_LOGGED_IN', 'The console is not locked');
    let answer;
    try {
      answer = await this.deps.issuer.call('login', { body: { staffId: session.staffId, password } });
    } catch (error) {
      if (error instanceof IssuerError && error.code === 'STAFF_LOCKED') {
        this.clear();
        this.deps.ended?.(session);
        await this.endAtIssuer(session.token);
        this.deps.events.emit('session.ended', { reason: 'LOGGED_OUT' });
      }
      throw error;
    }
    await this.endAtIssuer(session.token);
    this.start({ ...answer });
    this.deps.renewed?.(session, this.active!);
    return this.publicView(this.active!);
  }

  /**
   * The issuer refused a call made with this token because it no longer honours it (TOKEN_REFUSED).
   * The console ends that session as an expiry does, without calling the issuer with the dead
   * token, and tells the renderer why. A token that is no longer the active one (the counter was
   * taken over while the call was under way) ends nothing.
   */
  endedByIssuer(token: string, issuerCode: TokenRefusal): void {
    const ended = this.active;
    if (!ended || ended.token !== token) return;
    this.clear();
    void this.deps.beforeEnd?.(ended, 'ENDED_BY_ISSUER', issuerCode);
    this.deps.ended?.(ended);
    this.deps.events.emit('session.ended', { reason: 'ENDED_BY_ISSUER', issuerCode });
  }

  /** Drops the session without asking the issuer (whose sessions are already gone, e.g. a training reset). */
  forget(): void {
    const ended = this.active;
    if (!ended) return;
    this.clear();
    this.deps.ended?.(ended);
    this.deps.events.emit('session.ended', { reason: 'LOGGED_OUT' });
  }

  dispose(): void {
    clearTimeout(this.expiryTimer);
    clearTimeout(this.idleTimer);
  }

  /** Main keeps the idle lock: a renderer that stops calling (or was never one) cannot keep a session open. */
  private lockNow(session: ActiveSession): StaffSession {
    this.locked = true;
    clearTimeout(this.idleTimer);
    const view = this.publicView(session);
    this.deps.events.emit('session.locked', view);
    return view;
  }

  private scheduleIdleLock(): void {
    clearTimeout(this.idleTimer);
    if (!this.active || this.locked) return;
    const wait = this.lastWork + this.deps.idleLockSeconds * 1000 - this.deps.now().getTime();
    this.idleTimer = setTimeout(() => {
      const check = this.check();
      if (!('session' in check)) return;
      // Work since the timer was set moves the deadline: wait for the rest of it.
      if (this.deps.now().getTime() - this.lastWork < this.deps.idleLockSeconds * 1000) return this.scheduleIdleLock();
      this.lockNow(check.session);
      this.deps.idleLocked?.(check.session);
    }, Math.max(wait, 0));
    this.idleTimer.unref?.();
  }

  private expire(): void {
    const ended = this.active;
    this.clear();
    if (ended) {
      // An expired token can call nothing, so beforeEnd has nothing to wait for before this.
      void this.deps.beforeEnd?.(ended, 'EXPIRED');
      this.deps.ended?.(ended);
    }
    this.expiredSinceLastLogin = true;
    this.deps.events.emit('session.ended', { reason: 'EXPIRED' });
  }

  private start(session: ActiveSession): void {
    this.active = session;
    this.locked = false;
    this.expiredSinceLastLogin = false;
    this.lastWork = this.deps.now().getTime();
    this.scheduleExpiry();
    this.scheduleIdleLock();
  }

  private clear(): void {
    this.active = null;
    this.locked = false;
    clearTimeout(this.expiryTimer);
    clearTimeout(this.idleTimer);
  }

  private publicView({ staffId, name, role, expiresAt }: ActiveSession): StaffSession {
    return { staffId, name, role, expiresAt, locked: this.locked, idleLockSeconds: this.deps.idleLockSeconds };
  }

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    if (!this.active) return;
    const wait = Date.parse(this.active.expiresAt) - this.deps.now().getTime();
    // setTimeout overflows past ~24.8 days; a staff session is far shorter, but stay safe.
    // If the timer fires early (a long wait is capped, or the clock moved), wait again.
    this.expiryTimer = setTimeout(() => {
      this.check();
      if (this.active) this.scheduleExpiry();
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
