import { canonicalJson } from '../../issuer-api/canonical-json.js';
import { IssuerError, type IssuerErrorBody } from '../../issuer-api/errors.js';
import { refuse, type Env, type Rule } from './context.js';
import { sha256Hex, sql } from '../store/store.js';

/**
 * Idempotency-Key (ISSUER-API.md "Conventions"): the first outcome of a POST is stored under its
 * key (successes and refusals alike, never a 5xx); the same key with the same operation, path and
 * body gets that outcome again and changes nothing, so a retried call can never register, send or
 * unlock twice. The same key for anything else is 422 IDEMPOTENCY_KEY_REUSED.
 */

export interface IdempotentRequest {
  key: string;
  operation: string;
  /** The concrete path, parameters filled in. */
  path: string;
  /** The body as received (`{}` when absent): its canonical JSON is what "the same body" means. */
  body: unknown;
}

interface StoredRow {
  operation: string;
  path: string;
  body_hash: string;
  status: number;
  outcome_json: string;
}

const bodyHash = (body: unknown) => sha256Hex(canonicalJson(body ?? {}));

/** The stored first outcome of this request, or undefined when the key is new. */
export function replay(env: Env, request: IdempotentRequest): { outcome: unknown } | undefined {
  const row = sql(env.db, 'SELECT * FROM idempotency WHERE key = ?').get(request.key) as StoredRow | undefined;
  if (!row) return undefined;
  if (row.operation !== request.operation || row.path !== request.path || row.body_hash !== bodyHash(request.body)) {
    throw refuse(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request');
  }
  const stored = JSON.parse(row.outcome_json) as unknown;
  if (row.status < 400) return { outcome: stored };
  const { error } = stored as IssuerErrorBody;
  return { outcome: new IssuerError(row.status, error.code, error.message, error.retryable, error.details) };
}

/** Stores the first outcome; a server fault is not an answer to the request, so it is not kept. */
export function remember(env: Env, request: IdempotentRequest, outcome: unknown, successStatus: number): void {
  const isError = outcome instanceof IssuerError;
  const status = isError ? outcome.status : successStatus;
  if (status >= 500) return;
  const json = JSON.stringify(isError ? errorBody(outcome) : outcome);
  const { institutionCode, branchCode, terminalId } = env.terminal;
  sql(
    env.db,
    `INSERT INTO idempotency (key, operation, path, body_hash, status, outcome_json, created_at, institution_code, branch_code, terminal_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    request.key, request.operation, request.path, bodyHash(request.body), status, json, env.now.toISOString(),
    institutionCode, branchCode, terminalId,
  );
}

/**
 * GET /v1/requests/{idempotencyKey}: what became of a request this terminal sent, so a console
 * killed mid-call can settle its journal. Another terminal's key is answered as one never used.
 */
export const requestOutcome: Rule<'requestOutcome'> = (env, { params }) => {
  const { institutionCode, branchCode, terminalId } = env.terminal;
  const row = sql(
    env.db,
    `SELECT operation, status, outcome_json, created_at FROM idempotency
       WHERE key = ? AND institution_code = ? AND branch_code = ? AND terminal_id = ?`,
  ).get(params.idempotencyKey, institutionCode, branchCode, terminalId) as
    | (Pick<StoredRow, 'operation' | 'status' | 'outcome_json'> & { created_at: string })
    | undefined;
  if (!row) throw refuse(404, 'REQUEST_NOT_FOUND', 'The issuer has no answered request from this terminal under this key');
  return {
    idempotencyKey: params.idempotencyKey,
    operation: row.operation,
    status: row.status,
    ...(row.status >= 400 && { errorCode: (JSON.parse(row.outcome_json) as IssuerErrorBody).error.code }),
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
