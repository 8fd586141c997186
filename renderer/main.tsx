// The first script the page runs, kept tiny: it opens the connection to main and asks what the
// first screen needs before the rest of the renderer is downloaded and evaluated, so the socket's
// handshake and main's answers overlap with that work.
import { createTransport, MissingHostSecretError, withEarlyCalls, type Transport } from './api/transport.js';
import './styles.css';

let transport: Transport | null = null;
try {
  // The channels of hooks.ts's prefetchFirstScreen (this script does not load hooks.ts and its libraries).
  transport = withEarlyCalls(createTransport(), ['config.get', 'preferences.get', 'staff.current', 'status.get']);
} catch (error) {
  // Opened without the printed address's secret: start.tsx explains.
  if (!(error instanceof MissingHostSecretError)) throw error;
}
const { startConsole } = await import('./start.js');
await startConsole(document.getElementById('root')!, transport);
