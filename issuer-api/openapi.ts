import { z } from 'zod';
import { ISSUER_API_VERSION, issuerEndpoints, type IssuerEndpoint } from './endpoints.js';
import { IssuerErrorBodySchema } from './errors.js';

/**
 * The OpenAPI 3.1 document of the issuer API, generated from the contract in issuer-api/ (never
 * written by hand). `npm run openapi` writes it to resources/openapi.json; a test fails when the
 * committed file differs from what the contract generates.
 */
export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, endpoint] of Object.entries(issuerEndpoints as Record<string, IssuerEndpoint>)) {
    const item = (paths[endpoint.path] ??= {});
    item[endpoint.method.toLowerCase()] = operation(operationId, endpoint);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Issuer API',
      version: ISSUER_API_VERSION,
      description:
        'Registration of KFTC Digital OTP apps and Smart OTP cards at a branch counter. Every request carries ' +
        'X-Institution-Code, X-Branch-Code and X-Terminal-Id; every POST accepts an Idempotency-Key (UUID). ' +
        'Operations tagged "sandbox" exist only in the sandbox issuer.',
    },
    servers: [{ url: 'http://127.0.0.1:{port}', variables: { port: { default: '8088' } } }],
    paths,
    components: {
      securitySchemes: { staffSession: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: json(IssuerErrorBodySchema, 'output') },
    },
  };
}

function operation(operationId: string, endpoint: IssuerEndpoint): Record<string, unknown> {
  const parameters: unknown[] = [];
  if (endpoint.params) {
    // Each parameter's own schema, so a rule such as the UUID of requestOutcome is documented.
    const params = json(endpoint.params, 'input') as { properties?: Record<string, unknown> };
    for (const [name, schema] of Object.entries(params.properties ?? {})) parameters.push({ name, in: 'path', required: true, schema });
  }
  if (endpoint.query) {
    const query = json(endpoint.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
    }
  }
  if (!endpoint.sandboxOnly && operationId !== 'health') {
    for (const name of ['X-Institution-Code', 'X-Branch-Code', 'X-Terminal-Id']) {
      parameters.push({ name, in: 'header', required: true, schema: { type: 'string' } });
    }
  }
  if (endpoint.method === 'POST') {
    parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', format: 'uuid' } });
  }
  if (endpoint.approval) {
    parameters.push({
      name: 'X-Approval-Token',
      in: 'header',
      required: !endpoint.approvalWhen,
      description: `Supervisor approval for action ${endpoint.approval}, bound to this request's digest${endpoint.approvalWhen ? `; ${endpoint.approvalWhen.description}` : ''}`,
      schema: { type: 'string' },
    });
  }

  const success =
    endpoint.status === 204
      ? { description: 'Done' }
      : { description: 'Success', content: { 'application/json': { schema: json(endpoint.response, 'output') } } };
  return {
    operationId,
    summary: endpoint.summary,
    ...(endpoint.sandboxOnly ? { tags: ['sandbox'] } : {}),
    ...(endpoint.staff ? { security: [{ staffSession: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(endpoint.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(endpoint.body, 'input') } } } } : {}),
    responses: {
      [String(endpoint.status)]: success,
      default: {
        description: `Error. Codes of this call: ${endpoint.errors.length ? endpoint.errors.join(', ') : 'none of its own'}; any call may answer BAD_REQUEST, VALIDATION_FAILED, ${endpoint.method === 'POST' ? 'UNSUPPORTED_MEDIA_TYPE (a body not application/json), BODY_TOO_LARGE (over 64 KiB), MALFORMED_JSON, IDEMPOTENCY_KEY_REUSED, ' : ''}INTERNAL_ERROR${endpoint.staff ? ', UNAUTHENTICATED, SESSION_ENDED' : ''}.`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  };
}

/** JSON Schema of a zod schema: requests as a client sends them, responses as they arrive. */
function json(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

export const OPENAPI_FILE = 'resources/openapi.json';
export const renderOpenApi = () => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
