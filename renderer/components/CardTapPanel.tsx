import { useEffect, useId, useReducer, useRef } from 'react';
import type { ReaderState } from '../../shared/status.js';
import { SerialSchema, VendorCodeSchema } from '../../issuer-api/domain.js';
import { useCardEvents, useSession, useStatus } from '../api/hooks.js';
import { EMPTY_CARD_TAP, cardTap, sourceOf, type CardTapState } from './card-tap.js';
import { useI18n } from '../i18n/i18n.js';
import { TextField } from './TextField.js';
import { useForm } from './form.js';
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
export function CardTapPanel({ onConfirm, labelledBy }: {
  onConfirm: (card: ConfirmedCard) => void;
  /** Inside a job, the job's heading names the panel (one heading, not two); alone it has its own. */
  labelledBy?: string;
}) {
  const { t } = useI18n();
  const readerState = useStatus().data?.reader.state ?? null;
  const staffId = useSession().data?.staffId;
  const event = useCardEvents();
  const [state, dispatch] = useReducer(cardTap, EMPTY_CARD_TAP);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const form = useForm({
    initial: { vendorCode: '', serial: '' },
    rules: { vendorCode: VendorCodeSchema, serial: SerialSchema },
    controlled: { values: { vendorCode: state.vendorCode, serial: state.serial }, edit: (field, value) => dispatch({ type: 'typed', field, value }) },
  });

  // A read fills the fields and puts focus on the confirm button: Enter takes it.
  useEffect(() => {
    if (!event) return;
    dispatch({ type: 'card', event, readerState });
    form.reset();
    if (event.type === 'read') confirmRef.current?.focus();
    // The reader state is read as the event arrives; a change of it is not a reason to replay the event.
  }, [event]);
  useEffect(() => dispatch({ type: 'reader', state: readerState }), [readerState]);
  // Another staff member at the counter starts from an empty panel, not the last teller's card.
  useEffect(() => {
    dispatch({ type: 'reset' });
    form.reset();
  }, [staffId]);

  const submit = form.submit(({ vendorCode, serial }) => {
    const fromReader = sourceOf(state, 'vendorCode') === 'reader' && sourceOf(state, 'serial') === 'reader';
    onConfirm({
      vendorCode,
      serial,
      ...(fromReader && state.read?.issuingInstitutionCode ? { issuingInstitutionCode: state.read.issuingInstitutionCode } : {}),
      source: fromReader ? 'reader' : 'typed',
    });
  });

  const field = (name: 'vendorCode' | 'serial') => {
    const source = sourceOf(state, name);
    return {
      ...form.field(name),
      // Read from the chip or typed by the teller, said beside the value (and to a screen reader with it).
      badge: source ? (`card.source.${source}` as const) : undefined,
      'data-source': source ?? undefined,
    };
  };

  return (
    <form className="card-tap" onSubmit={submit} noValidate aria-labelledby={labelledBy ?? headingId}>
      {!labelledBy && <h2 id={headingId}>{t('card.heading')}</h2>}
      <p className="card-tap-status" role="status" data-testid="card-tap-status">
        {statusText(t, state, readerState)}
      </p>
      <TextField label="card.vendorCode" inputMode="numeric" {...field('vendorCode')} />
      <TextField label="card.serial" inputMode="numeric" {...field('serial')} />
      <button ref={confirmRef} type="submit">
        {t('card.confirm')}
      </button>
    </form>
  );
}

function statusText(t: (key: MessageKey, params?: Record<string, string>) => string, state: CardTapState, readerState: ReaderState | null): string {
  const event = state.outcome;
  // A reader that cannot be used says so first: the last tap's outcome is about a reader that was there.
  if (readerState === 'NO_READER') return t('card.noReader');
  if (readerState !== 'READER_READY' && readerState !== 'CARD_PRESENT') return t('card.noPcsc');
  // A card that left before its read ended shows as 'present' no more: the reader state says the rest.
  if (event?.type === 'present' && readerState === 'CARD_PRESENT') return t('card.reading');
  if (event?.type === 'read') {
    const { vendorCode, serial, issuingInstitutionCode } = event.card;
    return t('card.read', { vendorCode, serial, institution: issuingInstitutionCode ?? t('card.institutionUnknown') });
  }
  if (event?.type === 'error') return t(`cardError.${event.code}`);
  return t('card.tap');
}
