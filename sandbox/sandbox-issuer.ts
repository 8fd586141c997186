import { fillPath, issuerEndpoints, type IssuerEndpoint, type IssuerOperation, type IssuerResponse } from '../issuer-api/endpoints.js';
import type { TerminalIdentity } from '../issuer-api/schemas.js';
import { actionDigest } from '../issuer-api/approval-digest.js';
import { IssuerError } from '../issuer-api/errors.js';
import { anchorJournal, latestJournalAnchor } from './rules/anchors.js';
import { closeDay, isClosed, reopenDay } from './rules/day-end.js';
import { refuse, type Env, type Input, type Rule } from './rules/context.js';
import { otpCheck, releaseLoss, reportLoss, terminate, unlock } from './rules/devices.js';
import { cancelRegistration, issueAppCode, registration, resendSms, startRegistration, verifySms } from './rules/digital-otp.js';
import { remember, replay, requestOutcome, type IdempotentRequest } from './rules/idempotency.js';
import { fees } from './rules/fees.js';
import { devices, identityCheck } from './rules/identity.js';
import { changeMobileNumbers } from './rules/mobile-numbers.js';
import { activateApp, appAuthenticate, appOtp } from './rules/phone.js';
import { advanceClock, registrationSms, reset, smsOutbox } from './rules/sandbox-routes.js';
import { cardLookup, issueCard, registerCard, replaceCard } from './rules/smart-otp.js';
import { countStock, disposeStock, receiveStock, stock } from './rules/stock.js';
import { pendingActivations, restrictedDevices } from './rules/worklists.js';
import { approve, checkApproval, consumeApproval, hashTypedPassword, login, logout, requireSession } from './rules/staff.js';
import { clockOffsetMs, type SandboxDb } from './store/store.js';
import { validateIdempotencyKey, validateRequest, validateTerminal, type RawRequest } from './rules/validation.js';

export { MAX_STAFF_LOGIN_FAILURES } from './rules/staff.js';

export const SANDBOX_VERSION = 'sandbox-1';

/** Who calls and with what: the terminal headers, the bearer token, X-Approval-Token, Idempotency-Key. */
export interface SandboxContext {
  terminal: TerminalIdentity;
  token?: string;
  approvalToken?: string;
  idempotencyKey?: string;
}

export interface SandboxOptions {
  db: SandboxDb;
  now?: () => Date;
  /** How long a staff session lasts; a branch working day by default. */
  staffSessionSeconds?: number;
}

/** Every operation of the contract and the rule that answers it; each rule module owns one area. */
const RULES: { [Op in IssuerOperation]: Rule<Op> } = {
  health: () => ({ status: 'ok', version: SANDBOX_VERSION }),
  // staff.ts
  login,
  logout,
  approve,
  // identity.ts
  identityCheck,
  devices,
  // digital-otp.ts
  startRegistration,
  resendSms,
  verifySms,
  issueAppCode,
  registration,
  cancelRegistration,
  // devices.ts
  otpCheck,
  reportLoss,
  releaseLoss,
  unlock,
  terminate,
  // mobile-numbers.ts
  changeMobileNumbers,
  // fees.ts
  fees,
  // idempotency.ts
  requestOutcome,
  // smart-otp.ts
  cardLookup,
  issueCard,
  registerCard,
  replaceCard,
  // stock.ts and worklists.ts
  receiveStock,
  stock,
  countStock,
  disposeStock,
  pendingActivations,
  restrictedDevices,
  // anchors.ts
  anchorJournal,
  latestJournalAnchor,
  // day-end.ts
  closeDay,
  reopenDay,
  // phone.ts and sandbox-routes.ts
  smsOutbox,
  registrationSms,
  activateApp,
  appOtp,
  appAuthenticate,
  advanceClock,
  reset,
};

/** What an operation's prepare step hands its rule, in its Env. */
type Prepared = Pick<Env, 'typedPassword'>;
type Prepare<Op extends IssuerOperation> = (db: SandboxDb, input: Input<Op>) => Promise<Prepared>;

/**
 * Slow work an operation needs, done BEFORE its write transaction and off the event loop, so that no
 * other request waits on it: the password of a login or an approval is hashed (scrypt, ~9 ms).
 */
const PREPARE: { [Op in IssuerOperation]?: Prepare<Op> } = {
  login: async (db, { body }) => ({ typedPassword: await hashTypedPassword(db, body.staffId, body.password) }),
  approve: async (db, { body }) => ({ typedPassword: await hashTypedPassword(db, body.supervisorId, body.password) }),
};

/**
 * The sandbox issuer: every rule of ISSUER-API.md over SQLite, with an injectable clock. It runs
 * in-process in training mode (InProcessIssuer) and behind the standalone HTTP server in tests.
 *
 * One request, in order: validate the request against the contract → its prepare step, if any
 * (a password hashed while other requests go on) → one write transaction:
 * staff session → stored outcome of its Idempotency-Key → supervisor approval → the rule (in a
 * savepoint) → consume the approval → store the outcome. Refusals come out of the transaction as
 * values and are thrown only after it commits, so the failure counts they wrote are kept.
 */
export class SandboxIssuer {
  private readonly db: SandboxDb;
  private readonly now: () => Date;
  private readonly staffSessionSeconds: number;

  constructor(options: SandboxOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
    this.staffSessionSeconds = options.staffSessionSeconds ?? 8 * 60 * 60;
  }

  /** The sandbox clock: the injected now() plus the offset moved by the advanceClock operation. */
  clock(): Date {
    return new Date(this.now().getTime() + clockOffsetMs(this.db));
  }

  /** Answers one operation as the issuer would; every refusal is an IssuerError. */
  async handle<Op extends IssuerOperation>(op: Op, request: RawRequest, ctx: SandboxContext): Promise<IssuerResponse<Op>> {
    const endpoint = endpointOf(op);
    const raw: RawRequest = typeof request === 'object' && request !== null ? request : {};
    const input = validateRequest(endpoint, raw) as Input<Op>;
    const terminal = validateTerminal(ctx.terminal);
    const idempotencyKey = endpoint.method === 'POST' ? validateIdempotencyKey(ctx.idempotencyKey) : undefined;
    const prepare = PREPARE[op] as Prepare<Op> | undefined;
    const prepared = prepare ? await prepare(this.db, input) : {};

    // IMMEDIATE: the write lock is taken up front, so two processes on one file cannot both run a key.
    const outcome = this.db
      .transaction(() => this.execute(op, endpoint, input, raw.body ?? {}, { ...ctx, terminal, idempotencyKey }, prepared))
      .immediate();
    if (outcome instanceof IssuerError) throw outcome;
    return outcome as IssuerResponse<Op>;
  }

  private execute<Op extends IssuerOperation>(
    op: Op,
    endpoint: IssuerEndpoint,
    input: Input<Op>,
    rawBody: unknown,
    ctx: SandboxContext,
    prepared: Prepared,
  ): unknown {
    const env: Env = { db: this.db, now: this.clock(), terminal: ctx.terminal, staffSessionSeconds: this.staffSessionSeconds, ...prepared };
    try {
      // Who is asking comes before any stored answer: a replay is for the staff who may see it.
      if (endpoint.staff) env.session = requireSession(env, ctx.token);
      const path = fillPath(endpoint.path, input.params as Record<string, string> | undefined);
      const call: IdempotentRequest | undefined = ctx.idempotencyKey
        ? { key: ctx.idempotencyKey, operation: op, path, body: rawBody }
        : undefined;
      const stored = call && replay(env, call);
      if (stored) return stored.outcome;
      // A closed day refuses the teller's jobs; reads, login, approvals, anchors and the reopen still run.
      if (endpoint.method === 'POST' && !endpoint.sandboxOnly && !endpoint.whileClosed && isClosed(env)) {
        throw refuse(409, 'TERMINAL_CLOSED', "The terminal's business day is closed");
      }

      // `approvalWhen`: only some bodies need it (a fee waived at the supervisor's discretion); a token
      // sent with one that does not is neither checked nor spent.
      const { approval: action, approvalWhen } = endpoint;
      const approval =
        action && (!approvalWhen || approvalWhen.needed(rawBody))
          ? checkApproval(env, action, ctx.approvalToken, actionDigest(endpoint.method, path, rawBody))
          : undefined;
      const outcome = this.applyRule(op, endpoint, env, input);
      // An approval is spent only on the action it allowed; a refused action leaves it usable.
      if (approval && !(outcome instanceof IssuerError)) consumeApproval(env, approval);
      if (call) remember(env, call, outcome, endpoint.status);
      return outcome;
    } catch (error) {
      // Refusals before the rule (session, key reuse, approval) wrote nothing and are not stored.
      if (error instanceof IssuerError) return error;
      throw error;
    }
  }

  /** Runs the rule in a savepoint: a thrown refusal undoes its writes, a returned one keeps them. */
  private applyRule<Op extends IssuerOperation>(op: Op, endpoint: IssuerEndpoint, env: Env, input: Input<Op>): unknown {
    const rule = RULES[op] as Rule<Op>;
    let result: IssuerResponse<Op> | IssuerError;
    try {
      result = this.db.transaction(() => rule(env, input))();
    } catch (error) {
      if (error instanceof IssuerError) return error;
      throw error;
    }
    // A response outside the contract is a sandbox bug: it throws, the transaction rolls back (500).
    return result instanceof IssuerError ? result : endpoint.response.parse(result);
  }
}

function endpointOf(op: string): IssuerEndpoint {
  if (!Object.hasOwn(issuerEndpoints, op)) throw new IssuerError(404, 'NOT_FOUND', 'No such operation');
  return issuerEndpoints[op as IssuerOperation];
}
