import type { StaffSession } from '../../shared/staff.js';
import { PhoneJobProvider } from '../components/phone-job.js';
import { TrainingPanel } from '../components/TrainingPanel.js';
import { HomeScreen } from './HomeScreen.js';

/**
 * Everything a logged-in staff member works with. App loads it as a chunk of its own, so the
 * login screen does not wait for the code of screens nobody can reach before logging in.
 */
export function Workspace({
  session,
  onLock,
  training,
}: {
  session: StaffSession;
  onLock: () => void;
  /** The training panel, when it is open. */
  training: { onClose: () => void } | null;
}) {
  return (
    <PhoneJobProvider>
      <div className="workspace">
        <HomeScreen session={session} onLock={onLock} />
        {training && <TrainingPanel onClose={training.onClose} />}
      </div>
    </PhoneJobProvider>
  );
}
