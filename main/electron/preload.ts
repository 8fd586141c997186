// Sandboxed preload, bundled to CommonJS: in a sandbox it may require nothing but 'electron'.
import { contextBridge, ipcRenderer, type IpcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, type ConsoleBridge } from '../../shared/bridge.js';
import { CHANNELS } from '../../shared/contract.js';
import { IPC_EVENT_CHANNEL, ipcChannelName } from '../../shared/events.js';

/** One function per contract channel; the renderer never touches ipcRenderer itself. */
export function buildBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): ConsoleBridge {
  const calls = Object.fromEntries(
    CHANNELS.map((channel) => [channel, (input: unknown) => ipc.invoke(ipcChannelName(channel), input)]),
  ) as ConsoleBridge['calls'];

  return {
    calls,
    onEvent(listener) {
      // Hand the renderer the event's data only, never the IpcRendererEvent (it holds `sender`).
      const forward = (_event: IpcRendererEvent, message: { name: string; payload: unknown }) =>
        listener(message.name, message.payload);
      ipc.on(IPC_EVENT_CHANNEL, forward);
      return () => void ipc.removeListener(IPC_EVENT_CHANNEL, forward);
    },
  };
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildBridge(ipcRenderer));
