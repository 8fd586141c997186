import { useCallback, useMemo, useState } from 'react';
import type { Customer, IdentifyOutput } from '../../shared/customer.js';
import { maskName } from '../../issuer-api/domain.js';
import { useApi } from '../api/hooks.js';
import { isOutcomeUnknown, useIdempotentMutation } from '../api/idempotent.js';
import { useIssuerClock } from '../api/issuer-clock.js';
import type { TappedCard } from '../components/TappedCard.js';
import type { Trail } from './CustomerPage.js';
import { canPark, checkValidUntil, hasExpired } from './parked.js';
import type { ParkedEntry } from './ParkedJobs.js';

/** A customer at the counter: what their identity check gave, and where their page stands. */
export interface Desk {
  /** The identity check's id: one desk per check. */
  id: string;
  served: IdentifyOutput;
  customer: Customer;
  tapped: TappedCard | null;
  arrival: { focusDeviceId?: string; otherThan?: string };
  /** Issuer time (ms) the identity check runs out. */
  validUntil: number;
  /** Issuer time (ms) the customer stepped away; null while served. */
  parkedAt: number | null;
  trail: Trail;
  /** A registration an open job of the page texted the customer for: discarding cancels it. */
  registrationId: string | null;
  /** The teller tried to park with the list full: the page says so until parked or ended. */
  parkRefused: boolean;
}

/**
 * The home screen's desks: one customer served at a time, up to MAX_PARKED more parked. Parking
 * and resuming only move a desk in and out of play; its page (and what was typed on it) stays.
 */
export function useDesks() {
  const api = useApi();
  const issuerClock = useIssuerClock();
  const [list, setList] = useState<Desk[]>([]);
  const [discarded, setDiscarded] = useState<ParkedEntry | null>(null);
  const update = useCallback((id: string, change: (desk: Desk) => Desk) => setList((desks) => desks.map((desk) => (desk.id === id ? change(desk) : desk))), []);
  const remove = useCallback((id: string) => setList((desks) => desks.filter((desk) => desk.id !== id)), []);
  const active = list.find((desk) => desk.parkedAt === null) ?? null;
  const parked = useMemo(() => list.filter((desk) => desk.parkedAt !== null).sort((a, b) => a.parkedAt! - b.parkedAt!), [list]);
  const entryOf = (desk: Desk): ParkedEntry => ({
    id: desk.id,
    maskedName: maskName(desk.customer.name),
    job: desk.trail.job,
    step: desk.trail.step,
    parkedAt: desk.parkedAt ?? 0,
    validUntil: desk.validUntil,
  });
  const cancel = useIdempotentMutation((registrationId: string, idempotencyKey) => api.call('otp.cancel', { registrationId, idempotencyKey }));

  return {
    list,
    active,
    parkedEntries: parked.map(entryOf),
    discarded,
    discardError: cancel.error,
    serve(input: { served: IdentifyOutput; customer: Customer; askedAt: number; tapped: TappedCard | null; arrival: Desk['arrival'] }) {
      setDiscarded(null);
      cancel.reset();
      const desk: Desk = {
        id: input.served.checkId,
        served: input.served,
        customer: input.customer,
        tapped: input.tapped,
        arrival: input.arrival,
        validUntil: checkValidUntil(input.askedAt),
        parkedAt: null,
        trail: { job: null, step: null },
        registrationId: null,
        parkRefused: false,
      };
      setList((desks) => [...desks.filter((other) => other.id !== desk.id), desk]);
    },
    park(id: string) {
      if (!canPark(parked.length)) update(id, (desk) => ({ ...desk, parkRefused: true }));
      else update(id, (desk) => ({ ...desk, parkedAt: issuerClock(), parkRefused: false }));
    },
    resume(id: string) {
      if (active) return;
      const desk = parked.find((one) => one.id === id);
      if (!desk || hasExpired(desk.validUntil, issuerClock())) return;
      setDiscarded(null);
      cancel.reset();
      update(id, (one) => ({ ...one, parkedAt: null }));
    },
    end: remove,
    /** Closes a parked job for good: an open registration is cancelled first, as closing the job does. */
    discard(id: string) {
      const desk = list.find((one) => one.id === id);
      if (!desk) return;
      setDiscarded(null);
      const gone = () => {
        remove(id);
        setDiscarded(entryOf(desk));
      };
      if (!desk.registrationId) return gone();
      // Cancelled, or refused for good (the registration ran out meanwhile): the job is closed. An
      // answer that never came keeps the entry: Delete again retries with the same key.
      cancel.mutate(desk.registrationId, { onSuccess: gone, onError: (error) => void (isOutcomeUnknown(error) || gone()) });
    },
    setTrail: useCallback(
      (id: string, trail: Trail) =>
        update(id, (desk) => (desk.trail.job === trail.job && desk.trail.step === trail.step ? desk : { ...desk, trail })),
      [update],
    ),
    setRegistration: useCallback(
      (id: string, registrationId: string | null) => update(id, (desk) => (desk.registrationId === registrationId ? desk : { ...desk, registrationId })),
      [update],
    ),
  };
}
