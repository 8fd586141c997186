import { z } from 'zod';
import { RoleSchema } from './staff.js';

/**
 * The issuer API's wire contract (ISSUER-API.md), written once: the sandbox issuer serves it, the
 * HTTP client validates every response against it.
 */

export const IssuerErrorBodySchema = z.object({
  error: z.object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    message: z.string(),
    retryable: z.boolean(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
});
export type IssuerErrorBody = z.infer<typeof IssuerErrorBodySchema>;

export const HealthResponseSchema = z.object({ status: z.literal('ok'), version: z.string() });
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const StaffLoginRequestSchema = z.object({ staffId: z.string(), password: z.string() }).strict();
export type StaffLoginRequest = z.infer<typeof StaffLoginRequestSchema>;

export const StaffLoginResponseSchema = z.object({
  token: z.string().min(16),
  staffId: z.string(),
  name: z.string(),
  role: RoleSchema,
  expiresAt: z.iso.datetime(),
});
export type StaffLoginResponse = z.infer<typeof StaffLoginResponseSchema>;

/** The terminal's identity, sent with every request as X-Institution-Code, X-Branch-Code, X-Terminal-Id. */
export const TerminalIdentitySchema = z.object({
  institutionCode: z.string().regex(/^\d{3}$/),
  branchCode: z.string().regex(/^\d{4}$/),
  terminalId: z.string().min(1).max(32),
});
export type TerminalIdentity = z.infer<typeof TerminalIdentitySchema>;
