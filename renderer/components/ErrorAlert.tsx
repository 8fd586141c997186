import { errorInfoOf } from '../api/client.js';
import { isOutcomeUnknown } from '../api/idempotent.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';

/**
 * A call's failure as the teller reads it: the translated reason, and, when the answer was lost on
 * the way (the issuer may or may not have done it), `unsure` saying what to do about that. A
 * refusal that came as an answer, not as an error (an identity check that did not match), is
 * given as `message`, already translated. It sits in a line kept for it, empty while there is no
 * error, so nothing moves when one comes; `id` lets a field the issuer refused point at it.
 */
export function ErrorAlert({
  error,
  message,
  unsure,
  testId,
  id,
}: {
  error: unknown;
  message?: string | null | undefined;
  unsure?: MessageKey;
  testId?: string;
  id?: string;
}) {
  const { t, error: explain } = useI18n();
  const text = error != null ? explain(errorInfoOf(error)) + (unsure && isOutcomeUnknown(error) ? ` ${t(unsure)}` : '') : message;
  return (
    <div className="message-slot">
      {text && (
        <p className="error" role="alert" data-testid={testId} id={id}>
          {text}
        </p>
      )}
    </div>
  );
}
