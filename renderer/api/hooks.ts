import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { CardEvent } from '../../shared/card.js';
import type { ChannelInput } from '../../shared/contract.js';
import type { EventPayload } from '../../shared/events.js';
import type { StaffSession } from '../../shared/staff.js';
import type { Locale } from '../../shared/preferences.js';
import type { ApiClient } from './client.js';

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}

export const queryKeys = {
  status: ['status'] as const,
  session: ['session'] as const,
  preferences: ['preferences'] as const,
  configuration: ['configuration'] as const,
};

const statusQuery = (api: ApiClient) => queryOptions({ queryKey: queryKeys.status, queryFn: () => api.call('status.get', {}) });
const sessionQuery = (api: ApiClient) => queryOptions({ queryKey: queryKeys.session, queryFn: () => api.call('staff.current', {}) });
/** Loaded once at start and fixed for the launch: the console reads its configuration only then. */
const configurationQuery = (api: ApiClient) =>
  queryOptions({ queryKey: queryKeys.configuration, queryFn: () => api.call('config.get', {}), staleTime: Infinity });
const preferencesQuery = (api: ApiClient) => queryOptions({ queryKey: queryKeys.preferences, queryFn: () => api.call('preferences.get', {}) });

/**
 * Fetches what the first screen (login, lock or home) asks for (transport.ts's FIRST_SCREEN_READS), so that start.tsx can have the
 * answers in the cache before its first render: that screen is then the first frame, not the third.
 * Failures stay in the cache for the screens to show (prefetchQuery never throws).
 */
export const prefetchFirstScreen = (queryClient: QueryClient, api: ApiClient) =>
  Promise.all([
    queryClient.prefetchQuery(configurationQuery(api)),
    queryClient.prefetchQuery(preferencesQuery(api)),
    queryClient.prefetchQuery(sessionQuery(api)),
    queryClient.prefetchQuery(statusQuery(api)),
  ]);

export const useStatus = () => useQuery(statusQuery(useApi()));
export const useSession = () => useQuery(sessionQuery(useApi()));
export const useConfiguration = () => useQuery(configurationQuery(useApi()));
export const usePreferences = () => useQuery(preferencesQuery(useApi()));

export function useSetLocale() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (locale: Locale) => api.call('preferences.setLocale', { locale }),
    onSuccess: (preferences) => queryClient.setQueryData(queryKeys.preferences, preferences),
  });
}

/**
 * The language belongs to whoever is logged in (main answers preferences.get for them), so it is
 * asked again whenever someone logs in or the session ends.
 */
const refetchLanguage = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: queryKeys.preferences });

export function useLogin() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'staff.login'>) => api.call('staff.login', input),
    // The staff member's own language first, so their first screen is already in it.
    onSuccess: async (session) => {
      await refetchLanguage(queryClient);
      queryClient.setQueryData<StaffSession | null>(queryKeys.session, session);
    },
  });
}

export function useLogout() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.call('staff.logout', {}),
    onSuccess: () => {
      queryClient.setQueryData(queryKeys.session, null);
      void refetchLanguage(queryClient);
    },
  });
}

/** Locks the console (idle time) or opens it again: the session in the cache follows main's answer. */
export function useConsoleLock() {
  const api = useApi();
  const queryClient = useQueryClient();
  const onSuccess = (session: StaffSession) => queryClient.setQueryData<StaffSession | null>(queryKeys.session, session);
  return {
    lock: useMutation({ mutationFn: () => api.call('staff.lock', {}), onSuccess }),
    unlock: useMutation({
      mutationFn: (password: string) => api.call('staff.unlockConsole', { password }),
      // What the work area kept asked again: a list that refreshed while locked was refused.
      onSuccess: (session: StaffSession) => {
        onSuccess(session);
        void queryClient.invalidateQueries({ predicate: (query) => query.state.status === 'error' });
      },
    }),
  };
}

/** Tells main the teller is at work: main keeps the idle lock, and counts from the last report. */
export function useReportActivity(): () => void {
  const api = useApi();
  return useCallback(() => void api.call('staff.activity', {}).catch(() => undefined), [api]);
}

/**
 * Calls `onIdle` once after `seconds` without a key, click, touch or wheel anywhere in the window;
 * null switches it off (nobody logged in, or already locked). Input is reported to main through
 * `onActivity` at most once every quarter of `seconds` (up to 30 s); input inside that window is
 * reported when it ends, so main's last report is never older than the teller's last input.
 */
export function useIdleTimer(seconds: number | null, onIdle: () => void, onActivity: () => void = () => undefined): void {
  useEffect(() => {
    if (seconds === null) return;
    let timer = setTimeout(onIdle, seconds * 1000);
    const reportEveryMs = Math.min(30, Math.max(1, Math.floor(seconds / 4))) * 1000;
    let lastReport = 0;
    let pendingReport: ReturnType<typeof setTimeout> | undefined;
    const report = () => {
      lastReport = Date.now();
      pendingReport = undefined;
      onActivity();
    };
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(onIdle, seconds * 1000);
      if (pendingReport !== undefined) return;
      const wait = lastReport + reportEveryMs - Date.now();
      if (wait <= 0) report();
      else pendingReport = setTimeout(report, wait);
    };
    const inputs = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
    for (const name of inputs) window.addEventListener(name, restart, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      clearTimeout(pendingReport);
      for (const name of inputs) window.removeEventListener(name, restart, { capture: true });
    };
  }, [seconds, onIdle, onActivity]);
}

/** The latest card event from the counter's readers (present, read, error, removed), as it happens. */
export function useCardEvents(): CardEvent | null {
  const api = useApi();
  const [last, setLast] = useState<CardEvent | null>(null);
  useEffect(
    () =>
      api.onEvent((name, payload) => {
        if (name === 'reader.card') setLast(payload as CardEvent);
      }),
    [api],
  );
  return last;
}

/** Why main ended the last session: logout, expiry, or the issuer refusing its token (with the issuer's code). */
export type SessionEnd = EventPayload<'session.ended'>;

/**
 * Writes main's pushed events into the query cache, and returns why the last session ended so the
 * login screen can say it.
 */
export function useLiveUpdates(): { sessionEndedBy: SessionEnd | null } {
  const api = useApi();
  const queryClient = useQueryClient();
  const [sessionEndedBy, setSessionEndedBy] = useState<SessionEnd | null>(null);

  useEffect(() => {
    const stopEvents = api.onEvent((name, payload) => {
      if (name === 'status') queryClient.setQueryData(queryKeys.status, payload);
      // Main locked the console (its idle lock, or the teller's): the lock screen replaces the work.
      if (name === 'session.locked') queryClient.setQueryData(queryKeys.session, payload);
      if (name === 'session.ended') {
        queryClient.setQueryData(queryKeys.session, null);
        void refetchLanguage(queryClient);
        setSessionEndedBy(payload as SessionEnd);
      }
    });
    const stopReconnect = api.onReconnect(() => void queryClient.invalidateQueries());
    return () => {
      stopEvents();
      stopReconnect();
    };
  }, [api, queryClient]);

  return { sessionEndedBy };
}
