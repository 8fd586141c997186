import { createPortal, flushSync } from 'react-dom';
import type { ReactNode } from 'react';
import type { LossReason, TerminationReason } from '../../issuer-api/schemas.js';
import type { ReplaceCardOutput } from '../../shared/customer.js';
import { useStatus } from '../api/hooks.js';
import { useFormat, useI18n } from '../i18n/i18n.js';

/**
 * A customer slip: on screen it is not shown; in print (Electron's print, or "Save as PDF" in the
 * browser host) it is the only thing on the page. Slips carry masked data only: never a full RRN,
 * mobile number or name.
 */
export function Slip({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  const format = useFormat();
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
          time: format.dateTime(new Date()),
        })}
      </p>
    </article>,
    document.body,
  );
}

/** Prints the page, whose only printed part is the slip already on it (a slip's print button). */
export const printSlip = () => window.print();

/**
 * Puts a slip on the page with `show` (a state update) and prints it. The update is committed
 * first: a print merely queued behind React's render (a timer) ran before the slip existed and
 * printed an empty page.
 */
export function showAndPrintSlip(show: () => void): void {
  flushSync(show);
  window.print();
}

/**
 * The loss report's receipt: printed when the report is filed, and again from the journal as a
 * COPY (the journal keeps neither the mobile number nor whether it was a loss or a theft).
 */
export function LossReceiptSlip(props: {
  maskedName: string;
  mobile: string;
  device: string;
  receiptNo: string;
  reportRef: string;
  reportedAt: string;
  reason?: LossReason;
  copy?: boolean;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const text = { device: props.device, receiptNo: props.receiptNo, time: format.dateTime(props.reportedAt) };
  return (
    <Slip title={props.copy ? `${t('slip.loss.title')} · ${t('slip.copy')}` : t('slip.loss.title')}>
      {props.copy && <p className="slip-copy">{t('slip.copy')}</p>}
      <p>{t('slip.customer', { name: props.maskedName, mobile: props.mobile })}</p>
      <p>{t(props.reason ? `loss.receipt.${props.reason}` : 'loss.receipt', text)}</p>
      <p>{t('slip.issuerRef', { reportRef: props.reportRef })}</p>
    </Slip>
  );
}

/** The replacement's slip: both cards masked, the fee or its waiver, and where to register the new card again. */
export function ReplacementSlip(props: { maskedName: string; mobile: string; done: ReplaceCardOutput; feeLine: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const { done } = props;
  const card = (device: ReplaceCardOutput['device']) => `${device.vendorCode ?? ''} · ${device.maskedSerial ?? ''}`;
  return (
    <Slip title={t('slip.replace.title')}>
      <p>{t('slip.customer', { name: props.maskedName, mobile: props.mobile })}</p>
      <p>{t('slip.replace.cards', { old: card(done.oldDevice), new: card(done.device) })}</p>
      <p>{t('slip.replace.receipt', { receiptNo: done.receiptNo, time: format.dateTime(done.device.registeredAt) })}</p>
      <p>{props.feeLine}</p>
      <p>{done.reregisterAt.length > 0 ? t('replace.reregister', { institutions: done.reregisterAt.join(', ') }) : t('replace.reregisterNone')}</p>
    </Slip>
  );
}

/**
 * The termination's receipt: who (masked), which device, how far it reached, why, and when. The
 * device is named as the counter names it (masked phone or masked serial); no full number.
 */
export function TerminationReceiptSlip(props: {
  maskedName: string;
  device: string;
  scope: string;
  reason: TerminationReason;
  receiptNo: string;
  terminatedAt: string;
}) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <Slip title={t('slip.termination.title')}>
      <p>{t('slip.termination.customer', { name: props.maskedName })}</p>
      <p>{t('termination.receipt', { device: props.device, receiptNo: props.receiptNo, time: format.dateTime(props.terminatedAt) })}</p>
      <p>{props.scope}</p>
      <p>{t('slip.termination.reason', { reason: t(`termination.reason.${props.reason}`) })}</p>
    </Slip>
  );
}
