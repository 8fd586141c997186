import { redact } from '../../issuer-api/domain.js';

/**
 * The main process's log. Every line passes through redact(): an error's text can carry what a
 * customer typed, and a full RRN or mobile number must never reach a log.
 */
export type Log = (message: string) => void;

export const createLog =
  (sink: (line: string) => void = (line) => console.error(line)): Log =>
  (message) =>
    sink(redact(message));
