import { useId, type ReactNode } from 'react';
import { Modal } from './Modal.js';

/**
 * A question before something the teller cannot take back (cancelling a registration, dropping a
 * parked job, leaving a job under way): the focus starts on going ahead, since the teller asked
 * for it; Esc keeps things as they are.
 */
export function ConfirmDialog(props: { heading: string; children: ReactNode; confirm: string; keep: string; onConfirm: () => void; onKeep: () => void; testId: string }) {
  const ids = { heading: useId(), text: useId() };
  return (
    <Modal labelledBy={ids.heading} describedBy={ids.text} onEscape={props.onKeep} testId={props.testId}>
      <h3 id={ids.heading}>{props.heading}</h3>
      <div id={ids.text}>{props.children}</div>
      <div className="buttons">
        <button type="button" className="danger" autoFocus onClick={props.onConfirm}>
          {props.confirm}
        </button>
        <button type="button" onClick={props.onKeep}>
          {props.keep}
        </button>
      </div>
    </Modal>
  );
}
