import type { IpcMain, WebFrameMain } from 'electron';
import { CHANNELS } from '../../shared/contract.js';
import { ipcChannelName } from '../../shared/events.js';
import { fail } from '../../shared/result.js';
import type { Router } from '../app/router.js';
import { isAppUrl } from './app-protocol.js';

/**
 * Only the console's own top-level page may call: not an iframe, not a page that navigated
 * elsewhere. (Navigation is denied anyway; this holds even if that ever fails.)
 */
export function isTrustedSender(frame: WebFrameMain | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

/** The Electron transport: one ipcMain.handle per contract channel, all served by the router. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, router: Router): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannelName(channel), async (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return fail({ code: 'FORBIDDEN_SENDER', message: 'Call refused: not from the console window' });
      }
      return router.call(channel, input);
    });
  }
}
