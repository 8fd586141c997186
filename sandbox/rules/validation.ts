import { TerminalIdentitySchema, type TerminalIdentity } from '../../issuer-api/schemas.js';
import type { IssuerEndpoint } from '../../issuer-api/endpoints.js';
import { IdempotencyKeySchema } from '../../issuer-api/domain.js';
import { fieldRules } from '../../issuer-api/rule-codes.js';
import { refuse } from './context.js';

/**
 * The sandbox takes its requests as untrusted (they may come straight off the network): each part
 * is parsed by the endpoint's own schema. A failure is 400 VALIDATION_FAILED naming each field and
 * the rule it broke, never the value that was typed (it may be an RRN or a password).
 */
const PARTS = ['params', 'query', 'body'] as const;
type Part = (typeof PARTS)[number];

export interface RawRequest {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

/** The parsed parts the endpoint declares; parts it does not declare are ignored. */
export function validateRequest(endpoint: IssuerEndpoint, raw: RawRequest): Record<Part, unknown> {
  const parsed: Record<Part, unknown> = { params: undefined, query: undefined, body: undefined };
  const details: Record<string, string> = {};
  for (const part of PARTS) {
    const schema = endpoint[part];
    if (!schema) continue;
    // An absent part is an empty object: a POST with no body meets `{}`, and a missing field is named.
    const result = schema.safeParse(raw[part] ?? {});
    if (result.success) parsed[part] = result.data;
    else Object.assign(details, fieldRules(result.error.issues, part));
  }
  if (Object.keys(details).length > 0) throw refuse(400, 'VALIDATION_FAILED', 'The request does not match the contract', details);
  return parsed;
}

/** The terminal headers; the HTTP server checks they are present, this checks they are well-formed. */
export function validateTerminal(terminal: unknown): TerminalIdentity {
  const result = TerminalIdentitySchema.safeParse(terminal);
  if (result.success) return result.data;
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.map(String).join('.') || 'terminal'))].join(',');
  throw refuse(400, 'MISSING_TERMINAL_HEADERS', 'Terminal headers are missing or malformed', { fields });
}

/** Idempotency-Key: a UUID (ISSUER-API.md "Conventions"), in process as over HTTP. */
export function validateIdempotencyKey(key: unknown): string | undefined {
  if (key === undefined) return undefined;
  const parsed = IdempotencyKeySchema.safeParse(key);
  if (parsed.success) return parsed.data;
  throw refuse(400, 'VALIDATION_FAILED', 'Idempotency-Key must be a UUID', { 'Idempotency-Key': 'UUID_FORMAT' });
}
