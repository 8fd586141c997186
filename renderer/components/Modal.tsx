import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { backOutOnEscape } from './escape.js';
import { useInPlay } from './InPlay.js';

/**
 * A modal dialog on the browser's own `<dialog>`: `showModal()` makes everything behind it inert,
 * so neither Tab nor a click reaches the page; past its last control Tab wraps to its first (a
 * browser would otherwise step out to its own toolbar). Esc backs out through `onEscape` (marked
 * handled, as every panel's Esc is), not through the browser's own close, which React would not see.
 */
export function Modal(props: {
  labelledBy: string;
  describedBy?: string;
  onEscape: () => void;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  // What had focus when the dialog was asked for (read while rendering, before its content takes
  // focus): the teller is put back there when it closes, unless the page moved focus on itself.
  const [opener] = useState(() => document.activeElement);
  // Out of play (the console locked, the customer parked) the dialog closes; it opens again on return.
  const inPlay = useInPlay();
  useLayoutEffect(() => {
    if (!inPlay) return;
    const element = dialog.current!;
    // Focus stays where the content put it (an autoFocus button or field), not the dialog's first control.
    const focused = document.activeElement;
    element.showModal();
    if (focused instanceof HTMLElement && element.contains(focused)) focused.focus();
    return () => {
      const focusWasInside = element.contains(document.activeElement);
      element.close();
      if (focusWasInside && opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, [opener, inPlay]);
  return (
    <dialog
      ref={dialog}
      className={`dialog card ${props.className ?? ''}`}
      aria-labelledby={props.labelledBy}
      aria-describedby={props.describedBy}
      data-testid={props.testId}
      onKeyDown={(event) => {
        backOutOnEscape(props.onEscape)(event);
        if (event.key === 'Tab') wrapTab(event.currentTarget, event);
      }}
      onCancel={(event) => event.preventDefault()}
    >
      {props.children}
    </dialog>
  );
}

function wrapTab(dialog: HTMLElement, event: KeyboardEvent<HTMLElement>) {
  const controls = [...dialog.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]')].filter((c) => !c.matches(':disabled'));
  const [first, last] = [controls[0], controls[controls.length - 1]];
  const edge = event.shiftKey ? first : last;
  if (!edge || document.activeElement !== edge) return;
  event.preventDefault();
  (event.shiftKey ? last : first)!.focus();
}
