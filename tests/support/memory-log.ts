import { createLog, type Log, type LogLevel } from '../../main/app/log.js';

export interface MemoryLog {
  log: Log;
  /** Every line as written, time and level included. */
  lines: string[];
  /** Each line without its time: `WARN message`. */
  entries(): string[];
}

/** The console's real log (levels, redaction, format) into an array, for tests to read. */
export function memoryLog(level: LogLevel = 'debug'): MemoryLog {
  const lines: string[] = [];
  return {
    log: createLog({ level, sinks: [(line) => lines.push(line)] }),
    lines,
    entries: () => lines.map((line) => line.replace(/^\S+ (\w+)\s+/, '$1 ')),
  };
}

/** A log that writes nowhere, for tests about something else. */
export const silentLog: Log = createLog({ sinks: [] });
