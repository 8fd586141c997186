import type { Notified } from '../../issuer-api/schemas.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * Who the issuer texted about the job just done (ISSUER-API.md v1.1 "Notifications"), said to the
 * teller after every job that notifies: the customer who gets an unexpected text asks at the counter.
 * The numbers come masked from the issuer; none is said when the customer has no number on record.
 */
export function NotifiedLine({ notified }: { notified: Notified | undefined }) {
  const { t } = useI18n();
  if (!notified) return null;
  return (
    <p className="notified" data-testid="notified">
      {notified.length > 0 ? t('notified.sent', { numbers: notified.join(', ') }) : t('notified.none')}
    </p>
  );
}
