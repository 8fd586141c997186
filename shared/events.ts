import { z } from 'zod';
import { CardEventSchema } from './card.js';
import { StaffSessionSchema } from './staff.js';
import { ConsoleStatusSchema } from './status.js';

/** Pushed from main to the renderer without being asked: live state written into the query cache. */
export const events = {
  status: ConsoleStatusSchema,
  /**
   * ENDED_BY_ISSUER: the issuer refused the session's token, with its code: SESSION_ENDED (the
   * account was locked) or UNAUTHENTICATED (a token it does not know).
   */
  'session.ended': z.object({
    reason: z.enum(['LOGGED_OUT', 'EXPIRED', 'ENDED_BY_ISSUER']),
    issuerCode: z.enum(['SESSION_ENDED', 'UNAUTHENTICATED']).optional(),
  }),
  /** The console locked (the teller's lock, or main's idle lock): the renderer shows the lock screen. */
  'session.locked': StaffSessionSchema,
  /** A card on a counter reader: present, read, failed to read, removed. */
  'reader.card': CardEventSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);

/** Electron IPC channel names for the two transports' plumbing. */
export const IPC_EVENT_CHANNEL = 'console:event';
export const ipcChannelName = (channel: string) => `console:call:${channel}`;
