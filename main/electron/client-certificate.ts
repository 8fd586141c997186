import type { Certificate } from 'electron';

/**
 * The terminal's certificate from the Windows certificate store for a request to the issuer: the
 * one whose subject common name IT configured, valid now, the longest-lived first (a renewed
 * certificate beside the old one wins). Undefined when none fits: the request then goes without.
 */
export function pickClientCertificate(list: readonly Certificate[], subjectName: string, now: Date): Certificate | undefined {
  const seconds = now.getTime() / 1000;
  return list
    .filter((certificate) => certificate.subject.commonName === subjectName)
    .filter((certificate) => certificate.validStart <= seconds && seconds < certificate.validExpiry)
    .sort((a, b) => b.validExpiry - a.validExpiry)[0];
}
