import { z } from 'zod';

/**
 * What the counter's PC/SC stack looks like right now, worst first. RECONNECTING: the service was
 * up and went away moments ago; the console is waiting for it to return.
 */
export const ReaderStateSchema = z.enum(['PCSC_UNAVAILABLE', 'RECONNECTING', 'NO_READER', 'READER_READY', 'CARD_PRESENT']);
export type ReaderState = z.infer<typeof ReaderStateSchema>;

export const IssuerReachabilitySchema = z.enum(['CHECKING', 'REACHABLE', 'UNREACHABLE']);
export type IssuerReachability = z.infer<typeof IssuerReachabilitySchema>;

export const ConsoleStatusSchema = z.object({
  /** True when no issuer URL is configured and the in-process sandbox serves every call. */
  trainingMode: z.boolean(),
  issuer: IssuerReachabilitySchema,
  reader: z.object({
    state: ReaderStateSchema,
    readers: z.array(z.string()),
  }),
  terminal: z.object({ institutionCode: z.string(), branchCode: z.string(), terminalId: z.string() }),
});
export type ConsoleStatus = z.infer<typeof ConsoleStatusSchema>;
