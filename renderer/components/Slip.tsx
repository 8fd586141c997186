import { createPortal } from 'react-dom';
import type { ReactNode } from 'react';
import { useStatus } from '../api/hooks.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * A customer slip: on screen it is not shown; in print (Electron's print, or "Save as PDF" in the
 * browser host) it is the only thing on the page. Slips carry masked data only: never a full RRN,
 * mobile number or name.
 */
export function Slip({ title, children }: { title: string; children: ReactNode }) {
  const { t, locale } = useI18n();
  const terminal = useStatus().data?.terminal;
  return createPortal(
    <article className="slip-print" aria-hidden="true">
      <h1>{title}</h1>
      {children}
      <p className="slip-footer">
        {t('slip.footer', {
          institution: terminal?.institutionCode ?? '',
          branch: terminal?.branchCode ?? '',
          terminal: terminal?.terminalId ?? '',
          time: new Date().toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-GB'),
        })}
      </p>
    </article>,
    document.body,
  );
}

/** Prints once the slip is in the page (React renders it before the browser's print runs). */
export const printSlip = () => setTimeout(() => window.print(), 0);
