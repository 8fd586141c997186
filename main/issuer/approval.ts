import { createHash } from 'node:crypto';
import { approvalDigestText, fillPath, issuerEndpoints, type IssuerEndpoint, type IssuerRequest, type ProductionOperation } from '../../shared/issuer-api.js';

/**
 * The `actionDigest` a supervisor's approval is bound to: hex SHA-256 of
 * `METHOD path\n canonical JSON of the body` for the exact request that will be sent.
 */
export function approvalDigest<Op extends ProductionOperation>(op: Op, request: IssuerRequest<Op>): string {
  const endpoint = issuerEndpoints[op] as IssuerEndpoint;
  const { params, body } = request as { params?: Record<string, string>; body?: unknown };
  const text = approvalDigestText(endpoint.method, fillPath(endpoint.path, params), body ?? {});
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
