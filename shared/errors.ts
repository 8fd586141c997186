import { z } from 'zod';
import { ISSUER_ERROR_CODES } from '../issuer-api/errors.js';

/**
 * Every error code the renderer can be shown. Issuer codes come from ISSUER-API.md; console codes
 * are raised by the main process itself. The renderer translates each code; `message` is the
 * English developer text, never the only explanation a teller sees.
 */
export { ISSUER_ERROR_CODES };

export const CONSOLE_ERROR_CODES = [
  /** Input did not match the channel's schema. */
  'INVALID_INPUT',
  /** No such channel in the contract. */
  'UNKNOWN_CHANNEL',
  /** The channel needs a staff session and there is none. */
  'NOT_LOGGED_IN',
  /** The staff session ran out; log in again. */
  'SESSION_EXPIRED',
  /** The console is locked after idle time; only the same staff member's password opens it. */
  'SESSION_LOCKED',
  /** The staff member's role may not use this channel. */
  'FORBIDDEN_ROLE',
  /** The issuer could not be reached or did not answer in time; a retry with the same key is safe. */
  'ISSUER_UNREACHABLE',
  /** The issuer answered with something that breaks the contract. */
  'ISSUER_BAD_RESPONSE',
  /** The renderer lost its connection to the main process before an answer came. */
  'TRANSPORT_FAILED',
  /** The console itself gave up on the call (the teller moved on); it may or may not have run. */
  'CANCELLED',
  /** A training-panel call on a console connected to the production issuer. */
  'TRAINING_ONLY',
  /** The call came from a frame that is not the console's own main frame. */
  'FORBIDDEN_SENDER',
  /** The setting is fixed by machine policy; IT changes it, not the counter. */
  'SET_BY_POLICY',
  /** The console's configuration is wrong; it serves only its configuration-error screen. */
  'CONFIG_INVALID',
  /** The electronic journal cannot be written (a damaged or unwritable file): no job runs unjournaled. */
  'JOURNAL_UNAVAILABLE',
  /** The journal's integrity alarm is raised: no job runs until a supervisor acknowledges it. */
  'JOURNAL_ALARM',
  /** The issuer has not witnessed the journal's head (unreachable, or the journal unchecked): no day-end close on it. */
  'JOURNAL_NOT_ANCHORED',
  /** A bug on our side: the service answered outside the contract. */
  'INTERNAL',
] as const;

export const ErrorCodeSchema = z.enum([...ISSUER_ERROR_CODES, ...CONSOLE_ERROR_CODES]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorInfoSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** Facts the translated message may use, e.g. `{ attemptsLeft: 3 }`. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;
