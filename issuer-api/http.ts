/**
 * How a request travels over HTTP (ISSUER-API.md v1.1 "who may use what", "fine print"): the
 * limits and the media type every issuer takes, written once for the sandbox's server and the
 * console's client. Pure functions, no Node.
 */

/** The largest request body the issuer reads: 65,536 bytes is allowed, 65,537 is `413 BODY_TOO_LARGE`. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

/**
 * Whether a Content-Type names JSON as the issuer reads it: `application/json`, in any case, with
 * no parameter but `charset=utf-8` (quoted or not). Anything else is `415 UNSUPPORTED_MEDIA_TYPE`:
 * a form or `text/plain` body is what any web page can send without asking (no CORS preflight).
 */
export function isJsonMediaType(contentType: string): boolean {
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((parameter) => /^charset\s*=\s*(?:utf-8|"utf-8")$/.test(parameter));
}

/** A request target split into path segments and query parameters, decoded; or null when malformed. */
export interface RequestTarget {
  /** The path as sent (still escaped): what routes match. */
  path: string;
  query: Record<string, string>;
}

/**
 * Parses an HTTP request target (ISSUER-API.md v1.1: a malformed path or query is
 * `400 BAD_REQUEST`). Malformed: not a path (`*`, absolute form), a fragment or a backslash, an empty
 * or dot segment (`//`, `/./`, `/../`, escaped or not), an escape that is not UTF-8, and in the
 * query a parameter without a name or named twice.
 */
export function parseRequestTarget(target: string): RequestTarget | null {
  if (!target.startsWith('/') || /[#\\]/.test(target)) return null;
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const segments = path.slice(1).split('/');
  for (const segment of segments) {
    const decoded = decode(segment);
    if (decoded === null || decoded === '' || decoded === '.' || decoded === '..') {
      // The root alone is a path (of no resource); an empty segment anywhere else is not.
      if (!(segments.length === 1 && segment === '')) return null;
    }
  }
  const query = new Map<string, string>();
  if (queryAt !== -1) {
    for (const pair of target.slice(queryAt + 1).split('&')) {
      if (pair === '') continue;
      const equals = pair.indexOf('=');
      const name = decode((equals === -1 ? pair : pair.slice(0, equals)).replace(/\+/g, ' '));
      const value = decode((equals === -1 ? '' : pair.slice(equals + 1)).replace(/\+/g, ' '));
      if (name === null || value === null || name === '' || query.has(name)) return null;
      query.set(name, value);
    }
  }
  // fromEntries defines own properties: a parameter named __proto__ stays a parameter.
  return { path, query: Object.fromEntries(query) };
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
