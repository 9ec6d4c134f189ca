/**
 * The preload: one frozen object on `window`, to invoke a contract channel and to subscribe to
 * contract events. Nothing else of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, type Transport } from '../../shared/transport';
import type { AppEvent } from '../../shared/events';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';

const bridge: Transport = Object.freeze({
  invoke: (channel: string, input: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, input),
  subscribe(listener: (event: AppEvent) => void) {
    const forward = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
});

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
