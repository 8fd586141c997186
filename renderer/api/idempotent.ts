import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { useRef } from 'react';
import { errorInfoOf } from './client.js';

/** Failures after which nobody knows whether the action happened: a retry must reuse its key. */
export const OUTCOME_UNKNOWN = new Set(['ISSUER_UNREACHABLE', 'TRANSPORT_FAILED', 'CANCELLED', 'ISSUER_BAD_RESPONSE']);

export const isOutcomeUnknown = (error: unknown) => error != null && OUTCOME_UNKNOWN.has(errorInfoOf(error).code);

/**
 * A mutation whose every attempt carries an idempotency key: the same key again when the last
 * attempt's outcome is unknown (so the retry settles it without doing it twice), a new key once
 * the issuer has answered, yes or no (the next attempt is a new action, e.g. another SMS code).
 */
export function useIdempotentMutation<I, O>(
  call: (input: I, idempotencyKey: string) => Promise<O>,
  options: { onSuccess?: (data: O, input: I) => void } = {},
): UseMutationResult<O, Error, I> {
  const key = useRef(crypto.randomUUID());
  return useMutation({
    mutationFn: (input: I) => call(input, key.current),
    onSuccess: (data, input) => {
      key.current = crypto.randomUUID();
      options.onSuccess?.(data, input);
    },
    onError: (error) => {
      if (!isOutcomeUnknown(error)) key.current = crypto.randomUUID();
    },
  });
}
