import type { z } from 'zod';
import { contract as consoleContract, type ChannelDef, type Contract } from '../../shared/contract.js';
import { fieldRules } from '../../issuer-api/rule-codes.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { ConsoleError, toErrorInfo } from './errors.js';
import { createLog, type Log } from './log.js';
import { IssuerError } from '../../issuer-api/errors.js';
import { TOKEN_REFUSED, type ActiveSession, type StaffSessions, type TokenRefusal } from '../staff/sessions.js';

export interface CallContext {
  /** The caller's staff session; null only on public channels. */
  session: ActiveSession | null;
  /** The receipt number of the journal entry this call opened, when it is a job (journaling.ts). */
  receiptNo?: string;
}

type AnyContract = Record<string, ChannelDef>;

/** The staff token of a call on a `staff` or `supervisor` channel (the router has checked it is there). */
export function tokenOf(ctx: CallContext): string {
  return sessionOf(ctx).token;
}

/** The receipt number of a journaled job's call (a customer's slip shows it). */
export function receiptNoOf(ctx: CallContext): string {
  if (!ctx.receiptNo) throw new ConsoleError('INTERNAL', 'This call was not journaled as a job, so it has no receipt number');
  return ctx.receiptNo;
}

/** The staff session of a call on a `staff` or `supervisor` channel (the router has checked it is there). */
export function sessionOf(ctx: CallContext): ActiveSession {
  if (!ctx.session) throw new ConsoleError('NOT_LOGGED_IN', 'A staff session is required');
  return ctx.session;
}

export type HandlersFor<C extends AnyContract> = {
  [K in keyof C]: (input: z.output<C[K]['input']>, ctx: CallContext) => Promise<z.input<C[K]['output']>>;
};
export type Handlers = HandlersFor<Contract>;

export interface Router {
  call(channel: unknown, input: unknown): Promise<Result<unknown>>;
}

/**
 * The electronic journal's view of calls: every job is written before its handler runs and settled
 * after, and a call refused before it (bad input, no session, wrong role) is journaled too.
 */
export interface CallAudit {
  run(channel: string, input: unknown, session: ActiveSession | null, handler: () => Promise<unknown>): Promise<unknown>;
  refused(channel: string, session: ActiveSession | null, code: string): void;
}

/**
 * The transport-free heart of the main process. For every call it checks the channel exists,
 * parses the input, checks the staff session and role, runs the handler and parses its output.
 * Nothing reaches a handler that the contract does not allow, and nothing leaves that it does
 * not describe. Transports (Electron IPC, the browser host) only move bytes to and from here.
 */
export function createRouter<C extends AnyContract = Contract>(deps: {
  handlers: HandlersFor<C>;
  /**
   * `touched` hears every call that passed the staff checks: the idle lock counts from it.
   * `endedByIssuer` hears a staff call the issuer refused because it no longer honours the token.
   */
  sessions: Pick<StaffSessions, 'check'> & Partial<Pick<StaffSessions, 'touched' | 'endedByIssuer'>>;
  /** The channel table; the console's contract unless a test brings its own. */
  contract?: C;
  /** Opens a `supervisor` channel to a teller's session holding a supervisor's approval for it. */
  approvals?: { permits(channel: string, input: unknown, sessionToken: string): boolean };
  audit?: CallAudit;
  log?: Log;
}): Router {
  const log = deps.log ?? createLog();
  const table = (deps.contract ?? consoleContract) as AnyContract;

  return {
    async call(channel, rawInput) {
      if (typeof channel !== 'string' || !Object.prototype.hasOwnProperty.call(table, channel)) {
        return fail({ code: 'UNKNOWN_CHANNEL', message: `Unknown channel ${String(channel).slice(0, 64)}` });
      }
      const def = table[channel]!;

      const check = deps.sessions.check();
      const session = 'session' in check ? check.session : null;
      const refuse = (error: ErrorInfo) => {
        deps.audit?.refused(channel, session, error.code);
        return fail(error);
      };

      const input = def.input.safeParse(rawInput ?? {});
      if (!input.success) {
        return refuse({ code: 'INVALID_INPUT', message: `Invalid input for ${channel}`, details: fieldRules(input.error.issues, '(input)') });
      }

      if (def.access !== 'public') {
        if ('error' in check) return refuse({ code: check.error, message: 'A staff session is required' });
        const approved = () => deps.approvals?.permits(channel, input.data, check.session.token) === true;
        if (def.access === 'supervisor' && check.session.role !== 'SUPERVISOR' && !approved()) {
          return refuse({ code: 'FORBIDDEN_ROLE', message: `${channel} needs a supervisor or a supervisor's approval` });
        }
        deps.sessions.touched?.(channel);
      }

      let value: unknown;
      try {
        const handler = deps.handlers[channel] as (input: unknown, ctx: CallContext) => Promise<unknown>;
        const run = (receiptNo?: string) => handler(input.data, { session, ...(receiptNo && { receiptNo }) });
        value = await (deps.audit ? deps.audit.run(channel, input.data, session, run) : run());
      } catch (error) {
        // The issuer ended this session (the account was locked) or no longer knows its token: the
        // console ends it too, here for every channel, and the caller still hears the issuer's code.
        if (def.access !== 'public' && session && refusesToken(error)) deps.sessions.endedByIssuer?.(session.token, error.code);
        return fail(toErrorInfo(error, log));
      }

      const output = def.output.safeParse(value);
      if (!output.success) {
        log.error(`handler for ${channel} answered outside the contract: ${output.error.issues.map((i) => i.path.join('.')).join(', ')}`);
        return fail({ code: 'INTERNAL', message: 'Internal error' });
      }
      return ok(output.data);
    },
  };
}

const refusesToken = (error: unknown): error is IssuerError & { code: TokenRefusal } =>
  error instanceof IssuerError && (TOKEN_REFUSED as readonly string[]).includes(error.code);
