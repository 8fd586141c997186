import { createContext, useContext, useLayoutEffect, useRef, type ReactNode } from 'react';

const InPlayContext = createContext(true);

/**
 * Work kept on the page while out of play: a locked console's workspace, a parked customer. It is
 * `hidden` and `inert`: nothing of it is seen, focused, clicked or read out, yet every field keeps
 * what was typed. What inside it listens to keys in the whole window asks `useInPlay` first, and
 * its dialogs close until it is back. Back in play, the teller is put where they were.
 */
export function InPlay({ when, children }: { when: boolean; children: ReactNode }) {
  const outer = useContext(InPlayContext);
  const box = useRef<HTMLDivElement>(null);
  const lastFocus = useRef<HTMLElement | null>(null);
  const wasInPlay = useRef(when);
  useLayoutEffect(() => {
    const cameBack = when && !wasInPlay.current;
    wasInPlay.current = when;
    if (!cameBack) return;
    const where = lastFocus.current?.isConnected && box.current?.contains(lastFocus.current) ? lastFocus.current : null;
    (where ?? box.current?.querySelector<HTMLElement>('input:not(:disabled), select:not(:disabled), button:not(:disabled)'))?.focus();
  }, [when]);
  return (
    <div
      className="in-play"
      ref={box}
      hidden={!when}
      inert={!when}
      onFocus={(event) => {
        if (event.target instanceof HTMLElement) lastFocus.current = event.target;
      }}
    >
      <InPlayContext.Provider value={outer && when}>{children}</InPlayContext.Provider>
    </div>
  );
}

/** Whether the work around is in play (not behind the lock, not parked). */
export const useInPlay = (): boolean => useContext(InPlayContext);

/** The same, for a handler registered once (a window key listener): read when the key comes. */
export function useInPlayRef(): { readonly current: boolean } {
  const inPlay = useInPlay();
  const ref = useRef(inPlay);
  ref.current = inPlay;
  return ref;
}
