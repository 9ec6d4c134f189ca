/**
 * The update channels in the desktop app: answered by main's own registry (the updater lives in
 * main's thread, beside Electron), every other channel by the core. Both registries validate
 * input against the contract and check answers alike (ipc/registry.ts).
 */
import { createRegistry, type Registry } from '../ipc/registry';
import type { Logger } from '../log';
import type { UpdateController } from './controller';

export const isUpdateChannel = (channel: string): boolean => channel.startsWith('updates.');

export function withUpdateChannels(
  core: Pick<Registry, 'invoke'>,
  updates: UpdateController,
  options: { logger: Logger; checkAnswers?: boolean },
): Pick<Registry, 'invoke'> {
  const own = createRegistry(updates.handlers, options);
  return {
    invoke: (channel, input) => (isUpdateChannel(channel) ? own.invoke(channel, input) : core.invoke(channel, input)),
  };
}
