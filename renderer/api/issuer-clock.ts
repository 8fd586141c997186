import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useApi, useStatus } from './hooks.js';

/**
 * How far the sandbox clock runs ahead of this PC's, in whole seconds (it moves by whole minutes;
 * the answer's few milliseconds on the way would make a fresh 3:00 read 3:01).
 */
const sandboxAheadKey = ['training.clock'] as const;
const aheadOf = (now: string) => Math.round((Date.parse(now) - Date.now()) / 1000) * 1000;

/**
 * The issuer's time now, ticking each second. Expiries (SMS code, app code) are the issuer's
 * times: in training mode they are on the sandbox clock, which a trainer moves forward, so every
 * countdown counts on it; with a real issuer the PC's clock stands in for it.
 */
export function useIssuerNow(): number {
  const api = useApi();
  const training = useStatus().data?.trainingMode ?? false;
  const ahead = useQuery({
    queryKey: sandboxAheadKey,
    queryFn: async () => aheadOf((await api.call('training.clock', {})).now),
    enabled: training,
    staleTime: Infinity,
  });
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now + (training ? (ahead.data ?? 0) : 0);
}

/** The issuer's time, read when asked (in an event handler), on the clock useIssuerNow ticks on. */
export function useIssuerClock(): () => number {
  const queryClient = useQueryClient();
  const training = useStatus().data?.trainingMode ?? false;
  return useCallback(() => Date.now() + (training ? (queryClient.getQueryData<number>(sandboxAheadKey) ?? 0) : 0), [queryClient, training]);
}

/** Milliseconds left until an issuer time, never below 0. */
export const useTimeLeft = (until: string): number => Math.max(0, Date.parse(until) - useIssuerNow());

/** What the sandbox said its clock reads after moving it: every countdown follows at once. */
export function useSandboxClockMoved(): (now: string) => void {
  const queryClient = useQueryClient();
  return useCallback((now: string) => queryClient.setQueryData(sandboxAheadKey, aheadOf(now)), [queryClient]);
}
