import { canonicalJson } from '../../issuer-api/canonical-json.js';
import { IssuerError, type IssuerErrorBody } from '../../issuer-api/errors.js';
import { refuse, type Env, type Rule } from './context.js';
import { keyedDigest, seal, sql, unseal } from '../store/store.js';

/**
 * Idempotency-Key (ISSUER-API.md "Conventions"): the first outcome of a POST is stored under its
 * key (successes and refusals alike, never a 5xx); the same key with the same operation, path and
 * body gets that outcome again and changes nothing, so a retried call can never register, send or
 * unlock twice. The same key for anything else is 422 IDEMPOTENCY_KEY_REUSED.
 *
 * A key lives in one scope (v1.1 "fine print"): institution, branch, terminal and the staff ID of
 * the session that sent it; a call without a session (a login) has the terminal's scope. In any
 * other scope the key is unknown: the request runs as a new one, and nothing of the first leaks.
 */

/** Where a key is looked up and stored; `staffId` '' is the terminal's own scope. */
export interface IdempotencyScope {
  institutionCode: string;
  branchCode: string;
  terminalId: string;
  staffId: string;
}

/** The scope of a request: its terminal and, on a staff call, the session's staff member. */
export const scopeOf = (env: Env): IdempotencyScope => ({
  institutionCode: env.terminal.institutionCode,
  branchCode: env.terminal.branchCode,
  terminalId: env.terminal.terminalId,
  staffId: env.session?.staffId ?? '',
});

const IN_SCOPE = 'institution_code = ? AND branch_code = ? AND terminal_id = ? AND staff_id = ? AND key = ?';
const scopeArgs = (scope: IdempotencyScope, key: string) => [scope.institutionCode, scope.branchCode, scope.terminalId, scope.staffId, key];

export interface IdempotentRequest {
  key: string;
  operation: string;
  /** The concrete path, parameters filled in. */
  path: string;
  /** The body as received (`{}` when absent): its canonical JSON is what "the same body" means; never stored. */
  body: unknown;
}

interface StoredRow {
  operation: string;
  request_digest: string;
  status: number;
  error_code: string | null;
  outcome: Buffer;
  created_at: string;
}

/**
 * What "the same request" means, keyed (no body is kept: it may hold an RRN or a password, and an
 * unkeyed digest of a low-entropy body can be reversed by trying).
 */
const requestDigest = (env: Env, request: IdempotentRequest) =>
  keyedDigest(env.db, 'request', `${request.operation}\n${request.path}\n${canonicalJson(request.body ?? {})}`);

/** What a stored answer is sealed to: its row, so a sealed answer moved to another row does not open. */
const sealContext = (scope: IdempotencyScope, key: string) => `idempotency\n${scopeArgs(scope, key).join('\n')}`;

/** The stored first outcome of this request, or undefined when the key is new in this scope. */
export function replay(env: Env, request: IdempotentRequest): { outcome: unknown } | undefined {
  const scope = scopeOf(env);
  const row = sql(env.db, `SELECT * FROM idempotency WHERE ${IN_SCOPE}`).get(...scopeArgs(scope, request.key)) as StoredRow | undefined;
  if (!row) return undefined;
  if (row.operation !== request.operation || row.request_digest !== requestDigest(env, request)) {
    throw refuse(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request');
  }
  const stored = JSON.parse(unseal(env.db, sealContext(scope, request.key), row.outcome)) as unknown;
  if (row.status < 400) return { outcome: stored };
  const { error } = stored as IssuerErrorBody;
  return { outcome: new IssuerError(row.status, error.code, error.message, error.retryable, error.details) };
}

/** Stores the first outcome; a server fault is not an answer to the request, so it is not kept. */
export function remember(env: Env, request: IdempotentRequest, outcome: unknown, successStatus: number): void {
  const isError = outcome instanceof IssuerError;
  const status = isError ? outcome.status : successStatus;
  if (status >= 500) return;
  const scope = scopeOf(env);
  const sealed = seal(env.db, sealContext(scope, request.key), JSON.stringify(isError ? errorBody(outcome) : outcome));
  sql(
    env.db,
    `INSERT INTO idempotency (institution_code, branch_code, terminal_id, staff_id, key, operation, request_digest, status, error_code,
       outcome, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    ...scopeArgs(scope, request.key), request.operation, requestDigest(env, request), status, isError ? outcome.code : null, sealed,
    env.now.toISOString(),
  );
}

/**
 * GET /v1/requests/{idempotencyKey}?staffId=: what became of a request this terminal sent, so a
 * console killed mid-call can settle its journal. It looks in one scope: this terminal's, with the
 * staff ID the key was sent under (none: a login). A key of any other scope is answered as one never
 * used. It tells what the terminal's own journal records anyway, never the stored answer.
 */
export const requestOutcome: Rule<'requestOutcome'> = (env, { params, query }) => {
  const scope: IdempotencyScope = { ...scopeOf(env), staffId: query.staffId ?? '' };
  const row = sql(env.db, `SELECT operation, status, error_code, created_at FROM idempotency WHERE ${IN_SCOPE}`).get(
    ...scopeArgs(scope, params.idempotencyKey),
  ) as Pick<StoredRow, 'operation' | 'status' | 'error_code' | 'created_at'> | undefined;
  if (!row) throw refuse(404, 'REQUEST_NOT_FOUND', 'The issuer has no answered request from this terminal under this key');
  return {
    idempotencyKey: params.idempotencyKey,
    operation: row.operation,
    status: row.status,
    ...(row.error_code !== null && { errorCode: row.error_code }),
    answeredAt: row.created_at,
  };
};

/** The error body the HTTP server answers with, so a replay over HTTP is byte-for-byte the first. */
const errorBody = (error: IssuerError): IssuerErrorBody => ({
  error: {
    code: error.code,
    message: error.message,
    retryable: error.retryable,
    ...(error.details !== undefined && { details: error.details }),
  },
});
