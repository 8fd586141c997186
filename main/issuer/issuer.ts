import type { IssuerRequest, IssuerResponse, ProductionOperation } from '../../issuer-api/endpoints.js';

/** What a call carries besides its request: the staff token, an approval, an idempotency key. */
export interface CallOptions {
  /** The staff session's bearer token (every call with `staff: true`). */
  token?: string;
  /** A supervisor's approval token for this exact request (`X-Approval-Token`). */
  approvalToken?: string;
  /** Set on every POST; the same key on a retry makes the retry harmless. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/**
 * The issuer API as the console's services see it: one call per operation of `issuerEndpoints`
 * (issuer-api/endpoints.ts) except the sandbox-only ones. Two implementations share it: the sandbox in-process (training mode)
 * and the HTTP client (production, and tests against the sandbox's HTTP server).
 * Failures are IssuerError (issuer-api/errors.ts: the issuer said no) or ConsoleError (unreachable, bad response).
 */
export interface Issuer {
  call<Op extends ProductionOperation>(op: Op, request: IssuerRequest<Op>, options?: CallOptions): Promise<IssuerResponse<Op>>;
}
