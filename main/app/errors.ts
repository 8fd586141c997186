import { ISSUER_ERROR_CODES, type ErrorCode, type ErrorInfo } from '../../shared/errors.js';
import { IssuerError } from '../../issuer-api/errors.js';
import type { Log } from './log.js';

/** An error the console raises itself, with a code from shared/errors.ts. */
export class ConsoleError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, string | number | boolean>,
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

/**
 * Turns anything a service threw into the ErrorInfo that crosses the transport. Unknown failures
 * become INTERNAL with a generic message: their text may hold data that must not reach the screen.
 */
export function toErrorInfo(error: unknown, log: Log): ErrorInfo {
  if (error instanceof ConsoleError) return withDetails({ code: error.code, message: error.message }, error.details);
  if (error instanceof IssuerError) {
    // Only issuer codes: an issuer must not be able to pose as the console (NOT_LOGGED_IN, INTERNAL…).
    const known = ISSUER_ERROR_CODES.find((code) => code === error.code);
    if (known) return withDetails({ code: known, message: error.message }, error.details);
    log.warn(`issuer answered an error code the console does not know: ${error.code}`);
    return { code: 'ISSUER_BAD_RESPONSE', message: `Issuer error ${error.code}` };
  }
  log.error(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { code: 'INTERNAL', message: 'Internal error' };
}

const withDetails = (info: ErrorInfo, details: ErrorInfo['details']): ErrorInfo =>
  details ? { ...info, details } : info;
