/** The renderer's typed client over any transport. */
import type { ChannelName, InputOf, OutputOf } from './contract';
import type { AppEvent, AppEvents, EventName } from './events';
import type { Result } from './result';
import type { Transport } from './transport';

export interface ContractClient {
  invoke<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  on<E extends EventName>(name: E, listener: (payload: AppEvents[E]) => void): () => void;
  /** The events came back after a gap (Transport.onResync): every answer may be old. */
  onResync(listener: () => void): () => void;
}

export function createClient(transport: Transport): ContractClient {
  return {
    invoke: (channel, input) => transport.invoke(channel, input) as never,
    on(name, listener) {
      return transport.subscribe((event: AppEvent) => {
        if (event.name === name) listener(event.payload as never);
      });
    },
    onResync: (listener) => transport.onResync?.(listener) ?? (() => {}),
  };
}
