import { BRIDGE_GLOBAL, type Transport } from '../../shared/transport';

/** The Electron preload's frozen object, when the renderer runs inside the desktop app. */
export function getBridgeTransport(): Transport | null {
  const bridge = (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL];
  return bridge && typeof bridge === 'object' ? (bridge as Transport) : null;
}
