import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { ChannelDef, Contract } from '../../shared/contract.js';
import type { Result } from '../../shared/result.js';
import { ConsoleError } from '../../main/app/errors.js';
import { IssuerError } from '../../issuer-api/errors.js';
import type { SandboxDb } from '../../sandbox/store/store.js';
import { createRouter, type Handlers, type HandlersFor, type Router } from '../../main/app/router.js';
import { StaffSessions } from '../../main/staff/sessions.js';
import type { TestClock } from './support/clock.js';
import {
  A_SESSION,
  createRouterParts,
  EIGHT_HOURS_MS,
  expectFailure,
  expectValue,
  type RouterParts,
  type SpyHandlers,
} from './support/router.js';

describe('createRouter: what handlers answer, and roles', () => {
  let clock: TestClock;
  let db: SandboxDb;
  let sessions: StaffSessions;
  let handlers: SpyHandlers;
  let log: RouterParts['log'];

  beforeEach(() => {
    ({ clock, db, sessions, handlers, log } = createRouterParts());
  });

  afterEach(() => {
    sessions.dispose();
    db.close();
  });

  describe('handler output', () => {
    it('answers INTERNAL when the handler breaks the output contract, without leaking the value', async () => {
      const leaked = 'LEAKED-NAME-4411';
      const bad = vi.fn(async () => ({ staffId: 'T0001', name: leaked, role: 'ROOT', expiresAt: 'tomorrow' }));
      const r = createRouter<Contract>({ handlers: { ...handlers, 'staff.current': bad as unknown as Handlers['staff.current'] }, sessions, log: log.log });
      const result = await r.call('staff.current', {});
      const error = expectFailure(result);
      expect(error.code).toBe('INTERNAL');
      expect(JSON.stringify(result)).not.toContain(leaked);
      expect(JSON.stringify(result)).not.toContain('ROOT');
      expect(bad).toHaveBeenCalledTimes(1);
      // The log names the broken fields, not their values.
      expect(log.lines.length).toBeGreaterThan(0);
      expect(log.lines.join('\n')).not.toContain(leaked);
    });

    it('answers INTERNAL when a handler answers nothing', async () => {
      const r = createRouter<Contract>({
        handlers: { ...handlers, 'preferences.get': (async () => undefined) as unknown as Handlers['preferences.get'] },
        sessions,
        log: log.log,
      });
      expect(expectFailure(await r.call('preferences.get', {})).code).toBe('INTERNAL');
    });

    it('strips fields the contract does not describe (the token never leaves)', async () => {
      const token = 'tok-should-not-cross-0123456789';
      const withToken = vi.fn(async () => ({ ...A_SESSION, token }));
      const r = createRouter<Contract>({ handlers: { ...handlers, 'staff.current': withToken }, sessions, log: log.log });
      const result = await r.call('staff.current', {});
      expect(expectValue(result)).toEqual(A_SESSION);
      expect(JSON.stringify(result)).not.toContain(token);
    });
  });

  describe('handler errors', () => {
    const throwing = (error: unknown) =>
      vi.fn(async (): Promise<{ loggedOut: true }> => {
        throw error;
      });

    async function callThrowing(error: unknown): Promise<Result<unknown>> {
      await sessions.login({ staffId: 'T0001', password: 'teller-pass-1' });
      const r = createRouter<Contract>({ handlers: { ...handlers, 'staff.logout': throwing(error) }, sessions, log: log.log });
      return r.call('staff.logout', {});
    }

    it('passes a ConsoleError through with its code, message and details', async () => {
      const error = expectFailure(await callThrowing(new ConsoleError('SESSION_EXPIRED', 'Session ran out', { minutes: 480 })));
      expect(error).toEqual({ code: 'SESSION_EXPIRED', message: 'Session ran out', details: { minutes: 480 } });
    });

    it('passes an IssuerError with a known code through with its details', async () => {
      const error = expectFailure(
        await callThrowing(new IssuerError(401, 'INVALID_CREDENTIALS', 'Staff ID or password is wrong', false, { attemptsLeft: 3 })),
      );
      expect(error).toEqual({
        code: 'INVALID_CREDENTIALS',
        message: 'Staff ID or password is wrong',
        details: { attemptsLeft: 3 },
      });
    });

    it('turns an IssuerError with an unknown code into ISSUER_BAD_RESPONSE', async () => {
      const result = await callThrowing(new IssuerError(500, 'FLUX_CAPACITOR_DOWN', 'raw server text 8812', true, { a: 1 }));
      const error = expectFailure(result);
      expect(error.code).toBe('ISSUER_BAD_RESPONSE');
      expect(JSON.stringify(result)).not.toContain('raw server text 8812');
      expect(log.lines.length).toBeGreaterThan(0);
    });

    it('turns a plain Error into INTERNAL with a generic message', async () => {
      const result = await callThrowing(new Error('SQLITE_CORRUPT at /secret/path customer 711231-1234567'));
      const error = expectFailure(result);
      expect(error.code).toBe('INTERNAL');
      expect(error.details).toBeUndefined();
      const text = JSON.stringify(result);
      expect(text).not.toContain('SQLITE_CORRUPT');
      expect(text).not.toContain('711231');
      expect(text).not.toContain('/secret/path');
      // The full story goes to the main process's log, not the renderer.
      expect(log.lines.join('\n')).toContain('SQLITE_CORRUPT');
    });

    it('never lets an issuer pose as the console with a console-only code', async () => {
      for (const code of ['NOT_LOGGED_IN', 'INTERNAL', 'FORBIDDEN_SENDER']) {
        expect(expectFailure(await callThrowing(new IssuerError(401, code, 'spoofed'))).code).toBe('ISSUER_BAD_RESPONSE');
      }
    });

    it('turns a thrown non-Error into INTERNAL', async () => {
      const result = await callThrowing('a string with 010-1234-5678');
      expect(expectFailure(result).code).toBe('INTERNAL');
      expect(JSON.stringify(result)).not.toContain('010-1234-5678');
    });
  });

  describe('roles (a test contract with a supervisor channel)', () => {
    const testContract = {
      'approvals.grant': {
        access: 'supervisor',
        input: z.object({ action: z.enum(['DEVICE_UNLOCK']) }).strict(),
        output: z.object({ approved: z.literal(true) }),
      },
      'notes.read': { access: 'staff', input: z.object({}).strict(), output: z.object({ notes: z.array(z.string()) }) },
    } satisfies Record<string, ChannelDef>;

    let grant: ReturnType<typeof vi.fn<HandlersFor<typeof testContract>['approvals.grant']>>;
    let roleRouter: Router;

    beforeEach(() => {
      grant = vi.fn<HandlersFor<typeof testContract>['approvals.grant']>(async () => ({ approved: true as const }));
      roleRouter = createRouter({
        contract: testContract,
        handlers: { 'approvals.grant': grant, 'notes.read': async () => ({ notes: [] }) },
        sessions,
        log: log.log,
      });
    });

    it('answers FORBIDDEN_ROLE to a teller and never runs the handler', async () => {
      await sessions.login({ staffId: 'T0001', password: 'teller-pass-1' });
      const error = expectFailure(await roleRouter.call('approvals.grant', { action: 'DEVICE_UNLOCK' }));
      expect(error.code).toBe('FORBIDDEN_ROLE');
      expect(grant).not.toHaveBeenCalled();
    });

    it('runs a supervisor channel for a supervisor', async () => {
      await sessions.login({ staffId: 'S0002', password: 'super-pass-2' });
      expect(expectValue(await roleRouter.call('approvals.grant', { action: 'DEVICE_UNLOCK' }))).toEqual({ approved: true });
      expect(grant).toHaveBeenCalledTimes(1);
      expect(grant.mock.calls[0]?.[1].session).toMatchObject({ staffId: 'S0002', role: 'SUPERVISOR' });
    });

    it('lets a teller use a staff channel of the same contract', async () => {
      await sessions.login({ staffId: 'T0001', password: 'teller-pass-1' });
      expect(expectValue(await roleRouter.call('notes.read', {}))).toEqual({ notes: [] });
    });

    it('answers NOT_LOGGED_IN, not FORBIDDEN_ROLE, when nobody is logged in', async () => {
      expect(expectFailure(await roleRouter.call('approvals.grant', { action: 'DEVICE_UNLOCK' })).code).toBe('NOT_LOGGED_IN');
      expect(grant).not.toHaveBeenCalled();
    });

    it('answers SESSION_EXPIRED once a supervisor’s session ran out', async () => {
      await sessions.login({ staffId: 'S0001', password: 'super-pass-1' });
      clock.advance(EIGHT_HOURS_MS);
      expect(expectFailure(await roleRouter.call('approvals.grant', { action: 'DEVICE_UNLOCK' })).code).toBe('SESSION_EXPIRED');
      expect(grant).not.toHaveBeenCalled();
    });

    it('checks the input before the role', async () => {
      await sessions.login({ staffId: 'T0001', password: 'teller-pass-1' });
      expect(expectFailure(await roleRouter.call('approvals.grant', { action: 'ANYTHING' })).code).toBe('INVALID_INPUT');
    });

    it('serves only the channels of the contract it was given', async () => {
      expect(expectFailure(await roleRouter.call('status.get', {})).code).toBe('UNKNOWN_CHANNEL');
      expect(handlers['status.get']).not.toHaveBeenCalled();
    });
  });
});
