/** The two IPC channels between the preload and main: one to invoke the contract, one for its events. */
export const INVOKE_CHANNEL = 'contract:invoke';
export const EVENT_CHANNEL = 'contract:event';
