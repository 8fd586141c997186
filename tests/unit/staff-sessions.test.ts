import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayload } from '../../shared/events.js';
import { StaffSessionSchema } from '../../shared/staff.js';
import { ConsoleError } from '../../main/app/errors.js';
import { ConsoleEvents } from '../../main/app/events.js';
import { InProcessIssuer } from '../../main/issuer/in-process.js';
import { IssuerError } from '../../issuer-api/errors.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../sandbox/store/store.js';
import { StaffSessions } from '../../main/staff/sessions.js';
import { createRouter, type CallContext, type Handlers } from '../../main/app/router.js';
import type { Contract } from '../../shared/contract.js';
import type { Issuer } from '../../main/issuer/issuer.js';
import { spyHandlers } from './support/router.js';
import { T0, testClock, type TestClock } from './support/clock.js';
import { TERMINAL } from './support/sandbox.js';

const EIGHT_HOURS_MS = 8 * 60 * 60 * 1000;
const TELLER = { staffId: 'T0001', password: 'teller-pass-1' };
const SUPERVISOR = { staffId: 'S0001', password: 'super-pass-1' };

type Recorded = { name: EventName; payload: EventPayload<EventName> };

describe('StaffSessions (real SandboxIssuer on :memory:)', () => {
  let clock: TestClock;
  let db: SandboxDb;
  let sandbox: SandboxIssuer;
  let events: ConsoleEvents;
  let recorded: Recorded[];
  let sessions: StaffSessions;

  const sessionEnded = () => recorded.filter((e) => e.name === 'session.ended').map((e) => e.payload);

  /** The issuer's token behind the console's session (main-process only). */
  const activeToken = (): string => {
    const check = sessions.check();
    if (!('session' in check)) throw new Error(`no session: ${check.error}`);
    return check.session.token;
  };

  /** Ends a token at the issuer directly, behind the console's back. */
  const issuerLogout = (token: string) => sandbox.handle('logout', {}, { terminal: TERMINAL, token });

  /** A read-only call that needs a live staff session: whether the issuer still honours a token. */
  const issuerReads = (token: string) => sandbox.handle('devices', { params: { customerRef: 'cus-kim' } }, { terminal: TERMINAL, token });

  async function issuerRejects(token: string): Promise<IssuerError> {
    const error = await issuerReads(token).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IssuerError);
    return error as IssuerError;
  }

  beforeEach(() => {
    clock = testClock();
    db = openSandboxDb(':memory:');
    sandbox = new SandboxIssuer({ db, now: clock.now });
    events = new ConsoleEvents();
    recorded = [];
    events.subscribe((name, payload) => recorded.push({ name, payload }));
    sessions = new StaffSessions({ issuer: new InProcessIssuer(sandbox, TERMINAL), events, now: clock.now, idleLockSeconds: 180 });
  });

  afterEach(() => {
    sessions.dispose();
    vi.useRealTimers();
    db.close();
  });

  describe('login', () => {
    it('logs a seed teller in and answers the public view', async () => {
      const session = await sessions.login(TELLER);
      expect(session).toEqual({
        staffId: 'T0001',
        name: '김민지',
        role: 'TELLER',
        expiresAt: new Date(Date.parse(T0) + EIGHT_HOURS_MS).toISOString(),
        locked: false,
        idleLockSeconds: 180,
      });
      expect(StaffSessionSchema.safeParse(session).success).toBe(true);
    });

    it('logs a seed supervisor in with role SUPERVISOR', async () => {
      const session = await sessions.login(SUPERVISOR);
      expect(session).toMatchObject({ staffId: 'S0001', name: '박지성', role: 'SUPERVISOR' });
    });

    it('never exposes the token in what login or current() answer', async () => {
      const fromLogin = await sessions.login(TELLER);
      const token = activeToken();
      expect(token.length).toBeGreaterThanOrEqual(16);

      const current = sessions.current();
      for (const view of [fromLogin, current]) {
        expect(Object.keys(view ?? {}).sort()).toEqual(['expiresAt', 'idleLockSeconds', 'locked', 'name', 'role', 'staffId']);
        expect(JSON.stringify(view)).not.toContain(token);
      }
    });

    it('answers null from current() before anyone logs in', () => {
      expect(sessions.current()).toBeNull();
      expect(sessions.check()).toEqual({ error: 'NOT_LOGGED_IN' });
    });

    it('rejects a wrong password with the issuer’s error and stays logged out', async () => {
      await expect(sessions.login({ staffId: 'T0001', password: 'nope' })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
      expect(sessions.current()).toBeNull();
    });

    it('keeps the current session when a later login fails', async () => {
      await sessions.login(TELLER);
      await expect(sessions.login({ staffId: 'S0001', password: 'wrong' })).rejects.toBeInstanceOf(IssuerError);
      expect(sessions.current()).toMatchObject({ staffId: 'T0001' });
    });

    it('replaces the previous session on a new login and ends the old token at the issuer', async () => {
      await sessions.login(TELLER);
      const firstToken = activeToken();

      const second = await sessions.login(SUPERVISOR);
      expect(second.staffId).toBe('S0001');
      expect(sessions.current()).toMatchObject({ staffId: 'S0001', role: 'SUPERVISOR' });
      expect(activeToken()).not.toBe(firstToken);

      expect((await issuerRejects(firstToken)).code).toBe('UNAUTHENTICATED');
      // The new token still works.
      await expect(issuerReads(activeToken())).resolves.toBeDefined();
    });
  });

  describe('logout', () => {
    it('emits session.ended LOGGED_OUT once and the token stops working at the issuer', async () => {
      await sessions.login(TELLER);
      const token = activeToken();

      await sessions.logout();

      expect(sessionEnded()).toEqual([{ reason: 'LOGGED_OUT' }]);
      expect(sessions.current()).toBeNull();
      expect(sessions.check()).toEqual({ error: 'NOT_LOGGED_IN' });
      const error = await issuerRejects(token);
      expect(error.status).toBe(401);
      expect(error.code).toBe('UNAUTHENTICATED');
    });

    it('throws NOT_LOGGED_IN when nobody is logged in, and emits nothing', async () => {
      const error = await sessions.logout().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConsoleError);
      expect((error as ConsoleError).code).toBe('NOT_LOGGED_IN');
      expect(recorded).toEqual([]);
    });

    it('still logs the console out when the issuer refuses the logout', async () => {
      await sessions.login(TELLER);
      // End the token behind the console's back: the issuer now answers 401 to the console's logout.
      await issuerLogout(activeToken());

      await expect(sessions.logout()).resolves.toBeUndefined();
      expect(sessions.current()).toBeNull();
      expect(sessionEnded()).toEqual([{ reason: 'LOGGED_OUT' }]);
    });
  });

  describe('expiry', () => {
    it('stays live until just before expiresAt', async () => {
      await sessions.login(TELLER);
      clock.advance(EIGHT_HOURS_MS - 1);
      expect(sessions.check()).toMatchObject({ session: { staffId: 'T0001' } });
      expect(recorded).toEqual([]);
    });

    it('answers SESSION_EXPIRED past expiresAt and emits EXPIRED exactly once', async () => {
      await sessions.login(TELLER);
      clock.advance(EIGHT_HOURS_MS);

      expect(sessions.check()).toEqual({ error: 'SESSION_EXPIRED' });
      expect(sessions.check()).toEqual({ error: 'SESSION_EXPIRED' });
      expect(sessions.current()).toBeNull();
      clock.advance(60_000);
      expect(sessions.check()).toEqual({ error: 'SESSION_EXPIRED' });

      expect(sessionEnded()).toEqual([{ reason: 'EXPIRED' }]);
    });

    it('refuses logout of an expired session with SESSION_EXPIRED', async () => {
      await sessions.login(TELLER);
      clock.advance(EIGHT_HOURS_MS + 1);
      await expect(sessions.logout()).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
      expect(sessionEnded()).toEqual([{ reason: 'EXPIRED' }]);
    });

    it('forgets the expiry after a new login (a later logout gives NOT_LOGGED_IN)', async () => {
      await sessions.login(TELLER);
      clock.advance(EIGHT_HOURS_MS);
      expect(sessions.check()).toEqual({ error: 'SESSION_EXPIRED' });

      await sessions.login(TELLER);
      expect(sessions.current()).toMatchObject({ staffId: 'T0001' });
      await sessions.logout();
      expect(sessions.check()).toEqual({ error: 'NOT_LOGGED_IN' });
      expect(sessionEnded()).toEqual([{ reason: 'EXPIRED' }, { reason: 'LOGGED_OUT' }]);
    });

    it('notices expiry by itself, without anyone calling, once its timer runs', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      await sessions.login(TELLER);

      clock.advance(EIGHT_HOURS_MS);
      vi.advanceTimersByTime(EIGHT_HOURS_MS);

      expect(sessionEnded()).toEqual([{ reason: 'EXPIRED' }]);
      expect(sessions.check()).toEqual({ error: 'SESSION_EXPIRED' });
      expect(sessionEnded()).toHaveLength(1);
    });

    it('does not fire the expiry timer after logout or dispose', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      await sessions.login(TELLER);
      await sessions.logout();
      await sessions.login(SUPERVISOR);
      sessions.dispose();

      clock.advance(EIGHT_HOURS_MS);
      vi.advanceTimersByTime(EIGHT_HOURS_MS);

      expect(sessionEnded()).toEqual([{ reason: 'LOGGED_OUT' }]);
    });
  });

  describe('the end of a session', () => {
    let ends: string[];
    let ending: StaffSessions;

    beforeEach(() => {
      ends = [];
      ending = new StaffSessions({
        issuer: new InProcessIssuer(sandbox, TERMINAL),
        events,
        now: clock.now,
        idleLockSeconds: 180,
        beforeEnd: async (session, why) => void ends.push(`before ${why} ${session.staffId}`),
        ended: (session) => ends.push(`ended ${session.staffId}`),
        renewed: (from, to) => ends.push(`renewed ${from.staffId} ${from.token === to.token ? 'same token' : 'new token'} ${to.staffId}`),
      });
    });
    afterEach(() => ending.dispose());

    it('tells the console once a session is over, after beforeEnd: logout, takeover, expiry, a training reset', async () => {
      await ending.login(TELLER);
      await ending.logout();
      await ending.login(TELLER);
      await ending.login(SUPERVISOR);
      clock.advance(EIGHT_HOURS_MS);
      ending.check();
      await ending.login(TELLER);
      ending.forget();
      expect(ends).toEqual([
        'before LOGGED_OUT T0001',
        'ended T0001',
        'before TAKEN_OVER T0001',
        'ended T0001',
        'before EXPIRED S0001',
        'ended S0001',
        'ended T0001',
      ]);
    });

    it('ends a session locked out by wrong passwords at the lock screen', async () => {
      await ending.login(TELLER);
      ending.lock();
      for (let attempt = 1; attempt < 5; attempt++) {
        await expect(ending.unlockConsole('not-it')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      }
      expect(ends).toEqual([]);
      await expect(ending.unlockConsole('not-it')).rejects.toMatchObject({ code: 'STAFF_LOCKED' });
      expect(ends).toEqual(['ended T0001']);
      expect(ending.current()).toBeNull();
    });

    it('does not end a session that is locked and opened again, or logged in again by the same staff member', async () => {
      await ending.login(TELLER);
      ending.lock();
      await ending.unlockConsole(TELLER.password);
      await ending.login(TELLER);
      expect(ending.current()).toMatchObject({ staffId: 'T0001', locked: false });
      // The same teller goes on with a new token each time: what the console kept for the old one follows.
      expect(ends).toEqual(['renewed T0001 new token T0001', 'renewed T0001 new token T0001']);
    });

    it('hands nothing over when another staff member takes the counter', async () => {
      await ending.login(TELLER);
      ending.lock();
      await ending.login(SUPERVISOR);
      expect(ends).toEqual(['before TAKEN_OVER T0001', 'ended T0001']);
    });
  });
  describe('a token the issuer no longer honours, met through the router', () => {
    let ends: string[];
    let tokensCalled: (string | undefined)[];
    let ending: StaffSessions;

    /** The router with one real handler: customer.devices asks the issuer with the session's token. */
    const routerFor = (issuer: Issuer) => {
      const handlers = {
        ...spyHandlers(),
        'customer.devices': async ({ customerRef }: { customerRef: string }, ctx: CallContext) =>
          (await issuer.call('devices', { params: { customerRef } }, { token: ctx.session!.token })).devices,
      } satisfies Handlers;
      return createRouter<Contract>({ handlers, sessions: ending });
    };

    beforeEach(() => {
      ends = [];
      tokensCalled = [];
      const inProcess = new InProcessIssuer(sandbox, TERMINAL);
      const counting: Issuer = {
        call: (op, request, options) => {
          tokensCalled.push(options?.token);
          return inProcess.call(op, request, options);
        },
      };
      ending = new StaffSessions({
        issuer: counting,
        events,
        now: clock.now,
        idleLockSeconds: 180,
        beforeEnd: async (session, why, issuerCode) => void ends.push(`before ${why} ${session.staffId} ${issuerCode}`),
        ended: (session) => ends.push(`ended ${session.staffId}`),
      });
    });
    afterEach(() => ending.dispose());

    it('ends the session on UNAUTHENTICATED as an expiry does: no call with the dead token, the renderer told why', async () => {
      const router = routerFor({ call: (op, request, options) => new InProcessIssuer(sandbox, TERMINAL).call(op, request, options) });
      await ending.login(TELLER);
      const token = (ending.check() as { session: { token: string } }).session.token;
      expect(await router.call('customer.devices', { customerRef: 'cus-kim' })).toMatchObject({ ok: true });
      await issuerLogout(token);

      expect(await router.call('customer.devices', { customerRef: 'cus-kim' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

      expect(ending.current()).toBeNull();
      expect(ending.check()).toEqual({ error: 'NOT_LOGGED_IN' });
      expect(ends).toEqual(['before ENDED_BY_ISSUER T0001 UNAUTHENTICATED', 'ended T0001']);
      expect(sessionEnded()).toEqual([{ reason: 'ENDED_BY_ISSUER', issuerCode: 'UNAUTHENTICATED' }]);
      // Ending it called nothing at the issuer (no logout with the dead token).
      expect(tokensCalled.filter((called) => called === token)).toEqual([]);
      expect(await router.call('customer.devices', { customerRef: 'cus-kim' })).toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN' } });
    });

    it('leaves alone a session that took the counter over while the refused call was under way', async () => {
      await ending.login(TELLER);
      const first = (ending.check() as { session: { token: string } }).session.token;
      await issuerLogout(first);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const router = routerFor({
        call: async (op, request, options) => {
          if (op === 'devices') await held;
          return new InProcessIssuer(sandbox, TERMINAL).call(op, request, options);
        },
      });
      const refused = router.call('customer.devices', { customerRef: 'cus-kim' });
      await ending.login(SUPERVISOR);
      release();
      expect(await refused).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(ending.current()).toMatchObject({ staffId: 'S0001' });
      expect(sessionEnded()).toEqual([]);
    });

    it("does not end the session for the issuer's other refusals", async () => {
      const router = routerFor(new InProcessIssuer(sandbox, TERMINAL));
      await ending.login(TELLER);
      expect(await router.call('customer.devices', { customerRef: 'no-such-customer' })).toMatchObject({ ok: false, error: { code: 'CUSTOMER_NOT_FOUND' } });
      expect(ending.current()).toMatchObject({ staffId: 'T0001' });
      expect(ends).toEqual([]);
      expect(sessionEnded()).toEqual([]);
    });
  });

  describe('the idle lock, kept by main', () => {
    const IDLE_MS = 180_000;
    const locks = () => recorded.filter((e) => e.name === 'session.locked').map((e) => e.payload);
    /** Moves the injected clock and the timers together, as real time would. */
    const pass = (ms: number) => {
      clock.advance(ms);
      vi.advanceTimersByTime(ms);
    };
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));

    it('locks a session nobody works in after idleLockSeconds, and tells the renderer once', async () => {
      await sessions.login(TELLER);
      pass(IDLE_MS - 1);
      expect(sessions.current()).toMatchObject({ locked: false });
      expect(locks()).toEqual([]);
      pass(1);
      expect(sessions.check()).toEqual({ error: 'SESSION_LOCKED' });
      expect(locks()).toEqual([expect.objectContaining({ staffId: 'T0001', locked: true })]);
      pass(IDLE_MS * 3);
      expect(locks()).toHaveLength(1);
    });

    it('keeps a working teller unlocked: each staff call starts the idle time again', async () => {
      await sessions.login(TELLER);
      for (let i = 0; i < 10; i++) {
        pass(IDLE_MS - 1000);
        sessions.touched('staff.activity');
      }
      expect(sessions.current()).toMatchObject({ locked: false });
      pass(IDLE_MS);
      expect(sessions.current()).toMatchObject({ locked: true });
    });

    it('does not count the reads the renderer repeats on its own, nor the lock itself', async () => {
      await sessions.login(TELLER);
      const polls = ['otp.status', 'customer.devices', 'journal.list', 'staff.lock', 'staff.current', 'worklist.pendingActivations', 'worklist.restrictedDevices'];
      for (const channel of polls) {
        pass(IDLE_MS / (polls.length + 1));
        sessions.touched(channel);
      }
      pass(IDLE_MS / (polls.length + 1));
      expect(sessions.current()).toMatchObject({ locked: true });
    });

    it('an explicit lock tells the renderer the same way, and an unlock starts the idle time again', async () => {
      await sessions.login(TELLER);
      sessions.lock();
      expect(locks()).toHaveLength(1);
      pass(IDLE_MS * 2);
      expect(locks()).toHaveLength(1);
      await sessions.unlockConsole(TELLER.password);
      pass(IDLE_MS - 1);
      expect(sessions.current()).toMatchObject({ locked: false });
      pass(1);
      expect(locks()).toHaveLength(2);
    });

    it('runs no idle timer once the session is over', async () => {
      await sessions.login(TELLER);
      await sessions.logout();
      pass(IDLE_MS * 2);
      expect(locks()).toEqual([]);
    });
  });
});
