import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { issuerEndpoints } from '../../issuer-api/endpoints.js';
import { buildOpenApiDocument, OPENAPI_FILE, renderOpenApi } from '../../issuer-api/openapi.js';

describe('the OpenAPI document', () => {
  it('is generated from the contract: the committed file is up to date (run `npm run openapi`)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(renderOpenApi());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(buildOpenApiDocument());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('names every operation of the contract with its method, path and success status', () => {
    const paths = buildOpenApiDocument().paths as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    for (const [operationId, endpoint] of Object.entries(issuerEndpoints)) {
      const operation = paths[endpoint.path]?.[endpoint.method.toLowerCase()];
      expect(operation?.operationId, operationId).toBe(operationId);
      expect(Object.keys(operation?.responses ?? {}), operationId).toContain(String(endpoint.status));
    }
  });

  it('describes request rules, e.g. a 5-digit SMS code and the approval header on unlock', () => {
    const text = JSON.stringify(buildOpenApiDocument());
    expect(text).toContain('"pattern":"^\\\\d{5}$"');
    const unlock = (buildOpenApiDocument().paths as Record<string, Record<string, { parameters: Array<{ name: string; required: boolean }> }>>)[
      '/v1/devices/{deviceId}/unlock'
    ]!.post!;
    expect(unlock.parameters).toContainEqual(expect.objectContaining({ name: 'X-Approval-Token', required: true }));
  });
});
