import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The renderer is served from app://console/ rather than file://: a standard, secure origin of
 * its own, so that origin checks mean something and no other local file shares it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The file behind an app:// URL, or null when the URL is not ours or climbs out of the renderer. */
export function appUrlToFile(url: string, rendererDir: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null; // a malformed escape such as '%' names no file of ours
  }
  const file = normalize(join(rendererDir, pathname === '/' ? 'index.html' : pathname));
  return file.startsWith(rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep) ? file : null;
}

export const fileUrl = (file: string) => pathToFileURL(file).toString();

/** A file's response as the console serves it: with the desktop console's Content-Security-Policy. */
export function withContentSecurityPolicy(response: Response, policy: string): Response {
  const headers = new Headers(response.headers);
  headers.set('Content-Security-Policy', policy);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
