// The first script the page runs, kept tiny: it opens the connection to main and asks what the
// first screen needs before the rest of the renderer is downloaded and evaluated, so the socket's
// handshake and main's answers overlap with that work. The teller can already type: index.html
// paints a login form first (boot-login.ts), focused here.
import { focusBootLogin } from './boot-login.js';
import { createTransport, FIRST_SCREEN_READS, MissingHostSecretError, withEarlyCalls, type Transport } from './api/transport.js';
import './styles.css';

focusBootLogin();
let transport: Transport | null = null;
try {
  transport = withEarlyCalls(createTransport(), FIRST_SCREEN_READS);
} catch (error) {
  // Opened without the printed address's secret: start.tsx explains.
  if (!(error instanceof MissingHostSecretError)) throw error;
}
const { startConsole } = await import('./start.js');
await startConsole(document.getElementById('root')!, transport);
