import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcRenderer } from 'electron';
import { BRIDGE_GLOBAL, type ConsoleBridge } from '../../shared/bridge.js';
import { CHANNELS } from '../../shared/contract.js';
import { IPC_EVENT_CHANNEL, ipcChannelName } from '../../shared/events.js';
import { buildBridge } from '../../main/electron/preload.js';

// The electron binary cannot run here: the preload gets the smallest stand-in for what it imports.
const fake = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn<(key: string, api: unknown) => void>(),
  ipcRenderer: {
    invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
    on: vi.fn<(channel: string, listener: (...args: unknown[]) => void) => unknown>(),
    removeListener: vi.fn<(channel: string, listener: (...args: unknown[]) => void) => unknown>(),
  },
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: fake.exposeInMainWorld },
  ipcRenderer: fake.ipcRenderer,
}));
describe('preload', () => {
  /** Every value reachable from the object's own properties (functions included), each once. */
  function reachable(root: unknown): unknown[] {
    const seen = new Set<unknown>();
    const walk = (value: unknown) => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
      seen.add(value);
      for (const key of Reflect.ownKeys(value as object)) {
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        if (descriptor && 'value' in descriptor) walk(descriptor.value);
      }
    };
    walk(root);
    return [...seen];
  }

  function exposed(): ConsoleBridge {
    const call = fake.exposeInMainWorld.mock.calls[0];
    if (!call) throw new Error('exposeInMainWorld was not called');
    return call[1] as ConsoleBridge;
  }

  beforeEach(() => {
    fake.ipcRenderer.invoke.mockReset();
    fake.ipcRenderer.on.mockReset();
    fake.ipcRenderer.removeListener.mockReset();
  });

  it('exposes the bridge once, as window.consoleBridge', () => {
    expect(fake.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(fake.exposeInMainWorld.mock.calls[0]?.[0]).toBe(BRIDGE_GLOBAL);
    expect(BRIDGE_GLOBAL).toBe('consoleBridge');
  });

  it('offers exactly the contract’s channels, each invoking its own IPC channel with the input', async () => {
    const bridge = exposed();
    expect(Object.keys(bridge).sort()).toEqual(['calls', 'onEvent']);
    expect(Object.keys(bridge.calls).sort()).toEqual([...CHANNELS].sort());

    for (const channel of CHANNELS) {
      fake.ipcRenderer.invoke.mockReset();
      const answer = { ok: true, value: channel };
      fake.ipcRenderer.invoke.mockResolvedValueOnce(answer);
      const input = { probe: channel };
      const call = bridge.calls[channel] as (input: unknown) => Promise<unknown>;
      expect(typeof call).toBe('function');
      await expect(call(input)).resolves.toBe(answer);
      expect(fake.ipcRenderer.invoke).toHaveBeenCalledTimes(1);
      expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannelName(channel), input);
    }
  });

  it('does not expose ipcRenderer or any of its functions anywhere in the bridge', () => {
    const forbidden = new Set<unknown>([
      fake.ipcRenderer,
      fake.ipcRenderer.invoke,
      fake.ipcRenderer.on,
      fake.ipcRenderer.removeListener,
    ]);
    const values = reachable(exposed());
    expect(values.length).toBeGreaterThan(CHANNELS.length);
    for (const value of values) expect(forbidden.has(value)).toBe(false);
  });

  it('onEvent forwards only (name, payload) and its return value removes the listener', () => {
    const bridge = exposed();
    const listener = vi.fn();
    const off = bridge.onEvent(listener);

    expect(fake.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, forward] = fake.ipcRenderer.on.mock.calls[0] ?? [];
    expect(channel).toBe(IPC_EVENT_CHANNEL);
    expect(typeof forward).toBe('function');
    expect(forward).not.toBe(listener);

    const ipcEvent = { sender: fake.ipcRenderer, senderId: 0 };
    forward?.(ipcEvent, { name: 'session.ended', payload: { reason: 'EXPIRED' } });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual(['session.ended', { reason: 'EXPIRED' }]);
    for (const arg of listener.mock.calls[0] ?? []) expect(arg).not.toBe(ipcEvent);

    expect(off()).toBeUndefined();
    expect(fake.ipcRenderer.removeListener).toHaveBeenCalledTimes(1);
    expect(fake.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, forward);
  });

  describe('buildBridge', () => {
    const freshIpc = () => ({
      invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })),
      on: vi.fn(),
      removeListener: vi.fn(),
    });
    const asIpc = (ipc: ReturnType<typeof freshIpc>) => ipc as unknown as Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

    it('uses the ipc it is given, not the module’s ipcRenderer', async () => {
      const ipc = freshIpc();
      const bridge = buildBridge(asIpc(ipc));
      await bridge.calls['staff.login']({ staffId: 'T0001', password: 'teller-pass-1' });
      expect(ipc.invoke).toHaveBeenCalledWith('console:call:staff.login', { staffId: 'T0001', password: 'teller-pass-1' });
      expect(fake.ipcRenderer.invoke).not.toHaveBeenCalled();
    });

    it('keeps listeners apart: removing one leaves the other registered', () => {
      const ipc = freshIpc();
      const bridge = buildBridge(asIpc(ipc));
      const first = vi.fn();
      const second = vi.fn();
      const offFirst = bridge.onEvent(first);
      bridge.onEvent(second);

      const forwards = ipc.on.mock.calls.map((c) => c[1] as (...args: unknown[]) => void);
      expect(forwards).toHaveLength(2);
      expect(forwards[0]).not.toBe(forwards[1]);

      offFirst();
      expect(ipc.removeListener).toHaveBeenCalledTimes(1);
      expect(ipc.removeListener.mock.calls[0]?.[1]).toBe(forwards[0]);

      forwards[1]?.({}, { name: 'status', payload: 1 });
      expect(second).toHaveBeenCalledWith('status', 1);
      expect(first).not.toHaveBeenCalled();
    });

    it('holds no reference to the ipc object it was built from', () => {
      const ipc = freshIpc();
      const values = reachable(buildBridge(asIpc(ipc)));
      for (const value of values) {
        expect([ipc, ipc.invoke, ipc.on, ipc.removeListener]).not.toContain(value);
      }
    });
  });
});
