/**
 * The renderer's Content-Security-Policy, sent by whoever serves it (Electron's app:// handler, the
 * browser host) rather than fixed in index.html: the desktop console may connect only to itself;
 * only the browser host adds its own WebSocket on 127.0.0.1.
 */
export function contentSecurityPolicy(extraConnectSource?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${extraConnectSource ? ` ${extraConnectSource}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
