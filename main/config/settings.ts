import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TerminalIdentitySchema } from '../../issuer-api/schemas.js';
import { LocaleSchema } from '../../shared/preferences.js';
import { DEFAULT_CARD_PROTOCOL } from '../reader/card-protocol.js';

const hexTag = z.string().regex(/^([0-9A-Fa-f]{2}){1,3}$/);

/** The production issuer. Absent: training mode, with the sandbox issuer in-process. */
export const IssuerConnectionSchema = z
  .object({
    /** Only https: a counter never sends staff passwords or customer data in the clear. */
    url: z.url().refine((url) => url.startsWith('https://'), 'NOT_HTTPS'),
    /**
     * Mutual TLS: the terminal's client certificate and key, and the CA bundle (PEM files; a
     * relative path is taken from the folder of the machine's config file).
     */
    clientCertFile: z.string().min(1).optional(),
    clientKeyFile: z.string().min(1).optional(),
    caFile: z.string().min(1).optional(),
    /**
     * Or the terminal's certificate in the Windows certificate store, by its subject's common
     * name: its key may be non-exportable; Electron's network stack uses it for the issuer.
     */
    clientCertSubject: z.string().min(1).max(256).optional(),
    timeoutMs: z.number().int().positive().default(10_000),
    retries: z.number().int().min(0).max(5).default(2),
  })
  .strict()
  .refine((issuer) => !!issuer.clientCertFile === !!issuer.clientKeyFile, {
    message: 'CERT_AND_KEY_TOGETHER',
    path: ['clientKeyFile'],
  })
  .refine((issuer) => !(issuer.clientCertSubject && issuer.clientCertFile), {
    message: 'ONE_CLIENT_CERTIFICATE',
    path: ['clientCertSubject'],
  });

/** The console's own log files: levels, and a size cap (the files rotate). */
export const LogSettingsSchema = z
  .object({
    level: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
    maxFileBytes: z.number().int().min(64 * 1024).max(100 * 1024 * 1024).default(2 * 1024 * 1024),
    files: z.number().int().min(1).max(20).default(5),
  })
  .strict();

/**
 * The counter's configuration, one per terminal: machine policy first, then config.json in the
 * machine's data folder, then these defaults (main/config/load.ts). With no issuer the console
 * runs in training mode and says so on every screen.
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
    /** Set (by policy, normally): the console's language, which staff then cannot change. */
    locale: LocaleSchema.optional(),
    log: LogSettingsSchema.default({ level: 'info', maxFileBytes: 2 * 1024 * 1024, files: 5 }),
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
