import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TerminalIdentitySchema } from '../../issuer-api/schemas.js';
import { DEFAULT_CARD_PROTOCOL } from '../reader/card-protocol.js';

const hexTag = z.string().regex(/^([0-9A-Fa-f]{2}){1,3}$/);

/** The production issuer. Absent: training mode, with the sandbox issuer in-process. */
export const IssuerConnectionSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    /** Mutual TLS: the terminal's client certificate and key, and the CA bundle (PEM files). */
    clientCertFile: z.string().optional(),
    clientKeyFile: z.string().optional(),
    caFile: z.string().optional(),
    timeoutMs: z.number().int().positive().default(10_000),
    retries: z.number().int().min(0).max(5).default(2),
  })
  .strict()
  .refine((issuer) => !!issuer.clientCertFile === !!issuer.clientKeyFile, 'CLIENT_CERT_AND_KEY_TOGETHER');

/**
 * The counter's configuration. IT sets it per terminal (config.json in the data folder);
 * everything has a default, so a fresh install starts in training mode.
 */
export const ConsoleConfigSchema = z
  .object({
    issuer: IssuerConnectionSchema.optional(),
    terminal: TerminalIdentitySchema.default({ institutionCode: '088', branchCode: '0101', terminalId: 'T-TRAINING' }),
    /** Training sandbox store: ':memory:' starts every launch from the seed. */
    sandboxDb: z.string().default(':memory:'),
    /** Staff session length at the training sandbox. */
    sandboxStaffSessionSeconds: z.number().int().positive().default(8 * 60 * 60),
    issuerHealthPollSeconds: z.number().positive().default(15),
    readerPollMs: z.number().int().positive().default(1000),
    /** The Smart OTP applet: its AID and identity tags (hex), so a real applet can be mapped. */
    cardProtocol: z
      .object({
        aid: z.string().regex(/^([0-9A-Fa-f]{2}){5,16}$/),
        tags: z.object({ vendorCode: hexTag, serial: hexTag, issuingInstitution: hexTag }).strict(),
      })
      .strict()
      .default(DEFAULT_CARD_PROTOCOL),
    cardApduTimeoutMs: z.number().int().positive().max(30_000).default(2000),
    /** An unattended counter locks itself after this long without input (3 minutes unless IT says otherwise). */
    idleLockSeconds: z.number().int().min(5).max(60 * 60).default(180),
  })
  .strict();
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;
export type IssuerConnection = z.infer<typeof IssuerConnectionSchema>;

/** The PEM files of a mutual-TLS connection, read once at start; a missing file stops the start. */
export function readTlsFiles(issuer: IssuerConnection): { cert?: Buffer; key?: Buffer; ca?: Buffer } {
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`cannot read the ${what} ${file}: ${(error as Error).message}`);
    }
  };
  return {
    ...(issuer.clientCertFile ? { cert: read(issuer.clientCertFile, 'client certificate') } : {}),
    ...(issuer.clientKeyFile ? { key: read(issuer.clientKeyFile, 'client key') } : {}),
    ...(issuer.caFile ? { ca: read(issuer.caFile, 'CA bundle') } : {}),
  };
}

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
