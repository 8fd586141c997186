import type { Channel, ChannelInput } from './contract.js';
import type { Result } from './result.js';

/**
 * What the Electron preload exposes to the renderer as `window.consoleBridge`: one function per
 * contract channel and a subscription to main's events. Never raw ipcRenderer.
 */
export interface ConsoleBridge {
  calls: { [C in Channel]: (input: ChannelInput<C>) => Promise<Result<unknown>> };
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

export const BRIDGE_GLOBAL = 'consoleBridge';
