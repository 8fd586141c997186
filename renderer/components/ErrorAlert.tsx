import { errorInfoOf } from '../api/client.js';
import { isOutcomeUnknown } from '../api/idempotent.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';

/**
 * A call's failure as the teller reads it: the translated reason, and, when the answer was lost on
 * the way (the issuer may or may not have done it), `unsure` saying what to do about that.
 * It sits in a line kept for it, empty while there is no error, so nothing moves when one comes.
 */
export function ErrorAlert({ error, unsure, testId }: { error: unknown; unsure?: MessageKey; testId?: string }) {
  const { t, error: explain } = useI18n();
  return (
    <div className="message-slot">
      {error != null && (
        <p className="error" role="alert" data-testid={testId}>
          {explain(errorInfoOf(error))}
          {unsure && isOutcomeUnknown(error) ? ` ${t(unsure)}` : ''}
        </p>
      )}
    </div>
  );
}
