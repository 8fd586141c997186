import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CardEvent, CardIdentity } from '../../shared/card.js';
import { SerialSchema, VendorCodeSchema } from '../../issuer-api/domain.js';
import { useCardEvents, useStatus } from '../api/hooks.js';
import { useI18n, validationKey } from '../i18n/i18n.js';
import { TextField } from './TextField.js';
import type { MessageKey } from '../i18n/ko.js';

export interface ConfirmedCard {
  vendorCode: string;
  serial: string;
  issuingInstitutionCode?: string;
  /** Read from the chip, or typed from the back of the card. */
  source: 'reader' | 'typed';
}

/**
 * "Tap the card": fills vendor code and serial from a read on the counter's reader, says plainly
 * what went wrong otherwise, and always lets the teller type the two numbers from the card's back.
 * The teller confirms what is shown; nothing is taken from the card without that.
 */
export function CardTapPanel({ onConfirm }: { onConfirm: (card: ConfirmedCard) => void }) {
  const { t } = useI18n();
  const readerState = useStatus().data?.reader.state;
  const event = useCardEvents();
  // What the last tap came to stays on screen after the card leaves ("moved away too soon" must
  // still be readable); a new tap replaces it.
  const [outcome, setOutcome] = useState<CardEvent | null>(null);
  const [vendorCode, setVendorCode] = useState('');
  const [serial, setSerial] = useState('');
  const [fromReader, setFromReader] = useState<CardIdentity | null>(null);
  const [rules, setRules] = useState<{ vendorCode?: MessageKey; serial?: MessageKey }>({});
  const confirmRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();

  // A read fills the fields and puts focus on the confirm button: Enter takes it.
  useEffect(() => {
    if (event?.type === 'present' || event?.type === 'error') setOutcome(event);
    if (event?.type !== 'read') return;
    setOutcome(event);
    setVendorCode(event.card.vendorCode);
    setSerial(event.card.serial);
    setFromReader(event.card);
    setRules({});
    confirmRef.current?.focus();
  }, [event]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const vendor = VendorCodeSchema.safeParse(vendorCode);
    const number = SerialSchema.safeParse(serial);
    setRules({
      ...(vendor.success ? {} : { vendorCode: validationKey(vendor.error.issues[0]?.message) }),
      ...(number.success ? {} : { serial: validationKey(number.error.issues[0]?.message) }),
    });
    if (!vendor.success || !number.success) return;
    const unchanged = fromReader?.vendorCode === vendor.data && fromReader.serial === number.data;
    onConfirm({
      vendorCode: vendor.data,
      serial: number.data,
      ...(unchanged && fromReader?.issuingInstitutionCode ? { issuingInstitutionCode: fromReader.issuingInstitutionCode } : {}),
      source: unchanged ? 'reader' : 'typed',
    });
  };

  return (
    <form className="card-tap" onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h2 id={headingId}>{t('card.heading')}</h2>
      <p className="card-tap-status" role="status" data-testid="card-tap-status">
        {statusText(t, outcome, readerState)}
      </p>
      <TextField label="card.vendorCode" inputMode="numeric" value={vendorCode} onChange={setVendorCode} rule={rules.vendorCode} />
      <TextField label="card.serial" inputMode="numeric" value={serial} onChange={setSerial} rule={rules.serial} />
      <button ref={confirmRef} type="submit">
        {t('card.confirm')}
      </button>
    </form>
  );
}

function statusText(t: (key: MessageKey, params?: Record<string, string>) => string, event: CardEvent | null, readerState: string | undefined): string {
  // A card that left before its read ended shows as 'present' no more: the reader state says the rest.
  if (event?.type === 'present' && readerState === 'CARD_PRESENT') return t('card.reading');
  if (event?.type === 'read') {
    const { vendorCode, serial, issuingInstitutionCode } = event.card;
    return t('card.read', { vendorCode, serial, institution: issuingInstitutionCode ?? t('card.institutionUnknown') });
  }
  if (event?.type === 'error') return t(`cardError.${event.code}`);
  switch (readerState) {
    case 'READER_READY':
    case 'CARD_PRESENT':
      return t('card.tap');
    case 'NO_READER':
      return t('card.noReader');
    default:
      return t('card.noPcsc');
  }
}
