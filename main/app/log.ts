/**
 * The main process's log. Every line passes through redact(): an error's text can carry what a
 * customer typed, and a full RRN or mobile number must never reach a log.
 */
export type Log = (message: string) => void;

const RRN = /(?<!\d)(\d{6})[-\s]?([1-8])\d{6}(?!\d)/g;
const MOBILE = /(?<!\d)(01[016789])[-.\s]?(\d{3,4})[-.\s]?(\d{4})(?!\d)/g;

export function redact(text: string): string {
  return text.replace(RRN, '$1-$2******').replace(MOBILE, '$1-****-$3');
}

export const createLog =
  (sink: (line: string) => void = (line) => console.error(line)): Log =>
  (message) =>
    sink(redact(message));
