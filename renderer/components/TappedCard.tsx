import { useQuery } from '@tanstack/react-query';
import type { CardStatus, Device } from '../../issuer-api/schemas.js';
import { maskSerial } from '../../issuer-api/domain.js';
import { useApi } from '../api/hooks.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorAlert } from './ErrorAlert.js';
import type { ConfirmedCard } from './CardTapPanel.js';

/**
 * A card tapped (or typed) with no customer at the counter yet: what the issuer says of it,
 * without its holder, who is named only after an identity check.
 */
export interface TappedCard {
  card: ConfirmedCard;
  status: CardStatus;
  issuingInstitutionCode: string;
}

/** A lost card in the teller's hand is never just a refusal: it is said loudly, with what to do. */
export function LostCardAlert() {
  const { t } = useI18n();
  return (
    <p className="error lost-card" role="alert" data-testid="lost-card-alert">
      {t('tapped.lost')}
    </p>
  );
}

/** The home screen's word on a tapped card: its state, and where the identity check leads. */
export function TappedCardNotice({ tapped }: { tapped: TappedCard }) {
  const { t } = useI18n();
  const { card } = tapped;
  return (
    <div data-testid="tapped-card">
      <p role="status">
        {t('cardJob.state', { vendorCode: card.vendorCode, serial: card.serial, status: t(`cardJob.status.${tapped.status}`), institution: tapped.issuingInstitutionCode })}{' '}
        {t(tapped.status === 'IN_STOCK' ? 'tapped.next.issue' : 'tapped.next.holder')}
      </p>
      {tapped.status === 'LOST' && <LostCardAlert />}
    </div>
  );
}

/** The customer's record of the tapped card, if it is theirs: the issuer answers by masked serial. */
export const isTappedCard = (device: Device, tapped: TappedCard | null | undefined) =>
  !!tapped && device.vendorCode === tapped.card.vendorCode && device.maskedSerial === maskSerial(tapped.card.serial);

/**
 * On the identified customer's page: whether the card tapped before the identity check is theirs.
 * The issuer says (holderMatches); a masked serial in the list alone would not prove it.
 */
export function useTappedCardHolder(customerRef: string, tapped: TappedCard | null) {
  const api = useApi();
  const card = tapped?.card;
  return useQuery({
    queryKey: ['card.lookup', customerRef, card?.vendorCode, card?.serial],
    queryFn: () => api.call('card.lookup', { customerRef, vendorCode: card!.vendorCode, serial: card!.serial }),
    enabled: !!card,
  });
}

export function TappedCardHolder({ tapped, holder }: { tapped: TappedCard; holder: ReturnType<typeof useTappedCardHolder> }) {
  const { t } = useI18n();
  const words = { vendorCode: tapped.card.vendorCode, serial: maskSerial(tapped.card.serial) };
  return (
    <div className="tapped-card-holder" data-testid="tapped-card-holder">
      <ErrorAlert error={holder.error} />
      {holder.data?.holderMatches === true && <p role="status">{t('tapped.holder', words)}</p>}
      {holder.data && holder.data.holderMatches !== true && (
        <p className="error" role="alert">
          {t('tapped.notHolder', words)}
        </p>
      )}
      {holder.data?.status === 'LOST' && <LostCardAlert />}
    </div>
  );
}
