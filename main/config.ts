import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TerminalIdentitySchema } from '../shared/issuer-api.js';

/**
 * The counter's configuration. IT sets it per terminal (installer properties write config.json
 * in the data folder); everything has a default so a fresh install starts in training mode (the in-process sandbox
 * issuer; the production issuer's settings join this schema with the HTTP client).
 */
export const ConsoleConfigSchema = z
  .object({
    terminal: TerminalIdentitySchema.default({ institutionCode: '088', branchCode: '0101', terminalId: 'T-TRAINING' }),
    /** Training sandbox store: ':memory:' starts every launch from the seed. */
    sandboxDb: z.string().default(':memory:'),
    /** Staff session length at the training sandbox. */
    sandboxStaffSessionSeconds: z.number().int().positive().default(8 * 60 * 60),
    issuerHealthPollSeconds: z.number().positive().default(15),
    readerPollMs: z.number().int().positive().default(1000),
  })
  .strict();
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;

/** Reads config.json if there is one; a file that breaks the schema stops the start with its reason. */
export function loadConfig(file: string | undefined, overrides: Partial<ConsoleConfig> = {}): ConsoleConfig {
  let fromFile: unknown = {};
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`cannot read configuration ${file}: ${(error as Error).message}`);
      }
    }
  }
  const parsed = ConsoleConfigSchema.safeParse({ ...(fromFile as object), ...overrides });
  if (!parsed.success) throw new Error(`configuration ${file ?? '(defaults)'} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
