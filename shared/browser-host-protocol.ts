import { z } from 'zod';
import type { Result } from './result.js';

/**
 * The browser host's WebSocket messages (renderer ↔ main). Electron IPC needs none of this: it
 * has a channel per contract entry.
 */

/** What the renderer sends: one call of a contract channel. */
export const BrowserHostMessageSchema = z
  .object({ type: z.literal('call'), id: z.number().int().nonnegative(), channel: z.string().max(128), input: z.unknown() })
  .strict();

export type BrowserHostReply =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: string; payload: unknown };
