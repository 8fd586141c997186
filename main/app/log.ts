import { closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../../issuer-api/domain.js';
import { LogSettingsSchema, type ConsoleConfig } from '../config/settings.js';

/** Most severe first: a log at `info` writes error, warn and info, and leaves debug out. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The main process's log, one method per level. Every line passes through redact(): an error's
 * text can carry what a customer typed, and a full RRN or mobile number must never reach a log.
 * Callers write facts for IT (states, codes, counts), never a customer's name or numbers.
 */
export interface Log {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** Where finished lines go (stderr, a rotating file, a test's array). */
export type LogSink = (line: string) => void;

export interface LogOptions {
  /** The least severe level written (default info). */
  level?: LogLevel;
  /** Default: stderr only. */
  sinks?: LogSink[];
  now?: () => Date;
}

/** An entry longer than this is cut: one runaway message must not fill the file by itself. */
const MAX_ENTRY_CHARS = 8 * 1024;

export const stderrSink: LogSink = (line) => process.stderr.write(`${line}\n`);

/** One line per entry: `2026-03-02T09:15:00.123Z INFO  message`; a multi-line message (a stack) is joined with ' | '. */
export function formatLine(at: Date, level: LogLevel, message: string): string {
  let text = redact(message).replace(/\s*\r?\n\s*/g, ' | ');
  if (text.length > MAX_ENTRY_CHARS) text = `${text.slice(0, MAX_ENTRY_CHARS)}… (cut)`;
  return `${at.toISOString()} ${level.toUpperCase().padEnd(5)} ${text}`;
}

export function createLog(options: LogOptions = {}): Log {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const sinks = options.sinks ?? [stderrSink];
  const now = options.now ?? (() => new Date());
  const at = (level: LogLevel) => (message: string) => {
    if (LOG_LEVELS.indexOf(level) > threshold) return;
    const line = formatLine(now(), level, message);
    for (const sink of sinks) sink(line);
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** The console's log files: `<dataDir>/logs/console.log`, then console.1.log (newest) … console.<files-1>.log. */
export const LOG_FOLDER = 'logs';
export const LOG_FILE = 'console.log';
export const rotatedLogFile = (index: number) => (index === 0 ? LOG_FILE : `console.${index}.log`);

export interface RotatingFileOptions {
  dir: string;
  /** A file that would grow past this with the next line is rotated first. */
  maxFileBytes: number;
  /** How many files are kept, console.log included. */
  files: number;
}

/**
 * A log file with a size cap. Writes are synchronous: a line reaches the file before the process
 * can crash, and one console at a time writes a data folder's logs (single-instance lock).
 * A file that cannot be written is said once on stderr and never stops the console.
 */
export function rotatingFileSink(options: RotatingFileOptions): LogSink & { close(): void } {
  const current = join(options.dir, LOG_FILE);
  let fd: number | null = null;
  let size = 0;
  let failed = false;

  const open = () => {
    mkdirSync(options.dir, { recursive: true });
    fd = openSync(current, 'a');
    size = fstatSync(fd).size;
  };
  const close = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  const rotate = () => {
    close();
    // console.(n-1).log → console.n.log, …, console.log → console.1.log; the oldest is overwritten.
    for (let index = options.files - 1; index >= 1; index--) {
      try {
        renameSync(join(options.dir, rotatedLogFile(index - 1)), join(options.dir, rotatedLogFile(index)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    // With files = 1 nothing was renamed: start console.log afresh.
    fd = openSync(current, options.files > 1 ? 'a' : 'w');
    size = 0;
  };

  const sink = (line: string) => {
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    try {
      if (fd === null) open();
      if (size > 0 && size + bytes.length > options.maxFileBytes) rotate();
      size += writeSync(fd!, bytes);
    } catch (error) {
      if (!failed) process.stderr.write(`log: cannot write ${current}: ${(error as Error).message}\n`);
      failed = true;
      close();
    }
  };
  return Object.assign(sink, { close });
}

/**
 * The log of a running console (Electron or the browser host): the rotating files in the data
 * folder, and stderr for whoever started it from a terminal. Without settings (a configuration
 * that did not load) at the defaults of config.json's `log`.
 */
export function consoleLog(dataDir: string, settings: ConsoleConfig['log'] = LogSettingsSchema.parse({})): Log {
  const file = rotatingFileSink({ dir: join(dataDir, LOG_FOLDER), maxFileBytes: settings.maxFileBytes, files: settings.files });
  return createLog({ level: settings.level, sinks: [file, stderrSink] });
}
