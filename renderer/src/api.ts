/** The one contract client of the renderer, over whichever transport this window has. */
import { createClient, type ContractClient } from '../../shared/client';
import type { ChannelName, InputOf, OutputOf } from '../../shared/contract';
import type { AppErrorShape } from '../../shared/errors';
import { getBridgeTransport } from '../transport/bridge';
import { createHttpTransport, readLaunchToken } from '../transport/http';

let client: ContractClient | null = null;

export function setClient(next: ContractClient): void {
  client = next;
}

export function getClient(): ContractClient {
  if (!client) {
    const bridge = getBridgeTransport();
    const token = bridge ? null : readLaunchToken(window.location);
    client = createClient(bridge ?? createHttpTransport({ token: token ?? '' }));
  }
  return client;
}

/** A failed call, as an Error the screens can show: the message already says what to do. */
export class ContractError extends Error {
  constructor(readonly shape: AppErrorShape) {
    super(shape.message);
  }
  get code() {
    return this.shape.code;
  }
}

export async function call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = await getClient().invoke(channel, input);
  if (!result.ok) throw new ContractError(result.error);
  return result.value;
}
