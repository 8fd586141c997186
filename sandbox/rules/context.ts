import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { IssuerEndpoints, IssuerOperation, IssuerResponse } from '../../issuer-api/endpoints.js';
import { IssuerError, type IssuerErrorCode } from '../../issuer-api/errors.js';
import type { TerminalIdentity } from '../../issuer-api/schemas.js';
import type { SandboxDb } from '../store/store.js';
import type { TypedPassword } from './staff.js';

/**
 * What every rule module shares: the environment one request runs in, the shape of a rule, and
 * small helpers for refusals, IDs and times.
 *
 * A rule runs inside the request's transaction. It may THROW an IssuerError for a refusal that
 * writes nothing (its writes are rolled back), or RETURN one when the refusal itself must be
 * remembered (a failure count, a lock, a cancelled registration): a returned refusal commits.
 */
export interface Env {
  db: SandboxDb;
  /** The sandbox clock, read once per request. */
  now: Date;
  /** The institution, branch and terminal the request acts for. */
  terminal: TerminalIdentity;
  /** The staff session, on calls with `staff: true`. */
  session?: { token: string; staffId: string };
  staffSessionSeconds: number;
  /** On a login or an approval: the password, hashed before the transaction (staff.ts). */
  typedPassword?: TypedPassword;
}

type Parsed<E, K extends 'params' | 'query' | 'body'> = E extends { [P in K]: infer S extends z.ZodType } ? z.output<S> : undefined;

/** A request after validation against its endpoint's schemas (transforms applied). */
export interface Input<Op extends IssuerOperation> {
  params: Parsed<IssuerEndpoints[Op], 'params'>;
  query: Parsed<IssuerEndpoints[Op], 'query'>;
  body: Parsed<IssuerEndpoints[Op], 'body'>;
}

export type Rule<Op extends IssuerOperation> = (env: Env, input: Input<Op>) => IssuerResponse<Op> | IssuerError;

/** A refusal with one of the contract's codes. Messages never carry a value the caller typed. */
export const refuse = (status: number, code: IssuerErrorCode, message: string, details?: Record<string, string | number | boolean>) =>
  new IssuerError(status, code, message, false, details);

/** The staff session of a `staff: true` call (the dispatcher has checked it). */
export function sessionOf(env: Env): { token: string; staffId: string } {
  if (!env.session) throw new Error('rule needs a staff session but the endpoint is not staff-only');
  return env.session;
}

/**
 * A path parameter after validation. The contract builds its parameter schemas with computed keys,
 * so TypeScript sees `string | undefined`; the validator has already required it.
 */
export function pathParam(value: string | undefined): string {
  if (value === undefined) throw new Error('path parameter missing after validation');
  return value;
}

/** An opaque ID: a readable prefix and 64 random bits. */
export const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;

/** `now` plus `seconds`, as an RFC 3339 UTC string. */
export const secondsAfter = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

/** An expiry time is exclusive: at `expiresAt` the thing has expired. */
export const hasExpired = (expiresAt: string, now: Date) => Date.parse(expiresAt) <= now.getTime();
