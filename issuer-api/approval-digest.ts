import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { fillPath, issuerEndpoints, type IssuerEndpoint, type IssuerRequest, type ProductionOperation } from './endpoints.js';

/**
 * The `actionDigest` a supervisor's approval is bound to (ISSUER-API.md "Staff"): hex SHA-256 of
 * `METHOD + " " + path + "\n" + canonicalJson(body)`. The console computes it for the request it
 * will send; the sandbox issuer for the request it received.
 */
export const approvalDigestText = (method: string, path: string, body: unknown) => `${method} ${path}\n${canonicalJson(body ?? {})}`;

export function actionDigest(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(approvalDigestText(method, path, body), 'utf8').digest('hex');
}

/** The digest of a call as the client will send it. */
export function approvalDigest<Op extends ProductionOperation>(op: Op, request: IssuerRequest<Op>): string {
  const endpoint = issuerEndpoints[op] as IssuerEndpoint;
  const { params, body } = request as { params?: Record<string, string>; body?: unknown };
  return actionDigest(endpoint.method, fillPath(endpoint.path, params), body);
}
