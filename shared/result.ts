import { z } from 'zod';
import { ErrorInfoSchema, type ErrorInfo } from './errors.js';

/**
 * What crosses a transport (Electron IPC or the browser host's WebSocket). Errors travel as data:
 * a thrown Error loses everything but its message across Electron IPC.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ErrorInfo): Result<never> => ({ ok: false, error });

export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
  ]);
