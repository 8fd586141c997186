import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import { useInPlay } from './InPlay.js';

/**
 * What the training phone follows: the customer's Digital OTP registration under way, as the
 * wizard knows it. The phone finds its SMS by the registration (the console never holds the full
 * number), counts down the expiry of the step the wizard is on and shows the device once activated.
 */
export interface PhoneJob {
  registrationId: string;
  /** While the customer's SMS code is awaited. */
  smsExpiresAt?: string;
  /** While the app registration code is awaited. */
  appCodeExpiresAt?: string;
  /** The app the registration activated. */
  deviceId?: string;
}

/** The training phone's query keys: a job's all start with its registration, and go when the job does. */
export const phoneQueryKey = (job: PhoneJob, ...rest: unknown[]) => ['training.phone', job.registrationId, ...rest];

const PhoneJobContext = createContext<{ job: PhoneJob | null; follow: Dispatch<SetStateAction<PhoneJob | null>> }>({
  job: null,
  follow: () => undefined,
});

/**
 * Holds the job for the workspace, so the phone keeps it while its panel is closed. Whatever ends
 * the job (완료, cancel, Esc out of the customer) unmounts the wizard, which drops it; logout, lock
 * and a takeover unmount the workspace itself.
 */
export function PhoneJobProvider({ children }: { children: ReactNode }) {
  const [job, follow] = useState<PhoneJob | null>(null);
  const queryClient = useQueryClient();
  const registrationId = job?.registrationId;
  // The last customer's SMS and OTP leave the cache with their job (only theirs: the next job's are already asked for).
  useEffect(
    () => () => {
      if (registrationId) queryClient.removeQueries({ queryKey: phoneQueryKey({ registrationId }) });
    },
    [queryClient, registrationId],
  );
  return <PhoneJobContext.Provider value={{ job, follow }}>{children}</PhoneJobContext.Provider>;
}

export const usePhoneJob = () => useContext(PhoneJobContext).job;

/**
 * The wizard puts its registration on the training phone for as long as it is open and in play.
 * Parked (another customer served meanwhile) it lets go of its own registration only, never of
 * the one the customer at the counter now has; resumed, the phone follows it again.
 */
export function useFollowOnPhone(job: PhoneJob | null): void {
  const { follow } = useContext(PhoneJobContext);
  const inPlay = useInPlay();
  const { registrationId, smsExpiresAt, appCodeExpiresAt, deviceId } = job ?? {};
  const ours = useRef(registrationId);
  ours.current = registrationId;
  useEffect(() => {
    if (inPlay) follow(registrationId ? { registrationId, smsExpiresAt, appCodeExpiresAt, deviceId } : null);
    else if (registrationId) follow((current) => (current?.registrationId === registrationId ? null : current));
  }, [follow, inPlay, registrationId, smsExpiresAt, appCodeExpiresAt, deviceId]);
  useEffect(
    () => () => follow((current) => (current === null || current.registrationId === ours.current ? null : current)),
    [follow],
  );
}
