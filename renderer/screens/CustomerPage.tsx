import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Customer, ReportLossOutput } from '../../shared/customer.js';
import type { Device } from '../../issuer-api/schemas.js';
import { useApi } from '../api/hooks.js';
import { useI18n } from '../i18n/i18n.js';
import { CardJob } from './CardJob.js';
import { maskName } from '../../issuer-api/domain.js';
import { LossReceiptSlip, printSlip } from '../components/Slip.js';
import { DigitalOtpWizard } from './digital-otp/DigitalOtpWizard.js';
import { describeDevice, LossReport } from './LossReport.js';
import { SupervisedJob, type SupervisedAction } from './SupervisedJob.js';
import { useFormat } from '../i18n/format.js';

/**
 * The verified customer: masked identity and every device they have, at every institution, with
 * its status and failure count. Esc ends the job and clears the customer from the screen.
 */
export function CustomerPage(props: { customer: Customer; identityCheckId: string; checksumWarning: boolean; onEnd: () => void }) {
  const { customer, checksumWarning, onEnd } = props;
  const { t } = useI18n();
  const format = useFormat();
  const api = useApi();
  const heading = useRef<HTMLHeadingElement>(null);
  const devices = useQuery({
    queryKey: ['devices', customer.customerRef],
    queryFn: () => api.call('customer.devices', { customerRef: customer.customerRef }),
    initialData: customer.devices,
  });
  const [reporting, setReporting] = useState<Device | null>(null);
  const [receipt, setReceipt] = useState<ReportLossOutput | null>(null);
  const [registering, setRegistering] = useState(false);
  const [carding, setCarding] = useState(false);
  const [supervising, setSupervising] = useState<{ action: SupervisedAction; device: Device } | null>(null);
  const [supervised, setSupervised] = useState<{ action: SupervisedAction; device: Device } | null>(null);
  const openSupervised = (action: SupervisedAction, device: Device) => {
    setSupervised(null);
    setReceipt(null);
    setReporting(null);
    setSupervising({ action, device });
  };
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && !event.defaultPrevented && onEnd();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onEnd]);

  return (
    <section className="card customer-page" aria-labelledby="customer-heading" data-testid="customer-page">
      <h2 id="customer-heading" ref={heading} tabIndex={-1}>
        {t('customer.heading', { name: customer.name })}
      </h2>
      <dl className="customer-facts">
        <dt>{t('customer.rrn')}</dt>
        <dd>{customer.maskedRrn}</dd>
        <dt>{t('customer.type')}</dt>
        <dd>{t(`customer.type.${customer.customerType}`)}</dd>
        <dt>{t('customer.mobiles')}</dt>
        <dd>{customer.mobileNumbers.join(', ') || '—'}</dd>
      </dl>
      {checksumWarning && <p className="warning">{t('identity.checksumWarning')}</p>}
      <h3>{t('customer.devices')}</h3>
      {devices.data.length === 0 ? (
        <p>{t('customer.noDevices')}</p>
      ) : (
        <table className="devices" data-testid="devices">
          <thead>
            <tr>
              <th scope="col">{t('device.kind')}</th>
              <th scope="col">{t('device.institution')}</th>
              <th scope="col">{t('device.status')}</th>
              <th scope="col">{t('device.failCount')}</th>
              <th scope="col">{t('device.detail')}</th>
              <th scope="col">{t('device.registeredAt')}</th>
              <th scope="col">{t('device.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {devices.data.map((device) => (
              <tr key={device.deviceId}>
                <td>{t(`device.kind.${device.kind}`)}</td>
                <td>{device.institutionCode}</td>
                <td className={`device-status status-${device.status.toLowerCase()}`}>{t(`device.status.${device.status}`)}</td>
                <td>{`${device.failCount} / ${device.maxFail}`}</td>
                <td>{device.maskedMobile ?? (device.vendorCode ? `${device.vendorCode} · ${device.maskedSerial}` : '')}</td>
                <td>{format.date(device.registeredAt)}</td>
                <td>
                  {(device.status === 'ACTIVE' || device.status === 'RESTRICTED') && (
                    <RowAction label={t('loss.action')} name={t('loss.open', { device: describeDevice(t, device) })} onClick={() => {
                      setReceipt(null);
                      setReporting(device);
                    }} />
                  )}
                  {device.status === 'RESTRICTED' && (
                    <RowAction label={t('unlock.action')} name={t('unlock.open', { device: describeDevice(t, device) })} onClick={() => openSupervised('DEVICE_UNLOCK', device)} />
                  )}
                  {device.status === 'LOST' && (
                    <RowAction label={t('release.action')} name={t('release.open', { device: describeDevice(t, device) })} onClick={() => openSupervised('LOSS_REPORT_RELEASE', device)} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {customer.customerType === 'INDIVIDUAL' && !registering && (
        <button type="button" onClick={() => setRegistering(true)}>
          {t('otp.open')}
        </button>
      )}
      {!carding && (
        <button type="button" onClick={() => setCarding(true)}>
          {t('cardJob.open')}
        </button>
      )}
      {carding && (
        <CardJob
          customer={customer}
          identityCheckId={props.identityCheckId}
          onClose={(changed) => {
            setCarding(false);
            if (changed) void devices.refetch();
          }}
        />
      )}
      {registering && (
        <DigitalOtpWizard
          customer={{ ...customer, devices: devices.data }}
          identityCheckId={props.identityCheckId}
          onClose={() => {
            setRegistering(false);
            void devices.refetch();
          }}
        />
      )}
      {supervising && (
        <SupervisedJob
          key={`${supervising.action}:${supervising.device.deviceId}`}
          action={supervising.action}
          customer={customer}
          identityCheckId={props.identityCheckId}
          device={supervising.device}
          onCancel={() => setSupervising(null)}
          onDone={(device) => {
            setSupervising(null);
            setSupervised({ action: supervising.action, device });
            void devices.refetch();
          }}
        />
      )}
      {supervised && (
        <p className="receipt" role="status" data-testid="supervised-done">
          {supervised.action === 'DEVICE_UNLOCK'
            ? t('unlock.done', { device: describeDevice(t, supervised.device), failCount: supervised.device.failCount, maxFail: supervised.device.maxFail })
            : t('release.done', { device: describeDevice(t, supervised.device), status: t(`device.status.${supervised.device.status}`) })}{' '}
          {supervised.action === 'LOSS_REPORT_RELEASE' && supervised.device.status === 'RESTRICTED' ? t('release.stillRestricted') : ''}
        </p>
      )}
      {reporting && (
        <LossReport
          customerName={customer.name}
          customerRef={customer.customerRef}
          device={reporting}
          onCancel={() => setReporting(null)}
          onDone={(done) => {
            setReporting(null);
            setReceipt(done);
            void devices.refetch();
          }}
        />
      )}
      {receipt && (
        <>
          <p className="receipt" role="status" data-testid="loss-receipt">
            {t('loss.receipt', {
              device: describeDevice(t, receipt.device),
              reportRef: receipt.reportRef,
              time: format.dateTime(receipt.reportedAt),
            })}
          </p>
          <button type="button" onClick={printSlip}>
            {t('slip.print')}
          </button>
          <LossReceiptSlip
            maskedName={maskName(customer.name)}
            mobile={customer.mobileNumbers[0] ?? '—'}
            device={describeDevice(t, receipt.device)}
            reportRef={receipt.reportRef}
            reportedAt={receipt.reportedAt}
          />
        </>
      )}
      <button type="button" onClick={onEnd}>
        {t('customer.end')}
      </button>
    </section>
  );
}

/** A device row's action: a short label on screen, the device named in full for a screen reader. */
function RowAction({ label, name, onClick }: { label: string; name: string; onClick: () => void }) {
  return (
    <button type="button" className="small" aria-label={name} onClick={onClick}>
      {label}
    </button>
  );
}
