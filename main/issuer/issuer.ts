import type { HealthResponse, StaffLoginRequest, StaffLoginResponse } from '../../shared/issuer-api.js';

/**
 * The issuer as the console's services see it. Two implementations share it: the in-process
 * sandbox (training mode, tests) and the HTTP client (production). Failures are IssuerError.
 */
export interface Issuer {
  health(): Promise<HealthResponse>;
  login(request: StaffLoginRequest): Promise<StaffLoginResponse>;
  logout(token: string): Promise<void>;
}

/** An error answered by the issuer, with its stable code (ISSUER-API.md "Conventions"). */
export class IssuerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable = false,
    readonly details?: Record<string, string | number | boolean>,
  ) {
    super(message);
    this.name = 'IssuerError';
  }
}
